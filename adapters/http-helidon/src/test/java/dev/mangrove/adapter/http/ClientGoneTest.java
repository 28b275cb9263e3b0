package dev.mangrove.adapter.http;

import io.helidon.webserver.CloseConnectionException;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.SocketException;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which failures mean that the client went away (logged as one line and recorded as 499, not as a 500). */
class ClientGoneTest {
    @Test
    void aClosedOrResetConnectionIsTheClientGoingAway() {
        assertTrue(Problems.clientGone(new UncheckedIOException(new SocketException("Socket closed"))));
        assertTrue(Problems.clientGone(new UncheckedIOException(new IOException("Broken pipe"))));
        assertTrue(Problems.clientGone(new IOException("Connection reset by peer")));
        assertTrue(Problems.clientGone(new CloseConnectionException("the client went away",
                new UncheckedIOException(new SocketException("Connection reset")))));
    }

    @Test
    void otherFailuresAreTheServers() {
        assertFalse(Problems.clientGone(new IllegalStateException("boom")));
        assertFalse(Problems.clientGone(new UncheckedIOException(new IOException("disk full"))));
        assertFalse(Problems.clientGone(new CloseConnectionException("Cannot send response of a simple handler",
                new IllegalStateException("Cannot set response header after requesting output stream."))));
        assertFalse(Problems.clientGone(null));
    }
}
