package dev.mangrove.application.service;

import dev.mangrove.application.port.in.FileQuery;
import dev.mangrove.application.port.in.ManageCatalogUseCase;
import dev.mangrove.application.port.in.StoredFile;
import dev.mangrove.application.port.in.UploadFileCommand;
import dev.mangrove.application.port.out.FileStore;
import dev.mangrove.domain.document.Document;
import dev.mangrove.domain.error.MangroveException;
import dev.mangrove.domain.query.Filter;
import dev.mangrove.domain.query.Projection;
import dev.mangrove.domain.resource.Namespace;
import dev.mangrove.domain.security.DataScope;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Proxy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FileServiceTest {
    private static final Namespace BUCKET = Namespace.of("shop", "media.files");
    private final InMemoryDocumentStore documents = new InMemoryDocumentStore();
    private final InMemoryCatalogStore catalog = new InMemoryCatalogStore().withDatabase("shop", "media.files");
    private final FakeFiles files = new FakeFiles();
    private final FileService service = new FileService(files, documents, catalog, noManagement(), 1000);

    @Test
    void anUploadAtATakenIdIsRefusedBeforeReadingAnything() {
        documents.seed(BUCKET, file("taken", "ada"));
        MangroveException e = assertThrows(MangroveException.class, () -> service.upload(command("taken", Document::empty)));
        assertEquals("file-exists", e.code());
        assertEquals(List.of(), files.calls);
    }

    @Test
    void aFailureAfterTheContentDeletesTheFile() {
        Supplier<Document> badTrailer = () -> {
            throw MangroveException.badRequest("invalid-multipart", "a second file part");
        };
        assertThrows(MangroveException.class, () -> service.upload(command("f1", badTrailer)));
        assertEquals(List.of("upload f1", "delete f1"), files.calls);
        assertTrue(documents.stored(BUCKET, "f1").isEmpty());
    }

    @Test
    void anUploadAnswersTheStoredFile() {
        StoredFile stored = service.upload(command("f2", Document::empty));
        assertEquals("f2", stored.id());
        assertEquals("a.txt", stored.filename());
        assertEquals(List.of("upload f2"), files.calls);
    }

    @Test
    void theReadFilterHidesAFileAndTheWriteFilterGuardsItsDeletion() {
        documents.seed(BUCKET, file("bobs", "bob"));
        DataScope alice = new DataScope(new Filter.Expression(Map.of("metadata.owner", "alice")),
                new Filter.Expression(Map.of("metadata.owner", "alice")), Map.of(), Projection.none());
        MangroveException hidden = assertThrows(MangroveException.class,
                () -> service.describe(new FileQuery(BUCKET, "bobs", alice)));
        assertEquals("file-not-found", hidden.code());
        assertThrows(MangroveException.class, () -> service.delete(new FileQuery(BUCKET, "bobs", alice)));
        assertEquals(List.of(), files.calls, "nothing deleted");
        service.delete(new FileQuery(BUCKET, "bobs", DataScope.UNRESTRICTED));
        assertEquals(List.of("delete bobs"), files.calls);
    }

    @Test
    void aMissingBucketIs404() {
        Namespace missing = Namespace.of("shop", "other.files");
        MangroveException e = assertThrows(MangroveException.class,
                () -> service.describe(new FileQuery(missing, "x", DataScope.UNRESTRICTED)));
        assertEquals("collection-not-found", e.code());
    }

    private static UploadFileCommand command(String id, Supplier<Document> after) {
        return new UploadFileCommand(BUCKET, id, "a.txt", "text/plain", Document.empty(),
                new ByteArrayInputStream(new byte[3]), after, DataScope.UNRESTRICTED);
    }

    private static Document file(String id, String owner) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("_id", id);
        fields.put("filename", "a.txt");
        fields.put("length", 3L);
        fields.put("chunkSize", 261120);
        fields.put("uploadDate", Instant.EPOCH);
        fields.put("metadata", new LinkedHashMap<>(Map.of("owner", owner)));
        return new Document(fields);
    }

    private static ManageCatalogUseCase noManagement() {
        return (ManageCatalogUseCase) Proxy.newProxyInstance(ManageCatalogUseCase.class.getClassLoader(),
                new Class<?>[] {ManageCatalogUseCase.class}, (self, method, args) -> {
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    /** Stores the files document in the document store, as the real store does. */
    private final class FakeFiles implements FileStore {
        final List<String> calls = new ArrayList<>();

        @Override
        public void prepareBucket(Namespace bucket) {
            calls.add("prepare");
        }

        @Override
        public void dropBucket(Namespace bucket) {
            calls.add("drop");
        }

        @Override
        public UploadedFile upload(Namespace bucket, Object id, NewFile file, InputStream content, long maxBytes) {
            calls.add("upload " + id);
            documents.seed(bucket, file(String.valueOf(id), "ada"));
            return new UploadedFile(id, 3, "sha");
        }

        @Override
        public void download(Namespace bucket, Object id, int chunkSize, long offset, long length, OutputStream target) {
            calls.add("download " + id);
        }

        @Override
        public boolean delete(Namespace bucket, Object id) {
            calls.add("delete " + id);
            return documents.deleteOne(bucket, id);
        }
    }
}
