package dev.mangrove.domain.security;

import dev.mangrove.domain.document.Document;
import dev.mangrove.domain.query.Filter;
import dev.mangrove.domain.resource.Verb;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PermissionTest {
    private static final Principal BOB = new Principal("bob", List.of("author", "reader"));
    private static final Instant NOW = Instant.parse("2026-01-02T03:04:05.678912Z");

    private static Map<String, Object> doc(Object... pairs) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put((String) pairs[i], pairs[i + 1]);
        }
        return map;
    }

    private static Permission withMongo(Map<String, Object> mongo) {
        return Permission.parse("p", doc("roles", List.of("author"), "path", "/blog/**", "mongo", mongo));
    }

    @Test
    void defaultsAreEveryMethodPriorityZeroNoFlagsNoScope() {
        Permission p = Permission.parse("p", doc("roles", List.of("r"), "path", "/x/**"));
        assertEquals(Set.of(), p.methods());
        assertEquals(0, p.priority());
        assertEquals(Set.of(), p.flags());
        for (AclFlag flag : AclFlag.values()) {
            assertFalse(p.allows(flag), flag.key());
        }
        assertTrue(p.matches(Verb.DELETE, "/x/y"));
        assertTrue(p.scope(BOB, NOW).isUnrestricted());
    }

    @Test
    void everyFlagIsReadFromItsKey() {
        for (AclFlag flag : AclFlag.values()) {
            Permission p = withMongo(doc(flag.key(), true));
            assertEquals(Set.of(flag), p.flags(), flag.key());
            Permission fromString = withMongo(doc(flag.key(), "TRUE"));
            assertTrue(fromString.allows(flag));
            assertFalse(withMongo(doc(flag.key(), "false")).allows(flag));
        }
    }

    @Test
    void stringsFromConfigurationAreAccepted() {
        Permission p = Permission.parse("p", doc("roles", "a, b", "methods", "get,Patch", "path", "/x",
                "priority", "-3"));
        assertEquals(Set.of("a", "b"), p.roles());
        assertEquals(Set.of(Verb.GET, Verb.PATCH), p.methods());
        assertEquals(-3, p.priority());
        assertEquals(7, Permission.parse("p", doc("roles", List.of("a"), "path", "/x", "priority", 7L)).priority());
    }

    @Test
    void variablesAreSubstitutedAtAnyDepth() {
        Map<String, Object> read = doc("$or", List.of(doc("published", true), doc("author", "@user.username")),
                "visibleTo", doc("$in", List.of("@user.roles", "x")),
                "until", doc("$gte", "@now"),
                "literal", "@user.username is only replaced as a whole value",
                "nested", new Document(doc("owner", "@user.username")));
        Permission p = withMongo(doc("readFilter", read, "writeFilter", doc("author", "@user.username"),
                "mergeRequest", doc("author", "@user.username", "roles", "@user.roles", "at", "@now"),
                "projectResponse", doc("internalNotes", 0)));
        DataScope scope = p.scope(BOB, NOW);
        Map<String, Object> query = assertInstanceOf(Filter.Expression.class, scope.readFilter()).query();
        Instant millis = Instant.parse("2026-01-02T03:04:05.678Z");
        assertEquals(List.of(doc("published", true), doc("author", "bob")), query.get("$or"));
        assertEquals(doc("$in", List.of(List.of("author", "reader"), "x")), query.get("visibleTo"));
        assertEquals(doc("$gte", millis), query.get("until"), "@now is a date with millisecond precision");
        assertEquals("@user.username is only replaced as a whole value", query.get("literal"));
        assertEquals(doc("owner", "bob"), query.get("nested"));
        assertEquals(doc("author", "bob"),
                assertInstanceOf(Filter.Expression.class, scope.writeFilter()).query());
        assertEquals(doc("author", "bob", "roles", List.of("author", "reader"), "at", millis), scope.mergeRequest());
        assertEquals(doc("internalNotes", 0), scope.projectResponse().spec());
        // the permission itself keeps its variables
        assertEquals("@user.username", p.writeFilter().get("author"));
    }

    @Test
    void theAnonymousCallerHasAnEmptyNameAndTheUnauthenticatedRole() {
        Permission p = withMongo(doc("readFilter", doc("owner", "@user.username", "r", "@user.roles")));
        Map<String, Object> query = ((Filter.Expression) p.scope(Principal.anonymous(), NOW).readFilter()).query();
        assertEquals("", query.get("owner"));
        assertEquals(List.of(Principal.UNAUTHENTICATED_ROLE), query.get("r"));
    }

    @Test
    void nullValuesInFiltersAreKept() {
        Map<String, Object> read = new LinkedHashMap<>();
        read.put("deletedAt", null);
        List<Object> list = new ArrayList<>();
        list.add(null);
        read.put("tags", doc("$nin", list));
        Map<String, Object> query = ((Filter.Expression) withMongo(doc("readFilter", read)).scope(BOB, NOW)
                .readFilter()).query();
        assertTrue(query.containsKey("deletedAt"));
        assertEquals(doc("$nin", list), query.get("tags"));
    }

    @Test
    void anEmptyFilterIsNoFilter() {
        assertSame(Filter.ALL, withMongo(doc("readFilter", doc())).scope(BOB, NOW).readFilter());
    }

    @Test
    void invalidPermissionsNameTheField() {
        assertInvalid(doc("roles", List.of("r")), "path");
        assertInvalid(doc("roles", List.of("r"), "path", "no-slash"), "path");
        assertInvalid(doc("roles", List.of("r"), "path", "/a/**/b"), "path");
        assertInvalid(doc("path", "/x"), "roles");
        assertInvalid(doc("roles", List.of(), "path", "/x"), "roles");
        assertInvalid(doc("roles", List.of(""), "path", "/x"), "roles");
        assertInvalid(doc("roles", 5, "path", "/x"), "roles");
        assertInvalid(doc("roles", List.of("r"), "path", "/x", "methods", List.of("FETCH")), "methods");
        assertInvalid(doc("roles", List.of("r"), "path", "/x", "priority", "high"), "priority");
        assertInvalid(doc("roles", List.of("r"), "path", "/x", "priority", 1.5), "priority");
        assertInvalid(doc("roles", List.of("r"), "path", "/x", "colour", "red"), "colour");
        assertInvalid(doc("roles", List.of("r"), "path", "/x", "mongo", "yes"), "mongo");
        assertInvalid(doc("roles", List.of("r"), "path", "/x", "mongo", doc("allowEverything", true)),
                "mongo.allowEverything");
        assertInvalid(doc("roles", List.of("r"), "path", "/x", "mongo", doc("allowBulkPatch", "maybe")),
                "mongo.allowBulkPatch");
        assertInvalid(doc("roles", List.of("r"), "path", "/x", "mongo", doc("readFilter", "{}")), "mongo.readFilter");
        assertInvalid(doc("roles", List.of("r"), "path", "/x", "mongo",
                doc("readFilter", doc("owner", "@user.email"))), "mongo.readFilter");
        assertInvalid(doc("roles", List.of("r"), "path", "/x", "mongo",
                doc("writeFilter", doc("$and", List.of(doc("a", doc("$in", List.of("@user.id"))))))), "mongo.writeFilter");
        assertInvalid(doc("roles", List.of("r"), "path", "/x", "mongo",
                doc("mergeRequest", doc("by", "@user.name"))), "mongo.mergeRequest");
        assertInvalid(doc("roles", List.of("r"), "path", "/x", "mongo",
                doc("mergeRequest", doc("$set", doc("a", 1)))), "mongo.mergeRequest");
        assertInvalid(doc("roles", List.of("r"), "path", "/x", "mongo", doc("mergeRequest", doc("_id", 1))),
                "mongo.mergeRequest");
        assertInvalid(doc("roles", List.of("r"), "path", "/x", "mongo", doc("projectResponse", doc("a", 2))),
                "mongo.projectResponse");
        assertInvalid(doc("roles", List.of("r"), "path", "/x", "mongo", doc("projectResponse", doc("a", "x"))),
                "mongo.projectResponse");
    }

    private static void assertInvalid(Map<String, Object> document, String field) {
        InvalidPermissionException e = assertThrows(InvalidPermissionException.class,
                () -> Permission.parse("p", document));
        assertEquals(field, e.field(), e.getMessage());
        assertFalse(e.problem().isBlank());
    }
}
