package dev.mangrove.domain.resource;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The verbs a mount allows per level; a level without a limit allows every verb. */
public final class MethodLimits {
    private static final MethodLimits NONE = new MethodLimits(Map.of());
    private final Map<Level, Set<Verb>> allowed;

    private MethodLimits(Map<Level, Set<Verb>> allowed) {
        this.allowed = allowed;
    }

    /** No limits at all. */
    public static MethodLimits none() {
        return NONE;
    }

    /** Limits for the given levels; other levels stay unlimited. */
    public static MethodLimits of(Map<Level, Set<Verb>> allowed) {
        Map<Level, Set<Verb>> copy = new EnumMap<>(Level.class);
        allowed.forEach((level, verbs) -> {
            Set<Verb> set = verbs.isEmpty() ? EnumSet.noneOf(Verb.class) : EnumSet.copyOf(verbs);
            if (set.contains(Verb.GET)) {
                set.add(Verb.HEAD);
            }
            copy.put(level, Set.copyOf(set));
        });
        return new MethodLimits(Map.copyOf(copy));
    }

    /** Whether {@code verb} is allowed at {@code level}. */
    public boolean allows(Level level, Verb verb) {
        Set<Verb> verbs = allowed.get(level);
        return verbs == null || verb == Verb.OPTIONS || verbs.contains(verb);
    }

    /** The limit for a level, if it has one. */
    public Optional<Set<Verb>> limitFor(Level level) {
        return Optional.ofNullable(allowed.get(level));
    }
}
