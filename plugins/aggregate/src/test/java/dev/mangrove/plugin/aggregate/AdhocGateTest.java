package dev.mangrove.plugin.aggregate;

import dev.mangrove.plugin.spi.AccessControl;
import dev.mangrove.plugin.spi.Aggregations;
import dev.mangrove.plugin.spi.CollectionMetadata;
import dev.mangrove.plugin.spi.DistinctValues;
import dev.mangrove.plugin.spi.DocumentStream;
import dev.mangrove.plugin.spi.Documents;
import dev.mangrove.plugin.spi.ExtensionRequest;
import dev.mangrove.plugin.spi.ExtensionScope;
import dev.mangrove.plugin.spi.JsonParameters;
import dev.mangrove.domain.document.Document;
import dev.mangrove.domain.error.ErrorKind;
import dev.mangrove.domain.error.MangroveException;
import dev.mangrove.domain.query.Filter;
import dev.mangrove.domain.resource.Namespace;
import dev.mangrove.domain.resource.Verb;
import dev.mangrove.domain.security.DataScope;
import dev.mangrove.domain.security.Principal;
import dev.mangrove.plugin.spi.Endpoint;
import dev.mangrove.plugin.spi.PluginContext;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Who lets ad-hoc pipelines run (docs/plugins.md#aggregate): with security on the ACL flag {@code allowAdhocAggregation} decided
 * before the request reached the plugin; with security off the {@code allow-adhoc} setting decides.
 */
class AdhocGateTest {
    private static final Namespace NS = Namespace.of("shop", "orders");

    private static Endpoint adhoc(Map<String, String> config, List<Object> ran) {
        Aggregations aggregate = (ns, pipeline, allowed, skip, limit, scope) -> {
            ran.add(pipeline);
            return DocumentStream.of(List.of(new Document(Map.of("_id", 1))));
        };
        CollectionMetadata metadata = ns -> new Document(Map.of());
        AccessControl acl = (principal, ns) -> Optional.of(DataScope.UNRESTRICTED);
        PluginContext context = new PluginContext() {
            @Override
            public Map<String, String> configuration() {
                return config;
            }

            @Override
            public Documents documents() {
                throw new AssertionError("not needed");
            }

            @Override
            public DistinctValues distinct() {
                throw new AssertionError("not needed");
            }

            @Override
            public Aggregations aggregations() {
                return aggregate;
            }

            @Override
            public CollectionMetadata collectionMetadata() {
                return metadata;
            }

            @Override
            public AccessControl accessControl() {
                return acl;
            }
        };
        return new AggregatePluginProvider().create(context).endpoints().stream()
                .filter(e -> e.name().equals("_aggregate")).findFirst().orElseThrow();
    }

    private static ExtensionRequest request(Principal caller) {
        return new ExtensionRequest(Verb.POST, ExtensionScope.COLLECTION, "_aggregate", NS.database(), NS, List.of(),
                Map.of(), Filter.ALL, List.of(Map.of("$match", Map.of())), JsonParameters.NONE, caller,
                DataScope.UNRESTRICTED);
    }

    @Test
    void withoutSecurityTheSettingDecides() {
        List<Object> ran = new ArrayList<>();
        MangroveException e = assertThrows(MangroveException.class,
                () -> adhoc(Map.of(), ran).handler().handle(request(null)));
        assertEquals(ErrorKind.FORBIDDEN, e.kind());
        assertEquals("adhoc-aggregation-not-allowed", e.code());
        assertTrue(e.detail().contains("allow-adhoc"), e.detail());
        assertTrue(ran.isEmpty(), "nothing ran");
        assertThrows(MangroveException.class,
                () -> adhoc(Map.of("allow-adhoc", "false"), ran).handler().handle(request(null)));
        assertEquals(200, adhoc(Map.of("allow-adhoc", "true"), ran).handler().handle(request(null)).status());
        assertEquals(1, ran.size());
    }

    @Test
    void withSecurityTheAclAlreadyDecided() {
        List<Object> ran = new ArrayList<>();
        // the request reached the plugin, so AccessControl granted allowAdhocAggregation (or the caller is root)
        assertEquals(200, adhoc(Map.of(), ran).handler()
                .handle(request(new Principal("ana", List.of("analyst")))).status());
        assertEquals(200, adhoc(Map.of("allow-adhoc", "false"), ran).handler()
                .handle(request(new Principal("root", List.of("admin")))).status());
        assertEquals(2, ran.size());
    }
}
