package dev.mangrove.application.port.in;

import dev.mangrove.domain.security.DataScope;

import java.util.Objects;

/**
 * The answer of the access-control list to a request.
 *
 * @param allowed whether the request may proceed
 * @param scope   when allowed, what the caller may see and change; {@link DataScope#UNRESTRICTED} otherwise
 * @param reason  when denied, why (safe to show to the caller: names no other user, filter or secret)
 */
public record AccessDecision(boolean allowed, DataScope scope, String reason) {
    public AccessDecision {
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(reason, "reason");
    }

    /** The request may proceed within {@code scope}. */
    public static AccessDecision allow(DataScope scope) {
        return new AccessDecision(true, scope, "");
    }

    /** The request is refused, for {@code reason}. */
    public static AccessDecision deny(String reason) {
        return new AccessDecision(false, DataScope.UNRESTRICTED, reason);
    }
}
