package dev.mangrove.adapter.mongo;

import com.mongodb.MongoBulkWriteException;
import com.mongodb.MongoCommandException;
import com.mongodb.MongoConnectionPoolClearedException;
import com.mongodb.MongoExecutionTimeoutException;
import com.mongodb.MongoNodeIsRecoveringException;
import com.mongodb.MongoNotPrimaryException;
import com.mongodb.MongoOperationTimeoutException;
import com.mongodb.MongoServerUnavailableException;
import com.mongodb.MongoSocketException;
import com.mongodb.MongoTimeoutException;
import com.mongodb.MongoWriteConcernException;
import com.mongodb.MongoWriteException;
import com.mongodb.bulk.BulkWriteError;
import dev.mangrove.domain.error.ErrorDetail;
import dev.mangrove.domain.error.ErrorKind;
import dev.mangrove.domain.error.MangroveException;
import dev.mangrove.domain.resource.Namespace;
import org.bson.BsonMaximumSizeExceededException;
import org.bson.BsonSerializationException;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one place where driver and server failures become {@link MangroveException}s. Details are safe
 * for clients: raw server messages, which can name real collections, are never passed on unscrubbed.
 */
final class MongoErrors {
    /** How long a client should wait before retrying when the backend is unreachable. */
    static final Duration RETRY_AFTER = Duration.ofSeconds(5);

    private static final System.Logger LOG = System.getLogger(MongoErrors.class.getName());
    private static final Pattern INDEX_NAME = Pattern.compile("index: (.+?)(?: dup key:|$)");

    private static final int DUPLICATE_KEY = 11000;
    private static final Set<Integer> DUPLICATE_KEY_CODES = Set.of(DUPLICATE_KEY, 11001, 12582);
    private static final int DOCUMENT_VALIDATION_FAILURE = 121;
    private static final int MAX_TIME_MS_EXPIRED = 50;
    /** MongoDB's "Regular expression is invalid" (PCRE could not compile the pattern). */
    private static final int INVALID_REGEX = 51091;
    /** CommandNotFound, CommandNotSupported, NotImplemented, OperationNotSupportedInTransaction. */
    private static final Set<Integer> NOT_IMPLEMENTED = Set.of(59, 115, 238, 263);
    /** BadValue, FailedToParse, TypeMismatch, PathNotViable, ConflictingUpdateOperators, DollarPrefixedFieldName,
     *  InvalidIdField, NotSingleValueField, InvalidDBRef, EmptyFieldName, DottedFieldName, ImmutableField,
     *  InvalidPipelineOperator (an unknown expression such as {@code $getField} on a backend without it). */
    private static final Set<Integer> REJECTED_REQUEST = Set.of(2, 9, 14, 28, 40, 52, 53, 54, 55, 56, 57, 66, 168);
    /** QueryExceededMemoryLimitNoDiskUseAllowed, ExceededMemoryLimit: a stage over MongoDB's 100 MB without disk. */
    private static final Set<Integer> MEMORY_LIMIT = Set.of(292, 146);
    /** MongoDB's "distinct too big, 16mb cap". */
    private static final int DISTINCT_TOO_BIG = 17217;
    /** MongoDB's "Unrecognized pipeline stage name" (also mongo-java-server's for the stages it lacks). */
    private static final int UNRECOGNIZED_STAGE = 40324;
    private static final Pattern STAGE_NAME = Pattern.compile("stage name: '([^']*)'");
    /** Stages of MongoDB 7 and 8: one that a backend does not know is missing there, not the client's mistake. */
    private static final Set<String> MONGODB_STAGES = Set.of("$addFields", "$bucket", "$bucketAuto", "$changeStream",
            "$changeStreamSplitLargeEvent", "$collStats", "$count", "$currentOp", "$densify", "$documents", "$facet",
            "$fill", "$geoNear", "$graphLookup", "$group", "$indexStats", "$limit", "$listLocalSessions",
            "$listSampledQueries", "$listSearchIndexes", "$listSessions", "$lookup", "$match", "$merge", "$out",
            "$planCacheStats", "$project", "$querySettings", "$redact", "$replaceRoot", "$replaceWith", "$sample",
            "$search", "$searchMeta", "$set", "$setWindowFields", "$shardedDataDistribution", "$skip", "$sort",
            "$sortByCount", "$unionWith", "$unset", "$unwind", "$vectorSearch");
    /** mongo-java-server's answer to a value of the wrong type inside a request (a Java cast failure). */
    private static final Pattern EMBEDDED_TYPE_FAILURE = Pattern.compile(
            "^Unknown error: (class \\S+ cannot be cast to class|Cannot cast|For input string)");
    /** A Java package or class name in a server message (mongo-java-server passes its exceptions' text on). */
    private static final Pattern JAVA_NAME = Pattern.compile(
            "\\b(java|javax|jdk|sun|de\\.bwaldvogel|org\\.h2|com\\.mongodb|org\\.bson)\\.[a-zA-Z]");
    /** HostUnreachable, HostNotFound, NetworkTimeout, ShutdownInProgress, PrimarySteppedDown, InterruptedAtShutdown,
     *  NotWritablePrimary, NotPrimaryNoSecondaryOk, NotPrimaryOrSecondary. */
    private static final Set<Integer> UNAVAILABLE = Set.of(6, 7, 89, 91, 189, 11600, 10107, 13435, 13436);

