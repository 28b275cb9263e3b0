package dev.mangrove.application.port.out;

import dev.mangrove.domain.document.Document;

import java.util.List;

/** Where access-control permissions are stored besides the configuration (docs/security.md). */
public interface AclStore {
    /**
     * Every stored permission document as stored (fields {@code _id, roles, methods, path, priority,
     * mongo}), in declaration order (ascending {@code _id}). Unchecked: callers parse and skip the
     * broken ones. Fails with a {@link dev.mangrove.domain.error.MangroveException} when the backend
     * cannot be read.
     */
    List<Document> permissionDocuments();
}
