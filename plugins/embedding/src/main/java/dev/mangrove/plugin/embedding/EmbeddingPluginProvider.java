package dev.mangrove.plugin.embedding;

import dev.mangrove.application.port.in.AuthorizeUseCase;
import dev.mangrove.application.port.in.FindDocumentsUseCase;
import dev.mangrove.plugin.spi.Interceptor;
import dev.mangrove.plugin.spi.Plugin;
import dev.mangrove.plugin.spi.PluginContext;
import dev.mangrove.plugin.spi.PluginProvider;

import java.util.List;

/** {@code embedded=owner,tags} on document and collection GETs replaces DBRefs with the documents (SPEC §7.3). */
public final class EmbeddingPluginProvider implements PluginProvider {
    @Override
    public String name() {
        return "embedding";
    }

    @Override
    public Plugin create(PluginContext context) {
        FindDocumentsUseCase find = context.port(FindDocumentsUseCase.class).orElseThrow(() ->
                new IllegalStateException("the embedding plugin needs the FindDocumentsUseCase port"));
        AuthorizeUseCase authorize = context.port(AuthorizeUseCase.class).orElseThrow(() ->
                new IllegalStateException("the embedding plugin needs the AuthorizeUseCase port"));
        Interceptor interceptor = new EmbeddingInterceptor(find, authorize);
        return new Plugin() {
            @Override
            public List<Interceptor> interceptors() {
                return List.of(interceptor);
            }
        };
    }
}
