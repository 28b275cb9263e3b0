package dev.mangrove.domain.error;

import java.util.Objects;

/**
 * One of several things that failed in a request, such as one element of a bulk insert or one
 * schema violation.
 *
 * @param index   the position of the element in the request, or -1 when not positional
 * @param kind    the kind of failure this element alone would have been
 * @param code    the stable kebab-case code
 * @param detail  a human-readable explanation
 * @param pointer an RFC 6901 JSON pointer into the element, or empty
 * @param id      the {@code _id} of the document the error is about, or {@code null} when not by id
 */
public record ErrorDetail(int index, ErrorKind kind, String code, String detail, String pointer, Object id) {
    public ErrorDetail {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(detail, "detail");
        pointer = pointer == null ? "" : pointer;
    }

    /** An error not about a document named by id. */
    public ErrorDetail(int index, ErrorKind kind, String code, String detail, String pointer) {
        this(index, kind, code, detail, pointer, null);
    }

    /** The same error about the document with this {@code _id}. */
    public ErrorDetail withId(Object documentId) {
        return new ErrorDetail(index, kind, code, detail, pointer, documentId);
    }

    /** An error about the element at {@code index}. */
    public static ErrorDetail at(int index, ErrorKind kind, String code, String detail) {
        return new ErrorDetail(index, kind, code, detail, "");
    }
}
