package dev.mangrove.adapter.http.query;

import dev.mangrove.adapter.http.json.ExtendedJson;
import dev.mangrove.domain.document.Document;
import dev.mangrove.domain.query.CountMode;
import dev.mangrove.domain.query.Filter;
import dev.mangrove.domain.query.QueryParameters;
import dev.mangrove.domain.query.Hint;
import dev.mangrove.domain.query.OperatorPolicy;
import dev.mangrove.domain.query.PageRequest;
import dev.mangrove.domain.query.Projection;
import dev.mangrove.domain.query.Query;
import dev.mangrove.domain.query.Sort;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Parses the query parameters of a collection read (docs/querying.md#filters, docs/querying.md#projection-sort-paging-count-hint) in every dialect into a
 * {@link ParsedQuery}; every malformed parameter is a 400 {@link dev.mangrove.domain.error.MangroveException}
 * naming the parameter, the offending text and the expected form. Immutable and thread-safe.
 */
public final class CollectionQueryParser {
    /** Parameters that are never field filters (besides every name starting with {@code _}). */
    public static final Set<String> RESERVED = QueryParameters.RESERVED;

    private static final Pattern DIGITS = Pattern.compile("\\+?\\d+");
    private static final List<String> SORTS = List.of("sort", "sort_by", "_sort");

    private final ExtendedJson json;
    private final OperatorPolicy policy;
    private final int defaultPageSize;
    private final int maxPageSize;
    private final SortParser sorts;

    private CollectionQueryParser(ExtendedJson json, OperatorPolicy policy, int defaultPageSize, int maxPageSize) {
        this.json = json;
        this.policy = policy;
        this.defaultPageSize = defaultPageSize;
        this.maxPageSize = maxPageSize;
        this.sorts = new SortParser(json);
    }

    /**
     * A parser reading JSON parameters with {@code json}, checking filters against {@code policy}, with
     * pages of {@code defaultPageSize} documents unless asked otherwise and never more than {@code maxPageSize}.
     */
    public static CollectionQueryParser create(ExtendedJson json, OperatorPolicy policy, int defaultPageSize,
                                               int maxPageSize) {
        Objects.requireNonNull(json, "json");
        Objects.requireNonNull(policy, "policy");
        if (maxPageSize < 0 || defaultPageSize < 0 || defaultPageSize > maxPageSize) {
            throw new IllegalArgumentException("need 0 <= defaultPageSize <= maxPageSize, not "
                    + defaultPageSize + " and " + maxPageSize);
        }
        return new CollectionQueryParser(json, policy, defaultPageSize, maxPageSize);
    }

    /** Whether a parameter name is reserved rather than a field filter. */
    public static boolean isReserved(String name) {
        return QueryParameters.isReserved(name);
    }

    /**
     * Parses decoded query parameters (name → values in request order; a parameter given without
     * a value has the value {@code ""}).
     */
    public ParsedQuery parse(Map<String, List<String>> params) {
        Objects.requireNonNull(params, "params");
        Filter filter = filter(params);
        Projection projection = projection(params);
        Sort sort = sort(params);
        Hint hint = hint(params);
        CountMode count = count(params);

        if (!flag(params, "pagination", true)) {
            Query query = new Query(filter, projection, sort, 0, Query.UNLIMITED, hint);
            return new ParsedQuery(query, 1, 0, false, count);
        }
        long page = first(params, "page") == null ? 1 : number(params, "page", 1);
        String sizeName = first(params, "pagesize") != null ? "pagesize" : "max_results";
        int size = first(params, sizeName) == null ? defaultPageSize : capped(sizeName, params);
        if (first(params, "_limit") != null) {
            size = capped("_limit", params);
        }
        long skip = multiplySaturated(page - 1, size);
        if (first(params, "_skip") != null) {
            skip = number(params, "_skip", 0);
            page = size == 0 ? 1 : skip / size + 1;
        }
        return new ParsedQuery(new Query(filter, projection, sort, skip, size, hint), page, size, true, count);
    }

    /**
     * The page of a name listing ({@code GET /}, {@code GET /{db}}) when {@code page}, {@code pagesize} or
     * {@code max_results} is given (docs/api.md#listing-names): sized and capped as a collection's pages.
     */
    public Optional<PageRequest> namesPage(Map<String, List<String>> params) {
        String sizeName = first(params, "pagesize") != null ? "pagesize" : "max_results";
        if (first(params, "page") == null && first(params, sizeName) == null) {
            return Optional.empty();
        }
        long page = first(params, "page") == null ? 1 : number(params, "page", 1);
        int size = first(params, sizeName) == null ? defaultPageSize : capped(sizeName, params);
        return Optional.of(new PageRequest(page, size));
    }

    // --- filters ---------------------------------------------------------------------------------

    private Filter filter(Map<String, List<String>> params) {
        List<Filter> parts = new ArrayList<>();
        for (Map.Entry<String, List<String>> entry : params.entrySet()) {
            String name = entry.getKey();
            if (name == null || name.isEmpty()) {
                continue;
            }
            for (String value : values(entry.getValue())) {
                switch (name) {
                    case "filter" -> parts.add(expression(json.parseQuery(value, name, false)));
                    case "where" -> parts.add(expression(json.parseQuery(value, name, true)));
                    case "and", "or", "nor" -> parts.add(FieldFilters.logical(name, value));
                    default -> {
                        if (!isReserved(name)) {
                            parts.add(FieldFilters.field(name, value));
                        }
                    }
                }
            }
        }
        Filter filter = Filter.and(parts);
        policy.check(filter);
        return filter;
    }

    private static Filter expression(Map<String, Object> query) {
        return query.isEmpty() ? Filter.ALL : new Filter.Expression(query);
    }

    // --- projection ------------------------------------------------------------------------------

    /**
     * The projection of {@code keys}, {@code projection}, {@code fields} and {@code _projection} alone, as on one
     * document (docs/api.md#one-document); {@link Projection#none()} when there is none.
     */
    public Projection projection(Map<String, List<String>> params) {
        Map<String, Object> spec = new LinkedHashMap<>();
        for (String name : List.of("keys", "projection")) {
            for (String value : values(params.get(name))) {
                spec.putAll(json.parseQuery(value, name, false));
            }
        }
        for (String name : List.of("fields", "_projection")) {
            for (String value : values(params.get(name))) {
                spec.putAll(fieldList(name, value));
            }
        }
        if (spec.isEmpty()) {
            return Projection.none();
        }
        // projections may hold aggregation expressions, so they obey the operator policy too
        policy.check(new Filter.Expression(spec));
        return new Projection(spec);
    }

    private static Map<String, Object> fieldList(String name, String value) {
        String expected = "a list of fields to include (a,b) or to exclude (-c)";
        Map<String, Object> spec = new LinkedHashMap<>();
        Boolean including = null;
        for (String item : value.split(",", -1)) {
            String field = item.strip();
            boolean include = true;
            if (field.startsWith("-")) {
                include = false;
                field = field.substring(1).strip();
            } else if (field.startsWith("+")) {
                field = field.substring(1).strip();
            }
            String problem = SortParser.fieldProblem(field);
            if (problem != null) {
                throw Problems.invalid("invalid-projection", name, value, problem, expected);
            }
            if (!field.equals(Document.ID)) {
                if (including != null && including != include) {
                    throw Problems.invalid("invalid-projection", name, value,
                            "it mixes fields to include and to exclude (only _id may be excluded from an inclusion)",
                            expected);
                }
                including = include;
            }
            spec.put(field, include ? 1 : 0);
        }
        return spec;
    }

    // --- sort ------------------------------------------------------------------------------------

    private Sort sort(Map<String, List<String>> params) {
        Map<String, Sort.Key> keys = new LinkedHashMap<>();
        for (String name : SORTS) {
            for (String value : values(params.get(name))) {
                for (Sort.Key key : sorts.keys(name, value)) {
                    keys.putIfAbsent(key.field(), key);
                }
            }
        }
        if (keys.isEmpty()) {
            return Sort.BY_ID;
        }
        // a unique last key keeps pages stable
        keys.putIfAbsent(Document.ID, new Sort.Key(Document.ID, true));
        return new Sort(new ArrayList<>(keys.values()));
    }

    // --- hint, count, paging ---------------------------------------------------------------------

    private Hint hint(Map<String, List<String>> params) {
        String value = first(params, "hint");
        if (value == null) {
            return Hint.NONE;
        }
        String text = value.trim();
        if (text.startsWith("{")) {
            Map<String, Object> keys = json.parseQuery(value, "hint", false);
            if (keys.isEmpty()) {
                throw Problems.invalid("invalid-parameter", "hint", value, "the index key document is empty",
                        "an index name or its keys such as {\"name\":1}");
            }
            for (Map.Entry<String, Object> entry : keys.entrySet()) {
                String problem = SortParser.fieldProblem(entry.getKey());
                Object v = entry.getValue();
                if (problem == null && !(v instanceof Number || v instanceof String)) {
                    problem = "the key '" + Problems.quote(entry.getKey()) + "' is neither a number nor an index type";
                }
                if (problem != null) {
                    throw Problems.invalid("invalid-parameter", "hint", value, problem,
                            "an index name or its keys such as {\"name\":1}");
                }
            }
            return new Hint.IndexKeys(keys);
        }
        if (text.isEmpty()) {
            throw Problems.invalid("invalid-parameter", "hint", value, "an index name or its keys such as {\"name\":1}");
        }
        return new Hint.IndexName(text);
    }

    private static CountMode count(Map<String, List<String>> params) {
        String value = first(params, "count");
        if (value == null) {
            return CountMode.NONE;
        }
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "", "true", "1", "yes", "exact" -> CountMode.EXACT;
            case "estimated" -> CountMode.ESTIMATED;
            case "false", "0", "no" -> CountMode.NONE;
            default -> throw Problems.invalid("invalid-parameter", "count", value, "true, false or estimated");
        };
    }

    private static boolean flag(Map<String, List<String>> params, String name, boolean absent) {
        String value = first(params, name);
        if (value == null) {
            return absent;
        }
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "", "true", "1", "yes" -> true;
            case "false", "0", "no" -> false;
            default -> throw Problems.invalid("invalid-parameter", name, value, "true or false");
        };
    }

    /** A whole number at least {@code min}; one too large for a long is the largest long. */
    private static long number(Map<String, List<String>> params, String name, long min) {
        String value = first(params, name);
        String text = value.trim();
        if (!DIGITS.matcher(text).matches()) {
            throw Problems.invalid("invalid-parameter", name, value,
                    min == 1 ? "a whole number of 1 or more" : "a whole number of 0 or more");
        }
        long n;
        try {
            n = Long.parseLong(text.startsWith("+") ? text.substring(1) : text);
        } catch (NumberFormatException tooLarge) {
            n = Long.MAX_VALUE;
        }
        if (n < min) {
            throw Problems.invalid("invalid-parameter", name, value, "a whole number of " + min + " or more");
        }
        return n;
    }

    private int capped(String name, Map<String, List<String>> params) {
        return (int) Math.min(number(params, name, 0), maxPageSize);
    }

    private static long multiplySaturated(long a, long b) {
        try {
            return Math.multiplyExact(a, b);
        } catch (ArithmeticException overflow) {
            return Long.MAX_VALUE;
        }
    }

    /** The first value of a parameter, {@code ""} when it has none, {@code null} when absent. */
    private static String first(Map<String, List<String>> params, String name) {
        List<String> values = params.get(name);
        if (values == null) {
            return null;
        }
        return values.isEmpty() || values.get(0) == null ? "" : values.get(0);
    }

    private static List<String> values(List<String> values) {
        if (values == null) {
            return List.of();
        }
        List<String> copy = new ArrayList<>(values.size());
        for (String value : values) {
            copy.add(value == null ? "" : value);
        }
        return copy;
    }
}
