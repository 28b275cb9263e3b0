package dev.mangrove.plugin.dataapi;

import dev.mangrove.domain.error.MangroveException;
import dev.mangrove.plugin.spi.ExtensionResponse;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The Data API's error shape, {@code {"error", "error_code", "link"}}, for every failure on its paths — the
 * plugin's own and the host's (authentication, body, verb, overload); see docs/data-api.md#errors.
 */
final class DataApiErrors {
    /** Where a client learns about the error (the Atlas link pointed at the app's logs). */
    static final String LINK = "docs/data-api.md#errors";
    static final String APP_NOT_FOUND = "data-api-app-not-found";
    static final String SERVICE_NOT_FOUND = "data-api-service-not-found";
    static final String ACTION_NOT_FOUND = "data-api-action-not-found";

    private DataApiErrors() {
    }

    /** The response to a failure: its status (a few adjusted, see the docs) and the Data API body. */
    static ExtensionResponse render(MangroveException failure, int status) {
        int out = status;
        String code = switch (failure.code()) {
            case APP_NOT_FOUND -> "AppNotFound";
            case SERVICE_NOT_FOUND -> "ServiceNotFound";
            case ACTION_NOT_FOUND -> "FunctionNotFound";
            case "duplicate-key" -> "DuplicateKey";
            case "schema-violation" -> "SchemaValidationFailedWrite";
            default -> null;
        };
        if (code == null) {
            code = switch (failure.kind()) {
                case BAD_REQUEST -> "InvalidParameter";
                case UNSUPPORTED_MEDIA_TYPE -> {
                    out = 400;
                    yield "InvalidParameter";
                }
                case UNAUTHORIZED -> "InvalidSession";
                case FORBIDDEN -> "NoMatchingRuleFound";
                case NOT_FOUND -> "NotFound";
                case METHOD_NOT_ALLOWED -> "MethodNotAllowed";
                case PAYLOAD_TOO_LARGE -> "RequestTooLarge";
                case TIMEOUT -> "ExecutionTimeLimitExceeded";
                case CONFLICT -> "Conflict";
                case TOO_MANY_REQUESTS, UNAVAILABLE -> "ServiceUnavailable";
                case PRECONDITION_FAILED, PRECONDITION_REQUIRED -> "InvalidParameter";
                default -> "InternalServerError";
            };
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", failure.detail());
        body.put("error_code", code);
        body.put("link", LINK);
        return ExtensionResponse.json(body, ExtensionResponse.JsonFormat.RELAXED, "application/json")
                .withStatus(out);
    }

    static MangroveException invalid(String detail) {
        return MangroveException.badRequest("invalid-parameter", detail);
    }
}
