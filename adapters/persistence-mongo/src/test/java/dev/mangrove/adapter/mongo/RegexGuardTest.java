package dev.mangrove.adapter.mongo;

import dev.mangrove.domain.error.ErrorKind;
import dev.mangrove.domain.error.MangroveException;
import org.bson.BsonDocument;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RegexGuardTest {
    @ParameterizedTest
    @ValueSource(strings = {"^(.*a){8}$", "(a+)+b", "(a*)*", "(a|a)*b", "(a|aa)+$", "((ab)*c)+", "(\\w+\\s?)*$",
            "(.*)\\1", "(?<x>a)\\k<x>", ".*a.*a.*a.*a", "(?:a+){2,}", "(x+x+)+y"})
    void refusesPatternsThatCanBacktrackWithoutBound(String pattern) {
        assertNotNull(RegexGuard.unsafety(pattern), pattern);
    }

    @ParameterizedTest
    @ValueSource(strings = {"^abc", "^item-\\d+$", "(?i)^jo", "^https?://[^/]+/.*$", "(ab)+c", "(?:foo)?bar",
            "[(*+)]+x", "\\(a+\\)+", "a{2,5}b", "^.*foo.*$", "(a|b)", "colou?r", "\\Q(a+)+\\E", "x{3}(?=y)"})
    void acceptsPatternsThatCannot(String pattern) {
        assertNull(RegexGuard.unsafety(pattern), pattern);
    }

    @Test
    void refusesTheIssuesPatternInAFilterAsA400() {
        BsonDocument filter = BsonDocument.parse("{\"text\": {\"$regex\": \"^(.*a){8}$\"}}");
        MangroveException e = assertThrows(MangroveException.class,
                () -> RegexGuard.forBackend(true).check(filter));
        assertEquals("regex-too-complex", e.code());
        assertEquals(ErrorKind.BAD_REQUEST, e.kind());
        assertTrue(e.detail().contains("nested quantifiers"), e.detail());
    }

    @Test
    void findsPatternsAtAnyDepthAndInExpressions() {
        RegexGuard guard = RegexGuard.forBackend(true);
        assertThrows(MangroveException.class, () -> guard.check(BsonDocument.parse(
                "{\"$or\": [{\"a\": 1}, {\"b\": {\"$regularExpression\": {\"pattern\": \"(a+)+\", \"options\": \"\"}}}]}")));
        assertThrows(MangroveException.class, () -> guard.check(BsonDocument.parse(
                "{\"$match\": {\"$expr\": {\"$regexMatch\": {\"input\": \"$t\", \"regex\": \"(a|a)*\"}}}}")));
        assertDoesNotThrow(() -> guard.check(BsonDocument.parse("{\"a\": {\"$regex\": \"^ab\", \"$options\": \"i\"}}")));
    }

    @Test
    void anInvalidPatternIsA400NamingTheProblem() {
        MangroveException e = assertThrows(MangroveException.class, () -> RegexGuard.forBackend(true)
                .check(BsonDocument.parse("{\"name\": {\"$regex\": \"(\"}}")));
        assertEquals("invalid-regex", e.code());
        assertTrue(e.detail().contains("Unclosed group"), e.detail());
    }

    @Test
    void doesNothingOnMongoDb() {
        assertDoesNotThrow(() -> RegexGuard.forBackend(false).check(BsonDocument.parse("{\"t\": {\"$regex\": \"(a+)+\"}}")));
    }
}
