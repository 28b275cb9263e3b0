package dev.mangrove.application.port.in;

import dev.mangrove.domain.document.Document;

import java.util.Objects;

/**
 * Change the {@code metadata} of a file, never its content (docs/files.md#metadata).
 *
 * @param file     the file
 * @param metadata the fields to merge into it, or (with {@code replace}) its new value
 * @param replace  whether {@code metadata} replaces the whole field
 */
public record UpdateFileMetadataCommand(FileQuery file, Document metadata, boolean replace) {
    public UpdateFileMetadataCommand {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(metadata, "metadata");
    }
}
