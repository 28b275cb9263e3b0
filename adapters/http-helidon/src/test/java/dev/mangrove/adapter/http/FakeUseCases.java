package dev.mangrove.adapter.http;

import dev.mangrove.application.port.in.BrowseCatalogUseCase;
import dev.mangrove.application.port.in.BulkWriteDocumentsUseCase;
import dev.mangrove.application.port.in.CheckHealthUseCase;
import dev.mangrove.plugin.spi.ExtensionResponse;
import dev.mangrove.application.port.in.ExtensionUseCase;
import dev.mangrove.application.port.in.FindDocumentsUseCase;
import dev.mangrove.application.port.in.GetDocumentUseCase;
import dev.mangrove.application.port.in.InsertDocumentsUseCase;
import dev.mangrove.application.port.in.ManageCatalogUseCase;
import dev.mangrove.application.port.in.ManageIndexesUseCase;
import dev.mangrove.application.port.in.ManageSchemasUseCase;
import dev.mangrove.application.port.in.WriteDocumentUseCase;
import dev.mangrove.application.port.in.WriteResult;
import dev.mangrove.application.port.in.BulkInsertResult;
import dev.mangrove.application.port.in.BulkUpdateResult;
import dev.mangrove.application.port.in.ResultCursor;
import dev.mangrove.application.port.in.SavedDocument;
import dev.mangrove.domain.document.Document;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/**
 * Fake use cases for the adapter's own HTTP tests: every call is recorded as {@code Interface.method}
 * and answered with a neutral value; {@link #failWith} makes the next call throw.
 */
final class FakeUseCases {
    final List<String> calls = new CopyOnWriteArrayList<>();
    private volatile Supplier<RuntimeException> failure;

    /** The next call throws this. */
    void failWith(Supplier<RuntimeException> next) {
        failure = next;
    }

    void reset() {
        calls.clear();
        failure = null;
    }

    UseCases useCases() {
        return new UseCases(fake(BrowseCatalogUseCase.class), fake(FindDocumentsUseCase.class),
                fake(GetDocumentUseCase.class), fake(InsertDocumentsUseCase.class), fake(WriteDocumentUseCase.class),
                fake(CheckHealthUseCase.class), fake(BulkWriteDocumentsUseCase.class), fake(ManageCatalogUseCase.class),
                fake(ManageIndexesUseCase.class), fake(ManageSchemasUseCase.class),
                fake(dev.mangrove.application.port.in.ManageFilesUseCase.class));
    }

    ExtensionUseCase extensions() {
        return request -> {
            calls.add("ExtensionUseCase.handle " + request.name());
            throwIfAsked();
            return Optional.of(ExtensionResponse.ok(Map.of("served", request.name())));
        };
    }

    private void throwIfAsked() {
        Supplier<RuntimeException> f = failure;
        if (f != null) {
            failure = null;
            throw f.get();
        }
    }

    private <T> T fake(Class<T> type) {
        Object proxy = Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (self, method, args) -> {
            if (method.getDeclaringClass() == Object.class) {
                return switch (method.getName()) {
                    case "toString" -> "fake " + type.getSimpleName();
                    case "hashCode" -> System.identityHashCode(self);
                    default -> self == args[0];
                };
            }
            if (method.isDefault()) {
                try {
                    return Proxy.class.getMethod("invokeDefault", Object.class, java.lang.reflect.Method.class,
                            Object[].class).invoke(null, self, method, args);
                } catch (InvocationTargetException e) {
                    throw e.getCause();
                }
            }
            calls.add(type.getSimpleName() + "." + method.getName());
            throwIfAsked();
            return answer(method.getReturnType());
        });
        return type.cast(proxy);
    }

    private static Object answer(Class<?> type) {
        if (type == void.class) {
            return null;
        }
        if (type == boolean.class) {
            return false;
        }
        if (type == long.class) {
            return 0L;
        }
        if (type == List.class) {
            return List.of();
        }
        if (type == Document.class) {
            return new Document(Map.of("_id", "d1"));
        }
        if (type == String.class) {
            return "s1";
        }
        if (type == Object.class) {
            return "id1";
        }
        if (type == WriteResult.class) {
            return new WriteResult(false, Optional.empty());
        }
        if (type == BulkInsertResult.class) {
            return new BulkInsertResult(List.of("id1"), List.of());
        }
        if (type == SavedDocument.class) {
            return new SavedDocument("id1", true);
        }
        if (type == BulkUpdateResult.class) {
            return new BulkUpdateResult(1, 1);
        }
        if (type == dev.mangrove.application.port.in.StoredFile.class) {
            return dev.mangrove.application.port.in.StoredFile.of(new Document(Map.of("_id", "f1", "filename", "f.txt",
                    "length", 0L, "chunkSize", 261120, "uploadDate", java.time.Instant.EPOCH)));
        }
        if (type == ResultCursor.class) {
            return ResultCursor.of(List.of());
        }
        throw new IllegalStateException("no fake answer of type " + type);
    }
}
