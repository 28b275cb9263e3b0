package dev.mangrove.adapter.http;

import dev.mangrove.adapter.http.query.CollectionQueryParser;
import dev.mangrove.application.port.in.DeleteDocumentCommand;
import dev.mangrove.application.port.in.GetDocumentQuery;
import dev.mangrove.application.port.in.GetDocumentUseCase;
import dev.mangrove.application.port.in.PatchDocumentCommand;
import dev.mangrove.application.port.in.ReplaceDocumentCommand;
import dev.mangrove.application.port.in.WriteDocumentUseCase;
import dev.mangrove.application.port.in.WriteResult;
import dev.mangrove.domain.document.Document;
import dev.mangrove.domain.document.ETag;
import dev.mangrove.domain.write.Precondition;
import dev.mangrove.domain.write.Update;
import dev.mangrove.domain.write.WriteMode;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** {@code /{db}/{coll}/{docid}}: read, replace, patch and delete one document (docs/api.md). */
final class DocumentHandlers {
    private final GetDocumentUseCase get;
    private final WriteDocumentUseCase write;
    private final Bodies bodies;
    private final CollectionQueryParser parser;

    DocumentHandlers(GetDocumentUseCase get, WriteDocumentUseCase write, Bodies bodies, CollectionQueryParser parser) {
        this.get = Objects.requireNonNull(get, "get");
        this.write = Objects.requireNonNull(write, "write");
        this.bodies = Objects.requireNonNull(bodies, "bodies");
        this.parser = Objects.requireNonNull(parser, "parser");
    }

    /**
     * GET: the document (projected by {@code keys}/{@code fields}, docs/api.md#one-document) with its {@code ETag};
     * {@code 304} when {@code If-None-Match} matches.
     */
    void get(Exchange x) {
        Document stored = get.get(new GetDocumentQuery(x.resource().namespace(), x.documentId(),
                parser.projection(x.params().toMap()), x.scope()));
        ETag etag = ETag.of(stored);
        x.res().header(HeaderNames.ETAG, etag.quoted());
        Optional<String> ifNoneMatch = x.header(HeaderNames.IF_NONE_MATCH);
        if (ifNoneMatch.isPresent() && etag.matchesHeader(ifNoneMatch.get())) {
            x.send(Status.NOT_MODIFIED_304);
            return;
        }
        List<Document> intercepted = x.intercept(Status.OK_200.code(), List.of(stored));
        x.sendDocument(Status.OK_200, intercepted.size() == 1 ? intercepted.get(0) : stored);
    }

    /** PUT: replaces (or, with {@code wm=upsert}, creates) the document. */
    void replace(Exchange x) {
        Object id = x.documentId();
        Document body = bodies.readDocument(x.req());
        WriteMode fallback = x.params().flag("force") ? WriteMode.UPSERT : WriteMode.UPDATE;
        WriteMode mode = WriteMode.parse(x.params().first("wm").orElse(null), fallback);
        WriteResult result = write.replace(new ReplaceDocumentCommand(x.resource().namespace(), id, body, mode,
                x.wantsRepresentation(), precondition(x), x.scope()));
        answer(x, id, result);
    }

    /** PATCH: applies update operators (or merges fields) to the document. */
    void patch(Exchange x) {
        Object id = x.documentId();
        Object body = bodies.read(x.req());
        WriteMode mode = WriteMode.parse(x.params().first("wm").orElse(null), WriteMode.UPDATE);
        Update update = CollectionHandlers.patchUpdate(body, id, true);
        WriteResult result = write.patch(new PatchDocumentCommand(x.resource().namespace(), id, update, mode,
                x.wantsRepresentation(), precondition(x), x.scope()));
        answer(x, id, result);
    }

    /** DELETE: removes the document. */
    void delete(Exchange x) {
        write.delete(new DeleteDocumentCommand(x.resource().namespace(), x.documentId(), precondition(x), x.scope()));
        x.send(Status.NO_CONTENT_204);
    }

    private static Precondition precondition(Exchange x) {
        return x.header(HeaderNames.IF_MATCH).map(Precondition::ifMatch).orElse(Precondition.NONE);
    }

    private static void answer(Exchange x, Object id, WriteResult result) {
        if (result.created()) {
            x.location(id);
        }
        result.etag().ifPresent(etag -> x.res().header(HeaderNames.ETAG, etag.quoted()));
        Optional<Document> document = result.document();
        if (document.isPresent()) {
            x.res().header("Preference-Applied", "return=representation");
            x.sendDocument(result.created() ? Status.CREATED_201 : Status.OK_200, document.get());
        } else {
            x.send(result.created() ? Status.CREATED_201 : Status.NO_CONTENT_204);
        }
    }
}
