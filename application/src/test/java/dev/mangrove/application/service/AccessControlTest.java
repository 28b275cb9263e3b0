package dev.mangrove.application.service;

import dev.mangrove.application.port.in.AccessDecision;
import dev.mangrove.application.port.in.AccessRequest;
import dev.mangrove.application.port.out.AclStore;
import dev.mangrove.domain.document.Document;
import dev.mangrove.domain.error.MangroveException;
import dev.mangrove.domain.query.Filter;
import dev.mangrove.domain.resource.CollectionName;
import dev.mangrove.domain.resource.DatabaseName;
import dev.mangrove.domain.resource.Mount;
import dev.mangrove.domain.resource.Namespace;
import dev.mangrove.domain.resource.ResolvedResource;
import dev.mangrove.domain.resource.ResourceKind;
import dev.mangrove.domain.resource.Verb;
import dev.mangrove.domain.security.AclFlag;
import dev.mangrove.domain.security.DataScope;
import dev.mangrove.domain.security.Permission;
import dev.mangrove.domain.security.Principal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AccessControlTest {
    private static final Namespace USERS = Namespace.of("mangrove", "mangrove_users");
    private static final Namespace ACL = Namespace.of("mangrove", "mangrove_acl");
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-05-06T07:08:09Z"), ZoneOffset.UTC);
    private static final Principal ANN = new Principal("ann", List.of("admin"));
    private static final Principal BOB = new Principal("bob", List.of("author"));

    /** A fake store: documents to return, or a failure. */
    static final class FakeStore implements AclStore {
        final List<Document> documents = new CopyOnWriteArrayList<>();
        volatile RuntimeException failure;
        final AtomicInteger reads = new AtomicInteger();

        @Override
        public List<Document> permissionDocuments() {
            reads.incrementAndGet();
            if (failure != null) {
                throw failure;
            }
            return List.copyOf(documents);
        }
    }

    private static Map<String, Object> doc(Object... pairs) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put((String) pairs[i], pairs[i + 1]);
        }
        return map;
    }

    private static Permission permission(Object... pairs) {
        return Permission.parse("test", doc(pairs));
    }

    private static AccessControl control(List<Permission> permissions) {
        return new AccessControl(permissions, Optional.empty(), "admin", USERS, ACL, CLOCK);
    }

    private static ResolvedResource resource(ResourceKind kind, String db, String coll) {
        return new ResolvedResource(kind, Mount.of("*", "/"), db == null ? null : new DatabaseName(db),
                coll == null ? null : new CollectionName(coll), db == null ? null : "/" + db,
                coll == null ? null : "/" + db + "/" + coll, null, List.of());
    }

    private static AccessRequest request(Principal who, Verb verb, String path, ResourceKind kind,
                                         Map<String, List<String>> query) {
        String[] parts = path.substring(1).split("/");
        String db = parts.length > 0 && !parts[0].isEmpty() ? parts[0] : null;
        String coll = parts.length > 1 && kind.level() != dev.mangrove.domain.resource.Level.DATABASE ? parts[1] : null;
        return new AccessRequest(who, verb, path, Optional.of(resource(kind, db, coll)), query);
    }

    private static final List<Permission> BLOG = List.of(
            permission("roles", List.of("author"), "path", "/blog/**", "mongo",
                    doc("readFilter", doc("$or", List.of(doc("published", true), doc("author", "@user.username"))),
                            "writeFilter", doc("author", "@user.username"),
                            "mergeRequest", doc("author", "@user.username", "at", "@now"),
                            "projectResponse", doc("internalNotes", 0))),
            permission("roles", List.of("manager"), "path", "/blog/**", "mongo",
                    doc("allowManagementRequests", true, "allowBulkPatch", true, "allowBulkDelete", true,
                            "allowWriteMode", true, "allowAdhocAggregation", true)));

    @Test
    void theRootRoleMayDoEverythingUnrestricted() {
        AccessDecision decision = control(List.of()).authorize(request(ANN, Verb.DELETE, "/shop",
                ResourceKind.DATABASE, Map.of()));
        assertTrue(decision.allowed());
        assertTrue(decision.scope().isUnrestricted());
        AccessControl custom = new AccessControl(List.of(), Optional.empty(), "root", USERS, ACL, CLOCK);
        assertFalse(custom.authorize(request(ANN, Verb.GET, "/shop", ResourceKind.DATABASE, Map.of())).allowed(),
                "the root role is configurable: admin is then an ordinary role");
        assertTrue(custom.authorize(request(new Principal("r", List.of("root")), Verb.GET, "/shop",
                ResourceKind.DATABASE, Map.of())).allowed());
    }

    @Test
    void userAndKeyManagementIsForTheRootRoleOrAPermissionNamingItsPathLiterally() {
        AccessControl broad = control(List.of(permission("roles", List.of("author"), "path", "/**")));
        for (var kind : List.of(ResourceKind.USERS, ResourceKind.API_KEYS)) {
            String path = kind == ResourceKind.USERS ? "/_users" : "/_keys";
            AccessRequest list = new AccessRequest(BOB, Verb.POST, path, Optional.of(new ResolvedResource(kind,
                    Mount.of("*", "/"), null, null, null, null, null, List.of())), Map.of());
            assertFalse(broad.authorize(list).allowed(), "a /** grant must not reach " + path);
            assertTrue(control(List.of()).authorize(new AccessRequest(ANN, Verb.POST, path, list.resource(), Map.of()))
                    .allowed());
        }
        AccessRequest one = new AccessRequest(BOB, Verb.PATCH, "/_users/carol", Optional.of(new ResolvedResource(
                ResourceKind.USER, Mount.of("*", "/"), null, null, null, null, "carol", List.of())), Map.of());
        assertFalse(broad.authorize(one).allowed());
        assertFalse(control(List.of(permission("roles", List.of("author"), "path", "/{x}/**"))).authorize(one).allowed());
        assertTrue(control(List.of(permission("roles", List.of("author"), "path", "/_users/**"))).authorize(one)
                .allowed());
    }

    @Test
    void noMatchingPermissionDenies() {
        AccessControl control = control(BLOG);
        AccessDecision anonymous = control.authorize(request(Principal.anonymous(), Verb.GET, "/blog/posts",
                ResourceKind.COLLECTION, Map.of()));
        assertFalse(anonymous.allowed());
        assertEquals(AccessControl.NO_PERMISSION, anonymous.reason());
        assertFalse(control.authorize(request(BOB, Verb.GET, "/shop/posts", ResourceKind.COLLECTION, Map.of()))
                .allowed());
    }

    @Test
    void theWinnersScopeHasTheVariablesSubstituted() {
        AccessDecision decision = control(BLOG).authorize(request(BOB, Verb.POST, "/blog/posts",
                ResourceKind.COLLECTION, Map.of()));
        assertTrue(decision.allowed(), decision.reason());
        DataScope scope = decision.scope();
        assertEquals(doc("author", "bob"), assertInstanceOf(Filter.Expression.class, scope.writeFilter()).query());
        assertEquals(doc("$or", List.of(doc("published", true), doc("author", "bob"))),
                ((Filter.Expression) scope.readFilter()).query());
        assertEquals(doc("author", "bob", "at", CLOCK.instant()), scope.mergeRequest());
        assertEquals(doc("internalNotes", 0), scope.projectResponse().spec());
    }

    @ParameterizedTest(name = "{0} {1} {2} {3} needs {4}")
    @CsvSource(delimiter = '|', value = {
            "PUT    | /blog                      | DATABASE        |                       | MANAGEMENT_REQUESTS",
            "PATCH  | /blog                      | DATABASE        |                       | MANAGEMENT_REQUESTS",
            "DELETE | /blog                      | DATABASE        |                       | MANAGEMENT_REQUESTS",
            "POST   | /blog                      | DATABASE        |                       | MANAGEMENT_REQUESTS",
            "PUT    | /blog/posts                | COLLECTION      |                       | MANAGEMENT_REQUESTS",
            "DELETE | /blog/posts                | COLLECTION      |                       | MANAGEMENT_REQUESTS",
            "DELETE | /blog/posts                | COLLECTION      | force=                | MANAGEMENT_REQUESTS",
            "PUT    | /blog/posts/_indexes/by_a  | INDEX           |                       | MANAGEMENT_REQUESTS",
            "DELETE | /blog/posts/_indexes/by_a  | INDEX           |                       | MANAGEMENT_REQUESTS",
            "PUT    | /blog/_schemas/s1          | SCHEMA          |                       | MANAGEMENT_REQUESTS",
            "POST   | /blog/_schemas             | SCHEMAS         |                       | MANAGEMENT_REQUESTS",
            "PUT    | /blog/posts/_meta          | COLLECTION_META |                       | MANAGEMENT_REQUESTS",
            "PUT    | /blog/_meta                | DATABASE_META   |                       | MANAGEMENT_REQUESTS",
            "DELETE | /blog/posts                | COLLECTION      | filter={}             | BULK_DELETE",
            "DELETE | /blog/posts                | COLLECTION      | where={}              | BULK_DELETE",
            "DELETE | /blog/posts                | COLLECTION      | author=bob            | BULK_DELETE",
            "DELETE | /blog/posts                | COLLECTION      | nor=[]                | BULK_DELETE",
            "DELETE | /blog/posts/*              | BULK_DOCUMENTS  | filter={}             | BULK_DELETE",
            "PATCH  | /blog/posts/*              | BULK_DOCUMENTS  | filter={}             | BULK_PATCH",
            "PATCH  | /blog/posts                | COLLECTION      | filter={}             | BULK_PATCH",
            "PATCH  | /blog/posts                | COLLECTION      |                       | BULK_PATCH",
            "PUT    | /blog/posts/1              | DOCUMENT        | wm=upsert             | WRITE_MODE",
            "POST   | /blog/posts                | COLLECTION      | wm=upsert             | WRITE_MODE",
            "PATCH  | /blog/posts/1              | DOCUMENT        | wm=upsert             | WRITE_MODE",
            "PUT    | /blog/posts/1              | DOCUMENT        | force=                | WRITE_MODE",
            "GET    | /blog/posts/_aggregate     | AGGREGATE       | pipeline=[]           | ADHOC_AGGREGATION",
            "POST   | /blog/posts/_aggregate     | AGGREGATE       |                       | ADHOC_AGGREGATION",
    })
    void eachFlagIsNeededAndNamed(String verb, String path, ResourceKind kind, String query, AclFlag flag) {
        Map<String, List<String>> params = new LinkedHashMap<>();
        if (query != null) {
            String[] pair = query.split("=", 2);
            params.put(pair[0], List.of(pair[1]));
        }
        AccessRequest author = request(BOB, Verb.valueOf(verb), path, kind, params);
        assertEquals(Set.of(flag), AccessRequests.requiredFlags(author));
        AccessDecision denied = control(BLOG).authorize(author);
        assertFalse(denied.allowed());
        assertTrue(denied.reason().contains(flag.key()), denied.reason());
        AccessRequest manager = request(new Principal("m", List.of("manager")), Verb.valueOf(verb), path, kind, params);
        assertTrue(control(BLOG).authorize(manager).allowed());
    }

    @ParameterizedTest(name = "{0} {1} {2} {3} is plain")
    @CsvSource(delimiter = '|', value = {
            "GET    | /blog                  | DATABASE        | ",
            "GET    | /blog/_meta            | DATABASE_META   | ",
            "GET    | /blog/_size            | DATABASE_SIZE   | ",
            "GET    | /blog/_schemas         | SCHEMAS         | ",
            "GET    | /blog/posts            | COLLECTION      | filter={}",
            "GET    | /blog/posts/_meta      | COLLECTION_META | ",
            "GET    | /blog/posts/_indexes   | INDEXES         | ",
            "GET    | /blog/posts/_size      | COLLECTION_SIZE | filter={}",
            "HEAD   | /blog/posts            | COLLECTION      | ",
            "POST   | /blog/posts            | COLLECTION      | ",
            "PUT    | /blog/posts/1          | DOCUMENT        | ",
            "PUT    | /blog/posts/1          | DOCUMENT        | force=false",
            "PATCH  | /blog/posts/1          | DOCUMENT        | force=",
            "DELETE | /blog/posts/1          | DOCUMENT        | ",
            "DELETE | /blog/posts            | COLLECTION      | force=",
            "GET    | /blog/posts/_aggrs/a   | AGGREGATION     | ",
            "GET    | /blog/posts/_distinct  | DISTINCT        | ",
    })
    void plainRequestsNeedNoFlagExceptManagementForTheDrop(String verb, String path, ResourceKind kind, String query) {
        Map<String, List<String>> params = new LinkedHashMap<>();
        if (query != null) {
            String[] pair = query.split("=", 2);
            params.put(pair[0], List.of(pair[1]));
        }
        AccessRequest author = request(BOB, Verb.valueOf(verb), path, kind, params);
        boolean drop = kind == ResourceKind.COLLECTION && verb.equals("DELETE");
        assertEquals(drop ? Set.of(AclFlag.MANAGEMENT_REQUESTS) : Set.of(), AccessRequests.requiredFlags(author));
        assertEquals(!drop, control(BLOG).authorize(author).allowed());
    }

    @Test
    void severalMissingFlagsAreAllNamed() {
        AccessDecision decision = control(BLOG).authorize(request(BOB, Verb.PATCH, "/blog/posts/*",
                ResourceKind.BULK_DOCUMENTS, Map.of("filter", List.of("{}"), "wm", List.of("upsert"))));
        assertFalse(decision.allowed());
        assertTrue(decision.reason().contains("allowBulkPatch") && decision.reason().contains("allowWriteMode"),
                decision.reason());
    }

    @Test
    void requestsOutsideTheApiMatchByPathOnly() {
        AccessControl control = control(List.of(permission("roles", List.of("$unauthenticated"), "path", "/me")));
        assertFalse(control.authorize(new AccessRequest(Principal.anonymous(), Verb.GET, "/me", Optional.empty(),
                Map.of("wm", List.of()))).allowed(), "wm still needs its flag");
        assertTrue(control.authorize(new AccessRequest(Principal.anonymous(), Verb.GET, "/me", Optional.empty(),
                Map.of())).allowed());
    }

    @Test
    void theUsersCollectionNeverShowsPasswordsNotEvenToRoot() {
        AccessControl control = control(List.of(permission("roles", List.of("auditor"), "methods", List.of("GET"),
                        "path", "/mangrove/mangrove_users/**", "mongo", doc("projectResponse", doc("username", 1,
                                "password", 1))),
                permission("roles", List.of("helpdesk"), "path", "/mangrove/mangrove_users", "mongo",
                        doc("projectResponse", doc("password", 1)))));
        AccessDecision root = control.authorize(request(ANN, Verb.GET, "/mangrove/mangrove_users",
                ResourceKind.COLLECTION, Map.of()));
        assertTrue(root.allowed());
        assertEquals(doc("password", 0), root.scope().projectResponse().spec());
        AccessDecision auditor = control.authorize(request(new Principal("a", List.of("auditor")), Verb.GET,
                "/mangrove/mangrove_users/x", ResourceKind.DOCUMENT, Map.of()));
        assertTrue(auditor.allowed(), auditor.reason());
        assertEquals(doc("username", 1), auditor.scope().projectResponse().spec(), "an inclusion loses password");
        AccessDecision helpdesk = control.authorize(request(new Principal("h", List.of("helpdesk")), Verb.GET,
                "/mangrove/mangrove_users", ResourceKind.COLLECTION, Map.of()));
        assertEquals(doc("_id", 1), helpdesk.scope().projectResponse().spec(), "only password included: only _id");
    }

    @Test
    void hidingThePasswordKeepsEveryProjectionShapeSafe() {
        assertEquals(doc("password", 0), hidden(doc()), "no projection becomes an exclusion of the password");
        assertEquals(doc("notes", 0, "password", 0), hidden(doc("notes", 0)), "an exclusion gains the password");
        assertEquals(doc("notes", 0, "password", 0), hidden(doc("notes", 0, "password.salt", 0)),
                "an exclusion of a password sub-path becomes one of the whole field");
        assertEquals(doc("roles", 1), hidden(doc("roles", 1, "password", 1)), "an inclusion loses the password");
        assertEquals(doc("_id", 1), hidden(doc("password.x", 1)), "only a password sub-path included: only _id");
        assertEquals(doc("_id", 1), hidden(doc("password", 1, "notes", 0)),
                "an inclusion left with exclusions only is not turned into an exclusion that shows the password");
    }

    private static Map<String, Object> hidden(Map<String, Object> projection) {
        return AccessControl.hidePassword(new DataScope(Filter.ALL, Filter.ALL, Map.of(),
                new dev.mangrove.domain.query.Projection(projection))).projectResponse().spec();
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @CsvSource(delimiter = '|', value = {
            "POST   | /mangrove/mangrove_users           | COLLECTION     | ",
            "PUT    | /mangrove/mangrove_users/bob       | DOCUMENT       | ",
            "PATCH  | /mangrove/mangrove_users/bob       | DOCUMENT       | ",
            "DELETE | /mangrove/mangrove_users/bob       | DOCUMENT       | ",
            "DELETE | /mangrove/mangrove_users           | COLLECTION     | force=",
            "PATCH  | /mangrove/mangrove_users/*         | BULK_DOCUMENTS | filter={}",
            "PUT    | /mangrove/mangrove_users/_indexes/i | INDEX         | ",
            "GET    | /mangrove/mangrove_users/_aggregate | AGGREGATE     | pipeline=[]",
            "GET    | /mangrove/mangrove_users/_distinct | DISTINCT       | key=password",
            "GET    | /mangrove/mangrove_users/_aggrs/x  | AGGREGATION    | ",
            "GET    | /mangrove/mangrove_users/_streams/s | STREAM        | ",
            "GET    | /mangrove/mangrove_users/_plugin   | COLLECTION_EXTENSION | ",
            "GET    | /mangrove/mangrove_users           | COLLECTION     | filter={\"password\":{\"$regex\":\"^x\"}}",
            "GET    | /mangrove/mangrove_users           | COLLECTION     | sort=PassWord",
            "GET    | /mangrove/mangrove_users           | COLLECTION     | password=x",
    })
    void theUsersCollectionRefusesWritesAndPasswordOraclesToEveryone(String verb, String path, ResourceKind kind,
                                                                       String query) {
        Map<String, List<String>> params = new LinkedHashMap<>();
        if (query != null) {
            String[] pair = query.split("=", 2);
            params.put(pair[0], List.of(pair[1]));
        }
        AccessControl control = control(List.of(permission("roles", List.of("ops"), "path",
                "/mangrove/mangrove_users/**", "mongo", doc("allowManagementRequests", true, "allowBulkPatch", true,
                        "allowAdhocAggregation", true))));
        for (Principal who : List.of(ANN, new Principal("o", List.of("ops")))) {
            AccessDecision decision = control.authorize(request(who, Verb.valueOf(verb), path, kind, params));
            assertFalse(decision.allowed(), who + " " + verb + " " + path);
        }
        if (!AccessRequests.isRead(Verb.valueOf(verb))) {
            assertTrue(control.authorize(request(ANN, Verb.valueOf(verb), path, kind, params)).reason()
                    .contains("createuser"));
        }
    }

    @Test
    void theUsersAndAclCollectionsNeedAPermissionNamingThemExplicitly() {
        AccessControl control = control(List.of(permission("roles", List.of("reader"), "path", "/**"),
                permission("roles", List.of("acl-editor"), "path", "/mangrove/mangrove_acl/**")));
        Principal reader = new Principal("r", List.of("reader"));
        assertFalse(control.authorize(request(reader, Verb.GET, "/mangrove/mangrove_users", ResourceKind.COLLECTION,
                Map.of())).allowed());
        assertFalse(control.authorize(request(reader, Verb.GET, "/mangrove/mangrove_acl/1", ResourceKind.DOCUMENT,
                Map.of())).allowed());
        assertTrue(control.authorize(request(reader, Verb.GET, "/mangrove/other", ResourceKind.COLLECTION,
                Map.of())).allowed());
        Principal editor = new Principal("e", List.of("acl-editor"));
        AccessDecision edit = control.authorize(request(editor, Verb.PUT, "/mangrove/mangrove_acl/1",
                ResourceKind.DOCUMENT, Map.of()));
        assertTrue(edit.allowed(), edit.reason());
        assertTrue(edit.scope().isUnrestricted(), "the ACL collection has no password to hide");
        assertTrue(control.authorize(request(ANN, Verb.POST, "/mangrove/mangrove_acl", ResourceKind.COLLECTION,
                Map.of())).allowed(), "root edits stored permissions");
    }

    @Test
    void theFailedLoginCountersNeedAPermissionNamingThemExplicitly() {
        Namespace counters = Namespace.of("mangrove", "mangrove_auth_failures");
        AccessControl control = new AccessControl(List.of(permission("roles", List.of("writer"), "path", "/**")),
                Optional.empty(), "admin", USERS, ACL, java.util.Set.of(counters), CLOCK);
        Principal writer = new Principal("w", List.of("writer"));
        // a broad grant must not let anyone forge a "known address" or reset a counter
        assertFalse(control.authorize(request(writer, Verb.POST, "/mangrove/mangrove_auth_failures",
                ResourceKind.COLLECTION, Map.of())).allowed());
        assertFalse(control.authorize(request(writer, Verb.GET, "/mangrove/mangrove_auth_failures",
                ResourceKind.COLLECTION, Map.of())).allowed());
        assertTrue(control.authorize(request(writer, Verb.POST, "/mangrove/other", ResourceKind.COLLECTION,
                Map.of())).allowed());
    }

    @Test
    void storedPermissionsComeAfterTheConfiguredOnesAndRefresh() {
        FakeStore store = new FakeStore();
        store.documents.add(new Document(doc("_id", 1, "roles", List.of("author"), "path", "/news/**")));
        store.documents.add(new Document(doc("_id", 2, "roles", List.of("author"), "path", "/blog/**", "priority", -1,
                "mongo", doc("allowBulkDelete", true))));
        AccessControl control = new AccessControl(BLOG, Optional.of(store), "admin", USERS, ACL, CLOCK);
        assertEquals(4, control.permissions().permissions().size());
        assertTrue(control.authorize(request(BOB, Verb.GET, "/news/a", ResourceKind.COLLECTION, Map.of())).allowed());
        AccessDecision bulk = control.authorize(request(BOB, Verb.DELETE, "/blog/posts/*", ResourceKind.BULK_DOCUMENTS,
                Map.of("filter", List.of("{}"))));
        assertTrue(bulk.allowed(), "the stored permission has the lower number");
        assertTrue(bulk.scope().isUnrestricted());

        store.documents.remove(0);
        assertTrue(control.authorize(request(BOB, Verb.GET, "/news/a", ResourceKind.COLLECTION, Map.of())).allowed(),
                "nothing changes before a refresh");
        control.refresh();
        assertFalse(control.authorize(request(BOB, Verb.GET, "/news/a", ResourceKind.COLLECTION, Map.of())).allowed());
        assertEquals(3, control.permissions().permissions().size());
    }

    @Test
    void aBrokenStoredPermissionIsSkippedAndAFailingStoreKeepsTheLastList() {
        FakeStore store = new FakeStore();
        store.documents.add(new Document(doc("_id", "bad-variable", "roles", List.of("author"), "path", "/x/**",
                "mongo", doc("readFilter", doc("a", "@user.email")))));
        store.documents.add(new Document(doc("_id", "bad-path", "roles", List.of("author"), "path", "x")));
        store.documents.add(new Document(doc("_id", "no-roles", "path", "/x/**")));
        store.documents.add(new Document(doc("_id", "good", "roles", List.of("author"), "path", "/news/**")));
        AccessControl control = new AccessControl(List.of(), Optional.of(store), "admin", USERS, ACL, CLOCK);
        List<Permission> loaded = control.permissions().permissions();
        assertEquals(1, loaded.size());
        assertTrue(loaded.get(0).origin().contains("_id=good"), loaded.get(0).origin());

        store.failure = MangroveException.of(dev.mangrove.domain.error.ErrorKind.UNAVAILABLE, "backend-unavailable",
                "down");
        control.refresh();
        assertEquals(1, control.permissions().permissions().size());
        assertTrue(control.authorize(request(BOB, Verb.GET, "/news/a", ResourceKind.COLLECTION, Map.of())).allowed());
    }

    @Test
    void theScheduledRefreshRereadsTheStore() throws Exception {
        FakeStore store = new FakeStore();
        AccessControl control = new AccessControl(List.of(), Optional.of(store), "admin", USERS, ACL, CLOCK);
        store.documents.add(new Document(doc("_id", 1, "roles", List.of("author"), "path", "/news/**")));
        try (AutoCloseable refreshing = control.refreshEvery(java.time.Duration.ofMillis(20))) {
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (control.permissions().permissions().isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
        }
        assertEquals(1, control.permissions().permissions().size());
        int reads = store.reads.get();
        Thread.sleep(100);
        assertEquals(reads, store.reads.get(), "closing stops the refresh");
    }

    @Test
    void aZeroOrNegativeIntervalRefreshesNothing() throws Exception {
        FakeStore store = new FakeStore();
        AccessControl control = new AccessControl(List.of(), Optional.of(store), "admin", USERS, ACL, CLOCK);
        int reads = store.reads.get();
        try (AutoCloseable zero = control.refreshEvery(java.time.Duration.ZERO);
             AutoCloseable negative = control.refreshEvery(java.time.Duration.ofMillis(-5))) {
            store.documents.add(new Document(doc("_id", 1, "roles", List.of("author"), "path", "/news/**")));
            Thread.sleep(100); // a refresh every millisecond (the interval taken as 1 ms) would have run here
            assertEquals(reads, store.reads.get(), "the store is not re-read");
            assertTrue(control.permissions().permissions().isEmpty());
        }
        control.refresh();
        assertEquals(1, control.permissions().permissions().size(), "refresh() still reads on demand");
    }
}
