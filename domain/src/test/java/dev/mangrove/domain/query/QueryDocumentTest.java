package dev.mangrove.domain.query;

import dev.mangrove.domain.document.RegexValue;
import dev.mangrove.domain.query.Filter.Condition;
import dev.mangrove.domain.query.Filter.Operator;
import org.junit.jupiter.api.Test;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;

class QueryDocumentTest {
    @Test
    void matchesEverythingWithAnEmptyDocument() {
        assertEquals(Map.of(), QueryDocument.of(Filter.ALL));
        assertEquals(Map.of(), QueryDocument.of(new Filter.And(List.of())));
        assertEquals(Map.of(), QueryDocument.of(new Filter.Nor(List.of())));
    }

    @Test
    void anEmptyDisjunctionMatchesNothing() {
        assertEquals(Map.of("$nor", List.of(Map.of())), QueryDocument.of(new Filter.Or(List.of())));
    }

    @Test
    void equalityIsAPlainValueUnlessItCouldReadAsOperatorsOrAPattern() {
        assertEquals(Map.of("a.b", 1), QueryDocument.of(Filter.eq("a.b", 1)));
        assertEquals(Map.of("_id", Map.of("$eq", Map.of("$gt", 1))), QueryDocument.of(Filter.eq("_id", Map.of("$gt", 1))));
        RegexValue regex = new RegexValue("^a", "i");
        assertEquals(Map.of("p", Map.of("$eq", regex)), QueryDocument.of(Filter.eq("p", regex)));
    }

    @Test
    void comparisonsUseTheirOperators() {
        assertEquals(Map.of("n", Map.of("$ne", 1)), QueryDocument.of(new Condition("n", Operator.NE, 1)));
        assertEquals(Map.of("n", Map.of("$gt", 1)), QueryDocument.of(new Condition("n", Operator.GT, 1)));
        assertEquals(Map.of("n", Map.of("$gte", 1)), QueryDocument.of(new Condition("n", Operator.GTE, 1)));
        assertEquals(Map.of("n", Map.of("$lt", 1)), QueryDocument.of(new Condition("n", Operator.LT, 1)));
        assertEquals(Map.of("n", Map.of("$lte", 1)), QueryDocument.of(new Condition("n", Operator.LTE, 1)));
    }

    @Test
    void inAndNinAlwaysTakeAList() {
        assertEquals(Map.of("c", Map.of("$in", List.of("x", "y"))),
                QueryDocument.of(new Condition("c", Operator.IN, new LinkedHashSet<>(List.of("x", "y")))));
        assertEquals(Map.of("c", Map.of("$nin", List.of(1))), QueryDocument.of(new Condition("c", Operator.NIN, 1)));
        assertEquals(Map.of("c", Map.of("$nin", Collections.singletonList(null))),
                QueryDocument.of(new Condition("c", Operator.NIN, null)));
    }

    @Test
    void logicalNodesNestAndKeepConditionsOnTheSameFieldApart() {
        Filter filter = new Filter.And(List.of(new Condition("a", Operator.GT, 1), new Condition("a", Operator.LT, 9),
                new Filter.Or(List.of(Filter.eq("b", 1), new Filter.Nor(List.of(Filter.eq("c", 2)))))));
        assertEquals(Map.of("$and", List.of(Map.of("a", Map.of("$gt", 1)), Map.of("a", Map.of("$lt", 9)),
                Map.of("$or", List.of(Map.of("b", 1), Map.of("$nor", List.of(Map.of("c", 2))))))), QueryDocument.of(filter));
    }

    @Test
    void anExpressionIsCopiedInItsOrder() {
        Map<String, Object> query = new LinkedHashMap<>();
        query.put("z", Map.of("$exists", true));
        query.put("a", Map.of("$elemMatch", Map.of("$in", List.of(1))));
        Map<String, Object> document = QueryDocument.of(new Filter.Expression(query));
        assertEquals(query, document);
        assertEquals(List.of("z", "a"), List.copyOf(document.keySet()));
        assertNotSame(query, document);
        document.put("extra", 1);
        assertEquals(2, query.size(), "the filter's own map is not changed through the query document");
    }
}
