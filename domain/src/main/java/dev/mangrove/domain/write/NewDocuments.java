package dev.mangrove.domain.write;

import dev.mangrove.domain.document.Document;
import dev.mangrove.domain.error.ErrorDetail;
import dev.mangrove.domain.error.ErrorKind;
import dev.mangrove.domain.error.MangroveException;

import java.util.ArrayList;
import java.util.List;

/** Validation of documents about to be inserted or to replace others (docs/api.md#inserts). */
public final class NewDocuments {
    private NewDocuments() {
    }

    /** Checks one document to insert or replace with; a top-level {@code $} key is a 400. */
    public static void checkOne(Document document) {
        for (String key : document.fields().keySet()) {
            if (key.startsWith("$")) {
                throw MangroveException.badRequest("invalid-document",
                        "Top-level field names cannot start with '$': '" + key + "'");
            }
        }
    }

    /**
     * Checks every element of a bulk insert before anything is written: each must be a non-empty
     * object without top-level {@code $} keys; the 400 lists every bad element by index.
     *
     * @param elements the parsed array elements (anything that is not a {@link Document} is wrong)
     * @return the documents
     */
    public static List<Document> checkAll(List<?> elements) {
        if (elements.isEmpty()) {
            throw MangroveException.badRequest("empty-array", "A bulk insert needs at least one document");
        }
        List<ErrorDetail> errors = new ArrayList<>();
        List<Document> documents = new ArrayList<>(elements.size());
        for (int i = 0; i < elements.size(); i++) {
            Object element = elements.get(i);
            if (!(element instanceof Document document)) {
                errors.add(ErrorDetail.at(i, ErrorKind.BAD_REQUEST, "invalid-document", "Element " + i + " is not a JSON object"));
                continue;
            }
            if (document.isEmpty()) {
                errors.add(ErrorDetail.at(i, ErrorKind.BAD_REQUEST, "invalid-document", "Element " + i + " is an empty object"));
                continue;
            }
            for (String key : document.fields().keySet()) {
                if (key.startsWith("$")) {
                    errors.add(ErrorDetail.at(i, ErrorKind.BAD_REQUEST, "invalid-document",
                            "Element " + i + " has a top-level field starting with '$': '" + key + "'"));
                    break;
                }
            }
            documents.add(document);
        }
        if (!errors.isEmpty()) {
            ErrorDetail first = errors.get(0);
            throw MangroveException.badRequest("invalid-document",
                    "Nothing was written: " + errors.size() + " element(s) are invalid, the first at index "
                            + first.index() + ": " + first.detail()).withErrors(errors);
        }
        return documents;
    }
}
