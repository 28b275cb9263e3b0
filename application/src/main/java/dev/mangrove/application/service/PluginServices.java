package dev.mangrove.application.service;

import dev.mangrove.application.port.in.AccessDecision;
import dev.mangrove.application.port.in.AccessRequest;
import dev.mangrove.application.port.in.AggregateQuery;
import dev.mangrove.application.port.in.AggregateUseCase;
import dev.mangrove.application.port.in.AuthorizeUseCase;
import dev.mangrove.application.port.in.CollectionMetadataUseCase;
import dev.mangrove.application.port.in.DistinctQuery;
import dev.mangrove.application.port.in.DistinctUseCase;
import dev.mangrove.application.port.in.FindDocumentsQuery;
import dev.mangrove.application.port.in.FindDocumentsUseCase;
import dev.mangrove.application.port.in.ResultCursor;
import dev.mangrove.domain.document.Document;
import dev.mangrove.domain.resource.Mount;
import dev.mangrove.domain.resource.Namespace;
import dev.mangrove.domain.resource.PathSegments;
import dev.mangrove.domain.resource.ResolvedResource;
import dev.mangrove.domain.resource.ResourceKind;
import dev.mangrove.domain.resource.Verb;
import dev.mangrove.plugin.spi.Aggregations;
import dev.mangrove.plugin.spi.Capability;
import dev.mangrove.plugin.spi.CollectionMetadata;
import dev.mangrove.plugin.spi.DistinctValues;
import dev.mangrove.plugin.spi.DocumentStream;
import dev.mangrove.plugin.spi.DocumentWrites;
import dev.mangrove.plugin.spi.Documents;
import dev.mangrove.domain.query.OperatorPolicy;
import dev.mangrove.domain.security.DataScope;
import dev.mangrove.domain.security.Principal;
import dev.mangrove.plugin.spi.PluginContext;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The host's side of the plugins' typed context: the SPI's services implemented over the application's
 * use cases. A service left out (null) is a capability this host lacks; a plugin that needs it fails at
 * start-up with its name.
 */
public final class PluginServices {
    private static final Mount EVERY_DATABASE = Mount.of("*", "/");
    private final Documents documents;
    private final DistinctValues distinct;
    private final Aggregations aggregations;
    private final CollectionMetadata metadata;
    private final dev.mangrove.plugin.spi.AccessControl accessControl;
    private final DocumentWrites writes;

    private PluginServices(Documents documents, DistinctValues distinct, Aggregations aggregations,
                           CollectionMetadata metadata, dev.mangrove.plugin.spi.AccessControl accessControl,
                           DocumentWrites writes) {
        this.documents = documents;
        this.distinct = distinct;
        this.aggregations = aggregations;
        this.metadata = metadata;
        this.accessControl = accessControl;
        this.writes = writes;
    }

    /** No services: a host for plugins that need only their configuration. */
    public static PluginServices none() {
        return new PluginServices(null, null, null, null, null, null);
    }

    /**
     * These services plus document writes over the document use cases, with every filter a plugin passes (reads
     * and writes) checked against {@code policy} (docs/plugins.md#the-typed-context).
     */
    public PluginServices withWrites(DocumentService service, OperatorPolicy policy) {
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(policy, "policy");
        Documents checked = documents == null ? null : new Documents() {
            @Override
            public DocumentStream find(Namespace namespace, dev.mangrove.domain.query.Query query,
                                       dev.mangrove.domain.security.DataScope scope) {
                policy.check(query.filter());
                return documents.find(namespace, query, scope);
            }

            @Override
            public long count(Namespace namespace, dev.mangrove.domain.query.Filter filter,
                              dev.mangrove.domain.security.DataScope scope) {
                policy.check(filter);
                return documents.count(namespace, filter, scope);
            }

            @Override
            public Optional<Document> findById(Namespace namespace, Object id,
                                               dev.mangrove.domain.query.Projection projection,
                                               dev.mangrove.domain.security.DataScope scope) {
                try {
                    return Optional.of(service.get(new dev.mangrove.application.port.in.GetDocumentQuery(namespace, id,
                            projection, scope)));
                } catch (dev.mangrove.domain.error.MangroveException e) {
                    if ("document-not-found".equals(e.code())) {
                        return Optional.empty();
                    }
                    throw e;
                }
            }
        };
        return new PluginServices(checked, distinct, aggregations, metadata, accessControl,
                new PluginWrites(service, policy));
    }

    /** The services over these use cases; any may be null (not provided). */
    public static PluginServices over(FindDocumentsUseCase find, DistinctUseCase distinct, AggregateUseCase aggregate,
                                      CollectionMetadataUseCase metadata, AuthorizeUseCase authorize) {
        return new PluginServices(find == null ? null : documents(find),
                distinct == null ? null : (ns, fields, filter) -> distinct.distinct(new DistinctQuery(ns, fields, filter)),
                aggregate == null ? null : (ns, pipeline, allowed, skip, limit, scope) -> stream(aggregate.aggregate(
                        new AggregateQuery(ns, pipeline, allowed, skip, limit, scope))),
                metadata == null ? null : metadata::collectionMetadata,
                authorize == null ? null : accessControl(authorize), null);
    }

