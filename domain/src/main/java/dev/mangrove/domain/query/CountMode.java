package dev.mangrove.domain.query;

/** Whether and how a read also counts the matching documents ({@code count=}). */
public enum CountMode {
    /** No count. */
    NONE,
    /** An exact count of the matching documents. */
    EXACT,
    /** The collection's estimated size, which is exact enough when there is no filter. */
    ESTIMATED
}
