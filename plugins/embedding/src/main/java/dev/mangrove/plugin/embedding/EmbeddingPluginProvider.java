package dev.mangrove.plugin.embedding;

import dev.mangrove.plugin.spi.Capability;
import dev.mangrove.plugin.spi.Interceptor;
import dev.mangrove.plugin.spi.Plugin;
import dev.mangrove.plugin.spi.PluginContext;
import dev.mangrove.plugin.spi.PluginProvider;

import java.util.List;
import java.util.Set;

/** {@code embedded=owner,tags} on document and collection GETs replaces DBRefs with the documents (docs/plugins.md#embedding). */
public final class EmbeddingPluginProvider implements PluginProvider {
    @Override
    public String name() {
        return "embedding";
    }

    @Override
    public String description() {
        return "embedded=field,... replaces the DBRefs in those fields with the referenced documents";
    }

    @Override
    public Set<Capability> requires() {
        return Set.of(Capability.DOCUMENTS, Capability.ACCESS_CONTROL);
    }

    @Override
    public Plugin create(PluginContext context) {
        String max = context.configuration().getOrDefault("max-references",
                String.valueOf(EmbeddingInterceptor.MAX_REFERENCES)).trim();
        int maxReferences;
        try {
            maxReferences = Integer.parseInt(max);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("mangrove.plugins.embedding.max-references: expected an integer, got '"
                    + max + "'", e);
        }
        Interceptor interceptor = new EmbeddingInterceptor(context.documents(), context.accessControl(), maxReferences);
        return new Plugin() {
            @Override
            public List<Interceptor> interceptors() {
                return List.of(interceptor);
            }
        };
    }
}