    /** The capabilities this host provides. */
    public Set<Capability> provided() {
        EnumSet<Capability> out = EnumSet.noneOf(Capability.class);
        if (documents != null) {
            out.add(Capability.DOCUMENTS);
        }
        if (distinct != null) {
            out.add(Capability.DISTINCT);
        }
        if (aggregations != null) {
            out.add(Capability.AGGREGATIONS);
        }
        if (metadata != null) {
            out.add(Capability.COLLECTION_METADATA);
        }
        if (accessControl != null) {
            out.add(Capability.ACCESS_CONTROL);
        }
        if (writes != null) {
            out.add(Capability.DOCUMENT_WRITES);
        }
        return out;
    }

    /**
     * The context of one plugin.
     *
     * @throws IllegalStateException when the plugin requires a capability this host lacks (naming both)
     */
    public PluginContext context(String plugin, Map<String, String> configuration, Set<Capability> requires) {
        EnumSet<Capability> missing = EnumSet.noneOf(Capability.class);
        missing.addAll(requires);
        missing.removeAll(provided());
        if (!missing.isEmpty()) {
            throw new IllegalStateException("plugin '" + plugin + "' needs " + missing
                    + ", which this server does not provide");
        }
        return new Context(plugin, Map.copyOf(configuration));
    }

    private static Documents documents(FindDocumentsUseCase find) {
        return new Documents() {
            @Override
            public DocumentStream find(Namespace namespace, dev.mangrove.domain.query.Query query,
                                       dev.mangrove.domain.security.DataScope scope) {
                return stream(find.find(new FindDocumentsQuery(namespace, query, scope)));
            }

            @Override
            public long count(Namespace namespace, dev.mangrove.domain.query.Filter filter,
                              dev.mangrove.domain.security.DataScope scope) {
                return find.count(namespace, filter, false, scope);
            }
        };
    }

    /** Asks the ACL as a direct {@code GET /{db}/{coll}} would, with the resolved collection (so its guards apply). */
    private static dev.mangrove.plugin.spi.AccessControl accessControl(AuthorizeUseCase authorize) {
        return new dev.mangrove.plugin.spi.AccessControl() {
            @Override
            public Optional<DataScope> readScope(Principal principal, Namespace namespace) {
                return scope(principal, Verb.GET, namespace, Target.COLLECTION, false);
            }

            @Override
            public Optional<DataScope> scope(Principal principal, Verb verb, Namespace namespace, Target target,
                                             boolean upsert) {
                String databasePath = "/" + PathSegments.encode(namespace.database().value());
                String collectionPath = databasePath + "/" + PathSegments.encode(namespace.collection().value());
                ResourceKind kind = switch (target) {
                    case COLLECTION -> ResourceKind.COLLECTION;
                    case DOCUMENT -> ResourceKind.DOCUMENT;
                    case DOCUMENTS -> ResourceKind.BULK_DOCUMENTS;
                    case AGGREGATE -> ResourceKind.AGGREGATE;
                };
                // a document is addressed without its id: permissions name collections, and the id is not known
                // before the document is found within the scope this decision gives
                String name = switch (target) {
                    case COLLECTION -> null;
                    case DOCUMENT, DOCUMENTS -> "*";
                    case AGGREGATE -> "_aggregate";
                };
                String path = name == null ? collectionPath : collectionPath + "/" + name;
                ResolvedResource resource = new ResolvedResource(kind, EVERY_DATABASE, namespace.database(),
                        namespace.collection(), databasePath, collectionPath, name, List.of());
                Map<String, List<String>> query = upsert ? Map.of("wm", List.of("upsert")) : Map.of();
                AccessDecision decision = authorize.authorize(new AccessRequest(principal, verb, path,
                        Optional.of(resource), query));
                return decision.allowed() ? Optional.of(decision.scope()) : Optional.empty();
            }
        };
    }

    private static DocumentStream stream(ResultCursor cursor) {
        return new DocumentStream() {
            @Override
            public void close() {
                cursor.close();
            }

            @Override
            public boolean hasNext() {
                return cursor.hasNext();
            }

            @Override
            public Document next() {
                return cursor.next();
            }
        };
    }

    private final class Context implements PluginContext {
        private final String plugin;
        private final Map<String, String> configuration;

        private Context(String plugin, Map<String, String> configuration) {
            this.plugin = plugin;
            this.configuration = configuration;
        }

        @Override
        public Map<String, String> configuration() {
            return configuration;
        }

        @Override
        public Documents documents() {
            return need(documents, Capability.DOCUMENTS);
        }

        @Override
        public DistinctValues distinct() {
            return need(distinct, Capability.DISTINCT);
        }

        @Override
        public Aggregations aggregations() {
            return need(aggregations, Capability.AGGREGATIONS);
        }

        @Override
        public CollectionMetadata collectionMetadata() {
            return need(metadata, Capability.COLLECTION_METADATA);
        }

        @Override
        public dev.mangrove.plugin.spi.AccessControl accessControl() {
            return need(accessControl, Capability.ACCESS_CONTROL);
        }

        @Override
        public DocumentWrites writes() {
            return need(writes, Capability.DOCUMENT_WRITES);
        }

        private <T> T need(T service, Capability capability) {
            if (service == null) {
                throw new IllegalStateException("plugin '" + plugin + "' needs " + capability
                        + ", which this server does not provide");
            }
            return Objects.requireNonNull(service);
        }
    }
}
