package dev.mangrove.application.service;

import dev.mangrove.domain.aggregation.PipelineCheck;
import dev.mangrove.domain.error.ErrorKind;
import dev.mangrove.domain.error.MangroveException;
import dev.mangrove.domain.query.Filter;
import dev.mangrove.domain.query.OperatorPolicy;
import dev.mangrove.domain.query.Projection;
import dev.mangrove.domain.query.QueryWalker;
import dev.mangrove.domain.security.DataScope;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every MongoDB query operator, fed through every user of the one {@link QueryWalker}: the operator
 * policy (deny it), the pipeline check (inside a {@code $match}, nested in a {@code $facet}), and
 * the data scopes (a filter using it on a hidden field is refused) — so an operator the walker knows
 * is known to all of them.
 */
class QueryWalkerUsersTest {
    private static final Set<String> JAVASCRIPT = Set.of("$where", "$function", "$accumulator");
    private static final DataScope HIDES_SECRET = new DataScope(Filter.ALL, Filter.ALL, Map.of(),
            new Projection(Map.of("secret", 0)));
    private static final String WHOLE = QueryWalker.WHOLE_DOCUMENT;

    /** operator, a query document using it, the fields that query reads. */
    static Stream<Arguments> operators() {
        return Stream.of(
                row("$eq", Map.of("secret", Map.of("$eq", 1)), "secret"),
                row("$ne", Map.of("secret", Map.of("$ne", 1)), "secret"),
                row("$gt", Map.of("secret", Map.of("$gt", 1)), "secret"),
                row("$gte", Map.of("secret", Map.of("$gte", 1)), "secret"),
                row("$lt", Map.of("secret", Map.of("$lt", 1)), "secret"),
                row("$lte", Map.of("secret", Map.of("$lte", 1)), "secret"),
                row("$in", Map.of("secret", Map.of("$in", List.of(1))), "secret"),
                row("$nin", Map.of("secret", Map.of("$nin", List.of(1))), "secret"),
                row("$and", Map.of("$and", List.of(Map.of("secret", 1))), "secret"),
                row("$or", Map.of("$or", List.of(Map.of("a", 1), Map.of("secret", 1))), "a", "secret"),
                row("$nor", Map.of("$nor", List.of(Map.of("secret", 1))), "secret"),
                row("$not", Map.of("secret", Map.of("$not", Map.of("$gt", 1))), "secret"),
                row("$exists", Map.of("secret", Map.of("$exists", true)), "secret"),
                row("$type", Map.of("secret", Map.of("$type", "string")), "secret"),
                row("$expr", Map.of("$expr", Map.of("$gt", List.of("$secret", 1))), "secret"),
                row("$jsonSchema", Map.of("$jsonSchema", Map.of("required", List.of("secret"))), WHOLE),
                row("$mod", Map.of("secret", Map.of("$mod", List.of(2, 0))), "secret"),
                row("$regex", Map.of("secret", Map.of("$regex", "^a")), "secret"),
                row("$options", Map.of("secret", Map.of("$regex", "^a", "$options", "i")), "secret"),
                row("$text", Map.of("$text", Map.of("$search", "x")), WHOLE),
                row("$search", Map.of("$text", Map.of("$search", "x")), WHOLE),
                row("$where", Map.of("$where", "this.secret == 1"), WHOLE),
                row("$geoIntersects", Map.of("secret", Map.of("$geoIntersects", Map.of())), "secret"),
                row("$geoWithin", Map.of("secret", Map.of("$geoWithin", Map.of())), "secret"),
                row("$near", Map.of("secret", Map.of("$near", List.of(0, 0))), "secret"),
                row("$nearSphere", Map.of("secret", Map.of("$nearSphere", List.of(0, 0))), "secret"),
                row("$all", Map.of("secret", Map.of("$all", List.of(1))), "secret"),
                row("$elemMatch", Map.of("secret", Map.of("$elemMatch", Map.of("x", 1))), "secret", "secret.x"),
                row("$size", Map.of("secret", Map.of("$size", 1)), "secret"),
                row("$bitsAllClear", Map.of("secret", Map.of("$bitsAllClear", 1)), "secret"),
                row("$bitsAllSet", Map.of("secret", Map.of("$bitsAllSet", 1)), "secret"),
                row("$bitsAnyClear", Map.of("secret", Map.of("$bitsAnyClear", 1)), "secret"),
                row("$bitsAnySet", Map.of("secret", Map.of("$bitsAnySet", 1)), "secret"),
                row("$comment", Map.of("$comment", "why", "secret", 1), "secret"),
                row("$function", Map.of("$expr", Map.of("$function", Map.of("body", "f", "args", List.of("$secret"),
                        "lang", "js"))), "secret"),
                row("$accumulator", Map.of("$expr", Map.of("$accumulator", Map.of("init", "f",
                        "accumulateArgs", List.of("$secret"), "lang", "js"))), "secret"));
    }

