package dev.mangrove.adapter.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mangrove.application.port.in.AccessRequest;
import dev.mangrove.domain.document.Document;
import dev.mangrove.domain.error.MangroveException;
import dev.mangrove.domain.resource.DatabaseName;
import dev.mangrove.domain.resource.MountTable;
import dev.mangrove.domain.resource.Namespace;
import dev.mangrove.domain.resource.ResolvedResource;
import dev.mangrove.domain.security.Principal;
import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code GET /_openapi}: the OpenAPI document for the caller (JSON, or YAML with {@code ?format=yaml}), with an
 * ETag; and the interactive API page (Swagger UI from its webjar, no CDN) at the configured path
 * (docs/api.md#openapi). The page and its assets are public; the document authenticates its caller when
 * security is on and lists what the access-control list lets that caller use (anonymous: what anonymous may).
 */
final class OpenApiEndpoints {
    /** The path of the document. */
    static final String DOCUMENT = "/_openapi";
    /** The description of the page's fixed route (how the generator knows it). */
    static final String PAGE_DESCRIPTION = "the interactive API page";
    /** The page's Content-Security-Policy: its own scripts only, and requests to this server only. */
    static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
            + "img-src 'self' data:; font-src 'self' data:; connect-src 'self'; base-uri 'none'; "
            + "form-action 'self'; frame-ancestors 'none'";
    private static final String WEBJAR = "META-INF/resources/webjars/swagger-ui/";
    private static final Map<String, String> ASSETS = Map.of(
            "swagger-ui.css", "text/css; charset=utf-8",
            "swagger-ui-bundle.js", "text/javascript; charset=utf-8",
            "favicon-32x32.png", "image/png",
            "favicon-16x16.png", "image/png");
    private static final String INIT = "mangrove-init.js";

    private final OpenApi openApi;
    private final OpenApiSettings settings;
    private final HttpSecurity security;
    private final MountTable mounts;
    private final UseCases useCases;
    private final Problems problems;
    private final Map<String, byte[]> assets = new ConcurrentHashMap<>();

    OpenApiEndpoints(OpenApi openApi, OpenApiSettings settings, HttpSecurity security, MountTable mounts,
                     UseCases useCases, Problems problems) {
        this.openApi = Objects.requireNonNull(openApi, "openApi");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.security = security;
        this.mounts = Objects.requireNonNull(mounts, "mounts");
        this.useCases = Objects.requireNonNull(useCases, "useCases");
        this.problems = Objects.requireNonNull(problems, "problems");
    }

    /** Whether a path is public: the page and its assets (no authentication, no access control). */
    static boolean isPage(OpenApiSettings settings, String path) {
        return settings.page() && (path.equals(settings.docsPath()) || path.startsWith(settings.docsPath() + "/"));
    }

    void register(HttpRouting.Builder routing) {
        if (!settings.enabled()) {
            return;
        }
        for (Method method : List.of(Method.GET, Method.HEAD)) {
            routing.route(method, DOCUMENT, this::document);
            if (settings.page()) {
                routing.route(method, settings.docsPath(), this::page);
                routing.route(method, GuardedPath.of(settings.docsPath() + "/{file}"), this::asset);
            }
        }
    }

    private void document(ServerRequest req, ServerResponse res) {
        RequestInfo info = RequestInfo.of(req);
        info.route(DOCUMENT);
        try {
            String format = req.query().first("format").orElse("json");
            if (!format.equals("json") && !format.equals("yaml")) {
                throw MangroveException.badRequest("invalid-parameter", "format is json or yaml, not '" + format + "'");
            }
            boolean yaml = format.equals("yaml");
            OpenApi.Access access = security == null ? OpenApi.Access.ALL
                    : access(info.principal().orElse(Principal.anonymous()));
            ObjectNode document = openApi.document(access, catalog());
            byte[] body = OpenApi.bytes(document, yaml);
            String etag = '"' + digest(body) + '"';
            res.header(HeaderNames.ETAG, etag);
            res.header(HeaderNames.VARY, "Authorization");
            res.header(HeaderNames.CACHE_CONTROL, "private, no-cache");
            Optional<String> ifNoneMatch = req.headers().first(HeaderNames.IF_NONE_MATCH);
            if (ifNoneMatch.isPresent() && matches(ifNoneMatch.get(), etag)) {
                res.status(Status.NOT_MODIFIED_304).send();
                return;
            }
            res.header(HeaderNames.CONTENT_TYPE, yaml ? "application/yaml" : "application/json");
            res.send(body);
        } catch (RuntimeException e) {
            problems.send(req, res, e);
        }
    }

    private static boolean matches(String ifNoneMatch, String etag) {
        for (String candidate : ifNoneMatch.split(",")) {
            String c = candidate.strip();
            if (c.equals("*") || c.equals(etag) || c.equals("W/" + etag)) {
                return true;
            }
        }
        return false;
    }

    /** The access-control list's answer for the caller, as the security filter would ask it for that request. */
    private OpenApi.Access access(Principal principal) {
        return (verb, path) -> {
            Optional<ResolvedResource> resource;
            try {
                resource = mounts.resolve(path);
            } catch (MangroveException e) {
                resource = Optional.empty();
            }
            try {
                return security.authorize().authorize(new AccessRequest(principal, verb, path, resource, Map.of()))
                        .allowed();
            } catch (RuntimeException e) {
                return false;
            }
        };
    }

    /** The names and schema bindings, read with the server's own rights (only listed as the caller may use them). */
    private OpenApi.Catalog catalog() {
        return new OpenApi.Catalog() {
            @Override
            public List<String> databases() {
                return useCases.catalog().databases();
            }

            @Override
            public List<String> collections(String database) {
                return useCases.catalog().collections(new DatabaseName(database));
            }

            @Override
            public Optional<Map<String, Object>> boundSchema(String database, String collection) {
                Document metadata = useCases.manageCatalog().collectionMetadata(Namespace.of(database, collection));
                Object binding = metadata.get("jsonSchema");
                Object id = binding instanceof Map<?, ?> map ? map.get("schemaId")
                        : binding instanceof Document d ? d.get("schemaId") : null;
                if (!(id instanceof String schemaId)) {
                    return Optional.empty();
                }
                return Optional.of(useCases.schemas().schema(new DatabaseName(database), schemaId).fields());
            }
        };
    }

    private void page(ServerRequest req, ServerResponse res) {
        RequestInfo.of(req).route(settings.docsPath());
        String base = settings.docsPath();
        String html = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                + "<title>Mangrove API</title>\n"
                + "<link rel=\"icon\" type=\"image/png\" href=\"" + base + "/favicon-32x32.png\">\n"
                + "<link rel=\"stylesheet\" href=\"" + base + "/swagger-ui.css\">\n</head>\n<body>\n"
                + "<div id=\"swagger-ui\"></div>\n"
                + "<script src=\"" + base + "/swagger-ui-bundle.js\"></script>\n"
                + "<script src=\"" + base + "/" + INIT + "\"></script>\n</body>\n</html>\n";
        pageHeaders(res, "text/html; charset=utf-8");
        res.header(HeaderNames.CACHE_CONTROL, "no-cache");
        res.send(html.getBytes(StandardCharsets.UTF_8));
    }

    private void asset(ServerRequest req, ServerResponse res) {
        RequestInfo.of(req).route(settings.docsPath() + "/{file}");
        String file = req.path().pathParameters().get("file");
        try {
            byte[] body;
            String type;
            if (file.equals(INIT)) {
                body = init().getBytes(StandardCharsets.UTF_8);
                type = "text/javascript; charset=utf-8";
            } else if (ASSETS.containsKey(file)) {
                body = assets.computeIfAbsent(file, OpenApiEndpoints::webjar);
                type = ASSETS.get(file);
            } else {
                throw MangroveException.notFound("resource-not-found", "Nothing is served at this path");
            }
            pageHeaders(res, type);
            res.header(HeaderNames.CACHE_CONTROL, "public, max-age=3600");
            res.send(body);
        } catch (RuntimeException e) {
            problems.send(req, res, e);
        }
    }

    /** Swagger UI's start: the document of this server, "try it out" against it, no online validator. */
    private String init() {
        return "window.ui = SwaggerUIBundle({\n"
                + "  url: '" + DOCUMENT + "',\n"
                + "  dom_id: '#swagger-ui',\n"
                + "  deepLinking: true,\n"
                + "  persistAuthorization: false,\n"
                + "  validatorUrl: null,\n"
                + "  presets: [SwaggerUIBundle.presets.apis],\n"
                + "  layout: 'BaseLayout',\n"
                // authorizing (or logging out) fetches the document again, as the caller it now lists
                + "  plugins: [function () {\n"
                + "    var reload = function (action) {\n"
                + "      return function (original, system) {\n"
                + "        return function (payload) {\n"
                + "          var out = original(payload);\n"
                + "          setTimeout(function () { system.specActions.download('" + DOCUMENT + "'); }, 0);\n"
                + "          return out;\n"
                + "        };\n"
                + "      };\n"
                + "    };\n"
                + "    return {statePlugins: {auth: {wrapActions: {authorize: reload(), logout: reload()}}}};\n"
                + "  }],\n"
                // the document itself is filtered by the caller's ACL: fetch it again with the credentials given
                + "  requestInterceptor: function (request) {\n"
                + "    var auth = window.ui && window.ui.authSelectors && window.ui.authSelectors.authorized();\n"
                + "    if (request.url.indexOf('" + DOCUMENT + "') >= 0 && auth && auth.size) {\n"
                + "      auth.forEach(function (value, name) {\n"
                + "        var scheme = value.get('schema'); var v = value.get('value');\n"
                + "        if (scheme.get('scheme') === 'basic' && v) {\n"
                + "          request.headers['Authorization'] = 'Basic ' + btoa(v.get('username') + ':' + v.get('password'));\n"
                + "        } else if (scheme.get('scheme') === 'bearer' && v) {\n"
                + "          request.headers['Authorization'] = 'Bearer ' + v;\n"
                + "        } else if (scheme.get('type') === 'apiKey' && v) {\n"
                + "          request.headers[scheme.get('name')] = v;\n"
                + "        }\n"
                + "      });\n"
                + "    }\n"
                + "    return request;\n"
                + "  }\n"
                + "});\n";
    }

    private static void pageHeaders(ServerResponse res, String type) {
        res.header(HeaderNames.CONTENT_TYPE, type);
        res.header("Content-Security-Policy", CSP);
        res.header("X-Content-Type-Options", "nosniff");
        res.header("Referrer-Policy", "no-referrer");
    }

    private static byte[] webjar(String file) {
        String path = WEBJAR + webjarVersion() + "/" + file;
        try (InputStream in = OpenApiEndpoints.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("the Swagger UI webjar lacks " + path);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The version of the Swagger UI webjar on the class path. */
    static String webjarVersion() {
        try (InputStream in = OpenApiEndpoints.class.getClassLoader()
                .getResourceAsStream("META-INF/maven/org.webjars/swagger-ui/pom.properties")) {
            if (in == null) {
                throw new IllegalStateException("the Swagger UI webjar (org.webjars:swagger-ui) is not on the class path");
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String digest(byte[] body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body), 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
