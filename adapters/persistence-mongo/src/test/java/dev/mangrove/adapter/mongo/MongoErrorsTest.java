package dev.mangrove.adapter.mongo;

import com.mongodb.MongoBulkWriteException;
import com.mongodb.MongoCommandException;
import com.mongodb.MongoExecutionTimeoutException;
import com.mongodb.MongoSocketOpenException;
import com.mongodb.MongoTimeoutException;
import com.mongodb.MongoWriteException;
import com.mongodb.ServerAddress;
import com.mongodb.WriteError;
import com.mongodb.bulk.BulkWriteError;
import com.mongodb.bulk.BulkWriteResult;
import dev.mangrove.domain.error.ErrorDetail;
import dev.mangrove.domain.error.ErrorKind;
import dev.mangrove.domain.error.MangroveException;
import dev.mangrove.domain.resource.Namespace;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonString;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MongoErrorsTest {
    private static final Namespace HIDDEN = Namespace.of("shop", "rocket_engines");
    private static final String DUPLICATE_MESSAGE = "E11000 duplicate key error collection: shop.rocket_engines "
            + "index: serial_1 dup key: { serial: \"X-1\" }";

    private static MongoCommandException command(int code, String message) {
        BsonDocument response = new BsonDocument("ok", new BsonInt32(0))
                .append("code", new BsonInt32(code))
                .append("errmsg", new BsonString(message));
        return new MongoCommandException(response, new ServerAddress());
    }

    private static void assertNoHiddenName(MangroveException e) {
        assertFalse(e.detail().contains("rocket_engines"), e.detail());
        assertFalse(e.detail().contains("shop."), e.detail());
    }

    @Test
    void mapsDuplicateKeyTo409WithoutCollectionName() {
        MongoWriteException write = new MongoWriteException(
                new WriteError(11000, DUPLICATE_MESSAGE, new BsonDocument()), new ServerAddress(), Set.of());

        MangroveException e = MongoErrors.map(write, HIDDEN);

        assertEquals(ErrorKind.CONFLICT, e.kind());
        assertEquals("duplicate-key", e.code());
        assertEquals("A document with the same value of a unique key already exists (index serial_1)", e.detail());
        assertNoHiddenName(e);
        assertSame(write, e.getCause());
    }

    @Test
    void mapsADuplicateKeyCommandErrorTheSameWay() {
        MangroveException e = MongoErrors.map(command(11000, DUPLICATE_MESSAGE), HIDDEN);

        assertEquals(ErrorKind.CONFLICT, e.kind());
        assertTrue(e.detail().endsWith("(index serial_1)"), e.detail());
        assertNoHiddenName(e);
    }

    @Test
    void mapsABulkWriteErrorToPerElementDetailsWithoutCollectionName() {
        BulkWriteError error = new BulkWriteError(11000, DUPLICATE_MESSAGE, new BsonDocument(), 3);

        ErrorDetail detail = MongoErrors.detail(error, HIDDEN);

        assertEquals(3, detail.index());
        assertEquals(ErrorKind.CONFLICT, detail.kind());
        assertEquals("duplicate-key", detail.code());
        assertFalse(detail.detail().contains("rocket_engines"));
    }

    @Test
    void mapsABulkWriteExceptionByItsFirstError() {
        MongoBulkWriteException bulk = new MongoBulkWriteException(BulkWriteResult.unacknowledged(),
                List.of(new BulkWriteError(121, "Document failed validation", new BsonDocument(), 0)),
                null, new ServerAddress(), Set.of());

        MangroveException e = MongoErrors.map(bulk, HIDDEN);

        assertEquals(ErrorKind.BAD_REQUEST, e.kind());
        assertEquals("document-validation-failed", e.code());
    }

    @Test
    void mapsDocumentValidationFailureTo400() {
        MongoWriteException write = new MongoWriteException(
                new WriteError(121, "Document failed validation", new BsonDocument()), new ServerAddress(), Set.of());

        MangroveException e = MongoErrors.map(write, HIDDEN);

        assertEquals(ErrorKind.BAD_REQUEST, e.kind());
        assertEquals("document-validation-failed", e.code());
    }

    @Test
    void mapsTheTimeLimitTo408() {
        assertEquals("query-timeout", MongoErrors.map(
                new MongoExecutionTimeoutException(50, "operation exceeded time limit"), HIDDEN).code());
        MangroveException e = MongoErrors.map(command(50, "operation exceeded time limit"), HIDDEN);
        assertEquals(ErrorKind.TIMEOUT, e.kind());
        assertEquals(ErrorKind.TIMEOUT, e.kind());
    }

    @Test
    void mapsUnreachableServersTo503WithRetryAfter() {
        for (RuntimeException failure : List.of(
                new MongoTimeoutException("Timed out while waiting for a server"),
                new MongoSocketOpenException("Exception opening socket", new ServerAddress(), new IOException()),
                command(91, "shutdown in progress"))) {
            MangroveException e = MongoErrors.map(failure, HIDDEN);
            assertEquals(ErrorKind.UNAVAILABLE, e.kind(), failure.toString());
            assertEquals("backend-unavailable", e.code());
            assertEquals(Optional.of(Duration.ofSeconds(5)), e.retryAfter());
        }
    }

    @Test
    void mapsUnsupportedCommandsTo501() {
        for (int code : new int[] {59, 115, 238}) {
            MangroveException e = MongoErrors.map(command(code, "no such command: 'frobnicate'"), HIDDEN);
            assertEquals(ErrorKind.NOT_IMPLEMENTED, e.kind());
            assertEquals("not-implemented", e.code());
        }
    }

    @Test
    void mapsRejectedQueriesTo400WithTheCollectionNameScrubbed() {
        MangroveException e = MongoErrors.map(command(2,
                "unknown operator: $bogus in shop.rocket_engines (rocket_engines)"), HIDDEN);

        assertEquals(ErrorKind.BAD_REQUEST, e.kind());
        assertEquals("invalid-request", e.code());
        assertTrue(e.detail().contains("unknown operator: $bogus"), e.detail());
        assertNoHiddenName(e);
    }

    private static MongoCommandException command(int code, String codeName, String message) {
        BsonDocument response = new BsonDocument("ok", new BsonInt32(0))
                .append("code", new BsonInt32(code))
                .append("codeName", new BsonString(codeName))
                .append("errmsg", new BsonString(message));
        return new MongoCommandException(response, new ServerAddress());
    }

    @Test
    void mapsAnUnknownStageTo400AndAStageTheBackendLacksTo501() {
        MangroveException unknown = MongoErrors.map(command(40324, "Location40324",
                "Unrecognized pipeline stage name: '$bogus'"), HIDDEN);
        assertEquals(ErrorKind.BAD_REQUEST, unknown.kind());
        assertEquals("invalid-pipeline", unknown.code());
        assertTrue(unknown.detail().contains("$bogus"), unknown.detail());

        MangroveException lacking = MongoErrors.map(command(40324, "Location40324",
                "Unrecognized pipeline stage name: '$densify'"), HIDDEN);
        assertEquals(ErrorKind.NOT_IMPLEMENTED, lacking.kind());
        assertTrue(lacking.detail().contains("$densify"), lacking.detail());
    }

    @Test
    void mapsAnAggregationOverTheMemoryLimitTo413() {
        MangroveException e = MongoErrors.map(command(292, "QueryExceededMemoryLimitNoDiskUseAllowed",
                "Exceeded memory limit for $group, but didn't allow external sort in rocket_engines"), HIDDEN);

        assertEquals(ErrorKind.PAYLOAD_TOO_LARGE, e.kind());
        assertEquals("aggregation-memory-limit", e.code());
        assertNoHiddenName(e);
        MangroveException distinct = MongoErrors.map(command(17217, "Location17217", "distinct too big, 16mb cap"), HIDDEN);
        assertEquals(ErrorKind.PAYLOAD_TOO_LARGE, distinct.kind());
        assertEquals("too-many-values", distinct.code());
    }

    @Test
    void mapsTheServersUserAssertionsTo400WithTheCollectionNameScrubbed() {
        // MongoDB answers a malformed stage argument with a "Location<n>" user assertion ($skip: "x", $group: null)
        MangroveException e = MongoErrors.map(command(15956, "Location15956",
                "invalid argument to $skip stage in rocket_engines: Expected a number"), HIDDEN);

        assertEquals(ErrorKind.BAD_REQUEST, e.kind());
        assertEquals("invalid-request", e.code());
        assertTrue(e.detail().contains("$skip"), e.detail());
        assertNoHiddenName(e);
    }

    @Test
    void mapsTheEmbeddedBackendsTypeFailuresTo400WithoutItsClassNames() {
        // mongo-java-server answers a wrong argument type ($limit: true) with "Unknown error" and a Java message
        MangroveException e = MongoErrors.map(command(-1, "Unknown error: class java.lang.Boolean cannot be cast to "
                + "class java.lang.Number (java.lang.Boolean and java.lang.Number are in module java.base)"), HIDDEN);

        assertEquals(ErrorKind.BAD_REQUEST, e.kind());
        assertEquals("invalid-request", e.code());
        assertFalse(e.detail().contains("java."), e.detail());
        assertFalse(e.detail().contains("cast"), e.detail());
        // an unknown expression operator ($getField in $expr on the embedded backend) is the request's
        assertEquals(ErrorKind.BAD_REQUEST, MongoErrors.map(command(168, "InvalidPipelineOperator",
                "Unrecognized expression '$getField'"), HIDDEN).kind());
        // any other unknown error stays a 500
        assertEquals(ErrorKind.INTERNAL, MongoErrors.map(command(-1, "Unknown error: disk on fire"), HIDDEN).kind());
    }

    @Test
    void mapsAnythingElseTo500WithAGenericDetail() {
        MangroveException e = MongoErrors.map(command(13, "not authorized on shop to execute command "
                + "{ find: \"rocket_engines\" } mongodb://admin:secret@db"), HIDDEN);

        assertEquals(ErrorKind.INTERNAL, e.kind());
        assertEquals("backend-error", e.code());
        assertEquals("The database failed to process the request", e.detail());
        assertEquals(ErrorKind.INTERNAL, MongoErrors.map(new IllegalStateException("boom"), null).kind());
    }

    @Test
    void unwrapsCompletionExceptionsAndKeepsDomainFailures() {
        MangroveException domain = MangroveException.badRequest("invalid-value", "bad");

        assertSame(domain, MongoErrors.map(new CompletionException(domain), HIDDEN));
        assertEquals(ErrorKind.UNAVAILABLE, MongoErrors.map(
                new CompletionException(new MongoTimeoutException("timed out")), HIDDEN).kind());
    }
}
