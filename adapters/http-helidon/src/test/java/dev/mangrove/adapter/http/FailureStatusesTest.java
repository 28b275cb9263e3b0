package dev.mangrove.adapter.http;

import dev.mangrove.domain.error.ErrorKind;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FailureStatusesTest {
    private static final Map<ErrorKind, Integer> STATUSES = new EnumMap<>(Map.ofEntries(
            Map.entry(ErrorKind.BAD_REQUEST, 400), Map.entry(ErrorKind.UNAUTHORIZED, 401),
            Map.entry(ErrorKind.FORBIDDEN, 403), Map.entry(ErrorKind.NOT_FOUND, 404),
            Map.entry(ErrorKind.METHOD_NOT_ALLOWED, 405), Map.entry(ErrorKind.NOT_ACCEPTABLE, 406),
            Map.entry(ErrorKind.TIMEOUT, 408), Map.entry(ErrorKind.CONFLICT, 409),
            Map.entry(ErrorKind.PRECONDITION_FAILED, 412), Map.entry(ErrorKind.PAYLOAD_TOO_LARGE, 413),
            Map.entry(ErrorKind.UNSUPPORTED_MEDIA_TYPE, 415), Map.entry(ErrorKind.RANGE_NOT_SATISFIABLE, 416), Map.entry(ErrorKind.PRECONDITION_REQUIRED, 428),
            Map.entry(ErrorKind.TOO_MANY_REQUESTS, 429), Map.entry(ErrorKind.INTERNAL, 500),
            Map.entry(ErrorKind.NOT_IMPLEMENTED, 501), Map.entry(ErrorKind.UNAVAILABLE, 503)));

    @Test
    void everyKindHasItsDocumentedStatusAndATitle() {
        assertEquals(Set.of(ErrorKind.values()), STATUSES.keySet(), "the table names every kind");
        Set<String> titles = new HashSet<>();
        for (ErrorKind kind : ErrorKind.values()) {
            assertEquals(STATUSES.get(kind), FailureStatuses.code(kind), kind.name());
            String title = FailureStatuses.title(kind);
            assertFalse(title.isBlank(), kind.name());
            assertTrue(titles.add(title), "one title per kind: " + title);
        }
        assertEquals("Content Too Large", FailureStatuses.title(ErrorKind.PAYLOAD_TOO_LARGE));
    }

    @Test
    void retryAfterIsInWholeSecondsRoundedUp() {
        assertEquals("5", FailureStatuses.retryAfterSeconds(Duration.ofSeconds(5)));
        assertEquals("1", FailureStatuses.retryAfterSeconds(Duration.ofMillis(1)));
        assertEquals("30", FailureStatuses.retryAfterSeconds(Duration.ofMillis(29_001)));
        assertEquals("0", FailureStatuses.retryAfterSeconds(Duration.ZERO));
    }
}
