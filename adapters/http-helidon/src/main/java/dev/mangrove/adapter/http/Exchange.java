package dev.mangrove.adapter.http;

import dev.mangrove.adapter.http.json.ExtendedJson;
import dev.mangrove.adapter.http.json.JsonMode;
import dev.mangrove.domain.document.Document;
import dev.mangrove.domain.document.ETag;
import dev.mangrove.domain.document.IdType;
import dev.mangrove.domain.resource.PathSegments;
import dev.mangrove.domain.resource.ResolvedResource;
import dev.mangrove.domain.resource.Verb;
import dev.mangrove.domain.security.DataScope;
import dev.mangrove.domain.security.Principal;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;

/**
 * One API request as every handler sees it: the resource it resolved to (once), the verb, the caller,
 * and the parameters and headers as the interceptors left them; plus the shared ways to answer.
 */
final class Exchange {
    static final String JSON = "application/json";
    private final ServerRequest req;
    private final ServerResponse res;
    private final RequestInfo info;
    private final ResolvedResource resource;
    private final Verb verb;
    private final Params params;
    private final Map<String, List<String>> headers;
    private final Interception interception;
    private final ExtendedJson json;
    private final JsonMode mode;
    private final boolean pretty;

    Exchange(ServerRequest req, ServerResponse res, RequestInfo info, ResolvedResource resource, Verb verb,
             Params params, Map<String, List<String>> headers, Interception interception, ExtendedJson json) {
        this.req = req;
        this.res = res;
        this.info = info;
        this.resource = resource;
        this.verb = verb;
        this.params = params;
        this.headers = headers;
        this.interception = interception;
        this.json = json;
        this.mode = JsonMode.parse(params.first("jsonMode").orElse(null));
        this.pretty = params.flag("pretty");
    }

    ServerRequest req() {
        return req;
    }

    ServerResponse res() {
        return res;
    }

    ResolvedResource resource() {
        return resource;
    }

    Verb verb() {
        return verb;
    }

    Params params() {
        return params;
    }

    JsonMode mode() {
        return mode;
    }

    boolean pretty() {
        return pretty;
    }

    /** The caller's data scope. */
    DataScope scope() {
        return info.scope();
    }

    /** The authenticated caller; empty when security is off. */
    Optional<Principal> principal() {
        return info.principal();
    }

    /** The first value of a request header, as the interceptors left it. */
    Optional<String> header(HeaderName name) {
        if (headers != null) {
            List<String> values = headers.get(name.lowerCase());
            if (values != null) {
                return values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
            }
        }
        return req.headers().first(name);
    }

    /** Every value of a request header, as the interceptors left it. */
    List<String> headerValues(HeaderName name) {
        if (headers != null) {
            List<String> values = headers.get(name.lowerCase());
            if (values != null) {
                return values;
            }
        }
        return req.headers().values(name);
    }

    /** The path as the client sent it. */
    String rawPath() {
        return req.prologue().uriPath().rawPath();
    }

    /** The query as sent, or encoded again from the parameters an interceptor changed. */
    String rawQuery() {
        if (!params.changed()) {
            return req.query().rawValue();
        }
        StringJoiner out = new StringJoiner("&");
        params.toMap().forEach((name, values) -> {
            for (String value : values.isEmpty() ? List.of("") : values) {
                out.add(encode(name) + "=" + encode(value));
            }
        });
        return out.toString();
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** The documents to write instead of {@code documents}, after the {@code after} interceptors saw them. */
    List<Document> intercept(int status, List<Document> documents) {
        return interception == null ? documents : interception.documents(status, documents);
    }

    /** Whether the client asked for the written document back ({@code Prefer: return=representation}). */
    boolean wantsRepresentation() {
        for (String prefer : headerValues(HeaderNames.create("Prefer"))) {
            for (String token : prefer.split("[,;]")) {
                if (token.trim().toLowerCase(Locale.ROOT).equals("return=representation")) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The id of the addressed document, read with {@code id_type}. */
    Object documentId() {
        IdType type = IdType.parse(params.first("id_type").orElse(null));
        return type.read(resource.name());
    }

    /** Sets {@code Location} to the document with this id. */
    void location(Object id) {
        IdType.segmentFor(id).ifPresent(segment -> {
            String base = resource.publicCollectionPath();
            String path = (base.endsWith("/") ? base : base + "/") + PathSegments.encode(segment.segment());
            if (segment.idType() != IdType.STRING_OID) {
                path += "?id_type=" + segment.idType().name();
            }
            res.header(HeaderNames.LOCATION, path);
        });
    }

    void writeJson(Status status, JsonResponses.JsonBody body) {
        JsonResponses.send(res, status, JSON, json, pretty, body);
    }

    void sendDocument(Status status, Document document) {
        writeJson(status, g -> json.write(g, document, mode));
    }

    void send(Status status) {
        res.status(status).send();
    }

    /** Metadata with its {@code ETag}; {@code 304} when {@code If-None-Match} matches. */
    void readMetadata(Document metadata) {
        ETag etag = ETag.of(metadata);
        Optional<String> ifNoneMatch = header(HeaderNames.IF_NONE_MATCH);
        if (ifNoneMatch.isPresent() && etag.matchesHeader(ifNoneMatch.get())) {
            res.header(HeaderNames.ETAG, etag.quoted());
            send(Status.NOT_MODIFIED_304);
            return;
        }
        sendMetadata(Status.OK_200, metadata);
    }

    void sendMetadata(Status status, Document metadata) {
        res.header(HeaderNames.ETAG, ETag.of(metadata).quoted());
        sendDocument(status, metadata);
    }

    void sendNames(List<String> names) {
        writeJson(Status.OK_200, g -> {
            g.writeStartArray();
            for (String name : names) {
                g.writeString(name);
            }
            g.writeEndArray();
        });
    }

    void sendSize(long size) {
        writeJson(Status.OK_200, g -> {
            g.writeStartObject();
            g.writeNumberField("_size", size);
            g.writeEndObject();
        });
    }

    void sendList(List<Document> documents) {
        writeJson(Status.OK_200, g -> {
            g.writeStartArray();
            for (Document document : documents) {
                json.write(g, document, mode);
            }
            g.writeEndArray();
        });
    }
}
