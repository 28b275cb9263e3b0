package dev.mangrove.adapter.http;

import dev.mangrove.application.port.in.AuthenticateUseCase;
import dev.mangrove.application.port.in.AuthorizeUseCase;
import dev.mangrove.application.port.in.LoginUseCase;

import java.util.Objects;

/**
 * What the HTTP adapter needs to authenticate and authorize requests (SPEC §6).
 *
 * @param authenticate turns credentials into the caller
 * @param login        issues tokens ({@code POST /token}, {@code POST /login})
 * @param authorize    the access-control list
 * @param basic        whether HTTP Basic is accepted
 * @param bearer       whether bearer tokens are accepted
 * @param realm        the realm named in {@code WWW-Authenticate}
 */
public record HttpSecurity(AuthenticateUseCase authenticate, LoginUseCase login, AuthorizeUseCase authorize,
                           boolean basic, boolean bearer, String realm) {
    public HttpSecurity {
        Objects.requireNonNull(authenticate, "authenticate");
        Objects.requireNonNull(login, "login");
        Objects.requireNonNull(authorize, "authorize");
        Objects.requireNonNull(realm, "realm");
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
