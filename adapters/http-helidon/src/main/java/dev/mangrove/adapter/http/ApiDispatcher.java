package dev.mangrove.adapter.http;

import dev.mangrove.adapter.http.json.ExtendedJson;
import dev.mangrove.application.port.in.InterceptorChain;
import dev.mangrove.application.port.in.ManageTransactionsUseCase;
import dev.mangrove.domain.error.ErrorKind;
import dev.mangrove.domain.error.MangroveException;
import dev.mangrove.domain.resource.ResolvedResource;
import dev.mangrove.domain.resource.Verb;
import dev.mangrove.domain.security.Principal;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Serves every API path from the route table: takes the request's one resolution, runs the interceptors
 * that apply on the parsed request, checks the verb ({@code 405} + {@code Allow}, {@code OPTIONS}) and
 * calls the operation's handler.
 */
final class ApiDispatcher implements Handler {
    /** A session id as {@code POST /_sessions} gives it. */
    private static final Pattern SESSION_ID = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    private static final java.util.Set<dev.mangrove.domain.resource.ResourceKind> ADMINISTRATION = java.util.EnumSet.of(
            dev.mangrove.domain.resource.ResourceKind.USERS, dev.mangrove.domain.resource.ResourceKind.USER,
            dev.mangrove.domain.resource.ResourceKind.API_KEYS, dev.mangrove.domain.resource.ResourceKind.API_KEY);
    private final RouteTable table;
    private final InterceptorChain interceptors;
    private final ExtendedJson json;
    private final Problems problems;
    private final ManageTransactionsUseCase transactions;

    ApiDispatcher(RouteTable table, InterceptorChain interceptors, ExtendedJson json, Problems problems) {
        this(table, interceptors, json, problems, null);
    }

    /** A dispatcher running {@code ?sid=&txn=} requests in their transaction; {@code transactions} may be null. */
    ApiDispatcher(RouteTable table, InterceptorChain interceptors, ExtendedJson json, Problems problems,
                  ManageTransactionsUseCase transactions) {
        this.transactions = transactions;
        this.table = Objects.requireNonNull(table, "table");
        this.interceptors = Objects.requireNonNull(interceptors, "interceptors");
        this.json = Objects.requireNonNull(json, "json");
        this.problems = Objects.requireNonNull(problems, "problems");
    }

    @Override
    public void handle(ServerRequest req, ServerResponse original) {
        RequestInfo info = RequestInfo.of(req);
        ServerResponse res = original;
        try {
            String method = req.prologue().method().text();
            RouteTable.Resolution resolution = info.resolution(table, method, req.prologue().uriPath().rawPath());
            ResolvedResource resource = resolution.apiResource();
            RouteTable.Route route = resolution.route();
            if (route == null) {
                // a fixed route's path whose handler passed the request on
                route = table.route(resource.kind());
                info.route(table.label(resource));
            }
            Verb verb = Verb.of(method).orElseThrow(() -> MangroveException.of(
                    ErrorKind.METHOD_NOT_ALLOWED, "method-not-allowed", "Unsupported method"));
            Interception interception = null;
            Params params;
            Map<String, List<String>> headers = null;
            // user and key management is no plugin's business: no interceptor sees its passwords or keys
            if (!ADMINISTRATION.contains(resource.kind()) && interceptors.appliesTo(resource.kind(), req.query().names())) {
                interception = Interception.before(interceptors, req, original, info, resource, verb);
                res = new InterceptingResponse(original, interception);
                params = interception.params(req);
                headers = interception.headers();
            } else {
                params = new Params(req.query());
            }
            Exchange x = new Exchange(req, res, info, resource, verb, params, headers, interception, json);
            if (!route.pluginVerbs()) {
                resource.checkVerb(verb, route.verbs());
                if (verb == Verb.OPTIONS) {
                    res.header(HeaderNames.ALLOW, resource.allowHeader(route.verbs()));
                    res.status(Status.NO_CONTENT_204).send();
                    return;
                }
            }
            if (params.first("sid").isPresent() || params.first("txn").isPresent()) {
                // never run silently outside the transaction the client asked for (docs/writes.md#transactions)
                inTransaction(x, info, route.handler(verb));
                return;
            }
            route.handler(verb).handle(x);
        } catch (RuntimeException e) {
            problems.send(req, res, e);
        }
    }

    /**
     * Runs a document read or write inside transaction {@code txn} of session {@code sid}
     * (docs/writes.md#transactions): both parameters well-formed (else 400), a resource whose reads and writes are
     * documents' (else 400), the caller's session and its transaction in progress (else 404/409, from the use case);
     * nothing runs on any refusal.
     */
    private void inTransaction(Exchange x, RequestInfo info, ResourceHandler handler) {
        String sid = x.params().first("sid").orElseThrow(() -> MangroveException.badRequest("invalid-session",
                "?txn= needs the session it belongs to: ?sid={sid}&txn={n}; nothing was done"));
        if (!SESSION_ID.matcher(sid).matches()) {
            throw MangroveException.badRequest("invalid-session", "?sid= must be a session id as POST /_sessions "
                    + "gave it (a UUID), got '" + abbreviate(sid) + "'; nothing was done");
        }
        String text = x.params().first("txn").orElseThrow(() -> MangroveException.badRequest("invalid-transaction",
                "?sid= needs the transaction to run in: ?sid={sid}&txn={n}; nothing was done"));
        long txn;
        try {
            txn = text.length() <= 18 && text.chars().allMatch(c -> c >= '0' && c <= '9') ? Long.parseLong(text) : -1;
        } catch (NumberFormatException e) {
            txn = -1;
        }
        if (txn < 1) {
            throw MangroveException.badRequest("invalid-transaction", "?txn= must be a transaction number (1, 2, …) "
                    + "as POST /_sessions/{sid}/_txns gave it, got '" + abbreviate(text) + "'; nothing was done");
        }
        if (!transactional(x)) {
            throw MangroveException.badRequest("transaction-not-supported", "Only reads and writes of documents "
                    + "(a collection's documents, /_size, /*, a document, aggregations, distinct) run in a transaction; "
                    + "nothing was done");
        }
        if (transactions == null) {
            throw MangroveException.of(ErrorKind.NOT_IMPLEMENTED, "transactions-unavailable",
                    "This server runs no transactions; nothing was done");
        }
        Principal caller = info.principal().orElseGet(Principal::anonymous);
        transactions.runIn(sid, txn, caller, () -> handler.handle(x));
    }

    private static boolean transactional(Exchange x) {
        return switch (x.resource().kind()) {
            case DOCUMENT, BULK_DOCUMENTS, COLLECTION_SIZE -> true;
            // reads: named and ad-hoc pipelines (a POST to _aggregate carries its pipeline), distinct values
            case AGGREGATION, DISTINCT -> x.verb() == Verb.GET || x.verb() == Verb.HEAD;
            case AGGREGATE -> x.verb() == Verb.GET || x.verb() == Verb.HEAD || x.verb() == Verb.POST;
            // not PUT (creates the collection) nor a DELETE without a filter (drops it)
            case COLLECTION -> x.verb() == Verb.GET || x.verb() == Verb.HEAD || x.verb() == Verb.POST
                    || x.verb() == Verb.PATCH || (x.verb() == Verb.DELETE && CollectionHandlers.filters(x));
            default -> false;
        };
    }

    private static String abbreviate(String text) {
        return text.length() > 40 ? text.substring(0, 40) + "…" : text;
    }
}
