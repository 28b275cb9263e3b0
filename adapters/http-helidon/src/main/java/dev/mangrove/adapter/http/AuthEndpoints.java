package dev.mangrove.adapter.http;

import dev.mangrove.adapter.http.json.ExtendedJson;
import dev.mangrove.application.port.in.Credentials;
import dev.mangrove.application.port.in.IssuedToken;
import dev.mangrove.domain.document.Document;
import dev.mangrove.domain.error.ErrorKind;
import dev.mangrove.domain.error.MangroveException;
import dev.mangrove.domain.security.Principal;
import io.helidon.http.HeaderNames;
import io.helidon.http.HttpMediaType;
import io.helidon.http.Method;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/** {@code POST /token} (alias {@code POST /login}) and {@code GET /me} (docs/security.md). */
final class AuthEndpoints {
    static final String TOKEN = "/token";
    static final String LOGIN = "/login";
    static final String ME = "/me";
    private static final int MAX_BODY = 16 * 1024;
    private final HttpSecurity security;
    private final ExtendedJson json;
    private final Problems problems;

    AuthEndpoints(HttpSecurity security, ExtendedJson json, Problems problems) {
        this.security = Objects.requireNonNull(security, "security");
        this.json = Objects.requireNonNull(json, "json");
        this.problems = Objects.requireNonNull(problems, "problems");
    }

    static boolean isLogin(String path) {
        return path.equals(TOKEN) || path.equals(LOGIN);
    }

    void register(HttpRouting.Builder routing) {
        for (String path : new String[] {TOKEN, LOGIN}) {
            routing.route(Method.POST, path, this::login);
            routing.any(path, (req, res) -> methodNotAllowed(req, res, "POST"));
        }
        routing.route(Method.GET, ME, this::me);
        routing.route(Method.HEAD, ME, this::me);
        routing.any(ME, (req, res) -> methodNotAllowed(req, res, "GET, HEAD"));
    }

    private void login(ServerRequest req, ServerResponse res) {
        RequestInfo.of(req).route(req.prologue().uriPath().rawPath());
        try {
            Credentials.Password credentials = credentials(req);
            IssuedToken token = security.login().login(credentials, security.clientAddress(req));
            byte[] body = JsonResponses.bytes(json, false, 512, g -> {
                g.writeStartObject();
                g.writeStringField("access_token", token.token());
                g.writeStringField("token_type", "Bearer");
                g.writeNumberField("expires_in", token.expiresIn().toSeconds());
                g.writeEndObject();
            });
            res.header(HeaderNames.CACHE_CONTROL, "no-store");
            res.header(HeaderNames.CONTENT_TYPE, "application/json");
            res.send(body);
        } catch (RuntimeException e) {
            problems.send(req, res, e);
        }
    }

    private void me(ServerRequest req, ServerResponse res) {
        RequestInfo.of(req).route(ME);
        Principal principal = RequestInfo.of(req).principal().orElse(Principal.anonymous());
        if (principal.isAnonymous()) {
            res.header(HeaderNames.WWW_AUTHENTICATE, security.challenge());
            problems.send(req, res, MangroveException.of(ErrorKind.UNAUTHORIZED, "unauthenticated",
                    "This request needs credentials (HTTP Basic or a bearer token)"));
            return;
        }
        byte[] body = JsonResponses.bytes(json, false, 256, g -> {
            g.writeStartObject();
            g.writeStringField("username", principal.username());
            g.writeArrayFieldStart("roles");
            for (String role : principal.roles()) {
                g.writeString(role);
            }
            g.writeEndArray();
            g.writeEndObject();
        });
        res.header(HeaderNames.CONTENT_TYPE, "application/json");
        res.send(body);
    }

    private void methodNotAllowed(ServerRequest req, ServerResponse res, String allow) {
        res.header(HeaderNames.ALLOW, allow);
        problems.send(req, res, MangroveException.of(ErrorKind.METHOD_NOT_ALLOWED, "method-not-allowed",
                "Allowed: " + allow));
    }

    /** The user name and password of a JSON or form body; 400/415 otherwise (never echoing the password). */
    private Credentials.Password credentials(ServerRequest req) {
        HttpMediaType type = req.headers().contentType().orElseThrow(() -> MangroveException.of(
                ErrorKind.UNSUPPORTED_MEDIA_TYPE, "unsupported-media-type",
                "Send {\"username\", \"password\"} as application/json or application/x-www-form-urlencoded"));
        String subtype = type.mediaType().subtype().toLowerCase(Locale.ROOT);
        byte[] body = read(req);
        Map<String, Object> fields;
        if (subtype.equals("json")) {
            Document document;
            try {
                document = json.parseDocument(new java.io.ByteArrayInputStream(body));
            } catch (MangroveException e) {
                throw MangroveException.badRequest("invalid-login-request",
                        "The body must be a JSON object {\"username\", \"password\"}");
            }
            fields = document.fields();
        } else if (subtype.equals("x-www-form-urlencoded")) {
            fields = form(new String(body, StandardCharsets.UTF_8));
        } else {
            throw MangroveException.of(ErrorKind.UNSUPPORTED_MEDIA_TYPE, "unsupported-media-type",
                    "Send {\"username\", \"password\"} as application/json or application/x-www-form-urlencoded");
        }
        if (!(fields.get("username") instanceof String username) || username.isEmpty()
                || !(fields.get("password") instanceof String password)) {
            throw MangroveException.badRequest("invalid-login-request",
                    "The body needs the strings username and password");
        }
        return new Credentials.Password(username, password);
    }

    private static byte[] read(ServerRequest req) {
        try (InputStream in = req.content().inputStream()) {
            byte[] body = in.readNBytes(MAX_BODY + 1);
            if (body.length > MAX_BODY) {
                throw MangroveException.of(ErrorKind.PAYLOAD_TOO_LARGE, "body-too-large",
                        "A login body is at most " + MAX_BODY + " bytes");
            }
            return body;
        } catch (IOException e) {
            throw MangroveException.badRequest("unreadable-body", "The request body could not be read");
        }
    }

    private static Map<String, Object> form(String body) {
        Map<String, Object> out = new HashMap<>();
        for (String pair : body.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            try {
                String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                out.putIfAbsent(name, value);
            } catch (IllegalArgumentException e) {
                throw MangroveException.badRequest("invalid-login-request", "The form body is not well-formed");
            }
        }
        return out;
    }
}
