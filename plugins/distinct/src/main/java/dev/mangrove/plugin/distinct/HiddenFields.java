package dev.mangrove.plugin.distinct;

import dev.mangrove.domain.query.Projection;

import java.util.Map;

/** Whether a projection ({@code projectResponse} of the ACL) hides a field, or part of it. */
final class HiddenFields {
    private HiddenFields() {
    }

    /**
     * True when {@code field} (a dotted path) is hidden by the projection, or would reveal something hidden:
     * an excluded field, one under it or one above it; with an inclusion projection, any field not included
     * (or above an included one), {@code _id} staying visible unless excluded.
     */
    static boolean hides(Projection projection, String field) {
        if (projection.isNone()) {
            return false;
        }
        boolean inclusion = false;
        for (Map.Entry<String, Object> entry : projection.spec().entrySet()) {
            if (!entry.getKey().equals("_id") && included(entry.getValue())) {
                inclusion = true;
            }
        }
        for (Map.Entry<String, Object> entry : projection.spec().entrySet()) {
            String path = entry.getKey();
            boolean related = field.equals(path) || field.startsWith(path + ".") || path.startsWith(field + ".");
            if (related && !included(entry.getValue())) {
                return true; // excluded, or above or under an excluded field
            }
        }
        if (!inclusion) {
            return false;
        }
        if (field.equals("_id") || field.startsWith("_id.")) {
            return false; // _id is shown unless excluded, which the loop above caught
        }
        for (Map.Entry<String, Object> entry : projection.spec().entrySet()) {
            String path = entry.getKey();
            if (included(entry.getValue()) && (field.equals(path) || field.startsWith(path + "."))) {
                return false;
            }
        }
        return true;
    }

    private static boolean included(Object value) {
        if (value instanceof Boolean b) {
            return b;
        }
        if (value instanceof Number n) {
            return n.doubleValue() != 0;
        }
        return true; // an expression ($slice, $elemMatch, a literal) shows the field
    }
}
