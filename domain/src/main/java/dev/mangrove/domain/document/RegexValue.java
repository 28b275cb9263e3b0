package dev.mangrove.domain.document;

import java.util.Objects;

/**
 * A BSON regular expression.
 *
 * @param pattern the pattern
 * @param options the option letters, sorted (e.g. {@code "i"})
 */
public record RegexValue(String pattern, String options) implements SpecialValue {
    public RegexValue {
        Objects.requireNonNull(pattern, "pattern");
        options = options == null ? "" : options.chars().sorted()
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
    }
}
