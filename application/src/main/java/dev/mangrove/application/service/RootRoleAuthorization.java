package dev.mangrove.application.service;

import dev.mangrove.application.port.in.AccessDecision;
import dev.mangrove.application.port.in.AccessRequest;
import dev.mangrove.application.port.in.AuthorizeUseCase;
import dev.mangrove.domain.security.DataScope;

import java.util.Objects;

/** The smallest access-control list: callers with the root role may do everything, nobody else anything. */
public final class RootRoleAuthorization implements AuthorizeUseCase {
    private final String rootRole;

    /** Grants everything to callers with {@code rootRole}. */
    public RootRoleAuthorization(String rootRole) {
        this.rootRole = Objects.requireNonNull(rootRole, "rootRole");
    }

    @Override
    public AccessDecision authorize(AccessRequest request) {
        return request.principal().hasRole(rootRole)
                ? AccessDecision.allow(DataScope.UNRESTRICTED)
                : AccessDecision.deny("No permission of the access-control list grants this request");
    }
}
