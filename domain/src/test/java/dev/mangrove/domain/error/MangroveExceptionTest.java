package dev.mangrove.domain.error;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MangroveExceptionTest {

    @Test
    void factoriesSetKindAndCode() {
        assertEquals(ErrorKind.BAD_REQUEST, MangroveException.badRequest("c", "d").kind());
        assertEquals(ErrorKind.NOT_FOUND, MangroveException.notFound("c", "d").kind());
        assertEquals(ErrorKind.CONFLICT, MangroveException.conflict("c", "d").kind());
        assertEquals(ErrorKind.FORBIDDEN, MangroveException.forbidden("c", "d").kind());
        MangroveException e = MangroveException.of(ErrorKind.UNAVAILABLE, "backend-unavailable", "down");
        assertEquals(ErrorKind.UNAVAILABLE, e.kind());
        assertEquals("backend-unavailable", e.code());
        assertEquals("down", e.detail());
        assertEquals(List.of(), e.errors());
        assertEquals(Optional.empty(), e.retryAfter());
        assertEquals(Optional.empty(), e.allowed());
        assertNull(e.getCause());
    }

    @Test
    void copiesAddErrorsRetryAfterAllowedAndCauseWithoutChangingTheOriginal() {
        MangroveException base = MangroveException.badRequest("invalid-document", "bad");
        ErrorDetail detail = ErrorDetail.at(3, ErrorKind.CONFLICT, "duplicate-key", "dup");
        RuntimeException cause = new RuntimeException("driver");
        MangroveException copy = base.withErrors(List.of(detail)).withRetryAfter(Duration.ofSeconds(5))
                .withAllowed(List.of("GET", "HEAD")).withCause(cause);
        assertEquals(List.of(detail), copy.errors());
        assertEquals(Optional.of(Duration.ofSeconds(5)), copy.retryAfter());
        assertEquals(Optional.of(List.of("GET", "HEAD")), copy.allowed());
        assertSame(cause, copy.getCause());
        assertEquals("invalid-document", copy.code());
        assertEquals("bad", copy.detail());
        assertEquals(ErrorKind.BAD_REQUEST, copy.kind());
        assertEquals(List.of(), base.errors());
        assertEquals(Optional.empty(), base.retryAfter());
        assertEquals(Optional.empty(), base.allowed());
        assertNull(base.getCause());
    }

    @Test
    void aNegativeRetryAfterIsRejected() {
        assertThrows(IllegalArgumentException.class,
                () -> MangroveException.badRequest("c", "d").withRetryAfter(Duration.ofSeconds(-1)));
    }

    @Test
    void stackTracesAreKeptOnlyWithACause() {
        assertEquals(0, MangroveException.badRequest("c", "d").getStackTrace().length);
        assertTrue(MangroveException.badRequest("c", "d").withCause(new RuntimeException()).getStackTrace().length > 0);
    }

    @Test
    void errorDetailDefaultsPointerToEmpty() {
        assertEquals("", ErrorDetail.at(1, ErrorKind.BAD_REQUEST, "c", "d").pointer());
        assertEquals("", new ErrorDetail(1, ErrorKind.BAD_REQUEST, "c", "d", null).pointer());
        assertEquals(1, ErrorDetail.at(1, ErrorKind.BAD_REQUEST, "c", "d").index());
    }
}
