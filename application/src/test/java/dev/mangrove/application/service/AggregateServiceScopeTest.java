package dev.mangrove.application.service;

import dev.mangrove.application.port.in.AggregateQuery;
import dev.mangrove.application.port.out.DocumentCursor;
import dev.mangrove.domain.error.ErrorKind;
import dev.mangrove.domain.error.MangroveException;
import dev.mangrove.domain.query.Filter;
import dev.mangrove.domain.query.Projection;
import dev.mangrove.domain.query.QueryDocument;
import dev.mangrove.domain.resource.Namespace;
import dev.mangrove.domain.security.DataScope;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Aggregations within the caller's data scope: its stages come first, after the client's are checked. */
class AggregateServiceScopeTest {
    private static final Namespace NS = Namespace.of("shop", "orders");

    private static List<Map<String, Object>> run(List<Object> pipeline, DataScope scope) {
        List<List<Map<String, Object>>> seen = new ArrayList<>();
        AggregateService service = new AggregateService((ns, stages, skip, limit) -> {
            seen.add(stages);
            return DocumentCursor.of(List.of());
        }, new InMemoryCatalogStore().withDatabase("shop", "orders"));
        service.aggregate(new AggregateQuery(NS, pipeline, Set.of(), 0, 10, scope)).close();
        return seen.get(0);
    }

    @Test
    void theReadFilterAndProjectionLeadThePipeline() {
        DataScope scope = new DataScope(Filter.and(List.of(Filter.eq("owner", "bob"),
                new Filter.Condition("n", Filter.Operator.IN, List.of(1, 2)))), Filter.ALL, Map.of(),
                new Projection(Map.of("secret", 0)));
        List<Map<String, Object>> stages = run(List.of(Map.of("$group", Map.of("_id", "$secret"))), scope);
        assertEquals(3, stages.size(), stages.toString());
        assertEquals(Map.of("$match", Map.of("$and", List.of(Map.of("owner", "bob"), Map.of("n", Map.of("$in",
                List.of(1, 2)))))), stages.get(0));
        assertEquals(Map.of("$project", Map.of("secret", 0)), stages.get(1), "later stages never see hidden fields");
        assertEquals(Map.of("$group", Map.of("_id", "$secret")), stages.get(2));
    }

    @Test
    void onlyTheProjectionWhenThereIsNoReadFilter() {
        List<Map<String, Object>> stages = run(List.of(), new DataScope(Filter.ALL, Filter.ALL, Map.of(),
                new Projection(Map.of("a", 1))));
        assertEquals(List.of(Map.of("$project", Map.of("a", 1))), stages);
    }

    @Test
    void anUnrestrictedScopeAddsNothing() {
        assertEquals(List.of(Map.of("$match", Map.of())), run(List.of(Map.of("$match", Map.of())), DataScope.UNRESTRICTED));
    }

    @Test
    void theClientPipelineIsStillChecked() {
        MangroveException e = assertThrows(MangroveException.class, () -> run(List.of(Map.of("$out", "x")),
                new DataScope(Filter.eq("a", 1), Filter.ALL, Map.of(), Projection.none())));
        assertEquals(ErrorKind.FORBIDDEN, e.kind());
        assertTrue(QueryDocument.of(new Filter.Or(List.of())).containsKey("$nor"), "an empty $or matches nothing");
    }

    @Test
    void aScopedCallerMayNotRunStagesThatReadSomethingElseThanTheScopedDocuments() {
        DataScope scope = new DataScope(Filter.eq("owner", "bob"), Filter.ALL, Map.of(), Projection.none());
        for (String stage : List.of("$indexStats", "$collStats", "$currentOp", "$listSessions", "$documents",
                "$planCacheStats")) {
            MangroveException e = assertThrows(MangroveException.class,
                    () -> run(List.of(Map.of(stage, Map.of())), scope), stage);
            assertEquals("stage-not-allowed", e.code());
            assertEquals(ErrorKind.FORBIDDEN, e.kind());
        }
        MangroveException nested = assertThrows(MangroveException.class, () -> run(List.of(Map.of("$facet",
                Map.of("x", List.of(Map.of("$indexStats", Map.of()))))), scope));
        assertTrue(nested.detail().contains("$indexStats"), nested.detail());
        assertEquals(2, run(List.of(Map.of("$group", Map.of("_id", "$owner"))), scope).size());
    }

    @Test
    void anUnrestrictedCallerMayRunThem() {
        assertEquals(List.of(Map.of("$indexStats", Map.of())), run(List.of(Map.of("$indexStats", Map.of())),
                DataScope.UNRESTRICTED));
    }
}
