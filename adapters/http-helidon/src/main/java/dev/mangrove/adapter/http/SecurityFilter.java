package dev.mangrove.adapter.http;

import dev.mangrove.application.port.in.AccessDecision;
import dev.mangrove.application.port.in.AccessRequest;
import dev.mangrove.application.port.in.Credentials;
import dev.mangrove.domain.error.ErrorKind;
import dev.mangrove.domain.error.MangroveException;
import dev.mangrove.domain.resource.PathSegments;
import dev.mangrove.domain.resource.ResolvedResource;
import dev.mangrove.domain.resource.Verb;
import dev.mangrove.domain.security.Principal;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import io.helidon.webserver.http.ServerRequest;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Authenticates every request (HTTP Basic or a bearer token; none → the anonymous caller) and asks
 * the access-control list with the request's one resolution ({@link RequestInfo}); puts the
 * {@link Principal} and the {@link dev.mangrove.domain.security.DataScope} in that context for the
 * interceptors and handlers (docs/security.md). A refused request keeps the label of its own route.
 * Health checks, the login endpoints and {@code /me} (authenticated only) skip the ACL; so do the interactive
 * API page (public) and the OpenAPI document (authenticated; it lists only what the ACL lets the caller use).
 */
final class SecurityFilter implements Filter {
    /** The API-key headers the Data API's clients send (docs/security.md#api-keys). */
    static final List<HeaderName> API_KEY_HEADERS = List.of(HeaderNames.create("apiKey"),
            HeaderNames.create("api-key"), HeaderNames.create("X-API-Key"));
    static final HeaderName EMAIL = HeaderNames.create("email");
    static final HeaderName PASSWORD = HeaderNames.create("password");
    static final HeaderName JWT_TOKEN_STRING = HeaderNames.create("jwtTokenString");
    private final HttpSecurity security;
    private final RouteTable table;
    private final Problems problems;
    private final OpenApiSettings openApi;
    private final PluginPaths owned;

    SecurityFilter(HttpSecurity security, RouteTable table, Problems problems) {
        this(security, table, problems, OpenApiSettings.DISABLED, PluginPaths.NONE);
    }

    /**
     * A filter that also lets the API page through, authenticates without the ACL the OpenAPI document, and only
     * authenticates requests to the paths plugins own (their handlers authorize each access).
     */
    SecurityFilter(HttpSecurity security, RouteTable table, Problems problems, OpenApiSettings openApi,
                   PluginPaths owned) {
        this.security = Objects.requireNonNull(security, "security");
        this.table = Objects.requireNonNull(table, "table");
        this.problems = Objects.requireNonNull(problems, "problems");
        this.openApi = Objects.requireNonNull(openApi, "openApi");
        this.owned = Objects.requireNonNull(owned, "owned");
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        String path = req.prologue().uriPath().rawPath();
        boolean get = req.prologue().method().text().equals("GET") || req.prologue().method().text().equals("HEAD");
        if (isHealthCheck(req.prologue().method().text(), path) || AuthEndpoints.isLogin(path)
                || (get && OpenApiEndpoints.isPage(openApi, path))) {
            chain.proceed();
            return;
        }
        RequestInfo info = RequestInfo.of(req);
        String method = req.prologue().method().text();
        Optional<String> owner = owned.owner(path);
        if (owner.isPresent()) {
            // a plugin's own path: authenticated here, every data access authorized by the plugin
            info.route(PluginPaths.label(owner.get()));
            try {
                info.caller(authenticate(req));
            } catch (MangroveException e) {
                if (e.kind() == ErrorKind.UNAUTHORIZED) {
                    res.header(HeaderNames.WWW_AUTHENTICATE, security.challenge());
                }
                problems.send(req, res, e);
                return;
            }
            chain.proceed();
            return;
        }
        // resolved once, here: the label is right even when the request is refused; a malformed path leaves
        // the resource empty, the ACL decides on the path alone and the handler reports the error
        Optional<ResolvedResource> resource = info.resolution(table, method, path).resource();
        try {
            Principal principal = authenticate(req);
            info.caller(principal);
            // the OpenAPI document lists what the caller may use: it asks the ACL itself, for each operation
            if (path.equals(AuthEndpoints.ME) || (get && openApi.enabled() && path.equals(OpenApiEndpoints.DOCUMENT))) {
                chain.proceed();
                return;
            }
            Verb verb = Verb.of(method).orElseThrow(() -> MangroveException.of(
                    ErrorKind.METHOD_NOT_ALLOWED, "method-not-allowed", "Unsupported method"));
            AccessDecision decision = security.authorize().authorize(
                    new AccessRequest(principal, verb, canonical(path), resource, req.query().toMap()));
            if (!decision.allowed()) {
                throw principal.isAnonymous()
                        ? MangroveException.of(ErrorKind.UNAUTHORIZED, "unauthenticated",
                                "This request needs credentials (HTTP Basic or a bearer token)")
                        : MangroveException.forbidden("forbidden", decision.reason());
            }
            info.scope(decision.scope());
        } catch (MangroveException e) {
            if (e.kind() == ErrorKind.UNAUTHORIZED) {
                res.header(HeaderNames.WWW_AUTHENTICATE, security.challenge());
            }
            problems.send(req, res, e);
            return;
        }
        chain.proceed();
    }

