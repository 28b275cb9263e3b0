package dev.mangrove.domain.query;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class QueryTest {
    private static final Filter A = Filter.eq("a", 1);
    private static final Filter B = new Filter.Condition("b", Filter.Operator.GT, 2);

    // --- Filter.and ------------------------------------------------------------------------------

    @Test
    void andOfNothingMatchesAll() {
        assertSame(Filter.ALL, Filter.and(List.of()));
        assertSame(Filter.ALL, Filter.and(List.of(Filter.ALL, new Filter.All())));
    }

    @Test
    void andOfOneIsItself() {
        assertSame(A, Filter.and(List.of(A)));
        assertSame(A, Filter.and(List.of(Filter.ALL, A, Filter.ALL)));
    }

    @Test
    void andDropsAllAndKeepsOrder() {
        assertEquals(new Filter.And(List.of(A, B)), Filter.and(List.of(A, Filter.ALL, B)));
        assertEquals(new Filter.And(List.of(B, A)), Filter.and(List.of(B, A)));
    }

    @Test
    void andIsNotChangedByItsSourceList() {
        List<Filter> source = new ArrayList<>(List.of(A, B));
        Filter and = Filter.and(source);
        source.add(Filter.eq("c", 3));
        assertEquals(new Filter.And(List.of(A, B)), and);
        assertThrows(UnsupportedOperationException.class, () -> ((Filter.And) and).filters().add(A));
    }

    @Test
    void eqIsAnEqualityCondition() {
        assertEquals(new Filter.Condition("a.b", Filter.Operator.EQ, null), Filter.eq("a.b", null));
    }

    // --- Query ----------------------------------------------------------------------------------

    @Test
    void queryRejectsNegativeSkip() {
        assertThrows(IllegalArgumentException.class, () -> new Query(Filter.ALL, Projection.none(), Sort.BY_ID, -1, 10));
    }

    @Test
    void queryRejectsLimitBelowUnlimited() {
        assertThrows(IllegalArgumentException.class, () -> new Query(Filter.ALL, Projection.none(), Sort.BY_ID, 0, -2));
        assertDoesNotThrow(() -> new Query(Filter.ALL, Projection.none(), Sort.BY_ID, 0, Query.UNLIMITED));
        assertDoesNotThrow(() -> new Query(Filter.ALL, Projection.none(), Sort.BY_ID, 0, 0));
    }

    @Test
    void queryRequiresFilterProjectionAndSort() {
        assertThrows(NullPointerException.class, () -> new Query(null, Projection.none(), Sort.BY_ID, 0, 1));
        assertThrows(NullPointerException.class, () -> new Query(Filter.ALL, null, Sort.BY_ID, 0, 1));
        assertThrows(NullPointerException.class, () -> new Query(Filter.ALL, Projection.none(), null, 0, 1));
    }

    @Test
    void pageQueryReadsOnePageInIdOrder() {
        Query query = Query.page(new PageRequest(3, 10));
        assertEquals(new Query(Filter.ALL, Projection.none(), Sort.BY_ID, 20, 10), query);
        assertEquals(List.of(new Sort.Key("_id", true)), query.sort().keys());
    }

    // --- Projection and Sort -------------------------------------------------------------------

    @Test
    void projectionIsACopyInOrder() {
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("b", 1);
        spec.put("a", 1);
        Projection projection = new Projection(spec);
        spec.put("c", 1);
        assertEquals(List.of("b", "a"), List.copyOf(projection.spec().keySet()));
        assertFalse(projection.isNone());
        assertTrue(Projection.none().isNone());
        assertThrows(UnsupportedOperationException.class, () -> projection.spec().put("d", 0));
    }

    @Test
    void sortKeysAreCopied() {
        List<Sort.Key> keys = new ArrayList<>(List.of(new Sort.Key("name", true)));
        Sort sort = new Sort(keys);
        keys.add(new Sort.Key("age", false));
        assertEquals(List.of(new Sort.Key("name", true)), sort.keys());
    }
}
