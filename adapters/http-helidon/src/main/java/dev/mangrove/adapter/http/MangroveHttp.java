package dev.mangrove.adapter.http;

import dev.mangrove.adapter.http.json.ExtendedJson;
import dev.mangrove.application.port.in.ExtensionUseCase;
import dev.mangrove.application.port.in.InterceptorChain;
import dev.mangrove.domain.resource.MountTable;
import io.helidon.webserver.http.HttpRouting;

import java.util.Objects;

/** The HTTP adapter's entry point: registers Mangrove's filters and endpoints on a Helidon routing. */
public final class MangroveHttp {
    private final MountTable mounts;
    private final UseCases useCases;
    private final HttpSettings settings;
    private final RequestObserver observer;
    private final ExtensionUseCase extensions;
    private final InterceptorChain interceptors;
    private final HttpSecurity security;
    private final CorsSettings cors;

    private MangroveHttp(MountTable mounts, UseCases useCases, HttpSettings settings, RequestObserver observer,
                         ExtensionUseCase extensions, InterceptorChain interceptors, HttpSecurity security,
                         CorsSettings cors) {
        this.interceptors = Objects.requireNonNull(interceptors, "interceptors");
        this.mounts = Objects.requireNonNull(mounts, "mounts");
        this.useCases = Objects.requireNonNull(useCases, "useCases");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.observer = Objects.requireNonNull(observer, "observer");
        this.extensions = Objects.requireNonNull(extensions, "extensions");
        this.security = security;
        this.cors = Objects.requireNonNull(cors, "cors");
    }

    /** An adapter serving the mounts through the use cases. */
    public static MangroveHttp create(MountTable mounts, UseCases useCases, HttpSettings settings,
                                      RequestObserver observer) {
        return new MangroveHttp(mounts, useCases, settings, observer, ExtensionUseCase.NONE, InterceptorChain.NONE,
                null, CorsSettings.NONE);
    }

    /** An adapter that also serves the endpoints of plugins ({@code /_name} resources). */
    public static MangroveHttp create(MountTable mounts, UseCases useCases, HttpSettings settings,
                                      RequestObserver observer, ExtensionUseCase extensions) {
        return new MangroveHttp(mounts, useCases, settings, observer, extensions, InterceptorChain.NONE, null,
                CorsSettings.NONE);
    }

    /** An adapter that serves the endpoints of plugins and runs their interceptors around every API request. */
    public static MangroveHttp create(MountTable mounts, UseCases useCases, HttpSettings settings,
                                      RequestObserver observer, ExtensionUseCase extensions,
                                      InterceptorChain interceptors) {
        return new MangroveHttp(mounts, useCases, settings, observer, extensions, interceptors, null,
                CorsSettings.NONE);
    }

    /**
     * This adapter with authentication and access control on every request but health checks (SPEC §6);
     * {@code security} null leaves every request unauthenticated. CORS applies either way.
     */
    public MangroveHttp withSecurity(HttpSecurity security, CorsSettings cors) {
        return new MangroveHttp(mounts, useCases, settings, observer, extensions, interceptors, security, cors);
    }

    /** Names the route of a request handled outside the adapter (for the access log and metrics). */
    public static void nameRoute(io.helidon.webserver.http.ServerRequest req, String template) {
        RequestInfo.of(req).route(template);
    }

    /**
     * Registers the access-log filter, the health endpoints, and the API as the catch-all route;
     * endpoints registered on {@code routing} before this call take precedence over the API.
     */
    public void routing(HttpRouting.Builder routing) {
        ExtendedJson json = ExtendedJson.create(settings.maxDepth());
        Problems problems = new Problems(json);
        routing.addFilter(new AccessLogFilter(observer));
        if (cors.enabled()) {
            routing.addFilter(new CorsFilter(cors));
        }
        if (security != null) {
            routing.addFilter(new SecurityFilter(security, mounts, problems));
            new AuthEndpoints(security, json, problems).register(routing);
        }
        routing.register("/health", new HealthEndpoints(useCases.health()))
                .any(new ApiHandler(mounts, useCases, settings, json, problems, extensions, interceptors))
                .error(Throwable.class, problems::send);
    }
}
