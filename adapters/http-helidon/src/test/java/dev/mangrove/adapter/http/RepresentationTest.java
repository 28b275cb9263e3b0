package dev.mangrove.adapter.http;

import dev.mangrove.domain.error.MangroveException;
import io.helidon.http.HttpMediaType;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RepresentationTest {
    private static List<HttpMediaType> accept(String... types) {
        return java.util.Arrays.stream(types).map(HttpMediaType::create).toList();
    }

    @Test
    void repWinsOverHateoasAndAccept() {
        assertEquals(Representation.HAL, Representation.choose(Optional.of("hal"), Optional.of(false), accept("text/csv")));
        assertEquals(Representation.STANDARD, Representation.choose(Optional.of("s"), Optional.empty(),
                accept("application/hal+json")));
    }

    @Test
    void hateoasWinsOverAccept() {
        assertEquals(Representation.HAL, Representation.choose(Optional.empty(), Optional.of(true), accept("text/csv")));
        assertEquals(Representation.STANDARD, Representation.choose(Optional.empty(), Optional.of(false),
                accept("application/hal+json")));
    }

    @Test
    void acceptPicksTheFirstWritableType() {
        assertEquals(Representation.NDJSON, Representation.choose(Optional.empty(), Optional.empty(),
                accept("text/html", "application/x-ndjson")));
        assertEquals(Representation.CSV, Representation.choose(Optional.empty(), Optional.empty(), accept("text/csv")));
        assertEquals(Representation.STANDARD, Representation.choose(Optional.empty(), Optional.empty(), accept("image/png")));
        assertEquals(Representation.STANDARD, Representation.choose(Optional.empty(), Optional.empty(), accept()));
    }

    @Test
    void unknownRepListsTheAllowedOnes() {
        MangroveException e = assertThrows(MangroveException.class, () ->
                Representation.choose(Optional.of("xml"), Optional.empty(), accept()));
        assertEquals("invalid-representation", e.code());
        assertTrue(e.detail().contains("hal"), e.detail());
    }
}
