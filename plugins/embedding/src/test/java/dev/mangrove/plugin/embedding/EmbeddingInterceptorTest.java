package dev.mangrove.plugin.embedding;

import dev.mangrove.plugin.spi.DocumentStream;
import dev.mangrove.plugin.spi.Documents;
import dev.mangrove.plugin.spi.InterceptedRequest;
import dev.mangrove.plugin.spi.InterceptedResponse;
import dev.mangrove.domain.document.Document;
import dev.mangrove.domain.error.ErrorKind;
import dev.mangrove.domain.error.MangroveException;
import dev.mangrove.domain.query.Filter;
import dev.mangrove.domain.query.Projection;
import dev.mangrove.domain.resource.DatabaseName;
import dev.mangrove.domain.resource.Namespace;
import dev.mangrove.domain.resource.ResourceKind;
import dev.mangrove.domain.resource.Verb;
import dev.mangrove.domain.security.DataScope;
import dev.mangrove.domain.security.Principal;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EmbeddingInterceptorTest {
    private static final DatabaseName DB = new DatabaseName("shop");

    /** Serves users u1..u3 and tags 1..2; records every query. */
    private record Asked(Namespace namespace, dev.mangrove.domain.query.Query query) {
    }

    private static final class FakeFind implements Documents {
        final List<Asked> queries = new ArrayList<>();

        @Override
        public DocumentStream find(Namespace namespace, dev.mangrove.domain.query.Query q, DataScope scope) {
            Asked query = new Asked(namespace, q);
            queries.add(query);
            List<Document> all = query.namespace().collection().value().equals("users")
                    ? List.of(doc("u1", "Ada"), doc("u2", "Bob"), doc("u3", "Cy"))
                    : List.of(doc(1, "red"), doc(2, "blue"));
            List<?> ids = (List<?>) in(query.query().filter()).value();
            // like MongoDB, numbers match by value (an int64 2 finds an int32 2)
            List<Object> wanted = ids.stream().map(id -> id instanceof Number n ? (Object) n.longValue() : id).toList();
            return DocumentStream.of(all.stream().filter(d -> wanted.contains(
                    d.get("_id") instanceof Number n ? (Object) n.longValue() : d.get("_id"))).toList());
        }

        @Override
        public long count(Namespace namespace, Filter filter, DataScope scope) {
            throw new UnsupportedOperationException();
        }
    }

    private static Filter.Condition in(Filter filter) {
        if (filter instanceof Filter.Condition c) {
            return c;
        }
        return (Filter.Condition) ((Filter.And) filter).filters().get(0);
    }

    private static Document doc(Object id, String name) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("_id", id);
        fields.put("name", name);
        return new Document(fields);
    }

    private static Map<String, Object> ref(String coll, Object id) {
        Map<String, Object> ref = new LinkedHashMap<>();
        ref.put("$ref", coll);
        ref.put("$id", id);
        return ref;
    }

    private static InterceptedRequest request(String embedded, Principal principal) {
        return new InterceptedRequest(Verb.GET, "/shop/posts", ResourceKind.COLLECTION, DB,
                new Namespace(DB, new dev.mangrove.domain.resource.CollectionName("posts")),
                Map.of("embedded", List.of(embedded)), Map.of(), Optional.ofNullable(principal), DataScope.UNRESTRICTED);
    }

    private static List<Document> posts() {
        List<Document> posts = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("_id", i);
            fields.put("owner", ref("users", "u" + i));
            fields.put("tags", List.of(ref("tags", 1), ref("tags", 2L), ref("tags", 7)));
            posts.add(new Document(fields));
        }
        return posts;
    }

    private static List<Document> run(EmbeddingInterceptor interceptor, InterceptedRequest request) {
        InterceptedRequest checked = interceptor.before(request);
        return interceptor.after(checked, new InterceptedResponse(200, Map.of(), Optional.of(posts())))
                .documents().orElseThrow();
    }

    @Test
    void oneInQueryPerReferencedCollectionPerResponse() {
        FakeFind find = new FakeFind();
        List<Document> out = run(new EmbeddingInterceptor(find, (p, ns) -> Optional.empty()),
                request("owner,tags", null));
        assertEquals(2, find.queries.size(), "users and tags, not one query per reference");
        assertEquals(3, ((List<?>) in(find.queries.get(0).query().filter()).value()).size(), "u1, u2, u3 at once");
        assertEquals(3, ((List<?>) in(find.queries.get(1).query().filter()).value()).size(), "1, 2, 7 (2L is 2)");
        assertEquals("Bob", ((Map<?, ?>) out.get(1).get("owner")).get("name"));
        List<?> tags = (List<?>) out.get(0).get("tags");
        assertEquals("red", ((Map<?, ?>) tags.get(0)).get("name"));
        assertEquals("blue", ((Map<?, ?>) tags.get(1)).get("name"), "an int64 reference finds an int32 id");
        assertNull(tags.get(2), "dangling");
    }

    @Test
    void aDeniedCollectionKeepsItsReferencesAndAnAllowedOneIsScoped() {
        FakeFind find = new FakeFind();
        List<Object[]> asked = new ArrayList<>();
        Filter onlyMine = Filter.eq("owner", "ada");
        Projection hideSecret = new Projection(Map.of("secret", 0));
        EmbeddingInterceptor interceptor = new EmbeddingInterceptor(find, (principal, ns) -> {
            asked.add(new Object[] {principal, ns});
            return ns.collection().value().equals("users") ? Optional.of(new DataScope(onlyMine, Filter.ALL, Map.of(),
                    hideSecret)) : Optional.empty();
        });
        Principal ada = new Principal("ada", List.of("reader"));
        List<Document> out = run(interceptor, request("owner,tags", ada));
        assertEquals(2, asked.size(), "one decision per referenced collection");
        assertEquals(ada, asked.get(0)[0]);
        assertEquals(new Namespace(DB, new dev.mangrove.domain.resource.CollectionName("users")), asked.get(0)[1],
                "the ACL is asked about the referenced collection");
        assertEquals(1, find.queries.size(), "no query for the denied collection");
        Asked users = find.queries.get(0);
        assertEquals(Filter.and(List.of(in(users.query().filter()), onlyMine)), users.query().filter(),
                "the readFilter is ANDed into the $in query");
        assertEquals(hideSecret, users.query().projection(), "projectResponse applies");
        assertEquals("tags", ((Map<?, ?>) ((List<?>) out.get(0).get("tags")).get(0)).get("$ref"),
                "denied: the reference stays as it is");
        assertEquals("Ada", ((Map<?, ?>) out.get(0).get("owner")).get("name"));
    }

    @Test
    void withoutSecurityTheAclIsNotAsked() {
        FakeFind find = new FakeFind();
        run(new EmbeddingInterceptor(find, (p, ns) -> {
            throw new AssertionError("asked");
        }), request("owner", null));
        assertEquals(Filter.ALL, Filter.and(List.of()));
        assertEquals(Projection.none(), find.queries.get(0).query().projection());
    }

    @Test
    void aPageWithMoreReferencesThanTheLimitIsRefusedNamingTheSetting() {
        FakeFind find = new FakeFind();
        // three owners and the tags 1, 2, 7 (2L is 2): six distinct references
        MangroveException e = assertThrows(MangroveException.class,
                () -> run(new EmbeddingInterceptor(find, (p, ns) -> Optional.empty(), 5), request("owner,tags", null)));
        assertEquals("too-many-references", e.code());
        assertTrue(e.detail().contains("mangrove.plugins.embedding.max-references"), e.detail());
        assertEquals(List.of(), find.queries, "nothing read");
        assertEquals(3, run(new EmbeddingInterceptor(find, (p, ns) -> Optional.empty(), 6), request("owner,tags", null)).size());
    }

    @Test
    void malformedFieldListsAreRefused() {
        EmbeddingInterceptor interceptor = new EmbeddingInterceptor(new FakeFind(), (p, ns) -> Optional.empty());
        for (String bad : List.of("", ",", "a,,b", "$x", "a..b", ".a", "a.")) {
            MangroveException e = assertThrows(MangroveException.class, () -> interceptor.before(request(bad, null)), bad);
            assertEquals(ErrorKind.BAD_REQUEST, e.kind());
        }
        assertTrue(EmbeddingInterceptor.reference(Map.of("$ref", "c", "$id", 1, "x", 2), DB).isEmpty(),
                "not a DBRef: other keys");
        assertTrue(EmbeddingInterceptor.reference(Map.of("$ref", "system.users", "$id", 1), DB).isEmpty(),
                "reserved collections are never embedded");
    }

    @Test
    void embeddedWithAnUnpagedStreamIsRefused() {
        EmbeddingInterceptor interceptor = new EmbeddingInterceptor(new FakeFind(), (p, ns) -> Optional.empty());
        for (String unpaged : List.of("false", "0", "no", " FALSE ")) {
            InterceptedRequest streamed = new InterceptedRequest(Verb.GET, "/shop/posts", ResourceKind.COLLECTION, DB,
                    new Namespace(DB, new dev.mangrove.domain.resource.CollectionName("posts")),
                    Map.of("embedded", List.of("owner"), "pagination", List.of(unpaged)), Map.of(), Optional.empty(),
                    DataScope.UNRESTRICTED);
            MangroveException e = assertThrows(MangroveException.class, () -> interceptor.before(streamed), unpaged);
            assertEquals(ErrorKind.BAD_REQUEST, e.kind());
            assertTrue(e.detail().contains("pagination=false"), e.detail());
        }
        InterceptedRequest paged = new InterceptedRequest(Verb.GET, "/shop/posts", ResourceKind.COLLECTION, DB,
                new Namespace(DB, new dev.mangrove.domain.resource.CollectionName("posts")),
                Map.of("embedded", List.of("owner"), "pagination", List.of("true")), Map.of(), Optional.empty(),
                DataScope.UNRESTRICTED);
        assertEquals(paged, interceptor.before(paged));
    }

    @Test
    void runsOnlyForRequestsThatAskForEmbedding() {
        EmbeddingInterceptor interceptor = new EmbeddingInterceptor(new FakeFind(), (p, ns) -> Optional.empty());
        org.junit.jupiter.api.Assertions.assertFalse(interceptor.appliesTo(ResourceKind.DOCUMENT, java.util.Set.of("id_type")));
        assertTrue(interceptor.appliesTo(ResourceKind.DOCUMENT, java.util.Set.of("embedded")));
        assertTrue(interceptor.appliesTo(ResourceKind.DATABASE, java.util.Set.of("embedded")),
                "it still sees embedded= where it cannot apply, to refuse it");
    }
}
