package dev.mangrove.adapter.http;

import io.helidon.common.uri.UriQuery;
import io.helidon.http.Header;
import io.helidon.http.ServerResponseHeaders;
import io.helidon.http.ServerResponseTrailers;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerResponse;

import java.io.OutputStream;
import java.util.Objects;
import java.util.function.UnaryOperator;

/** A response that runs the {@code after} interceptors once, just before anything is sent. */
final class InterceptingResponse implements ServerResponse {
    private final ServerResponse delegate;
    private final Interception interception;

    InterceptingResponse(ServerResponse delegate, Interception interception) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.interception = Objects.requireNonNull(interception, "interception");
    }

    @Override
    public ServerResponse status(Status status) {
        delegate.status(interception.status(status));
        return this;
    }

    @Override
    public Status status() {
        return delegate.status();
    }

    @Override
    public ServerResponse header(Header header) {
        delegate.header(header);
        return this;
    }

    @Override
    public void send() {
        interception.commit();
        delegate.send();
    }

    @Override
    public void send(byte[] bytes) {
        interception.commit();
        delegate.send(bytes);
    }

    @Override
    public void send(Object entity) {
        interception.commit();
        delegate.send(entity);
    }

    @Override
    public boolean isSent() {
        return delegate.isSent();
    }

    @Override
    public OutputStream outputStream() {
        interception.commit();
        return delegate.outputStream();
    }

    @Override
    public long bytesWritten() {
        return delegate.bytesWritten();
    }

    @Override
    public ServerResponse whenSent(Runnable listener) {
        delegate.whenSent(listener);
        return this;
    }

    @Override
    public ServerResponse reroute(String newPath) {
        delegate.reroute(newPath);
        return this;
    }

    @Override
    public ServerResponse reroute(String path, UriQuery query) {
        delegate.reroute(path, query);
        return this;
    }

    @Override
    public ServerResponse next() {
        delegate.next();
        return this;
    }

    @Override
    public ServerResponseHeaders headers() {
        return delegate.headers();
    }

    @Override
    public ServerResponseTrailers trailers() {
        return delegate.trailers();
    }

    @Override
    public void streamResult(String result) {
        delegate.streamResult(result);
    }

    @Override
    public void streamFilter(UnaryOperator<OutputStream> filterFunction) {
        delegate.streamFilter(filterFunction);
    }
}
