package dev.mangrove.adapter.mongo;

import dev.mangrove.domain.document.ObjectIdValue;
import dev.mangrove.domain.document.RegexValue;
import dev.mangrove.domain.query.Filter;
import dev.mangrove.domain.query.Hint;
import dev.mangrove.domain.query.Projection;
import dev.mangrove.domain.query.Sort;
import dev.mangrove.domain.write.Update;
import org.bson.BsonDocument;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class QueryBsonTest {
    /** Compares as Extended JSON text, so that field order counts. */
    private static void assertBson(String expected, BsonDocument actual) {
        assertEquals(BsonDocument.parse(expected).toJson(), actual.toJson());
    }

    @Test
    void translatesAllToAnEmptyQuery() {
        assertBson("{}", QueryBson.filter(Filter.ALL));
    }

    @Test
    void translatesEqualityToAPlainFieldValue() {
        assertBson("{'country': 'USA'}", QueryBson.filter(Filter.eq("country", "USA")));
    }

    @Test
    void translatesComparisonsToTheirOperators() {
        assertBson("{'ratio': {'$gte': 50}}",
                QueryBson.filter(new Filter.Condition("ratio", Filter.Operator.GTE, 50)));
        assertBson("{'a.b': {'$ne': null}}",
                QueryBson.filter(new Filter.Condition("a.b", Filter.Operator.NE, null)));
        assertBson("{'n': {'$lt': {'$numberLong': '5'}}}",
                QueryBson.filter(new Filter.Condition("n", Filter.Operator.LT, 5L)));
    }

    @Test
    void translatesInAndNinToArrays() {
        assertBson("{'country': {'$in': ['North Pole', 'Moon']}}",
                QueryBson.filter(new Filter.Condition("country", Filter.Operator.IN, List.of("North Pole", "Moon"))));
        assertBson("{'n': {'$nin': [1]}}",
                QueryBson.filter(new Filter.Condition("n", Filter.Operator.NIN, 1)));
    }

    @Test
    void translatesLogicalNodesRecursively() {
        Filter filter = new Filter.And(List.of(
                new Filter.Or(List.of(Filter.eq("a", 1), Filter.eq("b", 2))),
                new Filter.Nor(List.of(new Filter.Condition("c", Filter.Operator.GT, 3)))));

        assertBson("{'$and': [{'$or': [{'a': 1}, {'b': 2}]}, {'$nor': [{'c': {'$gt': 3}}]}]}",
                QueryBson.filter(filter));
    }

    @Test
    void translatesEmptyLogicalNodesToValidQueries() {
        assertBson("{}", QueryBson.filter(new Filter.And(List.of())));
        assertBson("{}", QueryBson.filter(new Filter.Nor(List.of())));
        assertBson("{'$nor': [{}]}", QueryBson.filter(new Filter.Or(List.of())));
    }

    @Test
    void passesExpressionsThroughAsTheyAre() {
        Map<String, Object> query = new LinkedHashMap<>();
        query.put("name", new RegexValue("^J", "i"));
        query.put("$or", List.of(Map.of("x", Map.of("$exists", true))));

        assertBson("{'name': {'$regularExpression': {'pattern': '^J', 'options': 'i'}},"
                + " '$or': [{'x': {'$exists': true}}]}", QueryBson.filter(new Filter.Expression(query)));
    }

    @Test
    void comparesDocumentAndRegexValuesExactlyInEquality() {
        assertBson("{'_id': {'$eq': {'$gt': 1}}}", QueryBson.byId(Map.of("$gt", 1)));
        assertBson("{'p': {'$eq': {'$regularExpression': {'pattern': 'a', 'options': ''}}}}",
                QueryBson.filter(Filter.eq("p", new RegexValue("a", ""))));
    }

    @Test
    void selectsByIdWithTheDomainValue() {
        assertBson("{'_id': {'$oid': '65a1b2c3d4e5f60718293a4b'}}",
                QueryBson.byId(new ObjectIdValue("65a1b2c3d4e5f60718293a4b")));
    }

    @Test
    void translatesSortKeysToDirections() {
        assertBson("{'name': 1, 'age': -1}",
                QueryBson.sort(new Sort(List.of(new Sort.Key("name", true), new Sort.Key("age", false)))));
        assertNull(QueryBson.sort(new Sort(List.of())));
    }

    @Test
    void passesProjectionThroughAndOmitsAnEmptyOne() {
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("a", 1);
        spec.put("b.c", 0);

        assertBson("{'a': 1, 'b.c': 0}", QueryBson.projection(new Projection(spec)));
        assertNull(QueryBson.projection(Projection.none()));
    }

    @Test
    void turnsUpdateOperatorsIntoTheUpdateDocument() {
        Map<String, Map<String, Object>> ops = new LinkedHashMap<>();
        ops.put("$set", Map.of("a", 1));
        ops.put("$unset", Map.of("b", ""));

        assertBson("{'$set': {'a': 1}, '$unset': {'b': ''}}", QueryBson.update(new Update(ops)));
    }

    @Test
    void translatesHintsToAnIndexNameOrKeyDocument() {
        Map<String, Object> keys = new LinkedHashMap<>();
        keys.put("name", 1);
        keys.put("age", -1);
        assertBson("{'name': 1, 'age': -1}", QueryBson.hintKeys(new Hint.IndexKeys(keys)));
        assertNull(QueryBson.hintName(new Hint.IndexKeys(keys)));
        assertEquals("name_1", QueryBson.hintName(new Hint.IndexName("name_1")));
        assertNull(QueryBson.hintKeys(new Hint.IndexName("name_1")));
        assertNull(QueryBson.hintKeys(Hint.NONE));
        assertNull(QueryBson.hintName(Hint.NONE));
    }
}
