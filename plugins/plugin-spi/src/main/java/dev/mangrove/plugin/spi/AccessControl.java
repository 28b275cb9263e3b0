package dev.mangrove.plugin.spi;

import dev.mangrove.domain.resource.Namespace;
import dev.mangrove.domain.security.DataScope;
import dev.mangrove.domain.security.Principal;

import java.util.Optional;

/** The server's access-control list, asked the way a direct request would ask it. */
@FunctionalInterface
public interface AccessControl {
    /**
     * The data scope within which {@code principal} may read {@code namespace} (as {@code GET /{db}/{coll}}
     * would be decided); empty when it may not read it at all.
     */
    Optional<DataScope> readScope(Principal principal, Namespace namespace);
}
