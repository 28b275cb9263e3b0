package dev.mangrove.plugin.dataapi;

import dev.mangrove.domain.document.Document;
import dev.mangrove.domain.error.ErrorKind;
import dev.mangrove.domain.error.MangroveException;
import dev.mangrove.domain.query.Filter;
import dev.mangrove.domain.query.Projection;
import dev.mangrove.domain.query.Query;
import dev.mangrove.domain.resource.Namespace;
import dev.mangrove.domain.resource.Verb;
import dev.mangrove.domain.security.DataScope;
import dev.mangrove.domain.security.Principal;
import dev.mangrove.plugin.spi.AccessControl;
import dev.mangrove.plugin.spi.DocumentStream;
import dev.mangrove.plugin.spi.DocumentWrites;
import dev.mangrove.plugin.spi.Documents;
import dev.mangrove.plugin.spi.ExtensionRequest;
import dev.mangrove.plugin.spi.ExtensionResponse;
import dev.mangrove.plugin.spi.ExtensionScope;
import dev.mangrove.plugin.spi.JsonParameters;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Data API's paths, fields, scopes and error shape, over fake host services. */
class DataApiTest {
    private static final Principal BOB = new Principal("bob", List.of("author"));
    private static final DataScope BOBS = new DataScope(Filter.eq("owner", "bob"), Filter.eq("owner", "bob"),
            Map.of("owner", "bob"), Projection.none());
    private final List<String> asked = new ArrayList<>();
    private final List<DataScope> used = new ArrayList<>();

    private final Documents documents = new Documents() {
        @Override
        public DocumentStream find(Namespace namespace, Query query, DataScope scope) {
            used.add(scope);
            return DocumentStream.of(List.of(new Document(Map.of("_id", 1))));
        }

        @Override
        public long count(Namespace namespace, Filter filter, DataScope scope) {
            return 0;
        }
    };

    private final AccessControl access = new AccessControl() {
        @Override
        public Optional<DataScope> readScope(Principal principal, Namespace namespace) {
            return scope(principal, Verb.GET, namespace, Target.COLLECTION, false);
        }

        @Override
        public Optional<DataScope> scope(Principal principal, Verb verb, Namespace namespace, Target target,
                                         boolean upsert) {
            asked.add(verb + " " + target + (upsert ? " upsert" : ""));
            return principal.isAnonymous() || verb == Verb.DELETE ? Optional.empty() : Optional.of(BOBS);
        }
    };

    private final DocumentWrites writes = new DocumentWrites() {
        @Override
        public Object insertOne(Namespace namespace, Document document, DataScope scope) {
            used.add(scope);
            return 7;
        }

        @Override
        public List<Object> insertMany(Namespace namespace, List<Document> docs, DataScope scope) {
            return List.of();
        }

        @Override
        public UpdateOutcome updateOne(Namespace namespace, Filter filter, Object update, boolean upsert,
                                       DataScope scope) {
            used.add(scope);
            return new UpdateOutcome(0, 0, upsert ? Optional.of("new") : Optional.empty());
        }

        @Override
        public UpdateOutcome updateMany(Namespace namespace, Filter filter, Object update, boolean upsert,
                                        DataScope scope) {
            return new UpdateOutcome(0, 0, Optional.empty());
        }

        @Override
        public UpdateOutcome replaceOne(Namespace namespace, Filter filter, Document replacement, boolean upsert,
                                        DataScope scope) {
            return new UpdateOutcome(0, 0, Optional.empty());
        }

        @Override
        public long deleteOne(Namespace namespace, Filter filter, DataScope scope) {
            return 0;
        }

        @Override
        public long deleteMany(Namespace namespace, Filter filter, DataScope scope) {
            return 0;
        }
    };

    private DataApi api(Optional<String> appId) {
        return new DataApi(appId, Set.of("mongodb-atlas"), 3, documents, writes, (ns, p, s, skip, limit, scope) ->
                DocumentStream.of(List.of()), access);
    }

    private static ExtensionRequest request(String app, String version, String action, Map<String, Object> body,
                                            Principal caller, String accept) {
        return new ExtensionRequest(Verb.POST, ExtensionScope.PATH, DataApiPluginProvider.PREFIX, null, null,
                List.of("app", app, "endpoint", "data", version, "action", action), Map.of(), Filter.ALL,
                body == null ? null : new Document(body), JsonParameters.NONE, caller, DataScope.UNRESTRICTED,
                accept == null ? Map.of() : Map.of("Accept", List.of(accept)));
    }

