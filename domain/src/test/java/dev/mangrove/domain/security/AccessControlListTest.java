package dev.mangrove.domain.security;

import dev.mangrove.domain.resource.Verb;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AccessControlListTest {
    private static Permission permission(String origin, List<String> roles, List<String> methods, String path,
                                         int priority) {
        return Permission.parse(origin, Map.of("roles", roles, "methods", methods, "path", path,
                "priority", priority));
    }

    /** Declaration order matters for ties: it is the order below. */
    private static final AccessControlList ACL = new AccessControlList(List.of(
            permission("readers", List.of("reader"), List.of("GET"), "/shop/**", 0),
            permission("writers", List.of("writer"), List.of(), "/shop/**", 0),
            permission("orders-first", List.of("writer"), List.of("DELETE"), "/shop/orders/{id}", -5),
            permission("audit-low", List.of("auditor", "reader"), List.of("GET"), "/shop/audit/**", 10),
            permission("audit-high", List.of("auditor"), List.of("GET"), "/shop/audit/**", 1),
            permission("tie-a", List.of("tie"), List.of("GET"), "/t/**", 3),
            permission("tie-b", List.of("tie"), List.of("GET"), "/t/*", 3),
            permission("public", List.of(Principal.UNAUTHENTICATED_ROLE), List.of("GET"), "/public/**", 0),
            permission("multi", List.of("a", "b"), List.of("POST", "PUT"), "/m/{coll}", 0)));

    @ParameterizedTest(name = "{0} {1} {2} -> {3}")
    @CsvSource({
            // role and method filtering
            "reader, GET, /shop/orders, readers",
            "reader, HEAD, /shop/orders, readers",
            "reader, POST, /shop/orders, -",
            "reader, GET, /blog/posts, -",
            "writer, POST, /shop/orders, writers",
            "writer, PATCH, /shop/orders/7, writers",
            "nobody, GET, /shop/orders, -",
            // lower priority number wins over declaration order
            "writer, DELETE, /shop/orders/7, orders-first",
            "writer, DELETE, /shop/orders, writers",
            "auditor, GET, /shop/audit/x, audit-high",
            // a reader matches both readers (0) and audit-low (10): 0 wins
            "reader, GET, /shop/audit/x, readers",
            // ties: the first declared wins
            "tie, GET, /t/x, tie-a",
            "tie, GET, /t/x/y, tie-a",
            // anonymous
            "$unauthenticated, GET, /public/a, public",
            "$unauthenticated, GET, /shop/a, -",
            "$unauthenticated, POST, /public/a, -",
            // any of the roles
            "b, PUT, /m/x, multi",
            "b, GET, /m/x, -",
    })
    void theWinner(String role, String verb, String path, String expected) {
        Principal principal = role.equals(Principal.UNAUTHENTICATED_ROLE) ? Principal.anonymous()
                : new Principal("u", List.of("other", role));
        String winner = ACL.winner(principal, Verb.valueOf(verb), path).map(Permission::origin).orElse("-");
        assertEquals(expected, winner);
    }

    @Test
    void aUserWithSeveralRolesGetsTheLowestNumberOfAllItsRolesPermissions() {
        Principal both = new Principal("u", List.of("reader", "auditor"));
        assertEquals("readers", ACL.winner(both, Verb.GET, "/shop/audit/1").orElseThrow().origin());
        Principal auditor = new Principal("u", List.of("auditor"));
        assertEquals("audit-high", ACL.winner(auditor, Verb.GET, "/shop/audit/1").orElseThrow().origin());
        assertTrue(ACL.winner(auditor, Verb.GET, "/shop/orders").isEmpty());
    }

    @Test
    void appendedPermissionsComeAfterAndLoseTies() {
        AccessControlList more = ACL.then(List.of(permission("late", List.of("reader"), List.of("GET"), "/shop/**", 0),
                permission("late-first", List.of("reader"), List.of("GET"), "/shop/x", -1)));
        Principal reader = new Principal("u", List.of("reader"));
        assertEquals("readers", more.winner(reader, Verb.GET, "/shop/y").orElseThrow().origin());
        assertEquals("late-first", more.winner(reader, Verb.GET, "/shop/x").orElseThrow().origin());
        assertTrue(AccessControlList.EMPTY.winner(reader, Verb.GET, "/").isEmpty());
    }
}
