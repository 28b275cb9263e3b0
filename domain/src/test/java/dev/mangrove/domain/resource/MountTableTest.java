package dev.mangrove.domain.resource;

import dev.mangrove.domain.error.ErrorKind;
import dev.mangrove.domain.error.MangroveException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MountTableTest {
    private static final MountTable ROOT = MountTable.create(List.of(Mount.of("*", "/")));
    private static final Set<Verb> DOCUMENT_VERBS = EnumSet.of(Verb.GET, Verb.PUT, Verb.PATCH, Verb.DELETE, Verb.HEAD,
            Verb.OPTIONS);

    private static ResolvedResource resolve(MountTable table, String path) {
        return table.resolve(path).orElseThrow(() -> new AssertionError("nothing at " + path));
    }

    // --- every resource kind of docs/api.md#resources under the default mount ------------------------------

    @ParameterizedTest
    @CsvSource(nullValues = "-", value = {
            "/,                         ROOT,                 -",
            "'',                        ROOT,                 -",
            "/_sessions,                ROOT_EXTENSION,       _sessions",
            "/shop,                     DATABASE,             -",
            "/shop/,                    DATABASE,             -",
            "/shop/_meta,               DATABASE_META,        -",
            "/shop/_size,               DATABASE_SIZE,        -",
            "/shop/_schemas,            SCHEMAS,              -",
            "/shop/_schemas/x,          SCHEMA,               x",
            "/shop/_schemas/a+b,        SCHEMA,               a b",
            "/shop/_custom,             DATABASE_EXTENSION,   _custom",
            "/shop/items,               COLLECTION,           -",
            "/shop/items/_meta,         COLLECTION_META,      -",
            "/shop/items/_size,         COLLECTION_SIZE,      -",
            "/shop/items/*,             BULK_DOCUMENTS,       -",
            "/shop/items/_indexes,      INDEXES,              -",
            "/shop/items/_indexes/name, INDEX,                name",
            "/shop/items/_aggrs/n,      AGGREGATION,          n",
            "/shop/items/_aggregate,    AGGREGATE,            -",
            "/shop/items/_distinct,     DISTINCT,             -",
            "/shop/items/_streams/n,    STREAM,               n",
            "/shop/items/_x,            COLLECTION_EXTENSION, _x",
            "/shop/items/42,            DOCUMENT,             42",
            "/shop/fs.files,            FILE_BUCKET,          -",
            "/shop/fs.files/42,         FILE,                 42",
            "/shop/fs.files/a+b/binary, FILE_BINARY,          a b",
            "/shop/.files,              COLLECTION,           -",
    })
    void resolvesEveryResourceKind(String path, ResourceKind kind, String name) {
        ResolvedResource r = resolve(ROOT, path);
        assertEquals(kind, r.kind());
        assertEquals(name, r.name());
    }

    @Test
    void databaseAndCollectionResourcesCarryNamesAndPublicPaths() {
        ResolvedResource db = resolve(ROOT, "/shop/_meta");
        assertEquals(Optional.of(new DatabaseName("shop")), db.databaseName());
        assertEquals("/shop", db.databasePath());
        assertNull(db.collection());
        assertThrows(IllegalStateException.class, db::namespace);

        ResolvedResource doc = resolve(ROOT, "/shop/items/42");
        assertEquals(Namespace.of("shop", "items"), doc.namespace());
        assertEquals("/shop", doc.databasePath());
        assertEquals("/shop/items", doc.publicCollectionPath());

        ResolvedResource root = resolve(ROOT, "/");
        assertEquals(Optional.empty(), root.databaseName());
        assertThrows(IllegalStateException.class, root::namespace);
    }

    @Test
    void extensionsKeepTheirDecodedRest() {
        ResolvedResource coll = resolve(ROOT, "/shop/items/_custom/a%20b/c");
        assertEquals(ResourceKind.COLLECTION_EXTENSION, coll.kind());
        assertEquals("_custom", coll.name());
        assertEquals(List.of("a b", "c"), coll.rest());
        assertEquals(Namespace.of("shop", "items"), coll.namespace());

        ResolvedResource db = resolve(ROOT, "/shop/_custom/x");
        assertEquals(ResourceKind.DATABASE_EXTENSION, db.kind());
        assertEquals(List.of("x"), db.rest());

        ResolvedResource root = resolve(ROOT, "/_sessions/abc/_txns/1");
        assertEquals(ResourceKind.ROOT_EXTENSION, root.kind());
        assertEquals("_sessions", root.name());
        assertEquals(List.of("abc", "_txns", "1"), root.rest());
    }

    @ParameterizedTest
    @ValueSource(strings = {"/shop/items/id/extra", "/shop/items/*/x", "/shop/items/_meta/x", "/shop/items/_size/x",
            "/shop/items/_aggregate/x", "/shop/items/_distinct/x", "/shop/items/_indexes/a/b", "/shop/items/_aggrs",
            "/shop/items/_aggrs/a/b", "/shop/items/_streams", "/shop/items/_streams/a/b", "/shop/_meta/x",
            "/shop/_size/x", "/shop/_schemas/a/b", "/shop/fs.files/1/content", "/shop/fs.files/1/binary/x"})
    void pathsBeyondAResourceResolveToNothing(String path) {
        assertEquals(Optional.empty(), ROOT.resolve(path));
    }

    // --- names --------------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"/admin", "/config/x", "/local/x/1", "/shop/system.users", "/shop/system.users/1"})
    void reservedNamesAreForbidden(String path) {
        MangroveException e = assertThrows(MangroveException.class, () -> ROOT.resolve(path));
        assertEquals(ErrorKind.FORBIDDEN, e.kind());
    }

    @ParameterizedTest
    @ValueSource(strings = {"/sh.op", "/shop%2Fx", "/*", "/shop/a$b", "/shop/a%24b", "/sh%zzop", "/shop/items/%zz",
            "/shop/items/%C3%28"})
    void invalidNamesAndEncodingsAreBadRequest(String path) {
        MangroveException e = assertThrows(MangroveException.class, () -> ROOT.resolve(path));
        assertEquals(ErrorKind.BAD_REQUEST, e.kind());
    }

    @Test
    void namesArePercentDecoded() {
        ResolvedResource r = resolve(ROOT, "/my%2Ddb/caf%C3%A9");
        assertEquals(Namespace.of("my-db", "caf\u00e9"), r.namespace());
    }

    // --- document ids: '+' and '%2B' -------------------------------------------------------------

    @Test
    void plusInDocumentIdIsSpaceAndEncodedPlusIsPlus() {
        assertEquals("a b", resolve(ROOT, "/shop/items/a+b").name());
        assertEquals("a+b", resolve(ROOT, "/shop/items/a%2Bb").name());
        assertEquals("a b+c", resolve(ROOT, "/shop/items/a+b%2Bc").name());
        assertEquals("x/y", resolve(ROOT, "/shop/items/x%2Fy").name());
    }

    @Test
    void plusInCollectionAndIndexNamesIsAPlus() {
        assertEquals(Namespace.of("shop", "a+b"), resolve(ROOT, "/shop/a+b/1").namespace());
        assertEquals("x+y", resolve(ROOT, "/shop/items/_indexes/x+y").name());
        assertEquals("n+1", resolve(ROOT, "/shop/items/_aggrs/n+1").name());
    }

    // --- mount targets ------------------------------------------------------------------------

    @Test
    void databaseMountServesOneDatabaseAtItsPath() {
        MountTable table = MountTable.create(List.of(Mount.of("/inventory", "/products")));
        ResolvedResource db = resolve(table, "/products");
        assertEquals(ResourceKind.DATABASE, db.kind());
        assertEquals(Optional.of(new DatabaseName("inventory")), db.databaseName());
        assertEquals("/products", db.databasePath());

        ResolvedResource coll = resolve(table, "/products/widgets");
        assertEquals(ResourceKind.COLLECTION, coll.kind());
        assertEquals(Namespace.of("inventory", "widgets"), coll.namespace());
        assertEquals("/products/widgets", coll.publicCollectionPath());

        assertEquals(ResourceKind.DATABASE_META, resolve(table, "/products/_meta").kind());
        assertEquals(ResourceKind.DOCUMENT, resolve(table, "/products/widgets/7").kind());
        assertEquals(Optional.empty(), table.resolve("/inventory/widgets"));
        assertEquals(Optional.empty(), table.resolve("/"));
    }

    @Test
    void databaseMountAtRoot() {
        MountTable table = MountTable.create(List.of(Mount.of("/inventory", "/")));
        assertEquals(ResourceKind.DATABASE, resolve(table, "/").kind());
        ResolvedResource coll = resolve(table, "/widgets");
        assertEquals(Namespace.of("inventory", "widgets"), coll.namespace());
        assertEquals("/widgets", coll.publicCollectionPath());
        assertEquals("/", coll.databasePath());
    }

    @Test
    void allDatabasesUnderAPrefix() {
        MountTable table = MountTable.create(List.of(Mount.of("*", "/v1")));
        ResolvedResource doc = resolve(table, "/v1/shop/items/1");
        assertEquals(Namespace.of("shop", "items"), doc.namespace());
        assertEquals("/v1/shop", doc.databasePath());
        assertEquals("/v1/shop/items", doc.publicCollectionPath());
        assertEquals(ResourceKind.ROOT, resolve(table, "/v1").kind());
        assertEquals(Optional.empty(), table.resolve("/shop/items"));
    }

    @Test
    void collectionMountHidesTheRealNames() {
        MountTable table = MountTable.create(List.of(Mount.of("/shop/rocket_engines", "/api/rockets")));
        for (String path : List.of("/api/rockets", "/api/rockets/123", "/api/rockets/_meta", "/api/rockets/*",
                "/api/rockets/_indexes/i", "/api/rockets/_ext/a")) {
            ResolvedResource r = resolve(table, path);
            assertEquals(Namespace.of("shop", "rocket_engines"), r.namespace(), path);
            assertEquals("/api/rockets", r.publicCollectionPath(), path);
            assertNull(r.databasePath(), "the database of a collection mount has no public path");
            for (String shown : java.util.Arrays.asList(r.publicCollectionPath(), r.name(), String.join("/", r.rest()))) {
                if (shown != null) {
                    assertFalse(shown.contains("rocket_engines") || shown.contains("shop"), path + " shows " + shown);
                }
            }
        }
        assertEquals(ResourceKind.COLLECTION, resolve(table, "/api/rockets").kind());
        assertEquals(ResourceKind.DOCUMENT, resolve(table, "/api/rockets/123").kind());
        assertEquals("123", resolve(table, "/api/rockets/123").name());
        assertEquals(ResourceKind.COLLECTION_META, resolve(table, "/api/rockets/_meta").kind());
        assertEquals(ResourceKind.BULK_DOCUMENTS, resolve(table, "/api/rockets/*").kind());
        assertEquals(Optional.empty(), table.resolve("/api"));
        assertEquals(Optional.empty(), table.resolve("/api/rocketsX"));
        assertEquals(Optional.empty(), table.resolve("/shop/rocket_engines"));
        assertEquals(Optional.empty(), table.resolve("/api/rockets/1/2"));
    }

    @Test
    void aMountOfABucketServesItsFilesAndTheirContent() {
        MountTable table = MountTable.create(List.of(Mount.of("/shop/media.files", "/media")));
        assertEquals(ResourceKind.FILE_BUCKET, resolve(table, "/media").kind());
        ResolvedResource file = resolve(table, "/media/logo");
        assertEquals(ResourceKind.FILE, file.kind());
        assertEquals("logo", file.name());
        assertEquals(Namespace.of("shop", "media.files"), file.namespace());
        assertEquals("/media", file.publicCollectionPath());
        assertEquals(ResourceKind.FILE_BINARY, resolve(table, "/media/logo/binary").kind());
        assertEquals(Optional.empty(), table.resolve("/media/logo/other"));
    }

    @Test
    void collectionMountAtRoot() {
        MountTable table = MountTable.create(List.of(Mount.of("/shop/items", "/")));
        ResolvedResource coll = resolve(table, "/");
        assertEquals(ResourceKind.COLLECTION, coll.kind());
        assertEquals("/", coll.publicCollectionPath());
        assertEquals("7", resolve(table, "/7").name());
    }

    // --- choosing among mounts ------------------------------------------------------------------

    @Test
    void longestWhereWins() {
        Mount all = Mount.of("*", "/");
        Mount products = Mount.of("/inventory", "/products");
        Mount special = Mount.of("/shop/specials", "/products/special");
        MountTable table = MountTable.create(List.of(all, special, products));

        ResolvedResource r = resolve(table, "/products/special/1");
        assertSame(special, r.mount());
        assertEquals(Namespace.of("shop", "specials"), r.namespace());
        assertEquals(ResourceKind.DOCUMENT, r.kind());

        r = resolve(table, "/products/other");
        assertSame(products, r.mount());
        assertEquals(Namespace.of("inventory", "other"), r.namespace());

        r = resolve(table, "/products");
        assertSame(products, r.mount());
        assertEquals(ResourceKind.DATABASE, r.kind());

        r = resolve(table, "/productsx/other");
        assertSame(all, r.mount());
        assertEquals(Namespace.of("productsx", "other"), r.namespace());

        assertEquals(List.of(special, products, all), table.mounts());
    }

    @Test
    void longestWhereWinsWhateverTheOrderGiven() {
        Mount all = Mount.of("*", "/");
        Mount coll = Mount.of("/shop/items", "/a/b/c");
        Mount db = Mount.of("/shop", "/a");
        for (List<Mount> order : List.of(List.of(all, db, coll), List.of(coll, db, all), List.of(db, all, coll))) {
            MountTable table = MountTable.create(order);
            assertSame(coll, resolve(table, "/a/b/c/1").mount());
            assertSame(db, resolve(table, "/a/b").mount());
            assertSame(all, resolve(table, "/b/c").mount());
        }
    }

    @Test
    void unmountedPathsResolveToNothing() {
        MountTable table = MountTable.create(List.of(Mount.of("/inventory", "/products")));
        assertEquals(Optional.empty(), table.resolve("/other"));
        assertEquals(Optional.empty(), table.resolve("/"));
        assertEquals(Optional.empty(), MountTable.create(List.of()).resolve("/shop/items"));
    }

    @Test
    void duplicateWhereIsAConfigurationError() {
        assertThrows(IllegalArgumentException.class,
                () -> MountTable.create(List.of(Mount.of("*", "/"), Mount.of("/shop", "/"))));
        assertThrows(IllegalArgumentException.class,
                () -> MountTable.create(List.of(Mount.of("/a", "/api/"), Mount.of("/b/c", "/api"))));
        assertThrows(IllegalArgumentException.class,
                () -> MountTable.create(List.of(Mount.of("/a", "/x"), Mount.of("*", "/"), Mount.of("/b", "/x"))));
    }

    // --- verbs ----------------------------------------------------------------------------------

    @Test
    void checkVerbAllowsSupportedVerbsWithoutLimits() {
        ResolvedResource doc = resolve(ROOT, "/shop/items/1");
        for (Verb verb : DOCUMENT_VERBS) {
            doc.checkVerb(verb, DOCUMENT_VERBS);
        }
    }

    @Test
    void unsupportedVerbIsMethodNotAllowedWithAllowHeader() {
        ResolvedResource doc = resolve(ROOT, "/shop/items/1");
        MangroveException e = assertThrows(MangroveException.class, () -> doc.checkVerb(Verb.POST, DOCUMENT_VERBS));
        assertEquals(ErrorKind.METHOD_NOT_ALLOWED, e.kind());
        assertEquals("method-not-allowed", e.code());
        assertEquals(Optional.of(List.of("GET", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS")), e.allowed());
    }

    @Test
    void mountLimitsGiveMethodNotAllowedListingOnlyAllowedVerbs() {
        Mount mount = new Mount("*", "/", MethodLimits.of(Map.of(
                Level.DOCUMENT, Set.of(Verb.GET, Verb.DELETE),
                Level.COLLECTION, Set.of(Verb.GET))));
        MountTable table = MountTable.create(List.of(mount));

        ResolvedResource doc = resolve(table, "/shop/items/1");
        doc.checkVerb(Verb.GET, DOCUMENT_VERBS);
        doc.checkVerb(Verb.DELETE, DOCUMENT_VERBS);
        for (Verb refused : List.of(Verb.PUT, Verb.PATCH)) {
            MangroveException e = assertThrows(MangroveException.class, () -> doc.checkVerb(refused, DOCUMENT_VERBS));
            assertEquals(ErrorKind.METHOD_NOT_ALLOWED, e.kind());
            assertEquals(Optional.of(List.of("GET", "DELETE", "HEAD", "OPTIONS")), e.allowed());
        }

        Set<Verb> collectionVerbs = EnumSet.of(Verb.GET, Verb.POST, Verb.PUT, Verb.PATCH, Verb.DELETE, Verb.HEAD,
                Verb.OPTIONS);
        ResolvedResource coll = resolve(table, "/shop/items");
        MangroveException e = assertThrows(MangroveException.class, () -> coll.checkVerb(Verb.POST, collectionVerbs));
        assertEquals(Optional.of(List.of("GET", "HEAD", "OPTIONS")), e.allowed());
        // collection-level resources share the collection's limits
        ResolvedResource indexes = resolve(table, "/shop/items/_indexes/i");
        assertThrows(MangroveException.class, () -> indexes.checkVerb(Verb.PUT, collectionVerbs));

        // the database level has no limit
        ResolvedResource db = resolve(table, "/shop");
        db.checkVerb(Verb.PUT, EnumSet.of(Verb.GET, Verb.PUT));
        assertEquals("GET, PUT", db.allowHeader(EnumSet.of(Verb.PUT, Verb.GET)));
    }
}
