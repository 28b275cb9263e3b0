package dev.mangrove.adapter.http;

import dev.mangrove.adapter.http.json.ExtendedJson;
import dev.mangrove.adapter.http.query.CollectionQueryParser;
import dev.mangrove.application.port.in.BrowseCatalogUseCase;
import dev.mangrove.application.port.in.ManageCatalogUseCase;
import dev.mangrove.domain.document.Document;
import dev.mangrove.domain.document.ETag;
import dev.mangrove.domain.document.RegexValue;
import dev.mangrove.domain.error.MangroveException;
import dev.mangrove.domain.resource.ResolvedResource;
import dev.mangrove.domain.write.Precondition;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The root, databases and collections as containers: list, create, describe and drop them, with their
 * metadata and sizes (docs/api.md).
 */
final class CatalogHandlers {
    private final BrowseCatalogUseCase browse;
    private final ManageCatalogUseCase catalog;
    private final ExtendedJson json;
    private final Bodies bodies;
    private final CollectionQueryParser parser;

    CatalogHandlers(BrowseCatalogUseCase browse, ManageCatalogUseCase catalog, ExtendedJson json, Bodies bodies,
                    CollectionQueryParser parser) {
        this.browse = Objects.requireNonNull(browse, "browse");
        this.catalog = Objects.requireNonNull(catalog, "catalog");
        this.json = Objects.requireNonNull(json, "json");
        this.bodies = Objects.requireNonNull(bodies, "bodies");
        this.parser = Objects.requireNonNull(parser, "parser");
    }

    /** GET {@code /}: the database names, or the page {@code page}/{@code pagesize} ask for. */
    void databases(Exchange x) {
        x.sendNames(pageOf(x, browse.databases()));
    }

    /**
     * GET {@code /{db}}: the collection names (or a page of them), with the {@code ETag} of the database's
     * metadata, as RESTHeart, for a drop with {@code If-Match}.
     */
    void collections(Exchange x) {
        List<String> names = browse.collections(x.resource().database());
        x.res().header(HeaderNames.ETAG, ETag.of(catalog.databaseMetadata(x.resource().database())).quoted());
        x.sendNames(pageOf(x, names));
    }

    /** The page of names {@code page}/{@code pagesize} ask for (docs/api.md#listing-names); all without either. */
    private List<String> pageOf(Exchange x, List<String> names) {
        return parser.namesPage(x.params().toMap()).map(page -> {
            long from = Math.min(page.skip(), names.size());
            return names.subList((int) from, (int) Math.min(from + page.size(), names.size()));
        }).orElse(names);
    }

    /** GET {@code /{db}/_size}: the number of collections. */
    void databaseSize(Exchange x) {
        x.sendSize(browse.collections(x.resource().database()).size());
    }

    /** PUT {@code /{db}}: creates the database or sets its metadata. */
    void putDatabase(Exchange x) {
        ResolvedResource r = x.resource();
        boolean created = catalog.putDatabase(r.database(), optionalBody(x), precondition(x));
        x.sendMetadata(created ? Status.CREATED_201 : Status.OK_200, catalog.databaseMetadata(r.database()));
    }

    /** PATCH {@code /{db}}: merges into its metadata. */
    void patchDatabase(Exchange x) {
        x.sendMetadata(Status.OK_200, catalog.patchDatabase(x.resource().database(), bodies.readDocument(x.req()),
                precondition(x)));
    }

    /** POST {@code /{db}}: creates collections. */
    void createCollections(Exchange x) {
        List<String> created = catalog.createCollections(x.resource().database(), specifications(x));
        x.writeJson(Status.CREATED_201, g -> {
            g.writeStartObject();
            g.writeArrayFieldStart("created");
            for (String name : created) {
                g.writeString(name);
            }
            g.writeEndArray();
            g.writeEndObject();
        });
    }

    /** DELETE {@code /{db}}: drops the collections a name filter selects, or the database (confirmed). */
    void dropDatabase(Exchange x) {
        ResolvedResource r = x.resource();
        Optional<Pattern> names = collectionNames(x);
        if (names.isPresent()) {
            List<String> dropped = catalog.dropCollections(r.database(), names.get(), force(x), ifMatch(x));
            x.writeJson(Status.OK_200, g -> {
                g.writeStartObject();
                g.writeArrayFieldStart("dropped");
                for (String name : dropped) {
                    g.writeString(name);
                }
                g.writeEndArray();
                g.writeEndObject();
            });
        } else {
            catalog.dropDatabase(r.database(), force(x), ifMatch(x));
            x.send(Status.NO_CONTENT_204);
        }
    }

