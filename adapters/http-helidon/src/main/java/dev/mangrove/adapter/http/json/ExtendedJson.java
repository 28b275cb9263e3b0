package dev.mangrove.adapter.http.json;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import dev.mangrove.domain.document.Document;
import dev.mangrove.domain.error.MangroveException;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Objects;

/**
 * Reads and writes MongoDB Extended JSON v2 (canonical and relaxed) with Jackson's streaming API;
 * immutable and thread-safe, one per process.
 *
 * <p>Reading yields the domain's value types (see {@link Document}); every malformed input fails
 * with a 400 {@link MangroveException} whose detail gives the position. Objects and arrays may
 * nest {@code maxDepth} levels deep, type wrappers such as {@code {"$date": …}} not counting as a
 * level, which matches MongoDB's own limit on the resulting document.
 */
public final class ExtendedJson {
    /** The nesting depth MongoDB allows, and the default. */
    public static final int DEFAULT_MAX_DEPTH = 100;

    /** The reader recurses once per level, so the limit itself is bounded to keep stacks small. */
    private static final int MAX_MAX_DEPTH = 1000;
    private static final int MAX_STRING_LENGTH = 64 * 1024 * 1024;

    private final int maxDepth;
    private final JsonFactory strict;
    private final JsonFactory lenient;

    private ExtendedJson(int maxDepth) {
        this.maxDepth = maxDepth;
        this.strict = factory(maxDepth, false);
        this.lenient = factory(maxDepth, true);
    }

    /** A reader and writer allowing objects and arrays to nest {@code maxDepth} (1 to 1000) levels deep. */
    public static ExtendedJson create(int maxDepth) {
        if (maxDepth < 1 || maxDepth > MAX_MAX_DEPTH) {
            throw new IllegalArgumentException("maxDepth must be from 1 to " + MAX_MAX_DEPTH + ": " + maxDepth);
        }
        return new ExtendedJson(maxDepth);
    }

    /** A reader and writer with the default maximum depth of {@value #DEFAULT_MAX_DEPTH}. */
    public static ExtendedJson create() {
        return create(DEFAULT_MAX_DEPTH);
    }

    /** The maximum nesting depth of objects and arrays this instance reads. */
    public int maxDepth() {
        return maxDepth;
    }

    /**
     * Reads one JSON value from a request body (and closes it): an object becomes a {@link Document},
     * an array a {@code List} whose object elements are {@link Document}s, a scalar itself.
     */
    public Object parse(InputStream body) {
        return read(body, false);
    }

    /** Reads a request body that must be one JSON object. */
    public Document parseDocument(InputStream body) {
        return (Document) read(body, true);
    }

    /**
     * Reads a query-parameter JSON object (for {@code filter}, {@code keys}, {@code sort}…), naming
     * the parameter in errors. As RESTHeart, single quotes and unquoted names are accepted
     * (docs/querying.md#relaxed-json); {@code lenient} (express-monger's {@code where}) also turns strings of
     * the form {@code /pattern/flags} into regular expressions.
     */
    public Map<String, Object> parseQuery(String text, String parameter, boolean lenient) {
        Objects.requireNonNull(parameter, "parameter");
        JsonSource source = new JsonSource(parameter);
        if (text == null || text.isBlank()) {
            throw source.empty();
        }
        try (JsonParser parser = this.lenient.createParser(text)) {
            @SuppressWarnings("unchecked")
            Map<String, Object> query = (Map<String, Object>) new EjsonReader(parser, maxDepth, lenient, source)
                    .readRoot(true, true);
            return query;
        } catch (IOException e) {
            throw source.translate(e, maxDepth);
        }
    }

    /**
     * Reads a query-parameter JSON value of any kind (an array for {@code pipeline}, say), naming the
     * parameter in errors: an object becomes a {@link Document}, an array a {@code List}.
     */
    public Object parseParameter(String text, String parameter) {
        Objects.requireNonNull(parameter, "parameter");
        JsonSource source = new JsonSource(parameter);
        if (text == null || text.isBlank()) {
            throw source.empty();
        }
        try (JsonParser parser = lenient.createParser(text)) { // single quotes and unquoted names, as RESTHeart
            return new EjsonReader(parser, maxDepth, false, source).readRoot(false, false);
        } catch (IOException e) {
            throw source.translate(e, maxDepth);
        }
    }

    /** A UTF-8 generator on {@code out}, indented when {@code pretty}; closing it closes {@code out}. */
    public JsonGenerator generator(OutputStream out, boolean pretty) {
        Objects.requireNonNull(out, "out");
        try {
            JsonGenerator generator = strict.createGenerator(out, JsonEncoding.UTF8);
            return pretty ? generator.setPrettyPrinter(new DefaultPrettyPrinter()) : generator;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Writes a domain value (a {@link Document}, map, list or any value type) as Extended JSON v2 in
     * the given mode; an I/O failure of the generator is thrown as {@link UncheckedIOException}.
     */
    public void write(JsonGenerator generator, Object value, JsonMode mode) {
        Objects.requireNonNull(generator, "generator");
        Objects.requireNonNull(mode, "mode");
        try {
            EjsonWriter.write(generator, value, mode == JsonMode.CANONICAL);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A small value (such as a document id) as a compact Extended JSON string. */
    public String toJson(Object value, JsonMode mode) {
        StringWriter out = new StringWriter();
        try (JsonGenerator generator = strict.createGenerator(out)) {
            write(generator, value, mode);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private Object read(InputStream body, boolean objectOnly) {
        Objects.requireNonNull(body, "body");
        JsonSource source = JsonSource.BODY;
        try (JsonParser parser = strict.createParser(body)) {
            return new EjsonReader(parser, maxDepth, false, source).readRoot(objectOnly, false);
        } catch (IOException e) {
            throw source.translate(e, maxDepth);
        }
    }

    private static JsonFactory factory(int maxDepth, boolean lenient) {
        var builder = JsonFactory.builder()
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .disable(JsonFactory.Feature.INTERN_FIELD_NAMES)
                .streamReadConstraints(StreamReadConstraints.builder()
                        // a backstop only: the reader counts depth itself, and type wrappers add levels
                        .maxNestingDepth(2 * maxDepth + 8)
                        .maxStringLength(MAX_STRING_LENGTH)
                        .build());
        if (lenient) {
            builder.enable(JsonReadFeature.ALLOW_SINGLE_QUOTES).enable(JsonReadFeature.ALLOW_UNQUOTED_FIELD_NAMES);
        }
        return builder.build();
    }
}
