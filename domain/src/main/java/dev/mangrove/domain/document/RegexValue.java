package dev.mangrove.domain.document;

import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

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

    /** The option letters BSON defines. */
    public static final String OPTIONS = "ilmsux";

    /**
     * What is wrong with a regular expression a client sent, if anything: an option letter BSON does not
     * define, or a pattern that does not compile.
     */
    public static Optional<String> problem(String pattern, String options) {
        for (char option : options.toCharArray()) {
            if (OPTIONS.indexOf(option) < 0) {
                return Optional.of("the option '" + option + "' is not one of " + OPTIONS);
            }
        }
        try {
            Pattern.compile(pattern);
            return Optional.empty();
        } catch (PatternSyntaxException e) {
            return Optional.of("the pattern does not compile: " + e.getDescription()
                    + (e.getIndex() >= 0 ? " at index " + e.getIndex() : ""));
        }
    }
}
