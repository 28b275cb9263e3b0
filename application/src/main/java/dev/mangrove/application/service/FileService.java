package dev.mangrove.application.service;

import dev.mangrove.application.port.in.FileQuery;
import dev.mangrove.application.port.in.ManageCatalogUseCase;
import dev.mangrove.application.port.in.ManageFilesUseCase;
import dev.mangrove.application.port.in.StoredFile;
import dev.mangrove.application.port.in.UpdateFileMetadataCommand;
import dev.mangrove.application.port.in.UploadFileCommand;
import dev.mangrove.application.port.out.CatalogStore;
import dev.mangrove.application.port.out.DocumentStore;
import dev.mangrove.application.port.out.FileStore;
import dev.mangrove.domain.document.Document;
import dev.mangrove.domain.error.MangroveException;
import dev.mangrove.domain.query.Filter;
import dev.mangrove.domain.query.Projection;
import dev.mangrove.domain.resource.Namespace;
import dev.mangrove.domain.write.Precondition;
import dev.mangrove.domain.write.Update;

import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * GridFS buckets with the semantics of docs/files.md: a bucket is a collection {@code {bucket}.files} (created,
 * listed and dropped like one) plus its chunks; a file's metadata document is read and written through the
 * document store (so data scopes apply as to any document), its content through the file store.
 */
public final class FileService implements ManageFilesUseCase {
    private final FileStore files;
    private final DocumentStore documents;
    private final CatalogStore catalog;
    private final ManageCatalogUseCase management;
    private final long maxBytes;

    /**
     * A service over these stores.
     *
     * @param maxBytes the largest file accepted ({@code mangrove.files.max-size})
     */
    public FileService(FileStore files, DocumentStore documents, CatalogStore catalog, ManageCatalogUseCase management,
                       long maxBytes) {
        this.files = Objects.requireNonNull(files, "files");
        this.documents = Objects.requireNonNull(documents, "documents");
        this.catalog = Objects.requireNonNull(catalog, "catalog");
        this.management = Objects.requireNonNull(management, "management");
        if (maxBytes < 0) {
            throw new IllegalArgumentException("maxBytes must not be negative");
        }
        this.maxBytes = maxBytes;
    }

    @Override
    public boolean createBucket(Namespace bucket, Document metadata, Precondition precondition) {
        requireBucketName(bucket);
        boolean created = management.putCollection(bucket, metadata, precondition);
        files.prepareBucket(bucket);
        return created;
    }

    @Override
    public void dropBucket(Namespace bucket, boolean force, Optional<String> ifMatch) {
        requireBucketName(bucket);
        management.dropCollection(bucket, force, ifMatch);
        files.dropBucket(bucket);
    }

    @Override
    public StoredFile upload(UploadFileCommand command) {
        Namespace bucket = command.bucket();
        requireBucketName(bucket);
        Existence.requireCollection(catalog, bucket);
        if (command.id() != null && documents.findById(bucket, command.id(), Projection.none()).isPresent()) {
            throw MangroveException.conflict("file-exists", "A file with this id exists: delete it first to replace it");
        }
        FileStore.UploadedFile uploaded = files.upload(bucket, command.id(), new FileStore.NewFile(command.filename(),
                command.contentType(), command.metadata()), command.content(), maxBytes);
        try {
            Document late = command.afterContent().get();
            Optional<Document> stored;
            if (late.isEmpty()) {
                stored = documents.findById(bucket, uploaded.id(), Projection.none());
            } else {
                Map<String, Object> set = new LinkedHashMap<>();
                late.fields().forEach((name, value) -> set.put("metadata." + name, value));
                stored = documents.updateAndGet(bucket, uploaded.id(), new Update(Map.of("$set", set)));
            }
            return stored.map(StoredFile::of).orElseThrow(() -> MangroveException.conflict("file-deleted",
                    "The file was deleted while it was being uploaded"));
        } catch (RuntimeException e) {
            try {
                files.delete(bucket, uploaded.id());
            } catch (RuntimeException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
    }

    @Override
    public StoredFile describe(FileQuery query) {
        requireBucketName(query.bucket());
        Existence.requireCollection(catalog, query.bucket());
        return documents.findById(query.bucket(), query.id(), query.scope().readFilter(), Projection.none())
                .map(StoredFile::of)
                .orElseThrow(FileService::notFound);
    }

    @Override
    public void download(Namespace bucket, StoredFile file, long offset, long length, OutputStream target) {
        if (offset < 0 || length < 0 || offset + length > file.length()) {
            throw new IllegalArgumentException("range outside the file");
        }
        if (length > 0) {
            files.download(bucket, file.id(), file.chunkSize(), offset, length, target);
        }
    }

    @Override
    public StoredFile updateMetadata(UpdateFileMetadataCommand command) {
        FileQuery file = command.file();
        requireBucketName(file.bucket());
        Existence.requireCollection(catalog, file.bucket());
        Map<String, Object> set = new LinkedHashMap<>();
        if (command.replace()) {
            set.put("metadata", command.metadata().fields());
        } else {
            command.metadata().fields().forEach((name, value) -> set.put("metadata." + name, value));
        }
        if (set.isEmpty()) {
            return describe(file);
        }
        Filter scope = file.scope().writeFilter();
        return documents.updateAndGet(file.bucket(), file.id(), scope, new Update(Map.of("$set", set)))
                .map(StoredFile::of)
                .orElseThrow(FileService::notFound);
    }

    @Override
    public void delete(FileQuery query) {
        requireBucketName(query.bucket());
        Existence.requireCollection(catalog, query.bucket());
        if (documents.findById(query.bucket(), query.id(), query.scope().writeFilter(), Projection.none()).isEmpty()) {
            throw notFound();
        }
        files.delete(query.bucket(), query.id());
    }

    private static void requireBucketName(Namespace bucket) {
        if (!bucket.collection().isFileBucket()) {
            throw new IllegalArgumentException(bucket + " is not a file bucket");
        }
    }

    private static MangroveException notFound() {
        return MangroveException.notFound("file-not-found", "The file does not exist");
    }
}
