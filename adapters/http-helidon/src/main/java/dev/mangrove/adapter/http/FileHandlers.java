package dev.mangrove.adapter.http;

import dev.mangrove.adapter.http.json.ExtendedJson;
import dev.mangrove.application.port.in.FileQuery;
import dev.mangrove.application.port.in.ManageFilesUseCase;
import dev.mangrove.application.port.in.StoredFile;
import dev.mangrove.application.port.in.UpdateFileMetadataCommand;
import dev.mangrove.application.port.in.UploadFileCommand;
import dev.mangrove.domain.document.Document;
import dev.mangrove.domain.document.ETag;
import dev.mangrove.domain.error.ErrorKind;
import dev.mangrove.domain.error.MangroveException;
import dev.mangrove.domain.resource.Namespace;
import dev.mangrove.domain.resource.Verb;
import dev.mangrove.domain.write.Precondition;
import io.helidon.http.HeaderNames;
import io.helidon.http.HttpMediaType;
import io.helidon.http.Status;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * GridFS buckets (docs/files.md): {@code /{db}/{bucket}.files} (create, list, drop, upload),
 * {@code /{db}/{bucket}.files/{id}} (metadata, upload at an id, delete) and {@code …/{id}/binary} (the content,
 * with ranges and conditional requests).
 */
final class FileHandlers {
    private static final String OCTET_STREAM = "application/octet-stream";
    /** The receive buffer an upload's connection gets at least (the kernel doubles it), whatever the listener's. */
    static final int UPLOAD_RECEIVE_BUFFER = 1 << 20;
    private final ManageFilesUseCase files;
    private final CollectionHandlers collections;
    private final DocumentHandlers documents;
    private final ExtendedJson json;
    private final Bodies bodies;
    private final long maxPropertiesBytes;

    /** Handlers over {@code files}, or answering 501 when it is {@code null} (no file store wired). */
    FileHandlers(ManageFilesUseCase files, CollectionHandlers collections, DocumentHandlers documents, ExtendedJson json,
                 Bodies bodies, long maxPropertiesBytes) {
        this.files = files;
        this.collections = Objects.requireNonNull(collections, "collections");
        this.documents = Objects.requireNonNull(documents, "documents");
        this.json = Objects.requireNonNull(json, "json");
        this.bodies = Objects.requireNonNull(bodies, "bodies");
        this.maxPropertiesBytes = maxPropertiesBytes;
    }

    /** PUT {@code /{db}/{bucket}.files}: creates the bucket or sets its metadata. */
    void createBucket(Exchange x) {
        Document metadata = x.req().content().hasEntity() ? bodies.readDocument(x.req()) : Document.empty();
        boolean created = files().createBucket(x.resource().namespace(), metadata,
                x.header(HeaderNames.IF_MATCH).map(Precondition::ifMatch).orElse(Precondition.NONE));
        x.send(created ? Status.CREATED_201 : Status.OK_200);
    }

    /** GET {@code /{db}/{bucket}.files}: the file metadata documents, read like any collection. */
    void list(Exchange x) {
        files();
        collections.read(x);
    }

    /** DELETE {@code /{db}/{bucket}.files}: drops the bucket, confirmed like a collection drop. */
    void dropBucket(Exchange x) {
        if (CollectionHandlers.filters(x)) {
            throw MangroveException.badRequest("filter-not-allowed", "Files are deleted one at a time "
                    + "(DELETE /{db}/{bucket}.files/{id}); a DELETE of the bucket drops it");
        }
        files().dropBucket(x.resource().namespace(), x.params().flag("force"), x.header(HeaderNames.IF_MATCH));
        x.send(Status.NO_CONTENT_204);
    }

    /** POST {@code /{db}/{bucket}.files}: uploads a file with a new ObjectId. */
    void upload(Exchange x) {
        store(x, null);
    }

    /** GET {@code …/{id}}: the file's metadata document, read like any document. */
    void metadata(Exchange x) {
        files();
        documents.get(x);
    }

    /** PUT {@code …/{id}}: a multipart body uploads the file at this id; a JSON body replaces its metadata. */
    void put(Exchange x) {
        if (isMultipart(x)) {
            store(x, x.documentId());
            return;
        }
        updateMetadata(x, true);
    }

    /** PATCH {@code …/{id}}: merges the body's fields into the file's metadata. */
    void patch(Exchange x) {
        updateMetadata(x, false);
    }

    /** DELETE {@code …/{id}}: removes the file and all its chunks. */
    void delete(Exchange x) {
        files().delete(new FileQuery(x.resource().namespace(), x.documentId(), x.scope()));
        x.send(Status.NO_CONTENT_204);
    }