    /** GET {@code /{db}/_meta}. */
    void databaseMeta(Exchange x) {
        x.readMetadata(catalog.databaseMetadata(x.resource().database()));
    }

    /** PUT {@code /{db}/{coll}}: creates the collection or sets its metadata. */
    void putCollection(Exchange x) {
        ResolvedResource r = x.resource();
        boolean created = catalog.putCollection(r.namespace(), optionalBody(x), precondition(x));
        x.sendMetadata(created ? Status.CREATED_201 : Status.OK_200, catalog.collectionMetadata(r.namespace()));
    }

    /** DELETE {@code /{db}/{coll}} without a filter: drops the collection (confirmed). */
    void dropCollection(Exchange x) {
        catalog.dropCollection(x.resource().namespace(), force(x), ifMatch(x));
        x.send(Status.NO_CONTENT_204);
    }

    /** GET {@code /{db}/{coll}/_meta}. */
    void collectionMeta(Exchange x) {
        x.readMetadata(catalog.collectionMetadata(x.resource().namespace()));
    }

    private Document optionalBody(Exchange x) {
        if (!x.req().content().hasEntity()) {
            return Document.empty();
        }
        return bodies.readDocument(x.req());
    }

    private List<Document> specifications(Exchange x) {
        Object body = bodies.read(x.req());
        List<Document> specifications = new ArrayList<>();
        if (body instanceof Document document) {
            specifications.add(document);
        } else if (body instanceof List<?> elements) {
            for (Object element : elements) {
                if (!(element instanceof Document document)) {
                    throw MangroveException.badRequest("invalid-body",
                            "Each element must be an object {\"name\": …, \"options\": {…}}");
                }
                specifications.add(document);
            }
        } else {
            throw MangroveException.badRequest("invalid-body",
                    "POST {\"name\": …, \"options\": {…}} or an array of them");
        }
        return specifications;
    }

    /** The collections {@code where} or {@code filter} selects by {@code name} (exact or {@code /regex/flags}). */
    private Optional<Pattern> collectionNames(Exchange x) {
        for (String parameter : List.of("where", "filter")) {
            Optional<String> text = x.params().first(parameter);
            if (text.isEmpty()) {
                continue;
            }
            Map<String, Object> query = json.parseQuery(text.get(), parameter, parameter.equals("where"));
            if (query.size() != 1 || !query.containsKey("name")) {
                throw MangroveException.badRequest("invalid-filter", "'" + parameter
                        + "' on a database selects collections by name only, e.g. {\"name\": \"/^tmp/\"}");
            }
            Object name = query.get("name");
            if (name instanceof String exact) {
                return Optional.of(Pattern.compile(Pattern.quote(exact)));
            }
            if (name instanceof RegexValue regex) {
                return Optional.of(compile(regex));
            }
            throw MangroveException.badRequest("invalid-filter", "'" + parameter
                    + "': \"name\" must be a string or a /regular expression/");
        }
        return Optional.empty();
    }

    private static Pattern compile(RegexValue regex) {
        int flags = 0;
        for (char option : regex.options().toCharArray()) {
            flags |= switch (option) {
                case 'i' -> Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE;
                case 'm' -> Pattern.MULTILINE;
                case 's' -> Pattern.DOTALL;
                case 'x' -> Pattern.COMMENTS;
                default -> 0;
            };
        }
        try {
            // MongoDB's $regex finds the pattern anywhere in the name
            return Pattern.compile(".*(?:" + regex.pattern() + ").*", flags | Pattern.DOTALL);
        } catch (PatternSyntaxException e) {
            throw MangroveException.badRequest("invalid-filter", "Invalid regular expression: " + e.getDescription());
        }
    }

    private static boolean force(Exchange x) {
        return x.params().flag("force");
    }

    /** {@code If-Match} on a metadata write: written only while the metadata is that version, else 412. */
    private static Precondition precondition(Exchange x) {
        return ifMatch(x).map(Precondition::ifMatch).orElse(Precondition.NONE);
    }

    private static Optional<String> ifMatch(Exchange x) {
        return x.header(HeaderNames.IF_MATCH);
    }
}
