package dev.mangrove.application.service;

import dev.mangrove.domain.document.Document;
import dev.mangrove.domain.error.ErrorKind;
import dev.mangrove.domain.error.MangroveException;
import dev.mangrove.domain.query.Filter;
import dev.mangrove.domain.query.Hint;
import dev.mangrove.domain.query.Projection;
import dev.mangrove.domain.query.Query;
import dev.mangrove.domain.query.Sort;
import dev.mangrove.domain.security.DataScope;
import dev.mangrove.domain.write.Update;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DataScopesTest {
    /** Hides {@code secret} and {@code notes.internal}. */
    private static final DataScope HIDING = scope(Map.of("secret", 0, "notes.internal", 0));
    /** Shows only {@code title} and {@code meta.public}. */
    private static final DataScope SHOWING = scope(Map.of("title", 1, "meta.public", 1));

    private static DataScope scope(Map<String, Object> projection) {
        return new DataScope(Filter.ALL, Filter.ALL, Map.of(), new Projection(ordered(projection)));
    }

    private static Map<String, Object> ordered(Map<String, Object> map) {
        return new LinkedHashMap<>(new java.util.TreeMap<>(map));
    }

    private static Filter expr(String key, Object value) {
        Map<String, Object> query = new LinkedHashMap<>();
        query.put(key, value);
        return new Filter.Expression(query);
    }

    private static Query filtered(Filter filter) {
        return new Query(filter, Projection.none(), Sort.BY_ID, 0, 10);
    }

    private static void forbidden(DataScope scope, Query query, String label) {
        MangroveException e = assertThrows(MangroveException.class, () -> DataScopes.checkQuery(scope, query), label);
        assertEquals(ErrorKind.FORBIDDEN, e.kind(), label);
        assertEquals("forbidden-field", e.code(), label);
    }

    private static void allowed(DataScope scope, Query query, String label) {
        assertDoesNotThrow(() -> DataScopes.checkQuery(scope, query), label);
    }

    @Test
    void filtersNamingAHiddenFieldAreForbidden() {
        Map<String, Filter> hiddenFilters = new LinkedHashMap<>();
        hiddenFilters.put("typed condition", Filter.eq("secret", "x"));
        hiddenFilters.put("condition inside the hidden field", Filter.eq("secret.deep", 1));
        hiddenFilters.put("condition on the parent of a hidden field", Filter.eq("notes", Map.of()));
        hiddenFilters.put("hidden nested field", Filter.eq("notes.internal", "x"));
        hiddenFilters.put("array position", Filter.eq("notes.0.internal", "x"));
        hiddenFilters.put("and of typed", Filter.and(List.of(Filter.eq("a", 1), Filter.eq("secret", 2))));
        hiddenFilters.put("or of typed", new Filter.Or(List.of(Filter.eq("a", 1), Filter.eq("secret", 2))));
        hiddenFilters.put("nor of typed", new Filter.Nor(List.of(Filter.eq("secret", 2))));
        hiddenFilters.put("expression", expr("secret", Map.of("$gt", 3)));
        hiddenFilters.put("expression $and", expr("$and", List.of(Map.of("a", 1), Map.of("secret", 1))));
        hiddenFilters.put("expression $or", expr("$or", List.of(Map.of("secret", Map.of("$regex", "^a")))));
        hiddenFilters.put("expression $nor", expr("$nor", List.of(Map.of("notes.internal", 1))));
        hiddenFilters.put("nested logic", expr("$and", List.of(Map.of("$or", List.of(Map.of("$nor",
                List.of(Map.of("secret", 1))))))));
        hiddenFilters.put("$not", expr("secret", Map.of("$not", Map.of("$eq", 1))));
        hiddenFilters.put("$elemMatch on sub-fields", expr("notes", Map.of("$elemMatch", Map.of("internal", "x"))));
        hiddenFilters.put("$elemMatch on a visible array naming a hidden sub-field",
                expr("notes", Map.of("$elemMatch", Map.of("$and", List.of(Map.of("internal", 1))))));
        hiddenFilters.put("$expr field path", expr("$expr", Map.of("$gt", List.of("$secret", 3))));
        hiddenFilters.put("$expr $$ROOT", expr("$expr", Map.of("$eq", List.of("$$ROOT", Map.of()))));
        hiddenFilters.put("$expr $$CURRENT.path", expr("$expr", Map.of("$eq", List.of("$$CURRENT.secret", 1))));
        hiddenFilters.put("$text reads fields we cannot name", expr("$text", Map.of("$search", "x")));
        hiddenFilters.put("$jsonSchema", expr("$jsonSchema", Map.of("required", List.of("secret"))));
        hiddenFilters.put("an embedded Document value", new Filter.Expression(Map.of("$or",
                List.of(new Document(Map.of("secret", 1))))));
        hiddenFilters.forEach((label, filter) -> forbidden(HIDING, filtered(filter), label));
    }

    @Test
    void filtersOnVisibleFieldsAreAllowed() {
        Map<String, Filter> visibleFilters = new LinkedHashMap<>();
        visibleFilters.put("all", Filter.ALL);
        visibleFilters.put("typed", Filter.eq("title", "x"));
        visibleFilters.put("prefix-alike field", Filter.eq("secretary", "x"));
        visibleFilters.put("sibling of a hidden field", Filter.eq("notes.public", "x"));
        visibleFilters.put("expression", expr("$or", List.of(Map.of("a", 1), Map.of("b", Map.of("$in", List.of(1))))));
        visibleFilters.put("$expr on visible", expr("$expr", Map.of("$gt", List.of("$a", "$b"))));
        visibleFilters.put("$comment", expr("$comment", "why"));
        visibleFilters.put("value that looks like a path", Filter.eq("a", "$secret"));
        visibleFilters.forEach((label, filter) -> allowed(HIDING, filtered(filter), label));
        allowed(DataScope.UNRESTRICTED, filtered(expr("$text", Map.of("$search", "x"))), "unrestricted");
    }

    @Test
    void anInclusionScopeForbidsEveryFieldOutsideIt() {
        allowed(SHOWING, filtered(Filter.eq("title", 1)), "shown field");
        allowed(SHOWING, filtered(Filter.eq("title.sub", 1)), "inside a shown field");
        allowed(SHOWING, filtered(Filter.eq("meta.public", 1)), "shown nested field");
        allowed(SHOWING, filtered(Filter.eq("_id", 1)), "_id is shown unless excluded");
        forbidden(SHOWING, filtered(Filter.eq("other", 1)), "not shown");
        forbidden(SHOWING, filtered(Filter.eq("meta", 1)), "parent of a shown field");
        forbidden(SHOWING, filtered(Filter.eq("meta.private", 1)), "sibling of a shown field");
        DataScope noId = scope(Map.of("title", 1, "_id", 0));
        forbidden(noId, filtered(Filter.eq("_id", 1)), "_id excluded");
    }

    @Test
    void sortsProjectionsAndHintsNamingAHiddenFieldAreForbidden() {
        forbidden(HIDING, new Query(Filter.ALL, Projection.none(), new Sort(List.of(new Sort.Key("secret", true))), 0, 1),
                "sort");
        forbidden(HIDING, new Query(Filter.ALL, Projection.none(), new Sort(List.of(new Sort.Key("notes", false))), 0, 1),
                "sort on the parent");
        forbidden(HIDING, new Query(Filter.ALL, new Projection(Map.of("secret", 1)), Sort.BY_ID, 0, 1), "keys include");
        forbidden(HIDING, new Query(Filter.ALL, new Projection(Map.of("secret.$", 1)), Sort.BY_ID, 0, 1),
                "positional projection");
        forbidden(HIDING, new Query(Filter.ALL, new Projection(Map.of("notes", 1)), Sort.BY_ID, 0, 1),
                "keys include the parent");
        forbidden(HIDING, new Query(Filter.ALL, new Projection(Map.of("list", Map.of("$elemMatch", Map.of("x", 1)))),
                Sort.BY_ID, 0, 1).withHint(new Hint.IndexKeys(Map.of("secret", 1))), "hint keys");
        forbidden(HIDING, new Query(Filter.ALL, new Projection(Map.of("list", Map.of("$elemMatch",
                Map.of("$or", List.of(Map.of("x", 1)))))), Sort.BY_ID, 0, 1).withHint(new Hint.IndexName("by_secret")),
                "hint by name");
        forbidden(SHOWING, new Query(Filter.ALL, new Projection(Map.of("other", 1)), Sort.BY_ID, 0, 1),
                "include a field outside an inclusion scope");
        allowed(HIDING, new Query(Filter.ALL, new Projection(Map.of("title", 1, "_id", 0)),
                new Sort(List.of(new Sort.Key("title", true))), 0, 1).withHint(new Hint.IndexKeys(Map.of("title", 1))),
                "visible sort, keys, hint");
        allowed(HIDING, new Query(Filter.ALL, new Projection(Map.of("secret", 0)), Sort.BY_ID, 0, 1),
                "excluding a hidden field again");
    }

    @Test
    void updatesTouchingAHiddenFieldAreForbidden() {
        for (Update update : List.of(new Update(Map.of("$set", Map.of("secret", 1))),
                new Update(Map.of("$max", Map.of("secret", 1))),
                new Update(Map.of("$unset", Map.of("notes.internal", ""))),
                new Update(Map.of("$rename", Map.of("secret", "shown"))),
                new Update(Map.of("$rename", Map.of("shown", "secret"))))) {
            MangroveException e = assertThrows(MangroveException.class, () -> DataScopes.checkUpdate(HIDING, update),
                    update.toString());
            assertEquals("forbidden-field", e.code());
        }
        assertDoesNotThrow(() -> DataScopes.checkUpdate(HIDING, new Update(Map.of("$set", Map.of("title", 1)))));
    }

    @Test
    void combinedProjectionsNeverShowAHiddenField() {
        Projection hide = new Projection(Map.of("secret", 0));
        assertEquals(hide, DataScopes.combine(hide, Projection.none()));
        assertEquals(Map.of("a", 0, "secret", 0), DataScopes.combine(hide, new Projection(Map.of("a", 0))).spec());
        assertEquals(Map.of("a", 1), DataScopes.combine(hide, new Projection(Map.of("a", 1))).spec());
        assertEquals(Map.of("a", 1, "_id", 0), DataScopes.combine(new Projection(Map.of("secret", 0, "_id", 0)),
                new Projection(Map.of("a", 1))).spec());
        Projection show = new Projection(ordered(Map.of("title", 1, "body", 1)));
        assertEquals(Map.of("title", 1), DataScopes.combine(show, new Projection(Map.of("title", 1))).spec());
        assertEquals(Map.of("title", 1), DataScopes.combine(show, new Projection(Map.of("body", 0))).spec());
        assertEquals(Map.of("title", 1, "_id", 0), DataScopes.combine(show,
                new Projection(ordered(Map.of("body", 0, "_id", 0)))).spec());
        assertEquals(show, DataScopes.combine(show, new Projection(Map.of("_id", 1))));
        MangroveException e = assertThrows(MangroveException.class,
                () -> DataScopes.combine(show, new Projection(Map.of("body.x", 0))));
        assertEquals(ErrorKind.BAD_REQUEST, e.kind());
        assertThrows(MangroveException.class,
                () -> DataScopes.combine(show, new Projection(ordered(Map.of("body", 0, "title", 0)))));
        assertEquals(Map.of("title", 1, "body", 1), DataScopes.combine(show, new Projection(Map.of("other", 0))).spec(),
                "hiding a field the scope hides anyway");
    }

    @Test
    void projectsDocumentsInMemoryLikeMongoDb() {
        Map<String, Object> notes = new LinkedHashMap<>();
        notes.put("internal", "x");
        notes.put("public", "y");
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("_id", 1);
        fields.put("title", "t");
        fields.put("secret", "s");
        fields.put("notes", notes);
        fields.put("list", List.of(Map.of("internal", 1, "public", 2), 3));
        Document doc = new Document(fields);
        Document hidden = DataScopes.visible(doc, scope(Map.of("secret", 0, "notes.internal", 0, "list.internal", 0)));
        assertEquals(List.of("_id", "title", "notes", "list"), List.copyOf(hidden.fields().keySet()));
        assertEquals(Map.of("public", "y"), hidden.get("notes"));
        assertEquals(List.of(Map.of("public", 2), 3), hidden.get("list"));
        Document shown = DataScopes.visible(doc, scope(Map.of("title", 1, "notes.public", 1)));
        assertEquals(Map.of("_id", 1, "title", "t", "notes", Map.of("public", "y")), shown.fields());
        assertEquals(doc, DataScopes.visible(doc, DataScope.UNRESTRICTED));
    }

    @Test
    void mergeRequestOverridesTheClient() {
        DataScope merging = new DataScope(Filter.ALL, Filter.ALL, Map.of("author", "alice", "meta.owner", "alice"),
                Projection.none());
        Document merged = DataScopes.merged(new Document(new LinkedHashMap<>(Map.of("author", "mallory", "a", 1))),
                merging);
        assertEquals("alice", merged.get("author"));
        assertEquals(Map.of("owner", "alice"), merged.get("meta"));
        assertEquals(1, merged.get("a"));

        Update update = DataScopes.merged(new Update(Map.of(
                "$set", Map.of("author", "mallory", "a", 1),
                "$unset", Map.of("author", ""),
                "$rename", Map.of("b", "author"),
                "$inc", Map.of("meta.owner.n", 1, "n", 1))), merging);
        assertEquals(Map.of("author", "alice", "a", 1, "meta.owner", "alice"), update.operators().get("$set"));
        assertEquals(Map.of("n", 1), update.operators().get("$inc"));
        assertTrue(!update.operators().containsKey("$unset") && !update.operators().containsKey("$rename"),
                update.toString());
        Update untouched = new Update(Map.of("$inc", Map.of("n", 1)));
        assertEquals(untouched, DataScopes.merged(untouched, DataScope.UNRESTRICTED));
    }

    @Test
    void scopedQueriesAndTheReadFilter() {
        DataScope own = new DataScope(Filter.eq("author", "alice"), Filter.ALL, Map.of(),
                new Projection(Map.of("secret", 0)));
        Query client = new Query(Filter.eq("a", 1), Projection.none(), Sort.BY_ID, 5, 10);
        Query scoped = DataScopes.scoped(client, own);
        assertEquals(Filter.and(List.of(Filter.eq("author", "alice"), Filter.eq("a", 1))), scoped.filter());
        assertEquals(Map.of("secret", 0), scoped.projection().spec());
        assertEquals(5, scoped.skip());
        assertEquals(10, scoped.limit());
        assertEquals(client, DataScopes.scoped(client, DataScope.UNRESTRICTED));
    }
}
