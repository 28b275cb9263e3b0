package dev.mangrove.domain.resource;

import java.util.ArrayList;
import java.util.List;

/** Builds mounts from MangoREST's configuration shortcut. */
public final class Mounts {
    private Mounts() {
    }

    /**
     * Mounts for {@code "rockets:rocket_engines,engines:engines"} (public name : real collection) in
     * {@code database} under {@code prefix}; {@code "*"} mounts every collection by its own name.
     */
    public static List<Mount> fromResources(String resources, String database, String prefix) {
        if (database == null || database.isBlank()) {
            throw new IllegalArgumentException("mangrove.database is required with mangrove.resources");
        }
        String base = prefix == null || prefix.isBlank() ? "/" : prefix;
        if (resources.trim().equals("*")) {
            return List.of(Mount.of("/" + database, base));
        }
        List<Mount> out = new ArrayList<>();
        String root = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        for (String entry : resources.split(",")) {
            String item = entry.trim();
            if (item.isEmpty()) {
                continue;
            }
            int colon = item.indexOf(':');
            String name = colon < 0 ? item : item.substring(0, colon).trim();
            String collection = colon < 0 ? item : item.substring(colon + 1).trim();
            if (name.isEmpty() || collection.isEmpty() || name.contains("/")) {
                throw new IllegalArgumentException("expected name:collection pairs separated by commas, got '" + item + "'");
            }
            out.add(Mount.of("/" + database + "/" + collection, root + "/" + name));
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("expected at least one name:collection pair");
        }
        return out;
    }
}
