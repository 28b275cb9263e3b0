package dev.mangrove.adapter.http;

import dev.mangrove.adapter.http.json.ExtendedJson;
import dev.mangrove.application.port.in.ExtensionUseCase;
import dev.mangrove.plugin.spi.ExtensionRequest;
import dev.mangrove.plugin.spi.ExtensionResponse;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Which requests fall under a path a plugin owns (docs/plugins.md#endpoints-at-a-path-of-their-own). */
class PluginPathsTest {
    private static final PluginPaths PATHS = PluginPaths.of(new ExtensionUseCase() {
        @Override
        public Optional<ExtensionResponse> handle(ExtensionRequest request) {
            return Optional.empty();
        }

        @Override
        public List<String> ownedPaths() {
            return List.of("/app/*/endpoint/data");
        }
    }, ExtendedJson.create(100));

    @Test
    void everyPathUnderThePrefixAndNothingElse() {
        Optional<String> owner = Optional.of("/app/*/endpoint/data");
        assertEquals(owner, PATHS.owner("/app/my-app/endpoint/data/v1/action/find"));
        assertEquals(owner, PATHS.owner("/app/my-app/endpoint/data"));
        assertEquals(owner, PATHS.owner("/app/x/endpoint/d%61ta/v1"));
        assertEquals(Optional.empty(), PATHS.owner("/app/my-app/endpoint"));
        assertEquals(Optional.empty(), PATHS.owner("/app/my-app/endpoint/other/v1"));
        assertEquals(Optional.empty(), PATHS.owner("/apps/x/endpoint/data"));
        assertEquals(Optional.empty(), PATHS.owner("/app"));
        assertEquals(Optional.empty(), PATHS.owner("/"));
        assertEquals(Optional.empty(), PATHS.owner("/application/x/endpoint/data"));
        assertEquals(Optional.empty(), PluginPaths.NONE.owner("/app/x/endpoint/data"));
    }
}