    private static Map<String, Object> body(Object... more) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("dataSource", "mongodb-atlas");
        out.put("database", "db");
        out.put("collection", "notes");
        for (int i = 0; i + 1 < more.length; i += 2) {
            out.put((String) more[i], more[i + 1]);
        }
        return out;
    }

    @Test
    void eachActionAsksTheAclAsItsRestRequestAndUsesTheScopeItGets() {
        DataApi api = api(Optional.empty());
        api.handle(request("any", "v1", "find", body(), BOB, null));
        api.handle(request("any", "beta", "insertOne", body("document", Map.of("a", 1)), BOB, null));
        api.handle(request("any", "v1", "updateOne", body("filter", Map.of(), "update",
                Map.of("$set", Map.of("a", 1)), "upsert", true), BOB, null));
        assertEquals(List.of("GET COLLECTION", "POST COLLECTION", "PATCH DOCUMENT upsert"), asked);
        assertEquals(List.of(BOBS, BOBS, BOBS), used);
        MangroveException refused = assertThrows(MangroveException.class, () -> api.handle(request("any", "v1",
                "deleteMany", body("filter", Map.of()), BOB, null)));
        assertEquals(ErrorKind.FORBIDDEN, refused.kind());
        MangroveException anonymous = assertThrows(MangroveException.class, () -> api.handle(request("any", "v1",
                "find", body(), Principal.anonymous(), null)));
        assertEquals(ErrorKind.UNAUTHORIZED, anonymous.kind());
    }

    @Test
    void withoutSecurityEveryActionIsUnrestricted() {
        api(Optional.empty()).handle(request("any", "v1", "insertOne", body("document", Map.of()), null, null));
        assertEquals(List.of(), asked);
        assertEquals(List.of(DataScope.UNRESTRICTED), used);
    }

    @Test
    void acceptEjsonAnswersCanonicalUnderItsOwnContentType() {
        ExtensionResponse canonical = api(Optional.empty()).handle(request("a", "v1", "findOne", body(), null,
                "application/ejson"));
        ExtensionResponse.Json json = (ExtensionResponse.Json) canonical.body();
        assertEquals(ExtensionResponse.JsonFormat.CANONICAL, json.format());
        assertEquals("application/ejson", json.contentType());
        ExtensionResponse relaxed = api(Optional.empty()).handle(request("a", "v1", "insertOne",
                body("document", Map.of()), null, null));
        assertEquals(201, relaxed.status());
        assertEquals(ExtensionResponse.JsonFormat.RELAXED, ((ExtensionResponse.Json) relaxed.body()).format());
        assertEquals(Map.of("insertedId", 7), ((ExtensionResponse.Json) relaxed.body()).value());
    }

    @Test
    void pathsAppsAndDataSourcesAreChecked() {
        DataApi api = api(Optional.of("my-app"));
        assertEquals(DataApiErrors.APP_NOT_FOUND, assertThrows(MangroveException.class,
                () -> api.handle(request("other", "v1", "find", body(), null, null))).code());
        assertEquals(DataApiErrors.ACTION_NOT_FOUND, assertThrows(MangroveException.class,
                () -> api.handle(request("my-app", "v2", "find", body(), null, null))).code());
        assertEquals(DataApiErrors.ACTION_NOT_FOUND, assertThrows(MangroveException.class,
                () -> api.handle(request("my-app", "v1", "count", body(), null, null))).code());
        Map<String, Object> elsewhere = body();
        elsewhere.put("dataSource", "Cluster9");
        assertEquals(DataApiErrors.SERVICE_NOT_FOUND, assertThrows(MangroveException.class,
                () -> api.handle(request("my-app", "v1", "find", elsewhere, null, null))).code());
        assertEquals("invalid-parameter", assertThrows(MangroveException.class,
                () -> api.handle(request("my-app", "v1", "find", body("limit", 4), null, null))).code());
        assertEquals("invalid-parameter", assertThrows(MangroveException.class,
                () -> api.handle(request("my-app", "v1", "find", body("update", Map.of()), null, null))).code());
    }

    @Test
    void failuresRenderInTheDataApiShape() {
        ExtensionResponse r = DataApiErrors.render(MangroveException.of(ErrorKind.UNSUPPORTED_MEDIA_TYPE,
                "unsupported-media-type", "Content-Type text/plain is not supported"), 415);
        assertEquals(400, r.status());
        ExtensionResponse.Json json = (ExtensionResponse.Json) r.body();
        assertEquals("application/json", json.contentType());
        assertEquals(Map.of("error", "Content-Type text/plain is not supported", "error_code", "InvalidParameter",
                "link", DataApiErrors.LINK), json.value());
        assertEquals("InvalidSession", code(DataApiErrors.render(MangroveException.of(ErrorKind.UNAUTHORIZED,
                "invalid-credentials", "no"), 401)));
        assertEquals("DuplicateKey", code(DataApiErrors.render(MangroveException.conflict("duplicate-key", "dup"),
                409)));
        assertTrue(DataApiErrors.render(MangroveException.of(ErrorKind.UNAVAILABLE, "backend-unavailable", "down"),
                503).status() == 503);
    }

    @SuppressWarnings("unchecked")
    private static String code(ExtensionResponse response) {
        return (String) ((Map<String, Object>) ((ExtensionResponse.Json) response.body()).value()).get("error_code");
    }
}