    private static Arguments row(String operator, Map<String, Object> query, String... fields) {
        return Arguments.of(operator, query, Set.of(fields));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("operators")
    void theWalkerSeesTheOperatorAndTheFieldsItReads(String operator, Map<String, Object> query, Set<String> fields) {
        Filter filter = new Filter.Expression(query);
        assertTrue(QueryWalker.operators(filter).contains(operator), operator);
        assertTrue(QueryWalker.operators(List.of(Map.of("$match", query))).contains(operator), operator);
        assertEquals(fields, QueryWalker.fieldsReferenced(filter), operator);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("operators")
    void theOperatorPolicyCanDenyEveryOperator(String operator, Map<String, Object> query, Set<String> fields) {
        Filter filter = new Filter.And(List.of(Filter.eq("a", 1), new Filter.Expression(query)));
        MangroveException e = assertThrows(MangroveException.class,
                () -> OperatorPolicy.create(Set.of(operator)).check(filter), operator);
        assertEquals("operator-not-allowed", e.code());
        assertTrue(e.detail().contains(operator), e.detail());
        if (!JAVASCRIPT.contains(operator)) {
            assertDoesNotThrow(() -> OperatorPolicy.create(Set.of()).check(filter), operator);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("operators")
    void thePipelineCheckRefusesJavaScriptAtAnyDepthAndNothingElse(String operator, Map<String, Object> query,
                                                                    Set<String> fields) {
        List<Object> pipeline = List.of(Map.of("$facet", Map.of("f", List.of(Map.of("$lookup", Map.of("from", "b",
                "as", "x", "pipeline", List.of(Map.of("$match", query))))))));
        if (JAVASCRIPT.contains(operator)) {
            MangroveException e = assertThrows(MangroveException.class,
                    () -> PipelineCheck.create().check(pipeline, "shop"), operator);
            assertEquals(ErrorKind.FORBIDDEN, e.kind());
            assertTrue(e.detail().contains(operator), e.detail());
            assertDoesNotThrow(() -> PipelineCheck.allowing(Set.of(operator)).check(pipeline, "shop"));
        } else {
            assertDoesNotThrow(() -> PipelineCheck.create().check(pipeline, "shop"), operator);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("operators")
    void theDataScopeRefusesAFilterThatReadsAHiddenFieldThroughTheOperator(String operator, Map<String, Object> query,
                                                                           Set<String> fields) {
        Filter filter = new Filter.Expression(query);
        MangroveException e = assertThrows(MangroveException.class, () -> DataScopes.checkFilter(HIDES_SECRET, filter),
                operator);
        assertEquals("forbidden-field", e.code());
        assertDoesNotThrow(() -> DataScopes.checkFilter(new DataScope(Filter.ALL, Filter.ALL, Map.of(),
                new Projection(Map.of("other", 0))), fields.contains(WHOLE) ? Filter.ALL : filter), operator);
    }

    /** join stage, where it is nested. */
    static Stream<Arguments> joins() {
        Map<String, Object> lookup = Map.of("$lookup", Map.of("from", Map.of("db", "admin", "coll", "users"), "as", "x"));
        Map<String, Object> graph = Map.of("$graphLookup", Map.of("from", Map.of("db", "admin", "coll", "users"),
                "startWith", "$a", "connectFromField", "a", "connectToField", "b", "as", "x"));
        Map<String, Object> union = Map.of("$unionWith", Map.of("db", "admin", "coll", "users"));
        Stream.Builder<Arguments> rows = Stream.builder();
        for (Map<String, Object> join : List.of(lookup, graph, union)) {
            String stage = join.keySet().iterator().next();
            rows.add(Arguments.of(stage, "top level", List.of(join)));
            rows.add(Arguments.of(stage, "$facet", List.of(Map.of("$facet", Map.of("f", List.of(join))))));
            rows.add(Arguments.of(stage, "$lookup.pipeline", List.of(Map.of("$lookup", Map.of("from", "b", "as", "y",
                    "pipeline", List.of(join))))));
            rows.add(Arguments.of(stage, "$unionWith.pipeline", List.of(Map.of("$unionWith", Map.of("coll", "b",
                    "pipeline", List.of(join))))));
        }
        return rows.build();
    }

    @ParameterizedTest(name = "{0} in {1}")
    @MethodSource("joins")
    void thePipelineCheckKeepsEveryJoinInItsDatabase(String stage, String where, List<Object> pipeline) {
        assertEquals(Set.of(new QueryWalker.Join(stage, "admin", "users")), Set.copyOf(
                QueryWalker.joins(pipeline).stream().filter(j -> "admin".equals(j.database())).toList()));
        MangroveException e = assertThrows(MangroveException.class, () -> PipelineCheck.create().check(pipeline, "shop"));
        assertEquals("stage-not-allowed", e.code());
        assertTrue(e.detail().contains(stage + " may only read collections of the database 'shop'"), e.detail());
        assertDoesNotThrow(() -> PipelineCheck.allowing(Set.of(stage)).check(pipeline, "shop"));
        assertDoesNotThrow(() -> PipelineCheck.create().check(pipeline, "admin"));
    }
}
