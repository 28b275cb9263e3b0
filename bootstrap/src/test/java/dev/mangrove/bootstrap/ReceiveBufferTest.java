package dev.mangrove.bootstrap;

import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.WebServerConfig;
import org.junit.jupiter.api.Test;

import java.net.StandardSocketOptions;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The listener's receive buffer (docs/performance.md#file-transfers): server.receive-buffer-size applies. */
class ReceiveBufferTest {
    private static WebServerConfig.Builder server(Map<String, String> values) {
        Config config = Config.builder().disableEnvironmentVariablesSource().disableSystemPropertiesSource()
                .sources(ConfigSources.create(values)).build();
        return WebServer.builder().config(config.get("server"));
    }

    @Test
    void givesTheListenerOneMebibyteByDefault() {
        WebServerConfig built = Mangrove.withReceiveBuffer(server(Map.of("server.port", "0"))).buildPrototype();

        assertEquals(1 << 20, built.listenerSocketOptions().get(StandardSocketOptions.SO_RCVBUF));
    }

    @Test
    void withoutItHelidonWouldSetFourKibibytes() {
        WebServerConfig built = server(Map.of("server.port", "0")).buildPrototype();

        assertEquals(4096, built.listenerSocketOptions().get(StandardSocketOptions.SO_RCVBUF));
    }

    @Test
    void honoursServerReceiveBufferSize() {
        WebServerConfig built = Mangrove.withReceiveBuffer(server(Map.of("server.receive-buffer-size", "65536")))
                .buildPrototype();

        assertEquals(65536, built.listenerSocketOptions().get(StandardSocketOptions.SO_RCVBUF));
    }

    @Test
    void keepsAListenerSocketOptionSetInCode() {
        WebServerConfig.Builder builder = server(Map.of()).putListenerSocketOption(StandardSocketOptions.SO_RCVBUF, 8192);

        WebServerConfig built = Mangrove.withReceiveBuffer(builder).buildPrototype();

        assertEquals(8192, built.listenerSocketOptions().get(StandardSocketOptions.SO_RCVBUF));
    }

    @Test
    void rejectsANonPositiveSize() {
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> Mangrove.withReceiveBuffer(server(Map.of("server.receive-buffer-size", "0"))));
        assertTrue(e.getMessage().contains("server.receive-buffer-size"), e.getMessage());
    }

    @Test
    void warnsWhenTheRequestLineLimitIsBelowAFirstRead() {
        String warning = Mangrove.prologueWarning(4096, 1 << 20).orElseThrow();

        assertTrue(warning.contains("max-prologue-length is 4096"), warning);
        assertTrue(warning.contains("8192"), warning);
    }

    @Test
    void staysQuietWhenTheLimitHoldsAFirstRead() {
        assertTrue(Mangrove.prologueWarning(8192, 1 << 20).isEmpty());
        assertTrue(Mangrove.prologueWarning(4096, 4096).isEmpty(), "Helidon's own 4 KiB buffer reads at most 4 KiB");
        assertTrue(Mangrove.prologueWarning(2048, 4096).isPresent());
    }
}
