package dev.mangrove.application.port.out;

import dev.mangrove.domain.document.Document;
import dev.mangrove.domain.resource.Namespace;

import java.io.InputStream;
import java.io.OutputStream;

/**
 * Stores file contents in GridFS buckets (docs/files.md). A bucket is named by the namespace of its
 * {@code {bucket}.files} collection; its chunks live in {@code {bucket}.chunks}. Failures are
 * {@link dev.mangrove.domain.error.MangroveException}s.
 */
public interface FileStore {
    /** Creates the bucket's chunks collection and the indexes GridFS reads by, if missing. */
    void prepareBucket(Namespace bucket);

    /** Drops the bucket's files and chunks collections. */
    void dropBucket(Namespace bucket);

    /**
     * Streams {@code content} into chunks of a new file as it arrives, then writes its files document (GridFS's fields
     * plus {@code contentType} and the content's {@code sha256}, computed on the way). On any failure
     * (more than {@code maxBytes}: 413 {@code file-too-large}; the content failing to read; the backend) every chunk
     * written is deleted before the failure is thrown.
     *
     * @param bucket   the bucket
     * @param id       the file id (a domain value), or {@code null} for a new ObjectId
     * @param file     the file's name and metadata
     * @param content  the content, read to its end
     * @param maxBytes the largest content accepted
     */
    UploadedFile upload(Namespace bucket, Object id, NewFile file, InputStream content, long maxBytes);

    /**
     * Writes {@code length} bytes of the file from {@code offset} to {@code target}, reading only the chunks that hold
     * them, one chunk at a time as {@code target} takes them.
     */
    void download(Namespace bucket, Object id, int chunkSize, long offset, long length, OutputStream target);

    /** Deletes the file's chunks, then its files document; whether the document existed. */
    boolean delete(Namespace bucket, Object id);

    /**
     * A file to upload.
     *
     * @param filename    the file name
     * @param contentType its media type (stored as {@code contentType})
     * @param metadata    the {@code metadata} field of its files document
     */
    record NewFile(String filename, String contentType, Document metadata) {
        public NewFile {
            java.util.Objects.requireNonNull(filename, "filename");
            java.util.Objects.requireNonNull(contentType, "contentType");
            java.util.Objects.requireNonNull(metadata, "metadata");
        }
    }

    /**
     * A file written.
     *
     * @param id     its id (a domain value)
     * @param length its length in bytes
     * @param sha256 the SHA-256 of its content, lower-case hex
     */
    record UploadedFile(Object id, long length, String sha256) {
    }
}
