package dev.mangrove.adapter.http;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Collectors;

/** Paging links that keep the request's other parameters (docs/querying.md#representations; RFC 8288 {@code Link}). */
final class Links {
    private final String self;
    private final Map<String, String> relations;

    private Links(String self, Map<String, String> relations) {
        this.self = self;
        this.relations = relations;
    }

    /** Links of a streamed, unpaged read: only {@code self}. */
    static Links unpaged(String path, String raw) {
        return new Links(self(path, raw), Map.of());
    }

    /** first, prev, next and last — the ones that exist — for a page. */
    static Links paged(String path, String raw, long page, int pageSize, boolean hasNext, OptionalLong total) {
        List<String> kept = new ArrayList<>();
        if (raw != null && !raw.isEmpty()) {
            for (String part : raw.split("&")) {
                if (!part.isEmpty() && !part.equals("page") && !part.startsWith("page=")) {
                    kept.add(part);
                }
            }
        }
        Map<String, String> rel = new LinkedHashMap<>();
        rel.put("first", href(path, kept, 1));
        if (page > 1) {
            rel.put("prev", href(path, kept, page - 1));
        }
        long last = -1;
        if (total.isPresent() && pageSize > 0) {
            last = Math.max(1, (total.getAsLong() + pageSize - 1) / pageSize);
        }
        if (hasNext || (last > 0 && page < last)) {
            rel.put("next", href(path, kept, page + 1));
        }
        if (last > 0) {
            rel.put("last", href(path, kept, last));
        }
        return new Links(self(path, raw), rel);
    }

    String self() {
        return self;
    }

    Map<String, String> relations() {
        return relations;
    }

    Optional<String> header() {
        if (relations.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(relations.entrySet().stream()
                .map(e -> "<" + e.getValue() + ">; rel=\"" + e.getKey() + "\"")
                .collect(Collectors.joining(", ")));
    }

    private static String self(String path, String raw) {
        return raw == null || raw.isEmpty() ? path : path + "?" + raw;
    }

    private static String href(String path, List<String> kept, long page) {
        List<String> params = new ArrayList<>(kept);
        params.add("page=" + page);
        return path + "?" + String.join("&", params);
    }
}
