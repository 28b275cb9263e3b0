package dev.mangrove.domain.document;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RegexValueTest {
    @Test
    void aPatternThatDoesNotCompileIsAProblem() {
        assertTrue(RegexValue.problem("(", "").orElseThrow().contains("Unclosed group"));
    }

    @Test
    void anUnknownOptionIsAProblem() {
        assertTrue(RegexValue.problem("a", "q").orElseThrow().contains("'q'"));
    }

    @Test
    void aValidRegexHasNone() {
        assertEquals(java.util.Optional.empty(), RegexValue.problem("^a.*b$", "imsx"));
    }
}
