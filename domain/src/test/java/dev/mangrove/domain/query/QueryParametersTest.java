package dev.mangrove.domain.query;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class QueryParametersTest {
    @Test
    void filterDialectsAndTypedFieldsSelectDocumentsOtherReservedNamesDoNot() {
        for (String name : new String[] {"filter", "where", "and", "or", "nor", "name", "price", "a.b"}) {
            assertTrue(QueryParameters.selectsDocuments(name), name);
        }
        for (String name : new String[] {"", "keys", "sort", "page", "pagesize", "wm", "force", "rep", "_skip",
                "_anything", "embedded", "avars", "count", "hint", "pretty", "jsonMode", "id_type", "sid", "txn"}) {
            assertFalse(QueryParameters.selectsDocuments(name), name);
        }
        assertTrue(QueryParameters.isReserved("filter"));
        assertTrue(QueryParameters.isReserved("_limit"));
        assertFalse(QueryParameters.isReserved("name"));
        assertTrue(QueryParameters.RESERVED.containsAll(QueryParameters.FILTERS));
    }
}
