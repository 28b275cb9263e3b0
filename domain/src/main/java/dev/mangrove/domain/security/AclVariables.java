package dev.mangrove.domain.security;

import dev.mangrove.domain.document.Document;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The variables of ACL documents: a string value that is exactly {@code @user.username} (the
 * caller's name, a string; empty for the anonymous caller), {@code @user.roles} (its roles, an
 * array) or {@code @now} (the time of the request, a date) is replaced by that value, at any depth
 * — inside nested operators and arrays. Field names are never substituted. Any other string of
 * the form {@code @user.<name>} is an unknown variable and makes the permission invalid.
 */
public final class AclVariables {
    /** The caller's user name. */
    public static final String USERNAME = "@user.username";
    /** The caller's roles. */
    public static final String ROLES = "@user.roles";
    /** The time of the request. */
    public static final String NOW = "@now";

    private static final java.util.regex.Pattern VARIABLE = java.util.regex.Pattern.compile("@user\\.[A-Za-z0-9_.$-]+");
    private static final Set<String> KNOWN = Set.of(USERNAME, ROLES, NOW);

    private AclVariables() {
    }

    /**
     * Checks that every variable in {@code value} is known; throws {@link InvalidPermissionException}
     * naming {@code field} otherwise.
     */
    public static void check(String field, Object value) {
        switch (value) {
            case String s when VARIABLE.matcher(s).matches() && !KNOWN.contains(s) ->
                    throw new InvalidPermissionException(field, "unknown variable '" + s
                            + "' (known: @user.username, @user.roles, @now)");
            case Document d -> check(field, d.fields());
            case Map<?, ?> map -> map.forEach((k, v) -> check(field, v));
            case List<?> list -> list.forEach(v -> check(field, v));
            case null, default -> {
            }
        }
    }

    /** A copy of {@code document} with the variables replaced for {@code principal} at {@code now}. */
    public static Map<String, Object> substitute(Map<String, Object> document, Principal principal, Instant now) {
        Map<String, Object> out = new LinkedHashMap<>();
        document.forEach((key, value) -> out.put(key, value(value, principal, now)));
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Object value(Object value, Principal principal, Instant now) {
        return switch (value) {
            case String s when s.equals(USERNAME) -> principal.username();
            case String s when s.equals(ROLES) -> List.copyOf(principal.roles());
            case String s when s.equals(NOW) -> now;
            case Document d -> substitute(d.fields(), principal, now);
            case Map<?, ?> map -> substitute((Map<String, Object>) map, principal, now);
            case List<?> list -> {
                List<Object> out = new ArrayList<>(list.size());
                list.forEach(element -> out.add(value(element, principal, now)));
                yield out;
            }
            case null, default -> value;
        };
    }
}
