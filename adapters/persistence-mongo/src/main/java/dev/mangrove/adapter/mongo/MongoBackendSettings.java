package dev.mangrove.adapter.mongo;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * How to reach MongoDB and how long to wait for it.
 *
 * @param uri                    the MongoDB connection string ({@code mongodb://…} or {@code mongodb+srv://…})
 * @param serverSelectionTimeout how long an operation waits for a reachable server before failing with 503
 * @param queryTimeLimit         the server-side time limit ({@code maxTimeMS}) of every read
 * @param embedded               whether the backend is the embedded mongo-java-server (fixed capabilities)
 * @param customizer             extra client settings, such as metrics listeners; may do nothing
 */
public record MongoBackendSettings(String uri, Duration serverSelectionTimeout, Duration queryTimeLimit,
                                   boolean embedded, Consumer<MongoClientSettings.Builder> customizer) {
    private static final Duration DEFAULT_SERVER_SELECTION_TIMEOUT = Duration.ofSeconds(3);
    private static final Duration DEFAULT_QUERY_TIME_LIMIT = Duration.ofSeconds(10);
    /** user:password@ in any scheme; up to the last @ before the options, so a raw @ in a password is masked too. */
    private static final Pattern PASSWORD = Pattern.compile("(://[^:@/?]*:)[^?]*@");

    /** Validates every component; a bad value fails with a message saying what was expected. */
    public MongoBackendSettings {
        Objects.requireNonNull(uri, "uri");
        Objects.requireNonNull(serverSelectionTimeout, "serverSelectionTimeout");
        Objects.requireNonNull(queryTimeLimit, "queryTimeLimit");
        Objects.requireNonNull(customizer, "customizer");
        checkUri(uri);
        requirePositive(serverSelectionTimeout, "serverSelectionTimeout");
        requirePositive(queryTimeLimit, "queryTimeLimit");
    }

    /** Settings for a real server at {@code uri} with default timeouts (3 s server selection, 10 s queries). */
    public static MongoBackendSettings create(String uri) {
        return new MongoBackendSettings(uri, DEFAULT_SERVER_SELECTION_TIMEOUT, DEFAULT_QUERY_TIME_LIMIT, false,
                builder -> { });
    }

    /** The connection string with any password replaced by {@code ****}, for logs and start-up lines. */
    public String maskedUri() {
        return mask(uri);
    }

    @Override
    public String toString() {
        return "MongoBackendSettings[uri=" + maskedUri() + ", serverSelectionTimeout=" + serverSelectionTimeout
                + ", queryTimeLimit=" + queryTimeLimit + ", embedded=" + embedded + "]";
    }

    static String mask(String uri) {
        return PASSWORD.matcher(uri).replaceFirst("$1****@");
    }

    private static void checkUri(String uri) {
        if (uri.startsWith("mongodb+srv://")) {
            // parsing an SRV string resolves DNS records: leave that to connect()
            if (uri.length() == "mongodb+srv://".length()) {
                throw new IllegalArgumentException("uri must name a host: mongodb+srv://host/...");
            }
            return;
        }
        if (!uri.startsWith("mongodb://")) {
            throw new IllegalArgumentException(
                    "uri must be a MongoDB connection string starting with mongodb:// or mongodb+srv://, not '"
                            + mask(uri) + "'");
        }
        try {
            new ConnectionString(uri);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("uri is not a valid MongoDB connection string ("
                    + e.getMessage() + "): '" + mask(uri) + "'");
        }
    }

    private static void requirePositive(Duration duration, String name) {
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException(name + " must be a positive duration, not " + duration);
        }
        if (duration.toMillis() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(name + " must be shorter than " + Integer.MAX_VALUE + " ms");
        }
    }
}
