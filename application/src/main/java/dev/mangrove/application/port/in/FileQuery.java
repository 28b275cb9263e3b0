package dev.mangrove.application.port.in;

import dev.mangrove.domain.resource.Namespace;
import dev.mangrove.domain.security.DataScope;

import java.util.Objects;

/**
 * Address one file of a bucket as a caller who sees what {@code scope} lets it see.
 *
 * @param bucket the bucket ({@code {bucket}.files})
 * @param id     the file id (a domain value)
 * @param scope  what the caller may see and change (docs/security.md)
 */
public record FileQuery(Namespace bucket, Object id, DataScope scope) {
    public FileQuery {
        Objects.requireNonNull(bucket, "bucket");
        Objects.requireNonNull(scope, "scope");
    }
}
