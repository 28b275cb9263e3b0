package dev.mangrove.domain.document;

import java.util.Map;
import java.util.Objects;

/**
 * BSON JavaScript code, with an optional scope document.
 *
 * @param code  the code
 * @param scope the scope, or {@code null} for code without scope
 */
public record JavaScriptValue(String code, Map<String, Object> scope) implements SpecialValue {
    public JavaScriptValue {
        Objects.requireNonNull(code, "code");
    }
}
