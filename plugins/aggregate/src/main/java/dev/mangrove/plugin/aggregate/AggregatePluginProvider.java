package dev.mangrove.plugin.aggregate;

import dev.mangrove.plugin.spi.AccessControl;
import dev.mangrove.plugin.spi.Aggregations;
import dev.mangrove.plugin.spi.Capability;
import dev.mangrove.plugin.spi.CollectionMetadata;
import dev.mangrove.plugin.spi.DocumentStream;
import dev.mangrove.plugin.spi.ExtensionRequest;
import dev.mangrove.plugin.spi.ExtensionResponse;
import dev.mangrove.plugin.spi.ExtensionScope;
import dev.mangrove.domain.document.Document;
import dev.mangrove.domain.error.MangroveException;
import dev.mangrove.domain.resource.Verb;
import dev.mangrove.plugin.spi.Endpoint;
import dev.mangrove.plugin.spi.Plugin;
import dev.mangrove.plugin.spi.PluginContext;
import dev.mangrove.plugin.spi.PluginProvider;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Ad-hoc pipelines at {@code /{db}/{coll}/_aggregate} (GET {@code pipeline=<JSON array>} or POST the array),
 * allowed by the ACL flag {@code allowAdhocAggregation} with security on and by {@code allow-adhoc: true} with
 * security off, paged with {@code page}/{@code pagesize}; named aggregations at
 * {@code _aggrs/{name}} (docs/plugins.md#aggregate).
 */
public final class AggregatePluginProvider implements PluginProvider {
    /** Results per page unless {@code pagesize} says otherwise. */
    static final int DEFAULT_PAGE_SIZE = 100;
    /** The largest page unless {@code max-pagesize} says otherwise. */
    static final int MAX_PAGE_SIZE = 1000;

    @Override
    public String name() {
        return "aggregate";
    }

    @Override
    public String description() {
        return "aggregation pipelines: named (_aggrs/{name}) and ad hoc (_aggregate)";
    }

    @Override
    public Set<Capability> requires() {
        return Set.of(Capability.AGGREGATIONS, Capability.COLLECTION_METADATA, Capability.ACCESS_CONTROL);
    }

    @Override
    public Plugin create(PluginContext context) {
        Aggregations aggregate = context.aggregations();
        Map<String, String> config = context.configuration();
        boolean allowAdhoc = Boolean.parseBoolean(config.getOrDefault("allow-adhoc", "false").trim());
        Set<String> allowedStages = Arrays.stream(config.getOrDefault("allowed-stages", "").split(","))
                .map(String::trim).filter(s -> !s.isEmpty()).collect(Collectors.toUnmodifiableSet());
        AccessControl authorize = context.accessControl();
        int maxPageSize = Integer.parseInt(config.getOrDefault("max-pagesize", String.valueOf(MAX_PAGE_SIZE)).trim());
        Endpoint adhoc = new Endpoint(ExtensionScope.COLLECTION, "_aggregate", Set.of(Verb.GET, Verb.HEAD, Verb.POST),
                request -> {
                    checkAdhocAllowed(request, allowAdhoc);
                    return ExtensionResponse.ok(page(aggregate, authorize, request, pipeline(request), allowedStages,
                            maxPageSize));
                }).described(dev.mangrove.plugin.spi.EndpointDescription.of("runs an ad-hoc aggregation pipeline")
                        .parameter("pipeline", "the pipeline, a JSON array of stages (GET)", false)
                        .parameter("page", "the page number, from 1", false)
                        .parameter("pagesize", "the documents per page", false)
                        .requestBody("the pipeline, a JSON array of stages (POST)")
                        .response(200, "a page of the results")
                        .response(400, "a bad pipeline or a refused stage")
                        .response(403, "ad-hoc pipelines are not allowed"));
        CollectionMetadata metadata = context.collectionMetadata();
        Endpoint named = new Endpoint(ExtensionScope.COLLECTION, "_aggrs", Set.of(Verb.GET, Verb.HEAD), request -> {
            String uri = request.rest().size() == 1 ? request.rest().get(0) : String.join("/", request.rest());
            Object stages = NamedAggregations.pipeline(metadata.metadata(request.collection().orElseThrow()),
                    uri, request.jsonParameter("avars").orElse(null));
            return ExtensionResponse.ok(page(aggregate, authorize, request, stages, allowedStages, maxPageSize));
        }).described(dev.mangrove.plugin.spi.EndpointDescription.of("runs a named aggregation of the collection's metadata")
                .subpath("{name}")
                .parameter("avars", "the variables of the pipeline, a JSON object", false)
                .parameter("page", "the page number, from 1", false)
                .parameter("pagesize", "the documents per page", false)
                .response(200, "a page of the results")
                .response(400, "bad variables")
                .response(404, "no aggregation of that name"));
        return new Plugin() {
            @Override
            public List<Endpoint> endpoints() {
                return List.of(adhoc, named);
            }
        };
    }

    /**
     * Who decides whether ad-hoc pipelines run: with security on (the request has a principal) the access-control
     * list already did — the request only got here with a permission granting {@code allowAdhocAggregation}, or as
     * the root role; with security off, the {@code allow-adhoc} setting.
     */
    static void checkAdhocAllowed(ExtensionRequest request, boolean allowAdhoc) {
        if (request.principal().isEmpty() && !allowAdhoc) {
            throw MangroveException.forbidden("adhoc-aggregation-not-allowed",
                    "Ad-hoc aggregation pipelines are disabled on this server; with security off, set "
                            + "mangrove.plugins.aggregate.allow-adhoc: true to allow them (with security on, the "
                            + "access-control list decides with the permission flag allowAdhocAggregation)");
        }
    }

    private static Object pipeline(ExtensionRequest request) {
        if (request.verb() == Verb.POST && request.body() != null) {
            return request.body();
        }
        return request.jsonParameter("pipeline").orElseThrow(() -> MangroveException.badRequest("missing-parameter",
                "Parameter 'pipeline' is required, such as pipeline=[{\"$match\":{}}], or POST the pipeline array"));
    }

    private static List<Document> page(Aggregations aggregate, AccessControl authorize, ExtensionRequest request,
                                       Object pipeline, Set<String> allowedStages, int maxPageSize) {
        authorize.checkJoins(pipeline, request.collection().orElseThrow(), request.principal(), allowedStages);
        long page = number(request, "page", 1);
        if (page < 1) {
            throw MangroveException.badRequest("invalid-parameter", "Parameter 'page' must be 1 or more");
        }
        long pageSize = Math.min(number(request, "pagesize", DEFAULT_PAGE_SIZE), maxPageSize);
        long skip = (page - 1) > Long.MAX_VALUE / Math.max(pageSize, 1) ? Long.MAX_VALUE : (page - 1) * pageSize;
        List<Document> out = new ArrayList<>((int) pageSize);
        try (DocumentStream cursor = aggregate.aggregate(request.collection().orElseThrow(),
                pipeline, allowedStages, skip, pageSize, request.dataScope())) {
            while (cursor.hasNext() && out.size() < pageSize) {
                out.add(cursor.next());
            }
        }
        return out;
    }

    private static long number(ExtensionRequest request, String name, long fallback) {
        String text = request.parameter(name).orElse(null);
        if (text == null) {
            return fallback;
        }
        try {
            long value = Long.parseLong(text.trim());
            if (value < 0) {
                throw new NumberFormatException();
            }
            return value;
        } catch (NumberFormatException e) {
            throw MangroveException.badRequest("invalid-parameter",
                    "Parameter '" + name + "' must be a non-negative whole number; got '" + text + "'");
        }
    }
}
