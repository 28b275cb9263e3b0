package dev.mangrove.domain.error;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MangroveExceptionTest {

    @Test
    void factoriesSetKindAndCode() {
        assertEquals(ErrorKind.BAD_REQUEST, MangroveException.badRequest("c", "d").kind());
        assertEquals(ErrorKind.NOT_FOUND, MangroveException.notFound("c", "d").kind());
        assertEquals(ErrorKind.CONFLICT, MangroveException.conflict("c", "d").kind());
        assertEquals(ErrorKind.FORBIDDEN, MangroveException.forbidden("c", "d").kind());
        MangroveException e = MangroveException.of(ErrorKind.UNAVAILABLE, "backend-unavailable", "down");
        assertEquals(503, e.kind().status());
        assertEquals("backend-unavailable", e.code());
        assertEquals("down", e.detail());
        assertEquals(List.of(), e.errors());
        assertEquals(Map.of(), e.headers());
        assertNull(e.getCause());
    }

    @Test
    void copiesAddErrorsHeadersAndCauseWithoutChangingTheOriginal() {
        MangroveException base = MangroveException.badRequest("invalid-document", "bad");
        ErrorDetail detail = ErrorDetail.at(3, 409, "duplicate-key", "dup");
        RuntimeException cause = new RuntimeException("driver");
        MangroveException copy = base.withErrors(List.of(detail)).withHeader("Retry-After", "5")
                .withHeader("X", "y").withCause(cause);
        assertEquals(List.of(detail), copy.errors());
        assertEquals(Map.of("Retry-After", "5", "X", "y"), copy.headers());
        assertSame(cause, copy.getCause());
        assertEquals("invalid-document", copy.code());
        assertEquals("bad", copy.detail());
        assertEquals(ErrorKind.BAD_REQUEST, copy.kind());
        assertEquals(List.of(), base.errors());
        assertEquals(Map.of(), base.headers());
        assertNull(base.getCause());
    }

    @Test
    void stackTracesAreKeptOnlyWithACause() {
        assertEquals(0, MangroveException.badRequest("c", "d").getStackTrace().length);
        assertTrue(MangroveException.badRequest("c", "d").withCause(new RuntimeException()).getStackTrace().length > 0);
    }

    @Test
    void errorDetailDefaultsPointerToEmpty() {
        assertEquals("", ErrorDetail.at(1, 400, "c", "d").pointer());
        assertEquals("", new ErrorDetail(1, 400, "c", "d", null).pointer());
        assertEquals(1, ErrorDetail.at(1, 400, "c", "d").index());
    }
}
