package dev.mangrove.adapter.mongo;

import dev.mangrove.domain.document.Document;
import dev.mangrove.domain.document.ObjectIdValue;
import dev.mangrove.domain.document.RegexValue;
import dev.mangrove.domain.query.Filter;
import dev.mangrove.domain.query.Filter.Condition;
import dev.mangrove.domain.query.Filter.Operator;
import dev.mangrove.domain.query.QueryDocument;
import org.bson.BsonDocument;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Every filter shape gives the query document it gave before the translation moved to the domain's
 * {@link QueryDocument} (the expected texts are the outputs the former QueryBson.toQuery and the application's
 * QueryDocuments.of were both checked to give), and the scope placement of {@code byId}/{@code exact} on top of it.
 */
class QueryBsonFilterTableTest {

    record Case(String name, Filter filter, String expected) {
    }

    static List<Case> cases() {
        Map<String, Object> expression = new LinkedHashMap<>();
        expression.put("name", new RegexValue("^J", "i"));
        expression.put("age", Map.of("$gte", 18));
        expression.put("$or", List.of(Map.of("x", Map.of("$exists", true)),
                Map.of("tags", Map.of("$elemMatch", Map.of("$in", List.of("a", "b")))), Map.of("$and", List.of(Map.of("y", 1), Map.of("y", 2)))));
        List<Case> cases = new ArrayList<>();
        cases.add(new Case("all", Filter.ALL, "{}"));
        cases.add(new Case("eq", Filter.eq("country", "USA"), "{'country': 'USA'}"));
        cases.add(new Case("eq null", Filter.eq("a", null), "{'a': null}"));
        cases.add(new Case("eq dotted", Filter.eq("a.b.c", 1), "{'a.b.c': 1}"));
        cases.add(new Case("eq document", Filter.eq("_id", Map.of("$gt", 1)), "{'_id': {'$eq': {'$gt': 1}}}"));
        cases.add(new Case("eq regex", Filter.eq("p", new RegexValue("a", "")),
                "{'p': {'$eq': {'$regularExpression': {'pattern': 'a', 'options': ''}}}}"));
        cases.add(new Case("eq oid", Filter.eq("_id", new ObjectIdValue("65a1b2c3d4e5f60718293a4b")),
                "{'_id': {'$oid': '65a1b2c3d4e5f60718293a4b'}}"));
        cases.add(new Case("eq list", Filter.eq("tags", List.of("a", "b")), "{'tags': ['a', 'b']}"));
        cases.add(new Case("ne", new Condition("a.b", Operator.NE, null), "{'a.b': {'$ne': null}}"));
        cases.add(new Case("gt", new Condition("n", Operator.GT, 3), "{'n': {'$gt': 3}}"));
        cases.add(new Case("gte", new Condition("ratio", Operator.GTE, 50), "{'ratio': {'$gte': 50}}"));
        cases.add(new Case("lt long", new Condition("n", Operator.LT, 5L), "{'n': {'$lt': {'$numberLong': '5'}}}"));
        cases.add(new Case("lte double", new Condition("x.y", Operator.LTE, 2.5), "{'x.y': {'$lte': 2.5}}"));
        cases.add(new Case("ne document", new Condition("d", Operator.NE, Map.of("k", 1)), "{'d': {'$ne': {'k': 1}}}"));
        cases.add(new Case("in list", new Condition("country", Operator.IN, List.of("North Pole", "Moon")),
                "{'country': {'$in': ['North Pole', 'Moon']}}"));
        cases.add(new Case("in set", new Condition("c", Operator.IN, new LinkedHashSet<>(List.of("x", "y"))),
                "{'c': {'$in': ['x', 'y']}}"));
        cases.add(new Case("in empty", new Condition("c", Operator.IN, List.of()), "{'c': {'$in': []}}"));
        cases.add(new Case("nin scalar", new Condition("n", Operator.NIN, 1), "{'n': {'$nin': [1]}}"));
        cases.add(new Case("nin null", new Condition("n", Operator.NIN, null), "{'n': {'$nin': [null]}}"));
        cases.add(new Case("nin list dotted", new Condition("a.b", Operator.NIN, List.of(1, 2)), "{'a.b': {'$nin': [1, 2]}}"));
        cases.add(new Case("and empty", new Filter.And(List.of()), "{}"));
        cases.add(new Case("or empty", new Filter.Or(List.of()), "{'$nor': [{}]}"));
        cases.add(new Case("nor empty", new Filter.Nor(List.of()), "{}"));
        cases.add(new Case("and same key", new Filter.And(List.of(new Condition("a", Operator.GT, 1), new Condition("a", Operator.LT, 9))),
                "{'$and': [{'a': {'$gt': 1}}, {'a': {'$lt': 9}}]}"));
        cases.add(new Case("and with all", new Filter.And(List.of(Filter.ALL, Filter.eq("a", 1))), "{'$and': [{}, {'a': 1}]}"));
        cases.add(new Case("nested", new Filter.And(List.of(
                new Filter.Or(List.of(Filter.eq("a", 1), Filter.eq("b", 2))),
                new Filter.Nor(List.of(new Condition("c", Operator.GT, 3))))),
                "{'$and': [{'$or': [{'a': 1}, {'b': 2}]}, {'$nor': [{'c': {'$gt': 3}}]}]}"));
        cases.add(new Case("deep", new Filter.Or(List.of(
                new Filter.Nor(List.of(new Filter.And(List.of(Filter.eq("x.y", "z"), new Condition("w", Operator.IN, List.of(1)))),
                        new Filter.Or(List.of()))),
                new Filter.And(List.of()))),
                "{'$or': [{'$nor': [{'$and': [{'x.y': 'z'}, {'w': {'$in': [1]}}]}, {'$nor': [{}]}]}, {}]}"));
        cases.add(new Case("expression", new Filter.Expression(expression),
                "{'name': {'$regularExpression': {'pattern': '^J', 'options': 'i'}}, 'age': {'$gte': 18}, "
                        + "'$or': [{'x': {'$exists': true}}, {'tags': {'$elemMatch': {'$in': ['a', 'b']}}}, "
                        + "{'$and': [{'y': 1}, {'y': 2}]}]}"));
        cases.add(new Case("expression in and", new Filter.And(List.of(new Filter.Expression(Map.of("a", Map.of("$size", 2))),
                Filter.eq("a", List.of(1, 2)))), "{'$and': [{'a': {'$size': 2}}, {'a': [1, 2]}]}"));
        cases.add(new Case("empty expression", new Filter.Expression(Map.of()), "{}"));
        return cases;
    }

