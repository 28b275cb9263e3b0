package dev.mangrove.adapter.http.json;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import dev.mangrove.domain.error.MangroveException;

import java.io.CharConversionException;
import java.io.IOException;
import java.util.regex.Pattern;

/**
 * Where a JSON text came from (the request body or a named query parameter), and so how its
 * failures are worded.
 *
 * @param parameter the query parameter, or {@code null} for the request body
 */
record JsonSource(String parameter) {
    static final JsonSource BODY = new JsonSource(null);

    private static final int MAX_REASON = 240;
    private static final Pattern TOKEN_NAME = Pattern.compile(
            "\\b(VALUE_[A-Z_]+|FIELD_NAME|START_OBJECT|END_OBJECT|START_ARRAY|END_ARRAY)\\b");

    boolean isBody() {
        return parameter == null;
    }

    String subject() {
        return isBody() ? "Request body" : "Parameter '" + parameter + "'";
    }

    MangroveException syntax(JsonLocation location, String reason) {
        return MangroveException.badRequest("invalid-json",
                subject() + " is not valid JSON" + at(" at ", location, "") + ": " + reason);
    }

    MangroveException extendedJson(String pointer, JsonLocation location, String reason) {
        String where = pointer.isEmpty() ? "the top level" : pointer;
        return MangroveException.badRequest("invalid-extended-json",
                subject() + " has invalid Extended JSON at " + where + at(" (", location, ")") + ": " + reason);
    }

    MangroveException tooDeep(int maxDepth, JsonLocation location) {
        return MangroveException.badRequest("nesting-too-deep",
                subject() + " nests objects and arrays deeper than " + maxDepth + " levels" + at(" (at ", location, ")"));
    }

    MangroveException empty() {
        return isBody()
                ? MangroveException.badRequest("empty-body", "Request body is empty; expected JSON")
                : MangroveException.badRequest("invalid-json", subject() + " is empty; expected a JSON object");
    }

    MangroveException notAnObject() {
        return isBody()
                ? MangroveException.badRequest("invalid-body", "Request body is not accepted here: expected a JSON object")
                : MangroveException.badRequest("invalid-parameter", subject() + " must be a JSON object");
    }

    MangroveException trailingContent(JsonLocation location) {
        return syntax(location, "unexpected content after the JSON value");
    }

    /** Translates a failure of the parser or of the underlying stream into a client-safe 400. */
    MangroveException translate(IOException e, int maxDepth) {
        if (e instanceof StreamConstraintsException limit) {
            String message = String.valueOf(limit.getOriginalMessage());
            return message.contains("nesting depth")
                    ? tooDeep(maxDepth, limit.getLocation()).withCause(e)
                    : syntax(limit.getLocation(), reason(message)).withCause(e);
        }
        if (e instanceof JsonProcessingException json) {
            return syntax(json.getLocation(), reason(json.getOriginalMessage())).withCause(e);
        }
        if (e instanceof CharConversionException) {
            return syntax(null, "invalid character encoding (" + reason(e.getMessage()) + ")").withCause(e);
        }
        return MangroveException.badRequest("unreadable-body", subject() + " could not be read").withCause(e);
    }

    private String at(String prefix, JsonLocation location, String suffix) {
        if (location == null || location.getLineNr() <= 0 || location.getColumnNr() <= 0) {
            return "";
        }
        String position = isBody() || location.getLineNr() > 1
                ? "line " + location.getLineNr() + ", column " + location.getColumnNr()
                : "column " + location.getColumnNr();
        return prefix + position + suffix;
    }

    /** Jackson's reason without its source and location notes, which name Java types and settings. */
    static String reason(String message) {
        if (message == null || message.isBlank()) {
            return "malformed input";
        }
        String text = message;
        int newline = text.indexOf('\n');
        if (newline >= 0) {
            text = text.substring(0, newline);
        }
        int source = text.indexOf("[Source:");
        if (source >= 0) {
            int open = text.lastIndexOf('(', source);
            text = text.substring(0, open >= 0 ? open : source);
        }
        int setting = text.indexOf(", from `");
        if (setting >= 0) {
            text = text.substring(0, setting) + ")";
        }
        text = TOKEN_NAME.matcher(text.strip()).replaceAll(match -> switch (match.group()) {
            case "VALUE_STRING" -> "a string";
            case "FIELD_NAME" -> "a field name";
            case "START_OBJECT", "END_OBJECT" -> "an object";
            case "START_ARRAY", "END_ARRAY" -> "an array";
            default -> "a value";
        });
        if (text.length() > MAX_REASON) {
            text = text.substring(0, MAX_REASON) + "…";
        }
        return text.isEmpty() ? "malformed input" : text;
    }
}
