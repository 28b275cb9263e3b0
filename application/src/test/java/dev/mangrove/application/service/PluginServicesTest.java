package dev.mangrove.application.service;

import dev.mangrove.application.port.in.AccessDecision;
import dev.mangrove.application.port.in.AccessRequest;
import dev.mangrove.application.port.in.AuthorizeUseCase;
import dev.mangrove.domain.resource.CollectionName;
import dev.mangrove.domain.resource.DatabaseName;
import dev.mangrove.domain.resource.Namespace;
import dev.mangrove.domain.security.DataScope;
import dev.mangrove.domain.security.Principal;
import dev.mangrove.plugin.spi.Capability;
import dev.mangrove.plugin.spi.PluginContext;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The plugins' typed context over the application's use cases. */
class PluginServicesTest {
    private static final Namespace NS = new Namespace(new DatabaseName("db"), new CollectionName("c"));

    @Test
    void aPluginNeedingWhatTheHostLacksFailsWithItsName() {
        PluginServices none = PluginServices.none();
        IllegalStateException e = assertThrows(IllegalStateException.class, () ->
                none.context("needy", Map.of(), Set.of(Capability.DOCUMENTS)));
        assertTrue(e.getMessage().contains("needy") && e.getMessage().contains("DOCUMENTS"), e.getMessage());
        PluginContext context = none.context("lazy", Map.of("a", "1"), Set.of());
        assertEquals(Map.of("a", "1"), context.configuration());
        IllegalStateException late = assertThrows(IllegalStateException.class, context::aggregations);
        assertTrue(late.getMessage().contains("lazy"), late.getMessage());
    }

    @Test
    void accessControlAsksTheAclAsADirectReadOfTheCollection() {
        List<AccessRequest> asked = new ArrayList<>();
        AuthorizeUseCase acl = request -> {
            asked.add(request);
            return request.principal().username().equals("alice") ? AccessDecision.allow(DataScope.UNRESTRICTED)
                    : AccessDecision.deny("no");
        };
        PluginServices services = PluginServices.over(null, null, null, null, acl);
        assertEquals(Set.of(Capability.ACCESS_CONTROL), services.provided());
        PluginContext context = services.context("p", Map.of(), Set.of(Capability.ACCESS_CONTROL));
        Principal alice = new Principal("alice", List.of("user"));
        assertEquals(Optional.of(DataScope.UNRESTRICTED), context.accessControl().readScope(alice, NS));
        assertEquals(Optional.empty(), context.accessControl().readScope(new Principal("bob", List.of()), NS));
        assertEquals("/db/c", asked.get(0).path());
        assertEquals("c", asked.get(0).resource().orElseThrow().collection().value());
    }
}
