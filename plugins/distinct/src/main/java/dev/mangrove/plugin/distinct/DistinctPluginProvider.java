package dev.mangrove.plugin.distinct;

import dev.mangrove.plugin.spi.Capability;
import dev.mangrove.plugin.spi.DistinctValues;
import dev.mangrove.plugin.spi.ExtensionRequest;
import dev.mangrove.plugin.spi.ExtensionResponse;
import dev.mangrove.plugin.spi.ExtensionScope;
import dev.mangrove.domain.error.ErrorKind;
import dev.mangrove.domain.error.MangroveException;
import dev.mangrove.domain.query.Filter;
import dev.mangrove.domain.resource.Verb;
import dev.mangrove.domain.security.DataScope;
import dev.mangrove.plugin.spi.Endpoint;
import dev.mangrove.plugin.spi.Plugin;
import dev.mangrove.plugin.spi.PluginContext;
import dev.mangrove.plugin.spi.PluginProvider;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code GET /{db}/{coll}/_distinct?fields=a,b[&filters]} → {@code {"a": [...], "b": [...]}} (docs/plugins.md#distinct). */
public final class DistinctPluginProvider implements PluginProvider {
    @Override
    public String name() {
        return "distinct";
    }

    @Override
    public String description() {
        return "distinct values of fields: GET /{db}/{coll}/_distinct?fields=a,b";
    }

    @Override
    public Set<Capability> requires() {
        return Set.of(Capability.DISTINCT);
    }

    @Override
    public Plugin create(PluginContext context) {
        DistinctValues distinct = context.distinct();
        String max = context.configuration().getOrDefault("max-values", String.valueOf(MAX_VALUES)).trim();
        int maxValues;
        try {
            maxValues = Integer.parseInt(max);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("mangrove.plugins.distinct.max-values: expected an integer, got '"
                    + max + "'", e);
        }
        Endpoint endpoint = new Endpoint(ExtensionScope.COLLECTION, "_distinct", Set.of(Verb.GET, Verb.HEAD),
                request -> ExtensionResponse.ok(answer(distinct, request, maxValues)))
                .described(dev.mangrove.plugin.spi.EndpointDescription.of("the distinct values of fields")
                        .parameter("fields", "the fields, comma-separated", true)
                        .parameter("filter", "the documents to look at (a MongoDB query)", false)
                        .response(200, "{field: [values]} for each field")
                        .response(400, "a bad filter")
                        .response(403, "a field you may not see")
                        .response(413, "more distinct values than mangrove.plugins.distinct.max-values"));
        return new Plugin() {
            @Override
            public List<Endpoint> endpoints() {
                return List.of(endpoint);
            }
        };
    }

    /** The most distinct values of one field one answer holds unless {@code max-values} says otherwise. */
    static final int MAX_VALUES = 10_000;

    static Map<String, Object> answer(DistinctValues distinct, ExtensionRequest request) {
        return answer(distinct, request, MAX_VALUES);
    }

    static Map<String, Object> answer(DistinctValues distinct, ExtensionRequest request, int maxValues) {
        List<String> fields = new ArrayList<>();
        for (String value : request.parameters().getOrDefault("fields", List.of())) {
            for (String field : value.split(",")) {
                if (!field.isBlank()) {
                    fields.add(field.trim());
                }
            }
        }
        DataScope scope = request.dataScope();
        for (String field : fields) {
            if (HiddenFields.hides(scope.projectResponse(), field)) {
                throw MangroveException.forbidden("forbidden-field",
                        "The field '" + field + "' is not visible to you");
            }
        }
        Filter filter = Filter.and(List.of(request.filter(), scope.readFilter()));
        Map<String, List<Object>> values = distinct.distinct(request.collection().orElseThrow(), fields, filter);
        for (Map.Entry<String, List<Object>> field : values.entrySet()) {
            if (field.getValue().size() > maxValues) {
                throw MangroveException.of(ErrorKind.PAYLOAD_TOO_LARGE, "too-many-values", "The field '"
                        + field.getKey() + "' has " + field.getValue().size() + " distinct values, more than the "
                        + maxValues + " one answer may hold (mangrove.plugins.distinct.max-values); narrow the filter");
            }
        }
        return new LinkedHashMap<>(values);
    }
}
