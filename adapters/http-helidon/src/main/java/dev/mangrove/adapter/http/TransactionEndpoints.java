package dev.mangrove.adapter.http;

import dev.mangrove.adapter.http.json.ExtendedJson;
import dev.mangrove.application.port.in.ManageTransactionsUseCase;
import dev.mangrove.domain.error.MangroveException;
import dev.mangrove.domain.security.Principal;
import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.util.Objects;

/**
 * RESTHeart's transaction API (docs/writes.md#transactions): {@code POST /_sessions}, {@code POST
 * /_sessions/{sid}/_txns}, {@code GET /_sessions/{sid}/_txns}, {@code PATCH} (commit) and {@code DELETE} (abort)
 * {@code /_sessions/{sid}/_txns/{n}}. The ACL decides who may use them, like any path.
 */
final class TransactionEndpoints {
    static final String SESSIONS = "/_sessions";
    private static final String TXNS = "/_sessions/{sid}/_txns";
    private static final String TXN = "/_sessions/{sid}/_txns/{n}";
    private final ManageTransactionsUseCase transactions;
    private final ExtendedJson json;
    private final Problems problems;

    TransactionEndpoints(ManageTransactionsUseCase transactions, ExtendedJson json, Problems problems) {
        this.transactions = Objects.requireNonNull(transactions, "transactions");
        this.json = Objects.requireNonNull(json, "json");
        this.problems = Objects.requireNonNull(problems, "problems");
    }

    void register(HttpRouting.Builder routing) {
        routing.route(Method.POST, SESSIONS, (req, res) -> serve(req, res, SESSIONS, () -> {
            String sid = transactions.startSession(caller(req));
            res.header(HeaderNames.LOCATION, SESSIONS + "/" + sid);
            res.status(Status.CREATED_201).send();
        }));
        routing.route(Method.POST, GuardedPath.of(TXNS), (req, res) -> serve(req, res, TXNS, () -> {
            String sid = req.path().pathParameters().get("sid");
            long n = transactions.startTransaction(sid, caller(req));
            res.header(HeaderNames.LOCATION, SESSIONS + "/" + sid + "/_txns/" + n);
            JsonResponses.send(res, Status.CREATED_201, Exchange.JSON, json, false, g -> {
                g.writeStartObject();
                g.writeNumberField("txn", n);
                g.writeEndObject();
            });
        }));
        routing.route(Method.GET, GuardedPath.of(TXNS), (req, res) -> serve(req, res, TXNS, () -> {
            ManageTransactionsUseCase.TransactionState state = transactions.state(
                    req.path().pathParameters().get("sid"), caller(req));
            JsonResponses.send(res, Status.OK_200, Exchange.JSON, json, false, g -> {
                g.writeStartObject();
                g.writeObjectFieldStart("currentTxn");
                g.writeNumberField("id", state.number());
                g.writeStringField("status", switch (state.status()) {
                    case NONE -> "NONE";
                    case IN_PROGRESS -> "IN";
                    case COMMITTED -> "COMMITTED";
                    case ABORTED -> "ABORTED";
                });
                g.writeEndObject();
                g.writeEndObject();
            });
        }));
        routing.route(Method.PATCH, GuardedPath.of(TXN), (req, res) -> serve(req, res, TXN, () -> {
            transactions.commit(req.path().pathParameters().get("sid"), number(req), caller(req));
            res.status(Status.OK_200).send();
        }));
        routing.route(Method.DELETE, GuardedPath.of(TXN), (req, res) -> serve(req, res, TXN, () -> {
            transactions.abort(req.path().pathParameters().get("sid"), number(req), caller(req));
            res.status(Status.NO_CONTENT_204).send();
        }));
    }

    private void serve(ServerRequest req, ServerResponse res, String route, Runnable action) {
        RequestInfo.of(req).route(route);
        try {
            action.run();
        } catch (RuntimeException e) {
            problems.send(req, res, e);
        }
    }

    private static Principal caller(ServerRequest req) {
        return RequestInfo.of(req).principal().orElseGet(Principal::anonymous);
    }

    private static long number(ServerRequest req) {
        String text = req.path().pathParameters().get("n");
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw MangroveException.badRequest("invalid-transaction", "The transaction number must be an integer, "
                    + "got '" + text + "'");
        }
    }
}
