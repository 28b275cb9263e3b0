package dev.mangrove.adapter.http;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.dataformat.csv.CsvFactory;
import com.fasterxml.jackson.dataformat.csv.CsvGenerator;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import dev.mangrove.adapter.http.json.ExtendedJson;
import dev.mangrove.adapter.http.json.JsonMode;
import dev.mangrove.adapter.http.query.CollectionQueryParser;
import dev.mangrove.adapter.http.query.ParsedQuery;
import dev.mangrove.application.port.in.FindDocumentsQuery;
import dev.mangrove.application.port.in.FindDocumentsUseCase;
import dev.mangrove.application.port.in.ResultCursor;
import dev.mangrove.domain.document.Document;
import dev.mangrove.domain.query.CountMode;
import dev.mangrove.domain.query.Filter;
import dev.mangrove.domain.query.Query;
import dev.mangrove.domain.resource.Namespace;
import dev.mangrove.domain.resource.ResolvedResource;
import dev.mangrove.domain.security.DataScope;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerResponse;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Reads a collection (docs/querying.md): pages are read whole (at most max-pagesize + 1 documents) so
 * links and counts can go in headers; {@code pagination=false} streams from the cursor.
 */
final class CollectionReader {
    private static final String TOTAL_COUNT = "X-Total-Count";
    /** Whether a count is {@code exact} or {@code estimated} (docs/querying.md). */
    private static final String COUNT_STRATEGY = "X-Count-Strategy";
    private final FindDocumentsUseCase find;
    private final CollectionQueryParser parser;
    private final ExtendedJson json;
    private final Duration writeTimeout;

    CollectionReader(FindDocumentsUseCase find, CollectionQueryParser parser, ExtendedJson json) {
        this(find, parser, json, HttpSettings.DEFAULT_WRITE_TIMEOUT);
    }

    CollectionReader(FindDocumentsUseCase find, CollectionQueryParser parser, ExtendedJson json, Duration writeTimeout) {
        this.find = Objects.requireNonNull(find, "find");
        this.parser = Objects.requireNonNull(parser, "parser");
        this.json = Objects.requireNonNull(json, "json");
        this.writeTimeout = Objects.requireNonNull(writeTimeout, "writeTimeout");
    }

    /** {@code GET /{db}/{coll}/_size}: the number of documents matching the request's filters. */
    void size(Exchange x) {
        ServerResponse res = x.res();
        ParsedQuery parsed = parser.parse(x.params().toMap());
        long size = find.count(x.resource().namespace(), parsed.query().filter(), false, x.scope());
        res.header(COUNT_STRATEGY, "exact");
        res.header(HeaderNames.CONTENT_TYPE, Exchange.JSON);
        write(res, x.pretty(), g -> {
            g.writeStartObject();
            g.writeNumberField("_size", size);
            g.writeEndObject();
        });
    }

    /** {@code GET /{db}/{coll}}. */
    void read(Exchange x, Representation rep) {
        ServerResponse res = x.res();
        ResolvedResource resource = x.resource();
        JsonMode mode = x.mode();
        boolean pretty = x.pretty();
        DataScope scope = x.scope();
        ParsedQuery parsed = parser.parse(x.params().toMap());
        Namespace ns = resource.namespace();
        OptionalLong total = count(res, ns, parsed, scope, x.params().first("sid").isPresent());
        total.ifPresent(n -> res.header(TOTAL_COUNT, Long.toString(n)));
        res.header(HeaderNames.CONTENT_TYPE, rep.contentType());
        if (!parsed.paginated()) {
            try (ResultCursor cursor = find.find(new FindDocumentsQuery(ns, parsed.query(), scope))) {
                stream(res, cursor, rep, mode, pretty, parsed, resource, Links.unpaged(x.rawPath(), x.rawQuery()), total);
            }
            return;
        }
        Query query = parsed.query();
        Query oneMore = query.limit() == Query.UNLIMITED ? query
                : query.withLimit(query.limit() + 1);
        List<Document> page = new ArrayList<>();
        boolean hasNext = false;
        try (ResultCursor cursor = find.find(new FindDocumentsQuery(ns, oneMore, scope))) {
            while (cursor.hasNext()) {
                Document d = cursor.next();
                if (query.limit() != Query.UNLIMITED && page.size() >= query.limit()) {
                    hasNext = true;
                    break;
                }
                page.add(d);
            }
        }
        page = x.intercept(Status.OK_200.code(), page);
        Links links = Links.paged(x.rawPath(), x.rawQuery(), parsed.page(), parsed.pageSize(), hasNext, total);
        links.header().ifPresent(value -> res.header(HeaderNames.LINK, value));
        stream(res, ResultCursor.of(page), rep, mode, pretty, parsed, resource, links, total);
    }

    private OptionalLong count(ServerResponse res, Namespace ns, ParsedQuery parsed, DataScope scope,
                               boolean inTransaction) {
        if (parsed.count() == CountMode.NONE) {
            return OptionalLong.empty();
        }
        // a transaction has no estimate: it counts what it sees (docs/writes.md#transactions)
        boolean estimated = parsed.count() == CountMode.ESTIMATED && parsed.query().filter() instanceof Filter.All
                && !inTransaction;
        long total = find.count(ns, parsed.query().filter(), estimated, scope);
        // the count is estimated only without any filter, the data scope's read filter included
        res.header(COUNT_STRATEGY, estimated && scope.readFilter() instanceof Filter.All ? "estimated" : "exact");
        return OptionalLong.of(total);
    }

