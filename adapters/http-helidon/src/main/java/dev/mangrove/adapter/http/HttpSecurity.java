package dev.mangrove.adapter.http;

import dev.mangrove.application.port.in.AuthenticateUseCase;
import dev.mangrove.application.port.in.AuthorizeUseCase;
import dev.mangrove.application.port.in.LoginUseCase;
import dev.mangrove.application.port.in.ManageApiKeysUseCase;
import dev.mangrove.application.port.in.ManageUsersUseCase;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the HTTP adapter needs to authenticate and authorize requests (docs/security.md).
 *
 * @param authenticate turns credentials into the caller
 * @param login        issues tokens ({@code POST /token}, {@code POST /login})
 * @param authorize    the access-control list
 * @param basic        whether HTTP Basic is accepted
 * @param bearer       whether bearer tokens are accepted
 * @param realm        the realm named in {@code WWW-Authenticate}
 * @param proxies      whose {@code X-Forwarded-For} gives the client address
 * @param users        user management ({@code /_users}; docs/security.md#user-management-api), if served
 * @param keys         API keys ({@code /_keys} and the {@code apiKey} headers; docs/security.md#api-keys), if served
 */
public record HttpSecurity(AuthenticateUseCase authenticate, LoginUseCase login, AuthorizeUseCase authorize,
                           boolean basic, boolean bearer, String realm, TrustedProxies proxies,
                           Optional<ManageUsersUseCase> users, Optional<ManageApiKeysUseCase> keys) {
    public HttpSecurity {
        Objects.requireNonNull(users, "users");
        Objects.requireNonNull(keys, "keys");
        Objects.requireNonNull(authenticate, "authenticate");
        Objects.requireNonNull(login, "login");
        Objects.requireNonNull(authorize, "authorize");
        Objects.requireNonNull(realm, "realm");
        Objects.requireNonNull(proxies, "proxies");
    }

    /** Without user management over HTTP nor API keys. */
    public HttpSecurity(AuthenticateUseCase authenticate, LoginUseCase login, AuthorizeUseCase authorize,
                        boolean basic, boolean bearer, String realm, TrustedProxies proxies) {
        this(authenticate, login, authorize, basic, bearer, realm, proxies, Optional.empty(), Optional.empty());
    }

    /** Without trusted proxies: the peer's address is the client's. */
    public HttpSecurity(AuthenticateUseCase authenticate, LoginUseCase login, AuthorizeUseCase authorize,
                        boolean basic, boolean bearer, String realm) {
        this(authenticate, login, authorize, basic, bearer, realm, TrustedProxies.NONE);
    }

    /** The client address of a request (the peer's, or from {@code X-Forwarded-For} of a trusted proxy). */
    String clientAddress(io.helidon.webserver.http.ServerRequest req) {
        String peer = req.remotePeer().host();
        return proxies.isEmpty() ? peer : proxies.clientAddress(peer,
                req.headers().all(io.helidon.http.HeaderNames.X_FORWARDED_FOR, List::of));
    }

    /** The {@code WWW-Authenticate} challenges of the enabled schemes. */
    String challenge() {
        StringBuilder out = new StringBuilder();
        if (basic) {
            out.append("Basic realm=\"").append(realm).append("\", charset=\"UTF-8\"");
        }
        if (bearer) {
            out.append(out.isEmpty() ? "" : ", ").append("Bearer realm=\"").append(realm).append('"');
        }
        return out.toString();
    }
}
