package dev.mangrove.domain.write;

import dev.mangrove.domain.document.ETag;

import java.util.Objects;

/**
 * The {@code If-Match} condition of a single-document write: none, or the header value whose tags the
 * current document must carry.
 *
 * @param ifMatch the raw {@code If-Match} header value, or {@code null} when the request has none
 */
public record Precondition(String ifMatch) {
    /** No condition. */
    public static final Precondition NONE = new Precondition(null);

    public Precondition {
        if (ifMatch != null && ifMatch.isBlank()) {
            throw dev.mangrove.domain.error.MangroveException.badRequest("invalid-if-match", "If-Match must not be blank");
        }
    }

    /** A condition on the {@code If-Match} header value. */
    public static Precondition ifMatch(String header) {
        return new Precondition(Objects.requireNonNull(header, "header"));
    }

    /** Whether the request has an {@code If-Match}. */
    public boolean present() {
        return ifMatch != null;
    }

    /** Whether a document with this tag satisfies the condition. */
    public boolean admits(ETag tag) {
        return ifMatch == null || tag.matchesHeader(ifMatch);
    }
}