    /** Compares as Extended JSON text, so that field order counts. */
    private static void assertBson(String expected, BsonDocument actual, String message) {
        assertEquals(BsonDocument.parse(expected).toJson(), actual.toJson(), message);
    }

    @Test
    void everyFilterShapeGivesItsQueryDocument() {
        for (Case c : cases()) {
            assertBson(c.expected(), QueryBson.filter(c.filter()), c.name());
            assertBson(c.expected(), BsonValues.toBsonDocument(QueryDocument.of(c.filter())), c.name() + " (domain map)");
        }
    }

    @Test
    void aScopeSitsBesideTheIdWhenNoKeyCollides() {
        Filter scope = new Filter.And(List.of(Filter.eq("owner", "alice"), Filter.eq("team", "x")));
        assertBson("{'_id': 'a', '$and': [{'owner': 'alice'}, {'team': 'x'}]}", QueryBson.byId("a", scope), "and");
        assertBson("{'_id': 'a', 'owner': 'alice'}", QueryBson.byId("a", Filter.eq("owner", "alice")), "eq");
        Map<String, Object> expression = new LinkedHashMap<>();
        expression.put("owner", "alice");
        expression.put("n", Map.of("$gt", 1));
        assertBson("{'_id': 'a', 'owner': 'alice', 'n': {'$gt': 1}}", QueryBson.byId("a", new Filter.Expression(expression)),
                "expression");
        assertBson("{'_id': 'a'}", QueryBson.byId("a", Filter.ALL), "all");
    }

    @Test
    void aScopeThatCollidesWithTheIdQueryIsCombinedWithAnd() {
        Filter ids = new Filter.Expression(Map.of("_id", Map.of("$in", List.of("a", "z"))));
        assertBson("{'$and': [{'_id': 'a'}, {'_id': {'$in': ['a', 'z']}}]}", QueryBson.byId("a", ids), "byId");
        assertBson("{'$and': [{'_id': 'a'}, {'_id': {'$gt': 'a'}}]}",
                QueryBson.byId("a", new Condition("_id", Operator.GT, "a")), "condition");

        Document current = new Document(Map.of("_id", "a"));
        assertBson("{'$and': [{'_id': 'a', '$expr': {'$eq': ['$$ROOT', {'$literal': {'_id': 'a'}}]}},"
                + " {'_id': {'$in': ['a', 'z']}}]}", QueryBson.exact(current, ids), "exact");
        assertBson("{'_id': 'a', '$expr': {'$eq': ['$$ROOT', {'$literal': {'_id': 'a'}}]}, 'owner': 'alice'}",
                QueryBson.exact(current, Filter.eq("owner", "alice")), "exact beside");
    }
}
