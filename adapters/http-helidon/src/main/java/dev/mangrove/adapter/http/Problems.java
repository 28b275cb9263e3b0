package dev.mangrove.adapter.http;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.mangrove.adapter.http.json.ExtendedJson;
import dev.mangrove.domain.document.ObjectIdValue;
import dev.mangrove.domain.error.ErrorDetail;
import dev.mangrove.domain.error.ErrorKind;
import dev.mangrove.domain.error.MangroveException;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.io.IOException;
import java.util.Objects;

/** Writes RFC 9457 problem+json responses (docs/api.md#errors). */
final class Problems {
    static final String MEDIA_TYPE = "application/problem+json";
    private static final System.Logger LOG = System.getLogger(Problems.class.getName());
    private final ExtendedJson json;
    private final PluginPaths owned;

    Problems(ExtendedJson json) {
        this(json, PluginPaths.NONE);
    }

    /** Problems whose failures on the paths plugins own are rendered by those plugins. */
    Problems(ExtendedJson json, PluginPaths owned) {
        this.json = Objects.requireNonNull(json, "json");
        this.owned = Objects.requireNonNull(owned, "owned");
    }

    /** The problem for any failure: domain failures as they are, anything else as a bare 500. */
    static MangroveException toProblem(Throwable failure, String requestId) {
        if (failure instanceof MangroveException e) {
            if (e.kind() == ErrorKind.INTERNAL && e.getCause() != null) {
                LOG.log(System.Logger.Level.ERROR, "request " + requestId + " failed", e.getCause());
            }
            return e;
        }
        LOG.log(System.Logger.Level.ERROR, "request " + requestId + " failed", failure);
        return MangroveException.of(ErrorKind.INTERNAL, "internal-error",
                "The server could not complete the request (request id " + requestId + ")");
    }

    /**
     * Whether a failure only says that the client went away (a closed or reset connection while the answer
     * was written): nothing can be sent then, and it is not the server's error.
     */
    static boolean clientGone(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof java.net.SocketException) {
                return true;
            }
            if (t instanceof IOException && t.getMessage() != null
                    && (t.getMessage().contains("Broken pipe") || t.getMessage().contains("Connection reset"))) {
                return true;
            }
        }
        return false;
    }

    /**
     * Sends a problem, unless the response is already under way (then only logs it). A client that went away
     * gets nothing: one line is logged, the request is recorded as 499, and the connection is closed.
     */
    void send(ServerRequest req, ServerResponse res, Throwable failure) {
        RequestInfo info = RequestInfo.of(req);
        if (clientGone(failure)) {
            if (info.clientGone()) {
                LOG.log(System.Logger.Level.INFO, "request " + info.requestId()
                        + " ended: the client went away before the answer was written");
            }
            throw failure instanceof io.helidon.webserver.CloseConnectionException close ? close
                    : new io.helidon.webserver.CloseConnectionException("the client went away", failure);
        }
        MangroveException problem = toProblem(failure, info.requestId());
        if (res.isSent()) {
            LOG.log(System.Logger.Level.WARNING, "request " + info.requestId() + " failed after the response started: "
                    + problem.code());
            return;
        }
        FailureStatuses.headers(problem, res);
        String rawPath = req.prologue().uriPath().rawPath();
        java.util.Optional<dev.mangrove.plugin.spi.ExtensionResponse> own = owned.isEmpty()
                ? java.util.Optional.empty() : owned.render(rawPath, problem);
        if (own.isPresent()) {
            PluginPaths.write(res, own.get(), json);
            return;
        }
        res.status(Status.create(FailureStatuses.code(problem.kind())));
        res.header(HeaderNames.CONTENT_TYPE, MEDIA_TYPE);
        res.send(render(problem, req.prologue().uriPath().rawPath()));
    }

    byte[] render(MangroveException problem, String instance) {
        return JsonResponses.bytes(json, false, 256, g -> {
            g.writeStartObject();
            g.writeStringField("type", "urn:mangrove:problem:" + problem.code());
            g.writeStringField("title", FailureStatuses.title(problem.kind()));
            g.writeNumberField("status", FailureStatuses.code(problem.kind()));
            g.writeStringField("detail", problem.detail());
            g.writeStringField("code", problem.code());
            g.writeStringField("instance", instance);
            if (!problem.errors().isEmpty()) {
                g.writeArrayFieldStart("errors");
                for (ErrorDetail error : problem.errors()) {
                    writeError(g, error);
                }
                g.writeEndArray();
            }
            g.writeEndObject();
        });
    }

    static void writeError(JsonGenerator g, ErrorDetail error) throws IOException {
        g.writeStartObject();
        if (error.index() >= 0) {
            g.writeNumberField("index", error.index());
        }
        g.writeNumberField("status", FailureStatuses.code(error.kind()));
        g.writeStringField("code", error.code());
        g.writeStringField("detail", error.detail());
        if (!error.pointer().isEmpty()) {
            g.writeStringField("pointer", error.pointer());
        }
        if (error.id() != null) {
            g.writeFieldName("_id");
            writeId(g, error.id());
        }
        g.writeEndObject();
    }

    /** A document id in relaxed Extended JSON (strings, numbers and ObjectIds; anything else as its text). */
    private static void writeId(JsonGenerator g, Object id) throws IOException {
        switch (id) {
            case String text -> g.writeString(text);
            case Integer number -> g.writeNumber(number);
            case Long number -> g.writeNumber(number);
            case Double number -> g.writeNumber(number);
            case ObjectIdValue oid -> {
                g.writeStartObject();
                g.writeStringField("$oid", oid.hex());
                g.writeEndObject();
            }
            default -> g.writeString(String.valueOf(id));
        }
    }
}
