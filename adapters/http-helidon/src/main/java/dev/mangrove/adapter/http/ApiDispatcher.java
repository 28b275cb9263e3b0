package dev.mangrove.adapter.http;

import dev.mangrove.adapter.http.json.ExtendedJson;
import dev.mangrove.application.port.in.InterceptorChain;
import dev.mangrove.domain.error.ErrorKind;
import dev.mangrove.domain.error.MangroveException;
import dev.mangrove.domain.resource.ResolvedResource;
import dev.mangrove.domain.resource.Verb;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Serves every API path from the route table: takes the request's one resolution, runs the interceptors
 * that apply on the parsed request, checks the verb ({@code 405} + {@code Allow}, {@code OPTIONS}) and
 * calls the operation's handler.
 */
final class ApiDispatcher implements Handler {
    private static final java.util.Set<dev.mangrove.domain.resource.ResourceKind> ADMINISTRATION = java.util.EnumSet.of(
            dev.mangrove.domain.resource.ResourceKind.USERS, dev.mangrove.domain.resource.ResourceKind.USER,
            dev.mangrove.domain.resource.ResourceKind.API_KEYS, dev.mangrove.domain.resource.ResourceKind.API_KEY);
    private final RouteTable table;
    private final InterceptorChain interceptors;
    private final ExtendedJson json;
    private final Problems problems;

    ApiDispatcher(RouteTable table, InterceptorChain interceptors, ExtendedJson json, Problems problems) {
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
                throw MangroveException.of(ErrorKind.NOT_IMPLEMENTED, "transaction-operations-unavailable",
                        "Reads and writes inside a transaction (?sid=&txn=) are not available on this server yet; "
                                + "nothing was done");
            }
            route.handler(verb).handle(x);
        } catch (RuntimeException e) {
            problems.send(req, res, e);
        }
    }
}
