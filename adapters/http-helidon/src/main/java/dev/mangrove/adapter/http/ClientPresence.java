package dev.mangrove.adapter.http;

import io.helidon.common.socket.HelidonSocket;
import io.helidon.common.socket.PlainSocket;
import io.helidon.http.HttpPrologue;
import io.helidon.webserver.ConnectionContext;
import io.helidon.webserver.http1.Http1ConnectionListener;

import java.io.IOException;
import java.lang.reflect.Field;
import java.net.Socket;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * Whether the client of the request being handled is still connected, for long writes that stop when it goes away
 * (docs/operations.md#limits). Helidon 4.2's request gives no access to its connection, but an HTTP/1 receive listener
 * sees it on the connection's own thread, which also runs the handler: the listener keeps it per thread.
 *
 * <p>The check is Helidon's own {@link HelidonSocket#idle()}: a background read of one byte that marks the socket
 * closed at end of stream or on a reset, and keeps a byte that arrives (a pipelined request) for the next read. That
 * read gives up after the socket's read timeout, and marks the socket closed then too (breaking the connection): an
 * accepted socket has none (0), which makes it 101 ms. So the socket's timeout is first raised from "none" to the
 * largest one (24 days, which is "none" in practice); the socket is reached by reflection, the only access Helidon
 * 4.2.6 gives. Where that fails (another socket type, a Helidon that changed), no check is made: writes go on.
 */
final class ClientPresence implements Http1ConnectionListener {
    /** The listener to register on the server's HTTP/1 protocol. */
    static final ClientPresence LISTENER = new ClientPresence();
    private static final System.Logger LOG = System.getLogger(ClientPresence.class.getName());
    private static final ThreadLocal<ConnectionContext> CONNECTION = new ThreadLocal<>();
    private static final Field DELEGATE = delegateField();

    private ClientPresence() {
    }

    @Override
    public void prologue(ConnectionContext ctx, HttpPrologue prologue) {
        if (CONNECTION.get() != ctx) { // a connection's requests all run on its thread: set once per connection
            CONNECTION.set(ctx);
        }
    }

    /**
     * A check of the current request's client, to take once its body has been read; always true when the connection
     * cannot be watched (HTTP/2, an in-memory test client).
     */
    static BooleanSupplier current() {
        ConnectionContext ctx = CONNECTION.get();
        if (ctx == null || DELEGATE == null) {
            return () -> true;
        }
        try {
            if (!(ctx.serverSocket() instanceof PlainSocket socket) || !(DELEGATE.get(socket) instanceof Socket raw)) {
                return () -> true;
            }
            if (raw.getSoTimeout() == 0) {
                raw.setSoTimeout(Integer.MAX_VALUE);
            }
            socket.idle();
            return socket::isConnected;
        } catch (UnsupportedOperationException | IllegalAccessException | IOException e) {
            return () -> true;
        }
    }

    /**
     * Widens the current connection's socket receive buffer to at least {@code bytes}, for a request whose body is large
     * (an upload): with a listener as Helidon 4.2.6 sets it (4 KiB, inherited by every connection), a body arrives in
     * ~2 KiB segments and receiving it costs most of an upload's CPU (docs/performance.md#file-transfers). Mangrove's
     * listener has 1 MiB by default; this keeps uploads cheap where an operator set it smaller. Does nothing when the
     * socket cannot be reached.
     *
     * @return the receive buffer size now, or -1 when the socket cannot be reached
     */
    static int widenReceiveBuffer(int bytes) {
        ConnectionContext ctx = CONNECTION.get();
        if (ctx == null || DELEGATE == null) {
            return -1;
        }
        try {
            if (!(ctx.serverSocket() instanceof PlainSocket socket) || !(DELEGATE.get(socket) instanceof Socket raw)) {
                return -1;
            }
            if (raw.getReceiveBufferSize() < bytes) {
                raw.setReceiveBufferSize(bytes);
            }
            return raw.getReceiveBufferSize();
        } catch (UnsupportedOperationException | IllegalAccessException | IOException e) {
            return -1;
        }
    }

    /** Closes the current request's connection, when it is known. */
    static Optional<Runnable> closer() {
        ConnectionContext ctx = CONNECTION.get();
        if (ctx == null) {
            return Optional.empty();
        }
        try {
            HelidonSocket socket = ctx.serverSocket();
            return Optional.of(socket::close);
        } catch (UnsupportedOperationException e) {
            return Optional.empty();
        }
    }

    private static Field delegateField() {
        try {
            Field field = PlainSocket.class.getDeclaredField("delegate");
            field.setAccessible(true);
            return field;
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "Long writes cannot notice a client that went away: " + e);
            return null;
        }
    }
}
