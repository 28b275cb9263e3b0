package dev.mangrove.bootstrap.e2e;

import java.util.Optional;

/**
 * The MongoDB the end-to-end tests run against, chosen once per test run: {@code MONGO_URI} set →
 * that server; else Docker available → a Testcontainers {@code mongo} replica set; else the
 * embedded mongo-java-server (in memory).
 */
public final class TestBackend {
    private static TestBackend instance;

    private final Kind kind;
    private final String uri;

    private TestBackend(Kind kind, String uri) {
        this.kind = kind;
        this.uri = uri;
    }

    /** The backend of this test run. */
    public static synchronized TestBackend get() {
        if (instance == null) {
            instance = choose();
            System.out.println("[mangrove-tests] backend: " + instance.describe());
        }
        return instance;
    }

    private static TestBackend choose() {
        String external = System.getenv("MONGO_URI");
        if (external != null && !external.isBlank()) {
            return new TestBackend(Kind.EXTERNAL, external);
        }
        Optional<String> container = Containers.startMongoIfDockerAvailable();
        return container.map(u -> new TestBackend(Kind.CONTAINER, u)).orElseGet(() -> new TestBackend(Kind.EMBEDDED, null));
    }

    /** Which kind of backend this is. */
    public Kind kind() {
        return kind;
    }

    /** The URI to configure, empty for the embedded backend. */
    public Optional<String> uri() {
        return Optional.ofNullable(uri);
    }

    /** Whether the backend runs multi-document transactions (the embedded one does not). */
    public boolean supportsTransactions() {
        return kind != Kind.EMBEDDED;
    }

    String describe() {
        return switch (kind) {
            case EXTERNAL -> "external MONGO_URI";
            case CONTAINER -> "Testcontainers mongo replica set";
            case EMBEDDED -> "embedded mongo-java-server (Docker not available, MONGO_URI not set)";
        };
    }

    /** The three kinds of test backend. */
    public enum Kind {
        EXTERNAL, CONTAINER, EMBEDDED
    }
}
