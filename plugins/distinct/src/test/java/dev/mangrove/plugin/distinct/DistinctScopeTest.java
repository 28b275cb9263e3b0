package dev.mangrove.plugin.distinct;

import dev.mangrove.domain.error.ErrorKind;
import dev.mangrove.plugin.spi.ExtensionRequest;
import dev.mangrove.plugin.spi.ExtensionScope;
import dev.mangrove.domain.error.MangroveException;
import dev.mangrove.domain.query.Filter;
import dev.mangrove.domain.query.Projection;
import dev.mangrove.domain.resource.Namespace;
import dev.mangrove.domain.resource.Verb;
import dev.mangrove.domain.security.DataScope;
import dev.mangrove.domain.security.Principal;
import dev.mangrove.plugin.spi.JsonParameters;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The distinct plugin within the caller's data scope. */
class DistinctScopeTest {
    private static final Namespace NS = Namespace.of("shop", "people");

    private static ExtensionRequest request(String fields, Filter filter, DataScope scope) {
        return new ExtensionRequest(Verb.GET, ExtensionScope.COLLECTION, "_distinct", NS.database(), NS, List.of(),
                Map.of("fields", List.of(fields)), filter, null, JsonParameters.NONE,
                new Principal("bob", List.of("reader")), scope);
    }

    @Test
    void theReadFilterIsAndedIntoTheRequestFilter() {
        List<Filter> seen = new ArrayList<>();
        Filter mine = Filter.eq("owner", "bob");
        Filter asked = Filter.eq("city", "Oslo");
        DistinctPluginProvider.answer((ns, fields, filter) -> {
            seen.add(filter);
            return Map.of("tier", List.of());
        }, request("tier", asked, new DataScope(mine, Filter.ALL, Map.of(), Projection.none())));
        assertEquals(Filter.and(List.of(asked, mine)), seen.get(0));
    }

    @Test
    void moreValuesThanTheLimitAre413NamingTheSetting() {
        List<Object> many = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            many.add(i);
        }
        MangroveException e = assertThrows(MangroveException.class, () -> DistinctPluginProvider.answer(
                (ns, fields, filter) -> Map.of("tier", many), request("tier", Filter.ALL, DataScope.UNRESTRICTED), 3));
        assertEquals(ErrorKind.PAYLOAD_TOO_LARGE, e.kind());
        assertEquals("too-many-values", e.code());
        assertTrue(e.detail().contains("mangrove.plugins.distinct.max-values"), e.detail());
        assertEquals(Map.of("tier", many), DistinctPluginProvider.answer((ns, fields, filter) -> Map.of("tier", many),
                request("tier", Filter.ALL, DataScope.UNRESTRICTED), 4));
    }

    @Test
    void aHiddenFieldIsForbidden() {
        DataScope scope = new DataScope(Filter.ALL, Filter.ALL, Map.of(), new Projection(Map.of("salary", 0)));
        for (String field : List.of("salary", "salary.base", "a,salary")) {
            MangroveException e = assertThrows(MangroveException.class, () -> DistinctPluginProvider.answer((ns, fields, filter) -> {
                throw new AssertionError("queried");
            }, request(field, Filter.ALL, scope)), field);
            assertEquals(ErrorKind.FORBIDDEN, e.kind());
            assertEquals("forbidden-field", e.code());
        }
        assertEquals(Map.of("city", List.of("Oslo")), DistinctPluginProvider.answer((ns, fields, filter) -> Map.of("city", List.of("Oslo")),
                request("city", Filter.ALL, scope)));
    }

    @Test
    void hiddenFieldsOfExclusionAndInclusionProjections() {
        Projection exclude = new Projection(Map.of("a.b", 0));
        assertTrue(HiddenFields.hides(exclude, "a"), "above a hidden field");
        assertTrue(HiddenFields.hides(exclude, "a.b.c"), "under a hidden field");
        assertFalse(HiddenFields.hides(exclude, "a.c"));
        assertFalse(HiddenFields.hides(exclude, "ab"));
        Projection include = new Projection(Map.of("name", 1, "address.city", true));
        assertFalse(HiddenFields.hides(include, "name"));
        assertFalse(HiddenFields.hides(include, "address.city"));
        assertFalse(HiddenFields.hides(include, "_id"));
        assertTrue(HiddenFields.hides(include, "address"), "would show the rest of address");
        assertTrue(HiddenFields.hides(include, "salary"));
        assertTrue(HiddenFields.hides(new Projection(Map.of("name", 1, "_id", 0)), "_id"));
        assertFalse(HiddenFields.hides(Projection.none(), "anything"));
    }
}