    private MongoErrors() {
    }

    /**
     * The domain failure for a driver failure.
     *
     * @param failure   what the driver threw or signalled
     * @param namespace the collection involved, scrubbed from any server text passed on; may be {@code null}
     */
    static MangroveException map(Throwable failure, Namespace namespace) {
        Throwable cause = unwrap(failure);
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof MangroveException known) {
                return known;
            }
        }
        MangroveException mapped = classify(cause, namespace);
        if (mapped.kind() == ErrorKind.INTERNAL) {
            LOG.log(System.Logger.Level.WARNING, "MongoDB operation failed", cause);
        } else {
            LOG.log(System.Logger.Level.DEBUG, () -> "MongoDB operation failed: " + mapped.code(), cause);
        }
        return mapped.withCause(cause);
    }

    /** The per-element error of one failed element of a bulk write. */
    static ErrorDetail detail(BulkWriteError error, Namespace namespace) {
        MangroveException mapped = fromServerCode(error.getCode(), error.getMessage(), namespace);
        return ErrorDetail.at(error.getIndex(), mapped.kind(), mapped.code(), mapped.detail());
    }

    private static MangroveException classify(Throwable failure, Namespace namespace) {
        return switch (failure) {
            case MongoBulkWriteException bulk when !bulk.getWriteErrors().isEmpty() -> {
                BulkWriteError first = bulk.getWriteErrors().get(0);
                yield fromServerCode(first.getCode(), first.getMessage(), namespace);
            }
            case MongoWriteException write -> fromServerCode(write.getError().getCode(),
                    write.getError().getMessage(), namespace);
            case MongoExecutionTimeoutException timeout -> timeout();
            case MongoOperationTimeoutException timeout -> timeout();
            case MongoNotPrimaryException notPrimary -> unavailable();
            case MongoNodeIsRecoveringException recovering -> unavailable();
            case MongoWriteConcernException writeConcern -> internal();
            case MongoCommandException command when isUserAssertion(command) -> MangroveException.badRequest(
                    "invalid-request", "MongoDB rejected the request: " + scrub(command.getErrorMessage(), namespace));
            case MongoCommandException command -> fromServerCode(command.getErrorCode(),
                    command.getErrorMessage(), namespace);
            case MongoTimeoutException timeout -> unavailable();
            case MongoSocketException socket -> unavailable();
            case MongoServerUnavailableException serverUnavailable -> unavailable();
            case MongoConnectionPoolClearedException poolCleared -> unavailable();
            case BsonMaximumSizeExceededException tooLarge -> MangroveException.of(ErrorKind.PAYLOAD_TOO_LARGE,
                    "document-too-large", "The document is larger than MongoDB's 16 MiB limit");
            case BsonSerializationException nul when nul.getMessage() != null
                    && nul.getMessage().contains("null character") -> MangroveException.badRequest("invalid-field-name",
                    "A field name or regular expression contains a NUL character, which BSON cannot hold");
            case IllegalArgumentException invalid when invalid.getMessage() != null
                    && invalid.getMessage().startsWith("Invalid BSON field name") -> MangroveException.badRequest(
                    "invalid-document", scrub(invalid.getMessage(), namespace));
            default -> internal();
        };
    }

    /** The domain failure for a server error code and its (unsafe) message. */
    static MangroveException fromServerCode(int code, String message, Namespace namespace) {
        if (DUPLICATE_KEY_CODES.contains(code)) {
            return duplicateKey(message);
        }
        if (code == DOCUMENT_VALIDATION_FAILURE) {
            return MangroveException.badRequest("document-validation-failed",
                    "The document does not satisfy the collection's validation rules");
        }
        if (code == MAX_TIME_MS_EXPIRED) {
            return timeout();
        }
        if (NOT_IMPLEMENTED.contains(code) || (message != null && message.contains("not yet implemented"))) {
            return MangroveException.of(ErrorKind.NOT_IMPLEMENTED, "not-implemented",
                    "The MongoDB backend does not support this operation");
        }
        if (MEMORY_LIMIT.contains(code)) {
            return MangroveException.of(ErrorKind.PAYLOAD_TOO_LARGE, "aggregation-memory-limit",
                    "A stage of the aggregation needs more than MongoDB's 100 MB of memory (spilling to disk is off); "
                            + "$match or $limit earlier, or $project fewer fields");
        }
        if (code == DISTINCT_TOO_BIG) {
            return MangroveException.of(ErrorKind.PAYLOAD_TOO_LARGE, "too-many-values",
                    "The distinct values are more than MongoDB's 16 MB answer can hold; narrow the filter");
        }
        if (code == UNRECOGNIZED_STAGE) {
            Matcher stage = STAGE_NAME.matcher(message == null ? "" : message);
            String name = stage.find() ? stage.group(1) : "?";
            return MONGODB_STAGES.contains(name)
                    ? MangroveException.of(ErrorKind.NOT_IMPLEMENTED, "not-implemented",
                            "The MongoDB backend does not support the stage " + name)
                    : MangroveException.badRequest("invalid-pipeline", "Unknown aggregation stage " + name);
        }
        if (code == -1 && message != null && EMBEDDED_TYPE_FAILURE.matcher(message).find()) {
            return MangroveException.badRequest("invalid-request",
                    "The backend could not run the request: a value in it has a type the operator does not accept");
        }
        if (code == INVALID_REGEX) {
            return MangroveException.badRequest("invalid-regex",
                    "A regular expression is invalid: " + scrub(message, namespace));
        }
        if (REJECTED_REQUEST.contains(code)) {
            return MangroveException.badRequest("invalid-request",
                    "MongoDB rejected the request: " + scrub(message, namespace));
        }
        if (UNAVAILABLE.contains(code)) {
            return unavailable();
        }
        return internal();
    }

    /**
     * Whether the server refused the request's own content: a "Location&lt;n&gt;" code is a user assertion of
     * MongoDB's parser and operators (a malformed stage argument, a wrong operand type), never a server fault. The
     * stage-name code has its own answer.
     */
    private static boolean isUserAssertion(MongoCommandException command) {
        String name = command.getErrorCodeName();
        return name != null && name.startsWith("Location") && command.getErrorCode() != UNRECOGNIZED_STAGE
                && !MEMORY_LIMIT.contains(command.getErrorCode()) && command.getErrorCode() != DISTINCT_TOO_BIG
                && command.getErrorCode() != INVALID_REGEX && command.getErrorCode() != MAX_TIME_MS_EXPIRED;
    }

    private static MangroveException duplicateKey(String message) {
        Matcher matcher = INDEX_NAME.matcher(message == null ? "" : message);
        String index = matcher.find() ? " (index " + matcher.group(1).trim() + ")" : "";
        return MangroveException.conflict("duplicate-key",
                "A document with the same value of a unique key already exists" + index);
    }

    private static MangroveException timeout() {
        return MangroveException.of(ErrorKind.TIMEOUT, "query-timeout",
                "The query did not finish within the configured time limit");
    }

    private static MangroveException unavailable() {
        return MangroveException.of(ErrorKind.UNAVAILABLE, "backend-unavailable",
                        "The database is not reachable at the moment; try again later")
                .withRetryAfter(RETRY_AFTER);
    }

    private static MangroveException internal() {
        return MangroveException.of(ErrorKind.INTERNAL, "backend-error",
                "The database failed to process the request");
    }

    private static Throwable unwrap(Throwable failure) {
        Throwable current = failure;
        while ((current instanceof CompletionException || current instanceof ExecutionException)
                && current.getCause() != null) {
            current = current.getCause();
        }
        return current;
    }

    /** Removes the real database and collection names from a server message. */
    static String scrub(String message, Namespace namespace) {
        if (message == null || message.isBlank()) {
            return "no reason given";
        }
        if (JAVA_NAME.matcher(message).find()) {
            return "details withheld";
        }
        if (namespace == null) {
            return message;
        }
        String database = namespace.database().value();
        String collection = namespace.collection().value();
        String scrubbed = message.replace(database + "." + collection, "<collection>");
        scrubbed = replaceWord(scrubbed, collection, "<collection>");
        return replaceWord(scrubbed, database, "<database>");
    }

    private static String replaceWord(String text, String word, String replacement) {
        return Pattern.compile("(?<![\\w$.])" + Pattern.quote(word) + "(?![\\w$])").matcher(text)
                .replaceAll(Matcher.quoteReplacement(replacement));
    }
}