    /**
     * Only the health checks themselves are open: {@code GET /health/live} and {@code GET /health/ready},
     * the only requests the health endpoints answer. Anything else under {@code /health} (another path,
     * or another method such as {@code HEAD}, which falls through to the API) is an ordinary API request
     * (a database named {@code health}) and needs credentials like every other.
     */
    static boolean isHealthCheck(String method, String rawPath) {
        return method.equals("GET") && (rawPath.equals("/health/live") || rawPath.equals("/health/ready"));
    }

    /**
     * The path the ACL matches: each segment percent-decoded and encoded again in one canonical way, so
     * that {@code /blog/%70osts} is matched as {@code /blog/posts} — the resource it resolves to — and a
     * client cannot slip past a specific permission into a broader one by spelling a name differently.
     * An encoded slash stays inside its segment; {@code +} stays {@code +}. A malformed path is left as
     * it is (its handler answers 400).
     */
    static String canonical(String rawPath) {
        try {
            StringBuilder out = new StringBuilder(rawPath.length());
            int start = 0;
            while (start <= rawPath.length()) {
                int slash = rawPath.indexOf('/', start);
                int end = slash < 0 ? rawPath.length() : slash;
                String segment = rawPath.substring(start, end);
                out.append(PathSegments.encode(PathSegments.decode(segment, false)).replace("%2B", "+"));
                if (slash < 0) {
                    break;
                }
                out.append('/');
                start = slash + 1;
            }
            return out.toString();
        } catch (MangroveException e) {
            return rawPath;
        }
    }

    /**
     * The data scope of a WebSocket upgrade to a change stream, decided before the upgrade like a {@code GET}
     * of its path; empty when the request must be refused (then Helidon passes it to the HTTP routing, where
     * this filter answers 401 or 403). Only bearer tokens are taken here (the header, {@code access_token=}
     * or {@code Sec-WebSocket-Protocol}): the upgrade has no client address for the password guard.
     */
    Optional<dev.mangrove.domain.security.DataScope> upgradeScope(io.helidon.http.HttpPrologue prologue,
                                                                   io.helidon.http.Headers headers,
                                                                   ResolvedResource resource) {
        try {
            Optional<String> token = bearer(headers.first(HeaderNames.AUTHORIZATION))
                    .or(() -> prologue.query().first("access_token").asOptional().filter(t -> !t.isBlank()))
                    .or(() -> protocolToken(headers.values(HeaderNames.create("Sec-WebSocket-Protocol"))));
            if (headers.contains(HeaderNames.AUTHORIZATION) && bearer(headers.first(HeaderNames.AUTHORIZATION))
                    .isEmpty()) {
                return Optional.empty();
            }
            if (token.isPresent() && !security.bearer()) {
                return Optional.empty();
            }
            Principal principal = token.isPresent()
                    ? security.authenticate().authenticate(new Credentials.Token(token.get()), "websocket")
                    : Principal.anonymous();
            String path = prologue.uriPath().rawPath();
            AccessDecision decision = security.authorize().authorize(new AccessRequest(principal, Verb.GET,
                    canonical(path), Optional.of(resource), prologue.query().toMap()));
            return decision.allowed() ? Optional.of(decision.scope()) : Optional.empty();
        } catch (MangroveException e) {
            return Optional.empty();
        }
    }

    private static Optional<String> bearer(Optional<String> authorization) {
        return authorization.map(String::trim).filter(v -> v.regionMatches(true, 0, "bearer ", 0, 7))
                .map(v -> v.substring(7).trim());
    }

    private static Optional<String> protocolToken(List<String> values) {
        // one header "bearer, <token>" or two values, as a client or Helidon splits them
        String[] protocols = String.join(",", values).split(",");
        for (int i = 0; i + 1 < protocols.length; i++) {
            if (protocols[i].trim().equalsIgnoreCase("bearer")) {
                return Optional.of(protocols[i + 1].trim());
            }
        }
        return Optional.empty();
    }

