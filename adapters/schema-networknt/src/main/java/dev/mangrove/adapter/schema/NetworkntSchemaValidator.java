package dev.mangrove.adapter.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaException;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion.VersionFlag;
import com.networknt.schema.ValidationMessage;
import com.networknt.schema.resource.AllowSchemaLoader;
import dev.mangrove.application.port.out.SchemaReferences;
import dev.mangrove.application.port.out.SchemaValidator;
import dev.mangrove.domain.document.BinaryValue;
import dev.mangrove.domain.document.DbPointerValue;
import dev.mangrove.domain.document.Document;
import dev.mangrove.domain.document.JavaScriptValue;
import dev.mangrove.domain.document.KeyBound;
import dev.mangrove.domain.document.NonFiniteDecimal;
import dev.mangrove.domain.document.ObjectIdValue;
import dev.mangrove.domain.document.RegexValue;
import dev.mangrove.domain.document.SpecialValue;
import dev.mangrove.domain.document.SymbolValue;
import dev.mangrove.domain.document.TimestampValue;
import dev.mangrove.domain.document.Undefined;
import dev.mangrove.domain.error.ErrorDetail;
import dev.mangrove.domain.error.ErrorKind;
import dev.mangrove.domain.error.MangroveException;

import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Validates with networknt's json-schema-validator, choosing the draft by {@code $schema} (default 2020-12). */
public final class NetworkntSchemaValidator implements SchemaValidator {
    private static final String DRAFT_07 = "http://json-schema.org/draft-07/schema";
    private static final String DRAFT_2020_12 = "https://json-schema.org/draft/2020-12/schema";
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final SchemaValidatorsConfig CONFIG = SchemaValidatorsConfig.builder()
            .pathType(PathType.JSON_POINTER).build();

    /**
     * Factories that load nothing but the bundled meta-schemas: a {@code $ref} to any other URI (http, file, …) is
     * refused, never fetched, so a stored schema cannot make the server open connections
     * (docs/management.md#json-schema-validation).
     */
    private static final JsonSchemaFactory OFFLINE_DRAFT_07 = offline(VersionFlag.V7);
    private static final JsonSchemaFactory OFFLINE_DRAFT_2020_12 = offline(VersionFlag.V202012);

    private NetworkntSchemaValidator() {
    }

    private static JsonSchemaFactory offline(VersionFlag version) {
        return JsonSchemaFactory.builder(JsonSchemaFactory.getInstance(version))
                .schemaLoaders(loaders -> loaders.add(new AllowSchemaLoader(iri -> "classpath".equals(iri.getScheme()))))
                .build();
    }

    /** A validator. */
    public static SchemaValidator create() {
        return new NetworkntSchemaValidator();
    }

    @Override
    public List<ErrorDetail> validate(Map<String, Object> schema, Document document) {
        return validate(compile(schema, null), document);
    }

    @Override
    public List<ErrorDetail> validate(Map<String, Object> schema, Document document, SchemaReferences references) {
        return validate(compile(schema, references), document);
    }

    @Override
    public void check(Map<String, Object> schema, SchemaReferences references) {
        compile(schema, references);
    }

    private static List<ErrorDetail> validate(JsonSchema compiled, Document document) {
        Set<ValidationMessage> messages;
        try {
            messages = compiled.validate(toJson(document));
        } catch (JsonSchemaException e) {
            throw invalid(e.getMessage());
        }
        List<ErrorDetail> errors = new ArrayList<>();
        for (ValidationMessage message : messages) {
            errors.add(new ErrorDetail(-1, ErrorKind.BAD_REQUEST, "schema-violation", message.getMessage(),
                    pointer(message)));
        }
        errors.sort(Comparator.comparing(ErrorDetail::pointer).thenComparing(ErrorDetail::detail));
        return errors;
    }

    @Override
    public void check(Map<String, Object> schema) {
        compile(schema, null);
    }

    private static JsonSchema compile(Map<String, Object> schema, SchemaReferences references) {
        Object declared = schema.get("$schema");
        if (declared != null && !(declared instanceof String)) {
            throw invalid("\"$schema\" must be a string");
        }
        VersionFlag version = draft((String) declared);
        JsonSchemaFactory factory = references != null ? withStore(version, references)
                : version == VersionFlag.V7 ? OFFLINE_DRAFT_07 : OFFLINE_DRAFT_2020_12;
        JsonNode node = toJson(schema);
        try {
            JsonSchema meta = factory.getSchema(SchemaLocation.of(version == VersionFlag.V7 ? DRAFT_07 : DRAFT_2020_12),
                    CONFIG);
            Set<ValidationMessage> problems = meta.validate(node);
            if (!problems.isEmpty()) {
                throw invalid(problems.stream().map(m -> pointer(m) + ": " + m.getMessage()).sorted()
                        .reduce((a, b) -> a + "; " + b).orElse(""));
            }
            JsonSchema compiled = references != null
                    ? factory.getSchema(SchemaLocation.of(references.base()), node, CONFIG)
                    : factory.getSchema(node, CONFIG);
            compiled.initializeValidators();
            return compiled;
        } catch (JsonSchemaException | IllegalArgumentException e) {
            throw invalid(String.valueOf(e.getMessage()));
        }
    }