    /**
     * GET/HEAD {@code …/{id}/binary}: the content, streamed at the client's pace, with validators; one range → 206,
     * several ranges → the whole content (200), none within the content → 416.
     */
    void binary(Exchange x) {
        Namespace bucket = x.resource().namespace();
        StoredFile file = files().describe(new FileQuery(bucket, x.documentId(), x.scope()));
        String etag = etag(file);
        String lastModified = httpDate(file);
        x.res().header(HeaderNames.ETAG, etag);
        x.res().header(HeaderNames.LAST_MODIFIED, lastModified);
        x.res().header(HeaderNames.ACCEPT_RANGES, "bytes");
        x.res().header(HeaderNames.CACHE_CONTROL, "private, no-cache");
        Optional<String> ifNoneMatch = x.header(HeaderNames.IF_NONE_MATCH);
        if (ifNoneMatch.isPresent() && matches(ifNoneMatch.get(), etag, true)) {
            x.send(Status.NOT_MODIFIED_304);
            return;
        }
        long offset = 0;
        long length = file.length();
        Status status = Status.OK_200;
        Optional<String> range = x.header(HeaderNames.RANGE);
        if (range.isPresent() && ifRangeHolds(x.header(HeaderNames.IF_RANGE), etag, file)) {
            Optional<List<ByteRanges.Range>> ranges;
            try {
                ranges = ByteRanges.parse(range.get(), file.length());
            } catch (MangroveException e) {
                x.res().header(HeaderNames.CONTENT_RANGE, "bytes */" + file.length());
                throw e;
            }
            if (ranges.isPresent() && ranges.get().size() == 1) {
                ByteRanges.Range only = ranges.get().get(0);
                offset = only.first();
                length = only.length();
                status = Status.PARTIAL_CONTENT_206;
                x.res().header(HeaderNames.CONTENT_RANGE, only.contentRange(file.length()));
            }
        }
        x.res().header(HeaderNames.CONTENT_TYPE, file.contentType());
        x.res().header("X-Content-Type-Options", "nosniff");
        x.res().header(HeaderNames.CONTENT_DISPOSITION, ContentDisposition.format(file.filename(),
                x.params().flag("inline")));
        x.res().header(HeaderNames.CONTENT_LENGTH, Long.toString(length));
        x.res().status(status);
        if (x.verb() == Verb.HEAD || length == 0) {
            x.res().send();
            return;
        }
        try (OutputStream out = x.res().outputStream()) {
            files.download(bucket, file, offset, length, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void store(Exchange x, Object id) {
        ManageFilesUseCase use = files();
        String boundary = boundary(x);
        ClientPresence.widenReceiveBuffer(UPLOAD_RECEIVE_BUFFER);
        MultipartReader reader = new MultipartReader(x.req().content().inputStream(), boundary);
        Document properties = null;
        MultipartReader.Part file = null;
        for (Optional<MultipartReader.Part> next = reader.next(); next.isPresent(); next = reader.next()) {
            MultipartReader.Part part = next.get();
            String name = partName(part);
            if (name.equals("properties")) {
                if (properties != null) {
                    throw invalid("the body has two 'properties' parts");
                }
                properties = properties(part);
            } else if (name.equals("file")) {
                file = part;
                break;
            } else {
                throw unexpectedPart(name);
            }
        }
        if (file == null) {
            throw MangroveException.badRequest("missing-file", "The multipart body has no 'file' part");
        }
        Document before = properties == null ? Document.empty() : properties;
        boolean propertiesSeen = properties != null;
        String contentType = file.contentType().map(FileHandlers::mediaType).orElse(OCTET_STREAM);
        StoredFile stored = use.upload(new UploadFileCommand(x.resource().namespace(), id, file.filename().orElse(""),
                contentType, before, file.body(), () -> rest(reader, propertiesSeen), x.scope()));
        x.location(stored.id());
        x.res().header(HeaderNames.ETAG, ETag.of(stored.document()).quoted());
        x.send(Status.CREATED_201);
    }

    /** The parts after the file: at most one {@code properties} (when none came before), nothing else. */
    private Document rest(MultipartReader reader, boolean propertiesSeen) {
        Document late = Document.empty();
        boolean seen = propertiesSeen;
        for (Optional<MultipartReader.Part> next = reader.next(); next.isPresent(); next = reader.next()) {
            String name = partName(next.get());
            if (name.equals("file")) {
                throw invalid("the body has a second 'file' part; upload one file per request");
            }
            if (!name.equals("properties")) {
                throw unexpectedPart(name);
            }
            if (seen) {
                throw invalid("the body has two 'properties' parts");
            }
            seen = true;
            late = properties(next.get());
        }
        return late;
    }

    private Document properties(MultipartReader.Part part) {
        byte[] bytes;
        try (InputStream in = part.body()) {
            bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxPropertiesBytes + 1));
        } catch (IOException e) {
            throw MangroveException.badRequest("unreadable-body", "The request body could not be read");
        }
        if (bytes.length > maxPropertiesBytes) {
            throw MangroveException.of(ErrorKind.PAYLOAD_TOO_LARGE, "body-too-large",
                    "The 'properties' part is larger than the limit of " + maxPropertiesBytes + " bytes");
        }
        Document properties = json.parseDocument(new ByteArrayInputStream(bytes));
        checkFieldNames(properties);
        return properties;
    }

    private void updateMetadata(Exchange x, boolean replace) {
        Document body = bodies.readDocument(x.req());
        checkFieldNames(body);
        StoredFile file = files().updateMetadata(new UpdateFileMetadataCommand(
                new FileQuery(x.resource().namespace(), x.documentId(), x.scope()), body, replace));
        x.res().header(HeaderNames.ETAG, ETag.of(file.document()).quoted());
        x.send(Status.NO_CONTENT_204);
    }

    private static void checkFieldNames(Document metadata) {
        for (String name : metadata.fields().keySet()) {
            if (name.isEmpty() || name.startsWith("$") || name.contains(".") || name.indexOf('\0') >= 0) {
                throw MangroveException.badRequest("invalid-metadata", "'" + name + "' is not a valid metadata "
                        + "field name (not empty, no '$' first, no '.')");
            }
        }
    }

    private ManageFilesUseCase files() {
        if (files == null) {
            throw MangroveException.of(ErrorKind.NOT_IMPLEMENTED, "not-implemented",
                    "File buckets are not available on this server");
        }
        return files;
    }

    private static boolean isMultipart(Exchange x) {
        return x.req().headers().contentType()
                .map(t -> t.mediaType().type().equalsIgnoreCase("multipart"))
                .orElse(false);
    }

    private static String boundary(Exchange x) {
        HttpMediaType type = x.req().headers().contentType().orElse(null);
        if (type == null || !type.mediaType().type().equalsIgnoreCase("multipart")
                || !type.mediaType().subtype().equalsIgnoreCase("form-data")) {
            throw MangroveException.of(ErrorKind.UNSUPPORTED_MEDIA_TYPE, "unsupported-media-type",
                    "Upload a file as multipart/form-data with a 'file' part (and optionally 'properties')");
        }
        String boundary = type.parameters().get("boundary");
        if (boundary == null || boundary.isEmpty()) {
            throw invalid("the boundary parameter of Content-Type is missing");
        }
        return boundary;
    }

    private static String partName(MultipartReader.Part part) {
        return part.name().orElseThrow(() -> invalid("a part has no Content-Disposition name"));
    }

    private static String mediaType(String contentType) {
        try {
            return HttpMediaType.create(contentType).text();
        } catch (RuntimeException e) {
            throw invalid("the 'file' part's Content-Type '" + contentType + "' is not a media type");
        }
    }

    private static MangroveException unexpectedPart(String name) {
        return invalid("unexpected part '" + name + "': send 'file' and optionally 'properties'");
    }

    private static MangroveException invalid(String why) {
        return MangroveException.badRequest("invalid-multipart", "The multipart/form-data body is not an upload: "
                + why);
    }

    /** The strong ETag of the content: its SHA-256; for files uploaded elsewhere, their id, length and date. */
    static String etag(StoredFile file) {
        return "\"" + file.sha256().orElseGet(() -> Integer.toHexString(
                Objects.hash(String.valueOf(file.id()), file.length(), file.uploadDate()))) + "\"";
    }

    private static String httpDate(StoredFile file) {
        return DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.ofInstant(file.uploadDate(), ZoneOffset.UTC));
    }

    /** Whether an {@code If-None-Match} or {@code If-Range} value names {@code etag} ({@code *} only when {@code star}). */
    static boolean matches(String header, String etag, boolean star) {
        for (String candidate : header.split(",")) {
            String c = candidate.trim();
            if (star && c.equals("*")) {
                return true;
            }
            if (c.startsWith("W/")) {
                c = c.substring(2);
            }
            if (c.equals(etag)) {
                return true;
            }
        }
        return false;
    }

    /** {@code If-Range}: the range applies when it is absent, or names the current ETag or the exact Last-Modified. */
    private static boolean ifRangeHolds(Optional<String> ifRange, String etag, StoredFile file) {
        if (ifRange.isEmpty()) {
            return true;
        }
        String value = ifRange.get().trim();
        if (value.startsWith("\"")) {
            return value.equals(etag);
        }
        if (value.startsWith("W/")) {
            return false;
        }
        try {
            ZonedDateTime date = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME);
            return date.toInstant().getEpochSecond() == file.uploadDate().getEpochSecond();
        } catch (DateTimeParseException e) {
            return false;
        }
    }
}
