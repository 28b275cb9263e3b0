package dev.mangrove.domain.write;

import dev.mangrove.domain.document.Document;
import dev.mangrove.domain.error.ErrorKind;
import dev.mangrove.domain.error.MangroveException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class UpdateTest {
    private static final Object ID = 42;

    /** A document from alternating names and values, keeping their order. */
    private static Document doc(Object... namesAndValues) {
        Map<String, Object> fields = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            fields.put((String) namesAndValues[i], namesAndValues[i + 1]);
        }
        return new Document(fields);
    }

    private static Map<String, Object> map(Object... namesAndValues) {
        return doc(namesAndValues).fields();
    }

    private static MangroveException rejected(Document body, Object id, boolean hasId, String code) {
        MangroveException e = assertThrows(MangroveException.class, () -> Update.fromPatchBody(body, id, hasId));
        assertEquals(ErrorKind.BAD_REQUEST, e.kind());
        assertEquals(code, e.code());
        return e;
    }

    @Test
    void plainFieldsBecomeSet() {
        Update update = Update.fromPatchBody(doc("name", "Ada", "age", 36), ID, true);
        assertEquals(Map.of("$set", map("name", "Ada", "age", 36)), update.operators());
        assertEquals(List.of("name", "age"), List.copyOf(update.operators().get("$set").keySet()));
    }

    @Test
    void dottedPathsStayDottedInSet() {
        Update update = Update.fromPatchBody(doc("address.city", "Paris", "tags.0", "x"), ID, true);
        assertEquals(Map.of("$set", map("address.city", "Paris", "tags.0", "x")), update.operators());
    }

    @Test
    void nestedValuesAreSetWhole() {
        Map<String, Object> address = map("city", "Paris", "$odd", 1);
        Update update = Update.fromPatchBody(doc("address", address), ID, true);
        assertEquals(Map.of("$set", map("address", address)), update.operators());
    }

    @Test
    void operatorsAreTakenAsIs() {
        Document body = doc("$inc", map("n", 1), "$unset", map("old", ""), "$push", map("tags", "x"),
                "$rename", map("a", "b"), "$currentDate", map("at", true));
        Update update = Update.fromPatchBody(body, ID, true);
        assertEquals(body.fields(), update.operators());
    }

    @ParameterizedTest
    @ValueSource(strings = {"$set", "$unset", "$inc", "$mul", "$min", "$max", "$rename", "$currentDate", "$push",
            "$pull", "$pullAll", "$addToSet", "$pop", "$setOnInsert"})
    void everyAllowedOperatorIsAccepted(String op) {
        Object value = op.equals("$rename") ? "b" : 1;
        Update update = Update.fromPatchBody(doc(op, map("a", value)), ID, true);
        assertEquals(Map.of(op, map("a", value)), update.operators());
    }

    @Test
    void mixingPlainFieldsAndOperatorsIsBadRequest() {
        rejected(doc("name", "Ada", "$inc", map("n", 1)), ID, true, "mixed-update");
        rejected(doc("$inc", map("n", 1), "name", "Ada"), ID, true, "mixed-update");
    }

    @ParameterizedTest
    @ValueSource(strings = {"$where", "$foo", "$", "$out", "$merge", "$SET", "$bit"})
    void unknownOperatorIsBadRequest(String op) {
        MangroveException e = rejected(doc(op, map("a", 1)), ID, true, "invalid-update-operator");
        assertTrue(e.detail().contains(op), e.detail());
        assertTrue(e.detail().contains("$set"), "lists the allowed operators: " + e.detail());
    }

    @Test
    void operatorValueMustBeADocument() {
        rejected(doc("$set", 5), ID, true, "invalid-update-operator");
        rejected(doc("$inc", List.of("n")), ID, true, "invalid-update-operator");
        rejected(doc("$unset", "a"), ID, true, "invalid-update-operator");
    }

    @Test
    void changingIdWithPlainFieldIsBadRequest() {
        rejected(doc("_id", 43), ID, true, "immutable-id");
        rejected(doc("_id", 43, "a", 1), ID, true, "immutable-id");
        rejected(doc("_id.x", 1), ID, true, "immutable-id");
    }

    @Test
    void changingIdWithOperatorsIsBadRequest() {
        rejected(doc("$set", map("_id", 43)), ID, true, "immutable-id");
        rejected(doc("$set", map("_id.sub", 1)), ID, true, "immutable-id");
        rejected(doc("$setOnInsert", map("_id", 43)), ID, true, "immutable-id");
        rejected(doc("$unset", map("_id", "")), ID, true, "immutable-id");
        rejected(doc("$inc", map("_id", 1)), ID, true, "immutable-id");
        rejected(doc("$currentDate", map("_id", true)), ID, true, "immutable-id");
        rejected(doc("$rename", map("_id", "old_id")), ID, true, "immutable-id");
        rejected(doc("$rename", map("other", "_id")), ID, true, "immutable-id");
        rejected(doc("$rename", map("other", "_id.x")), ID, true, "immutable-id");
    }

    @Test
    void idFieldsAreNotConfusedWithSimilarNames() {
        Update update = Update.fromPatchBody(doc("_idx", 1, "my_id", 2), ID, true);
        assertEquals(Map.of("$set", map("_idx", 1, "my_id", 2)), update.operators());
        Update rename = Update.fromPatchBody(doc("$rename", map("a", "_idx")), ID, true);
        assertEquals(Map.of("$rename", map("a", "_idx")), rename.operators());
    }

    @Test
    void sameIdIsDropped() {
        assertEquals(Map.of("$set", map("a", 1)), Update.fromPatchBody(doc("_id", 42, "a", 1), ID, true).operators());
        assertEquals(Map.of("$set", map("a", 1)),
                Update.fromPatchBody(doc("$set", map("_id", 42, "a", 1)), ID, true).operators());
        assertEquals(Map.of("$inc", map("n", 1)),
                Update.fromPatchBody(doc("$set", map("_id", 42), "$inc", map("n", 1)), ID, true).operators());
    }

    @Test
    void nullIdIsComparedLikeAnyOther() {
        assertEquals(Map.of("$set", map("a", 1)), Update.fromPatchBody(doc("_id", null, "a", 1), null, true).operators());
        rejected(doc("_id", 1, "a", 1), null, true, "immutable-id");
    }

    @Test
    void bulkUpdateCannotSetIdAtAll() {
        rejected(doc("_id", 42, "a", 1), null, false, "immutable-id");
        rejected(doc("$set", map("_id", null)), null, false, "immutable-id");
        assertEquals(Map.of("$set", map("a", 1)), Update.fromPatchBody(doc("a", 1), null, false).operators());
    }

    @Test
    void emptyBodyIsBadRequest() {
        rejected(doc(), ID, true, "empty-update");
        rejected(doc(), null, false, "empty-update");
    }

    @Test
    void bodyThatOnlyRepeatsTheIdIsEmpty() {
        rejected(doc("_id", 42), ID, true, "empty-update");
        rejected(doc("$set", map("_id", 42)), ID, true, "empty-update");
        rejected(doc("$set", map()), ID, true, "empty-update");
        rejected(doc("$set", map(), "$inc", map()), ID, true, "empty-update");
    }

    @Test
    void emptyOperatorsNextToOthersAreDropped() {
        assertEquals(Map.of("$inc", map("n", 1)),
                Update.fromPatchBody(doc("$set", map(), "$inc", map("n", 1)), ID, true).operators());
    }

    @Test
    void theBodyIsNotModified() {
        Map<String, Object> set = map("_id", 42, "a", 1);
        Document body = doc("$set", set);
        Update.fromPatchBody(body, ID, true);
        assertEquals(map("_id", 42, "a", 1), set);
        Document plain = doc("_id", 42, "a", 1);
        Update.fromPatchBody(plain, ID, true);
        assertEquals(map("_id", 42, "a", 1), plain.fields());
    }
}
