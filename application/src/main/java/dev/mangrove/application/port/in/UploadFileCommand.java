package dev.mangrove.application.port.in;

import dev.mangrove.domain.document.Document;
import dev.mangrove.domain.resource.Namespace;
import dev.mangrove.domain.security.DataScope;

import java.io.InputStream;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Upload a file into a bucket (docs/files.md#upload).
 *
 * @param bucket       the bucket ({@code {bucket}.files})
 * @param id           the file id (a domain value), or {@code null} for a new ObjectId
 * @param filename     the file name
 * @param contentType  the media type of the content
 * @param metadata     the file's metadata (the {@code properties} sent before the content)
 * @param content      the content, read to its end once
 * @param afterContent called once the content is read: more metadata sent after the content (merged), or a failure
 *                     that undoes the upload
 * @param scope        what the caller may see and change (docs/security.md)
 */
public record UploadFileCommand(Namespace bucket, Object id, String filename, String contentType, Document metadata,
                                InputStream content, Supplier<Document> afterContent, DataScope scope) {
    public UploadFileCommand {
        Objects.requireNonNull(bucket, "bucket");
        Objects.requireNonNull(filename, "filename");
        Objects.requireNonNull(contentType, "contentType");
        Objects.requireNonNull(metadata, "metadata");
        Objects.requireNonNull(content, "content");
        Objects.requireNonNull(afterContent, "afterContent");
        Objects.requireNonNull(scope, "scope");
    }
}