    /**
     * An offline factory that also reads {@code http://schema-store/{db}/{id}} from the store, for the schema's own
     * database only (docs/management.md#json-schema-validation).
     */
    private static JsonSchemaFactory withStore(VersionFlag version, SchemaReferences references) {
        String base = references.base();
        String database = base.substring(0, base.lastIndexOf('/') + 1);
        return JsonSchemaFactory.builder(JsonSchemaFactory.getInstance(version))
                .schemaLoaders(loaders -> loaders.add(iri -> {
                    String uri = iri.toString();
                    if (!uri.startsWith(database)) {
                        return null;
                    }
                    String id = uri.substring(database.length());
                    Map<String, Object> stored = references.stored().apply(id).orElseThrow(() -> invalid(
                            "the $ref '" + uri + "' names no schema of this database's /{db}/_schemas"));
                    byte[] json = toJson(stored).toString().getBytes(StandardCharsets.UTF_8);
                    return () -> new ByteArrayInputStream(json);
                }).add(new AllowSchemaLoader(iri -> "classpath".equals(iri.getScheme()))))
                .build();
    }

    private static VersionFlag draft(String declared) {
        if (declared == null) {
            return VersionFlag.V202012;
        }
        String normalized = declared.replaceFirst("#$", "").replaceFirst("^https?://", "");
        if (normalized.equals("json-schema.org/draft-07/schema")) {
            return VersionFlag.V7;
        }
        if (normalized.equals("json-schema.org/draft/2020-12/schema")) {
            return VersionFlag.V202012;
        }
        throw invalid("Unsupported \"$schema\" '" + declared + "': use " + DRAFT_2020_12 + " or " + DRAFT_07 + "#");
    }

    private static String pointer(ValidationMessage message) {
        String location = String.valueOf(message.getInstanceLocation());
        String property = message.getProperty();
        // "required" reports the object; point at the missing member instead
        if ("required".equals(message.getType()) && property != null) {
            location = location + "/" + property.replace("~", "~0").replace("/", "~1");
        }
        return location;
    }

    private static MangroveException invalid(String why) {
        return MangroveException.badRequest("invalid-schema", "The JSON Schema is invalid: " + why);
    }

    /** The value as relaxed Extended JSON. */
    static JsonNode toJson(Object value) {
        return switch (value) {
            case null -> NODES.nullNode();
            case String s -> NODES.textNode(s);
            case Boolean b -> NODES.booleanNode(b);
            case Integer i -> NODES.numberNode(i);
            case Long l -> NODES.numberNode(l);
            case Double d -> d.isNaN() || d.isInfinite() ? wrapped("$numberDouble", d.toString()) : NODES.numberNode(d);
            case BigDecimal d -> wrapped("$numberDecimal", d.toString());
            case Number n -> NODES.numberNode(n.doubleValue());
            case Instant t -> wrapped("$date", t.toString());
            case Document d -> toJson(d.fields());
            case Map<?, ?> m -> {
                ObjectNode object = NODES.objectNode();
                m.forEach((k, v) -> object.set(String.valueOf(k), toJson(v)));
                yield object;
            }
            case List<?> l -> {
                ArrayNode array = NODES.arrayNode();
                l.forEach(v -> array.add(toJson(v)));
                yield array;
            }
            case SpecialValue s -> special(s);
            default -> NODES.textNode(String.valueOf(value));
        };
    }

    private static JsonNode special(SpecialValue value) {
        return switch (value) {
            case ObjectIdValue id -> wrapped("$oid", id.hex());
            case NonFiniteDecimal d -> wrapped("$numberDecimal", d.text());
            case SymbolValue s -> wrapped("$symbol", s.symbol());
            case BinaryValue b -> {
                ObjectNode inner = NODES.objectNode();
                inner.put("base64", Base64.getEncoder().encodeToString(b.data()));
                inner.put("subType", String.format("%02x", b.subtype()));
                ObjectNode outer = NODES.objectNode();
                outer.set("$binary", inner);
                yield outer;
            }
            case RegexValue r -> {
                ObjectNode inner = NODES.objectNode();
                inner.put("pattern", r.pattern());
                inner.put("options", r.options());
                ObjectNode outer = NODES.objectNode();
                outer.set("$regularExpression", inner);
                yield outer;
            }
            case TimestampValue t -> {
                ObjectNode inner = NODES.objectNode();
                inner.put("t", t.seconds());
                inner.put("i", t.increment());
                ObjectNode outer = NODES.objectNode();
                outer.set("$timestamp", inner);
                yield outer;
            }
            case KeyBound k -> {
                ObjectNode outer = NODES.objectNode();
                outer.put(k == KeyBound.MIN_KEY ? "$minKey" : "$maxKey", 1);
                yield outer;
            }
            case Undefined u -> {
                ObjectNode outer = NODES.objectNode();
                outer.put("$undefined", true);
                yield outer;
            }
            case JavaScriptValue js -> {
                ObjectNode outer = NODES.objectNode();
                outer.put("$code", js.code());
                if (js.scope() != null) {
                    outer.set("$scope", toJson(js.scope()));
                }
                yield outer;
            }
            case DbPointerValue p -> {
                ObjectNode inner = NODES.objectNode();
                inner.put("$ref", p.namespace());
                inner.set("$id", wrapped("$oid", p.id().hex()));
                ObjectNode outer = NODES.objectNode();
                outer.set("$dbPointer", inner);
                yield outer;
            }
        };
    }

    private static ObjectNode wrapped(String key, String text) {
        ObjectNode node = NODES.objectNode();
        node.put(key, text);
        return node;
    }
}