    /**
     * A bearer token given the way a browser can give one to a change stream (it cannot set headers on a
     * WebSocket or an EventSource): {@code access_token=} in the query, or {@code Sec-WebSocket-Protocol: bearer,
     * <token>} (docs/streams.md#authentication). Only for {@code _streams} paths; the access log never shows a
     * query string.
     */
    static Optional<String> streamToken(ServerRequest req) {
        if (!req.prologue().uriPath().rawPath().contains("/_streams/")) {
            return Optional.empty();
        }
        Optional<String> query = req.query().first("access_token").asOptional().filter(t -> !t.isBlank());
        if (query.isPresent()) {
            return query;
        }
        return protocolToken(req.headers().values(HeaderNames.create("Sec-WebSocket-Protocol")));
    }

    /**
     * The caller of the request: anonymous without credentials; 401 for bad credentials. Besides
     * {@code Authorization}, the Data API's headers are accepted (docs/security.md#mechanisms): an API key in
     * {@code apiKey}, {@code api-key} or {@code X-API-Key}; {@code email} + {@code password}; {@code jwtTokenString}.
     * A request may carry one of these forms only.
     */
    private Principal authenticate(ServerRequest req) {
        Optional<String> header = req.headers().first(HeaderNames.AUTHORIZATION);
        Optional<String> apiKey = first(req, API_KEY_HEADERS);
        Optional<String> email = req.headers().first(EMAIL);
        Optional<String> password = req.headers().first(PASSWORD);
        Optional<String> jwt = req.headers().first(JWT_TOKEN_STRING);
        int forms = (header.isPresent() ? 1 : 0) + (apiKey.isPresent() ? 1 : 0)
                + (email.isPresent() || password.isPresent() ? 1 : 0) + (jwt.isPresent() ? 1 : 0);
        if (forms > 1) {
            throw MangroveException.of(ErrorKind.UNAUTHORIZED, "ambiguous-credentials",
                    "Send one kind of credentials: Authorization, an API key header, email and password, or "
                            + "jwtTokenString");
        }
        String address = security.clientAddress(req);
        if (apiKey.isPresent()) {
            if (security.keys().isEmpty()) {
                throw MangroveException.of(ErrorKind.UNAUTHORIZED, "invalid-api-key", "API keys are not accepted here");
            }
            return security.authenticate().authenticate(new Credentials.ApiKey(apiKey.get().trim()), address);
        }
        if (email.isPresent() || password.isPresent()) {
            if (email.isEmpty() || password.isEmpty() || !security.basic()) {
                throw MangroveException.of(ErrorKind.UNAUTHORIZED, "invalid-credentials",
                        security.basic() ? "Send both the email (a user name) and password headers"
                                : "Password authentication is off (mangrove.security.basic.enabled: false)");
            }
            return security.authenticate().authenticate(
                    new Credentials.Password(email.get(), password.get()), address);
        }
        if (jwt.isPresent()) {
            if (!security.bearer()) {
                throw MangroveException.of(ErrorKind.UNAUTHORIZED, "invalid-token", "Bearer tokens are not enabled");
            }
            return security.authenticate().authenticate(new Credentials.Token(jwt.get().trim()), address);
        }
        if (header.isEmpty()) {
            header = streamToken(req).map(token -> "Bearer " + token);
        }
        if (header.isEmpty()) {
            return Principal.anonymous();
        }
        String value = header.get().trim();
        int space = value.indexOf(' ');
        String scheme = (space < 0 ? value : value.substring(0, space)).toLowerCase(Locale.ROOT);
        String rest = space < 0 ? "" : value.substring(space + 1).trim();
        if (scheme.equals("basic") && security.basic()) {
            return security.authenticate().authenticate(basic(rest), address);
        }
        if (scheme.equals("bearer") && security.bearer()) {
            return security.authenticate().authenticate(new Credentials.Token(rest), address);
        }
        throw MangroveException.of(ErrorKind.UNAUTHORIZED, "unsupported-authentication-scheme",
                "The Authorization scheme is not accepted here; use " + schemes());
    }

    private static Optional<String> first(ServerRequest req, List<HeaderName> names) {
        for (HeaderName name : names) {
            Optional<String> value = req.headers().first(name);
            if (value.isPresent()) {
                return value;
            }
        }
        return Optional.empty();
    }

    private String schemes() {
        return security.basic() && security.bearer() ? "Basic or Bearer" : security.basic() ? "Basic" : "Bearer";
    }

    /** Decodes {@code base64(user:password)}; the detail of a failure never repeats the header. */
    static Credentials.Password basic(String encoded) {
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw malformedBasic();
        }
        int colon = decoded.indexOf(':');
        if (colon <= 0) {
            throw malformedBasic();
        }
        return new Credentials.Password(decoded.substring(0, colon), decoded.substring(colon + 1));
    }

    private static MangroveException malformedBasic() {
        return MangroveException.of(ErrorKind.UNAUTHORIZED, "malformed-credentials",
                "The Basic credentials are not base64 of user:password");
    }
}
