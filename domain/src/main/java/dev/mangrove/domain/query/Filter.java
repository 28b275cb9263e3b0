package dev.mangrove.domain.query;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/** A query filter: a small AST that every query dialect is parsed into. */
public sealed interface Filter {
    /** Matches every document. */
    Filter ALL = new All();

    /** The conjunction of {@code filters}, simplified (no {@code All}, one element → itself). */
    static Filter and(List<Filter> filters) {
        List<Filter> parts = filters.stream().filter(f -> !(f instanceof All)).toList();
        if (parts.isEmpty()) {
            return ALL;
        }
        return parts.size() == 1 ? parts.get(0) : new And(parts);
    }

    /** Equality of a field with a value. */
    static Filter eq(String field, Object value) {
        return new Condition(field, Operator.EQ, value);
    }

    /** Matches every document. */
    record All() implements Filter {
    }

    /** All of the filters match. */
    record And(List<Filter> filters) implements Filter {
        public And {
            filters = List.copyOf(filters);
        }
    }

    /** At least one of the filters matches. */
    record Or(List<Filter> filters) implements Filter {
        public Or {
            filters = List.copyOf(filters);
        }
    }

    /** None of the filters matches. */
    record Nor(List<Filter> filters) implements Filter {
        public Nor {
            filters = List.copyOf(filters);
        }
    }

    /**
     * One field compared with a value.
     *
     * @param field the dotted field path
     * @param op    the comparison
     * @param value the value (a {@code List} for IN and NIN)
     */
    record Condition(String field, Operator op, Object value) implements Filter {
        public Condition {
            Objects.requireNonNull(field, "field");
            Objects.requireNonNull(op, "op");
        }
    }

    /**
     * A MongoDB query document given as Extended JSON ({@code filter=}, {@code where=}), already
     * decoded into domain values and checked against the operator policy.
     *
     * @param query the query document
     */
    record Expression(Map<String, Object> query) implements Filter {
        public Expression {
            Objects.requireNonNull(query, "query");
        }
    }

    /** Comparison operators of field conditions. */
    enum Operator {
        EQ, NE, GT, GTE, LT, LTE, IN, NIN
    }
}
