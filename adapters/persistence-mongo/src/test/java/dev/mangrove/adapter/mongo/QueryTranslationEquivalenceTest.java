package dev.mangrove.adapter.mongo;

import dev.mangrove.domain.document.ObjectIdValue;
import dev.mangrove.domain.document.RegexValue;
import dev.mangrove.domain.query.Filter;
import dev.mangrove.domain.query.Filter.Condition;
import dev.mangrove.domain.query.Filter.Operator;
import org.bson.BsonDocument;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The two old translations of a filter (QueryBson.toQuery, QueryDocuments.of) give the same query document. */
class QueryTranslationEquivalenceTest {

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

    @SuppressWarnings("unchecked")
    private static Map<String, Object> call(String className, String method, Filter filter) throws Exception {
        Method m = Class.forName(className).getDeclaredMethod(method, Filter.class);
        m.setAccessible(true);
        return (Map<String, Object>) m.invoke(null, filter);
    }

    @Test
    void bothOldTranslationsGiveTheSameQueryDocument() throws Exception {
        for (Case c : cases()) {
            Map<String, Object> bson = call("dev.mangrove.adapter.mongo.QueryBson", "toQuery", c.filter());
            Map<String, Object> plain = call("dev.mangrove.application.service.QueryDocuments", "of", c.filter());
            assertEquals(bson, plain, c.name());
            assertEquals(bson.toString(), plain.toString(), c.name() + " (order)");
            assertEquals(BsonDocument.parse(c.expected()).toJson(), BsonValues.toBsonDocument(plain).toJson(), c.name());
            assertEquals(BsonDocument.parse(c.expected()).toJson(), QueryBson.filter(c.filter()).toJson(), c.name());
        }
    }
}
