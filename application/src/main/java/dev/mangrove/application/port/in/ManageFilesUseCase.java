package dev.mangrove.application.port.in;

import dev.mangrove.domain.document.Document;
import dev.mangrove.domain.resource.Namespace;
import dev.mangrove.domain.write.Precondition;

import java.io.OutputStream;
import java.util.Optional;

/** Creates and drops GridFS buckets and uploads, describes, downloads and deletes their files (docs/files.md). */
public interface ManageFilesUseCase {
    /** Creates the bucket (or sets its metadata, as {@code PUT} of a collection); true when it was created. */
    boolean createBucket(Namespace bucket, Document metadata, Precondition precondition);

    /** Drops the bucket with a collection's confirmation rule: {@code force}, or {@code ifMatch} its metadata's ETag. */
    void dropBucket(Namespace bucket, boolean force, Optional<String> ifMatch);

    /** Uploads a file (409 when its id is taken, 404 without the bucket); the file as stored. */
    StoredFile upload(UploadFileCommand command);

    /** The file; 404 when it does not exist or the caller's read filter hides it. */
    StoredFile describe(FileQuery query);

    /** Writes {@code length} bytes of the file from {@code offset} to {@code target}, at the pace it takes them. */
    void download(Namespace bucket, StoredFile file, long offset, long length, OutputStream target);

    /** Changes the file's metadata; the file after the change. */
    StoredFile updateMetadata(UpdateFileMetadataCommand command);

    /** Deletes the file and all its chunks; 404 when the caller's write filter hides it or it does not exist. */
    void delete(FileQuery query);
}
