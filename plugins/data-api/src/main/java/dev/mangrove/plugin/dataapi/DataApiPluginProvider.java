package dev.mangrove.plugin.dataapi;

import dev.mangrove.domain.resource.Verb;
import dev.mangrove.plugin.spi.Capability;
import dev.mangrove.plugin.spi.Endpoint;
import dev.mangrove.plugin.spi.Plugin;
import dev.mangrove.plugin.spi.PluginContext;
import dev.mangrove.plugin.spi.PluginProvider;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The {@code data-api} plugin: {@code POST /app/{appId}/endpoint/data/{v1|beta}/action/{action}}, the ten actions
 * of the retired MongoDB Atlas Data API v1 with its bodies, response shapes and error shape (docs/data-api.md).
 * Configuration ({@code mangrove.plugins.data-api.*}): {@code app-id} (unset: any app id is accepted),
 * {@code data-sources} (comma-separated names; unset: any), {@code max-find-limit} (default 50000).
 */
public final class DataApiPluginProvider implements PluginProvider {
    /** The path prefix the plugin owns. */
    static final String PREFIX = "/app/*/endpoint/data";

    @Override
    public String name() {
        return "data-api";
    }

    @Override
    public String description() {
        return "the MongoDB Atlas Data API v1: POST /app/{appId}/endpoint/data/v1/action/{action}";
    }

    @Override
    public Set<Capability> requires() {
        return EnumSet.of(Capability.DOCUMENTS, Capability.DOCUMENT_WRITES, Capability.AGGREGATIONS,
                Capability.ACCESS_CONTROL);
    }

    @Override
    public Plugin create(PluginContext context) {
        Optional<String> appId = Optional.ofNullable(context.configuration().get("app-id"))
                .map(String::trim).filter(s -> !s.isEmpty());
        Set<String> dataSources = Optional.ofNullable(context.configuration().get("data-sources"))
                .map(s -> Arrays.stream(s.split(",")).map(String::trim).filter(n -> !n.isEmpty())
                        .collect(Collectors.toUnmodifiableSet()))
                .orElse(Set.of());
        long maxFindLimit = Optional.ofNullable(context.configuration().get("max-find-limit"))
                .map(String::trim).map(Long::parseLong).orElse(DataApi.DEFAULT_MAX_FIND_LIMIT);
        if (maxFindLimit < 1) {
            throw new IllegalArgumentException("mangrove.plugins.data-api.max-find-limit must be at least 1");
        }
        DataApi api = new DataApi(appId, dataSources, maxFindLimit, context.documents(), context.writes(),
                context.aggregations(), context.accessControl());
        Endpoint endpoint = Endpoint.path(PREFIX, Set.of(Verb.POST), api::handle, DataApiErrors::render);
        return new Plugin() {
            @Override
            public List<Endpoint> endpoints() {
                return List.of(endpoint);
            }
        };
    }
}
