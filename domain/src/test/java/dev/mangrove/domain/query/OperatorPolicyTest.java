package dev.mangrove.domain.query;

import dev.mangrove.domain.document.Document;
import dev.mangrove.domain.document.ObjectIdValue;
import dev.mangrove.domain.error.ErrorKind;
import dev.mangrove.domain.error.MangroveException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class OperatorPolicyTest {
    private final OperatorPolicy policy = OperatorPolicy.create(Set.of("$regex", "text"));

    private static Filter expression(Map<String, Object> query) {
        return new Filter.Expression(query);
    }

    private void assertDenied(String operator, Filter filter) {
        MangroveException e = assertThrows(MangroveException.class, () -> policy.check(filter));
        assertEquals(ErrorKind.BAD_REQUEST, e.kind());
        assertEquals("operator-not-allowed", e.code());
        assertEquals("Operator " + operator + " is not allowed in filters", e.detail());
    }

    @ParameterizedTest
    @ValueSource(strings = {"$where", "$function", "$accumulator", "$regex", "$text"})
    void deniesTopLevelOperators(String operator) {
        assertDenied(operator, expression(Map.of(operator, "x")));
    }

    @Test
    void deniesOperatorsNestedInLogicalOperatorsAndArrays() {
        assertDenied("$where", expression(Map.of("$and", List.of(Map.of("a", 1),
                Map.of("$or", List.of(Map.of("$nor", List.of(Map.of("$where", "sleep(1000)")))))))));
    }

    @Test
    void deniesOperatorsInsideNotElemMatchAndExpr() {
        assertDenied("$function", expression(Map.of("$expr", Map.of("$gt",
                List.of(Map.of("$function", Map.of("body", "f", "args", List.of(), "lang", "js")), 1)))));
        assertDenied("$where", expression(Map.of("tags", Map.of("$elemMatch", Map.of("$not", Map.of("$where", "1"))))));
        assertDenied("$accumulator", expression(Map.of("a", List.of(List.of(List.of(Map.of("$accumulator", 1)))))));
    }

    @Test
    void deniesOperatorsInsideDocumentsAndAstNodes() {
        Document nested = new Document(new LinkedHashMap<>(Map.of("$where", "true")));
        assertDenied("$where", new Filter.And(List.of(Filter.eq("a", 1),
                new Filter.Or(List.of(new Filter.Nor(List.of(expression(Map.of("b", nested)))))))));
        assertDenied("$where", new Filter.Condition("$where", Filter.Operator.EQ, "1"));
        assertDenied("$regex", new Filter.Condition("a", Filter.Operator.EQ, Map.of("$regex", "x")));
    }

    @Test
    void deniesOperatorsAtAnyDepthWithoutOverflowingTheStack() {
        Object query = Map.of("$where", "1");
        for (int i = 0; i < 100_000; i++) {
            query = i % 2 == 0 ? List.of(query) : Map.of("$and", query);
        }
        assertDenied("$where", expression(Map.of("$or", query)));
    }

    @Test
    void allowsOrdinaryOperatorsAndDecodedValues() {
        Map<String, Object> query = new LinkedHashMap<>();
        query.put("_id", new ObjectIdValue("5f0c8a2b9d3e4a1b2c3d4e5f"));
        query.put("when", Map.of("$gte", Instant.EPOCH));
        query.put("price", Map.of("$lt", new BigDecimal("9.99")));
        query.put("$or", List.of(Map.of("a", Map.of("$in", List.of(1, 2))), Map.of("b", Map.of("$exists", false))));
        query.put("where", "a field named like an operator");
        query.put("n", null);
        assertDoesNotThrow(() -> policy.check(expression(query)));
        assertDoesNotThrow(() -> policy.check(Filter.ALL));
        assertDoesNotThrow(() -> policy.check(new Filter.Condition("function", Filter.Operator.IN, List.of("$where"))));
    }

    @Test
    void deniesOnlyWhatIsConfigured() {
        OperatorPolicy defaults = OperatorPolicy.create(Set.of());
        assertEquals(OperatorPolicy.ALWAYS_DENIED, defaults.denied());
        assertDoesNotThrow(() -> defaults.check(expression(Map.of("a", Map.of("$regex", "x")))));
        assertEquals(Set.of("$where", "$function", "$accumulator", "$regex", "$text"), policy.denied());
    }
}