    private void stream(ServerResponse res, ResultCursor cursor, Representation rep, JsonMode mode, boolean pretty,
                        ParsedQuery parsed, ResolvedResource resource, Links links, OptionalLong total) {
        switch (rep) {
            case STANDARD -> write(res, pretty, g -> {
                g.writeStartArray();
                while (cursor.hasNext()) {
                    json.write(g, cursor.next(), mode);
                }
                g.writeEndArray();
            });
            case HAL -> write(res, pretty, g -> {
                g.writeStartObject();
                g.writeObjectFieldStart("_links");
                link(g, "self", links.self());
                Optional.ofNullable(resource.databasePath()).ifPresent(p -> link(g, "parent", p));
                g.writeObjectFieldStart("find");
                g.writeStringField("href", (resource.publicCollectionPath().endsWith("/") ? resource.publicCollectionPath()
                        : resource.publicCollectionPath() + "/") + "{id}");
                g.writeBooleanField("templated", true);
                g.writeEndObject();
                links.relations().forEach((rel, href) -> link(g, rel, href));
                g.writeEndObject();
                g.writeArrayFieldStart("_items");
                while (cursor.hasNext()) {
                    json.write(g, cursor.next(), mode);
                }
                g.writeEndArray();
                g.writeObjectFieldStart("_meta");
                g.writeNumberField("page", parsed.page());
                g.writeNumberField("max_results", parsed.pageSize());
                if (total.isPresent()) {
                    g.writeNumberField("total", total.getAsLong());
                }
                g.writeEndObject();
                g.writeEndObject();
            });
            case NDJSON -> writeRaw(res, writeTimeout, out -> {
                while (cursor.hasNext()) {
                    try (JsonGenerator g = json.generator(new NonClosing(out), false)) {
                        json.write(g, cursor.next(), mode);
                    }
                    out.write('\n');
                }
            });
            case CSV -> writeRaw(res, writeTimeout, out -> Csv.write(out, cursor, parsed.query().projection(), json));
        }
    }

    private static void link(JsonGenerator g, String rel, String href) {
        try {
            g.writeObjectFieldStart(rel);
            g.writeStringField("href", href);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void write(ServerResponse res, boolean pretty, JsonResponses.JsonBody body) {
        JsonResponses.stream(res, Status.OK_200, json, pretty, body);
    }

    private static void writeRaw(ServerResponse res, Duration writeTimeout, RawBody body) {
        res.status(Status.OK_200);
        try (OutputStream out = WriteDeadline.guard(res.outputStream(), writeTimeout)) {
            body.write(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @FunctionalInterface
    private interface RawBody {
        void write(OutputStream out) throws IOException;
    }

    /** Lets a per-line generator be closed without closing the response. */
    private static final class NonClosing extends java.io.FilterOutputStream {
        NonClosing(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }

    /**
     * RFC 4180 CSV (jackson-dataformat-csv): a header row, then one row per document; nested values as relaxed
     * JSON; text a spreadsheet would run as a formula (leading {@code = + - @}, tab or CR) gets a leading
     * {@code '} (docs/querying.md).
     */
    static final class Csv {
        private static final CsvFactory FACTORY = CsvFactory.builder()
                .enable(CsvGenerator.Feature.STRICT_CHECK_FOR_QUOTING) // quote only what needs it
                .build();
        private static final CsvSchema ROWS = CsvSchema.emptySchema().withLineSeparator("\r\n");
        private static final String FORMULA_STARTS = "=+-@\t\r";

        private Csv() {
        }

        static void write(OutputStream out, ResultCursor cursor, dev.mangrove.domain.query.Projection projection,
                          ExtendedJson json) throws IOException {
            Writer w = new BufferedWriter(new OutputStreamWriter(new NonClosing(out), StandardCharsets.UTF_8));
            try (CsvGenerator g = FACTORY.createGenerator(w)) {
                g.setSchema(ROWS);
                List<String> columns = null;
                if (!projection.isNone() && projection.spec().values().stream().allMatch(Csv::isInclusion)) {
                    columns = new ArrayList<>();
                    if (!projection.spec().containsKey("_id")) {
                        columns.add("_id");
                    }
                    columns.addAll(projection.spec().keySet());
                    row(g, columns.stream().map(Csv::noFormula).toList());
                }
                while (cursor.hasNext()) {
                    Document d = cursor.next();
                    if (columns == null) {
                        columns = new ArrayList<>(d.fields().keySet());
                        row(g, columns.stream().map(Csv::noFormula).toList());
                    }
                    List<String> cells = new ArrayList<>(columns.size());
                    for (String column : columns) {
                        cells.add(cell(value(d.fields(), column), json));
                    }
                    row(g, cells);
                }
            }
        }

        private static boolean isInclusion(Object v) {
            return v instanceof Number n ? n.intValue() != 0 : v instanceof Boolean b && b;
        }

        @SuppressWarnings("unchecked")
        private static Object value(Map<String, Object> fields, String dotted) {
            Object current = fields;
            for (String part : dotted.split("\\.")) {
                if (!(current instanceof Map<?, ?> map)) {
                    return null;
                }
                current = ((Map<String, Object>) map).get(part);
            }
            return current;
        }

        private static String cell(Object value, ExtendedJson json) {
            if (value == null) {
                return "";
            }
            if (value instanceof String s) {
                return noFormula(s);
            }
            if (value instanceof Number || value instanceof Boolean) {
                return value.toString();
            }
            return json.toJson(value, JsonMode.RELAXED);
        }

        /** Text (never a number) that a spreadsheet would evaluate, with a leading {@code '} so it stays text. */
        private static String noFormula(String text) {
            return !text.isEmpty() && FORMULA_STARTS.indexOf(text.charAt(0)) >= 0 ? "'" + text : text;
        }

        private static void row(CsvGenerator g, List<String> cells) throws IOException {
            g.writeStartArray();
            for (String cell : cells) {
                g.writeString(cell);
            }
            g.writeEndArray();
        }
    }
}
