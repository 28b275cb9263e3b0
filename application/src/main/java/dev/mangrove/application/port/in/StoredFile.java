package dev.mangrove.application.port.in;

import dev.mangrove.domain.document.Document;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A file of a bucket as its files document describes it (docs/files.md#metadata).
 *
 * @param document the files document as the caller may see it
 * @param id       the file id (a domain value)
 * @param filename the file name
 * @param length   the content length in bytes
 * @param chunkSize the size of its chunks
 * @param uploadDate when it was written
 * @param contentType its media type ({@code application/octet-stream} when unknown)
 * @param sha256   the SHA-256 of its content (lower-case hex), when known
 */
public record StoredFile(Document document, Object id, String filename, long length, int chunkSize,
                         Instant uploadDate, String contentType, Optional<String> sha256) {
    /** The media type of a file uploaded without one. */
    public static final String DEFAULT_CONTENT_TYPE = "application/octet-stream";

    public StoredFile {
        Objects.requireNonNull(document, "document");
        Objects.requireNonNull(filename, "filename");
        Objects.requireNonNull(uploadDate, "uploadDate");
        Objects.requireNonNull(contentType, "contentType");
        Objects.requireNonNull(sha256, "sha256");
    }

    /** Reads a GridFS files document (as written by any GridFS driver; {@code contentType} may be top-level or in {@code metadata}). */
    public static StoredFile of(Document document) {
        Object length = document.get("length");
        Object chunkSize = document.get("chunkSize");
        Object date = document.get("uploadDate");
        String contentType = document.get("contentType") instanceof String s ? s
                : document.get("metadata") instanceof Map<?, ?> m && m.get("contentType") instanceof String s2 ? s2
                : DEFAULT_CONTENT_TYPE;
        return new StoredFile(document, document.get(Document.ID),
                document.get("filename") instanceof String name ? name : "",
                length instanceof Number n ? n.longValue() : 0L,
                chunkSize instanceof Number n ? n.intValue() : 255 * 1024,
                date instanceof Instant instant ? instant : Instant.EPOCH,
                contentType,
                Optional.ofNullable(document.get("sha256") instanceof String s ? s : null));
    }
}
