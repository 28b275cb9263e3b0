package dev.mangrove.domain.query;

import dev.mangrove.domain.document.Document;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class QueryWalkerTest {

    @Test
    void operatorsAreFoundInFilterNodesDocumentsListsAndArrays() {
        Filter filter = new Filter.And(List.of(Filter.eq("a", 1),
                new Filter.Or(List.of(new Filter.Nor(List.of(new Filter.Expression(Map.of("b",
                        new Document(new LinkedHashMap<>(Map.of("$gt", new Object[] {Map.of("$where", "1")})))))))))));
        assertEquals(Set.of("$gt", "$where"), QueryWalker.operators(filter));
        assertEquals(Set.of("$where"), QueryWalker.operators(new Filter.Condition("$where", Filter.Operator.EQ, "1")));
        assertEquals(Set.of(), QueryWalker.operators(Filter.ALL));
        assertEquals(Set.of(), QueryWalker.operators(null));
    }

    @Test
    void operatorsOfAHostilelyDeepValueDoNotOverflowTheStack() {
        Object deep = Map.of("$where", "1");
        for (int i = 0; i < 100_000; i++) {
            deep = List.of(Map.of("a", deep));
        }
        assertEquals(Set.of("$where"), QueryWalker.operators(deep));
    }

    @Test
    void fieldsAreReadThroughLogicalOperatorsElemMatchNotAllAndExpr() {
        Map<String, Object> query = Map.of("$and", List.of(
                Map.of("a.0.b", 1),
                Map.of("tags", Map.of("$elemMatch", Map.of("x", 1))),
                Map.of("n", Map.of("$not", Map.of("$elemMatch", Map.of("y", 2)))),
                Map.of("m", Map.of("$all", List.of(Map.of("$elemMatch", Map.of("z", 3))))),
                Map.of("$expr", Map.of("$gt", List.of("$p.$[].q", "$$ROOT.r")))));
        assertEquals(Set.of("a.b", "tags", "tags.x", "n", "n.y", "m", "m.z", "p.q", "r"),
                QueryWalker.fieldsReferenced(new Filter.Expression(query)));
    }

    @Test
    void operatorsThatReadUnnamedFieldsReadTheWholeDocument() {
        for (Map<String, Object> query : List.of(Map.<String, Object>of("$text", Map.of("$search", "x")),
                Map.<String, Object>of("$where", "1"), Map.<String, Object>of("$jsonSchema", Map.of()),
                Map.<String, Object>of("$expr", "$$ROOT"), Map.<String, Object>of("$expr", "$$this"))) {
            assertEquals(Set.of(QueryWalker.WHOLE_DOCUMENT), QueryWalker.fieldsReferenced(query, ""), query.toString());
        }
        assertEquals(Set.of(), QueryWalker.fieldsReferenced(Map.of("$comment", "why"), ""));
        assertEquals(Set.of("a", "b"), QueryWalker.fieldsReferenced(
                new Filter.And(List.of(Filter.eq("a.1", 1), new Filter.Condition("b", Filter.Operator.IN, List.of())))));
        assertEquals(Set.of("items.price"), QueryWalker.fieldsReferenced(Map.of("price", 1), "items"));
    }

    @Test
    void fieldPathsDropArrayPositions() {
        assertEquals("a.b", QueryWalker.fieldPath("a.0.b"));
        assertEquals("a.b", QueryWalker.fieldPath("a.$.b"));
        assertEquals("a.b", QueryWalker.fieldPath("a.$[].b"));
        assertEquals("a.b", QueryWalker.fieldPath("a.$[x].b"));
        assertEquals("", QueryWalker.fieldPath(""));
    }

    @Test
    void subPipelinesOfFacetLookupAndUnionWithAtAnyDepth() {
        List<Object> innermost = List.of(Map.of("$match", Map.of()));
        List<Object> lookupPipeline = List.of(Map.of("$unionWith", Map.of("coll", "c", "pipeline", innermost)));
        List<Object> facet = List.of(Map.of("$lookup", Map.of("from", "b", "as", "x", "pipeline", lookupPipeline)));
        Object pipeline = List.of(Map.of("$facet", Map.of("f", facet)), Map.of("$match", Map.of()));
        assertEquals(List.of(facet, lookupPipeline, innermost), QueryWalker.subPipelines(pipeline));
        assertEquals(List.of(), QueryWalker.subPipelines(Map.of("$facet", Map.of())));
    }

    @Test
    void joinsAreFoundUnderEveryJoinStageAtAnyDepth() {
        Object pipeline = List.of(
                Map.of("$lookup", Map.of("from", "a", "as", "x")),
                Map.of("$graphLookup", Map.of("from", Map.of("db", "other", "coll", "b"), "as", "y")),
                Map.of("$facet", Map.of("f", List.of(Map.of("$unionWith", "c")))),
                Map.of("$unionWith", Map.of("db", "third", "coll", "d")),
                Map.of("$unionWith", Map.of("coll", Map.of("db", "fourth", "coll", "e"),
                        "pipeline", List.of(Map.of("$lookup", Map.of("from", "f", "as", "z"))))));
        List<QueryWalker.Join> joins = new ArrayList<>(QueryWalker.joins(pipeline));
        assertTrue(joins.contains(new QueryWalker.Join("$lookup", null, "a")));
        assertTrue(joins.contains(new QueryWalker.Join("$graphLookup", "other", "b")));
        assertTrue(joins.contains(new QueryWalker.Join("$unionWith", null, "c")));
        assertTrue(joins.contains(new QueryWalker.Join("$unionWith", "third", "d")));
        assertTrue(joins.contains(new QueryWalker.Join("$unionWith", "fourth", "e")));
        assertTrue(joins.contains(new QueryWalker.Join("$lookup", null, "f")));
        assertEquals(6, joins.size(), joins.toString());
        assertEquals(Set.of(new QueryWalker.Join("$lookup", "null", "")),
                QueryWalker.joins(List.of(Map.of("$lookup", Map.of("from", new LinkedHashMap<>(
                        java.util.Collections.singletonMap("db", null)))))));
    }
}
