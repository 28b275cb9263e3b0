package dev.mangrove.application.service;

import dev.mangrove.application.port.in.AccessDecision;
import dev.mangrove.application.port.in.AccessRequest;
import dev.mangrove.application.port.in.AuthorizeUseCase;
import dev.mangrove.application.port.out.AclStore;
import dev.mangrove.application.port.out.DocumentStore;
import dev.mangrove.domain.document.Document;
import dev.mangrove.domain.query.Projection;
import dev.mangrove.domain.resource.Namespace;
import dev.mangrove.domain.resource.ResolvedResource;
import dev.mangrove.domain.resource.ResourceKind;
import dev.mangrove.domain.security.AccessControlList;
import dev.mangrove.domain.security.AclFlag;
import dev.mangrove.domain.security.DataScope;
import dev.mangrove.domain.security.InvalidPermissionException;
import dev.mangrove.domain.security.Permission;
import dev.mangrove.domain.security.Principal;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * The access-control list (docs/security.md): the permissions of the configuration followed by those stored
 * in MongoDB (re-read by {@link #refresh()}), the root role, and the rules protecting the users
 * collection.
 *
 * <p>How a request is decided:
 * <ol>
 *   <li>Requests on the users collection ({@code users}) that could change it or bypass the response
 *       projection (writes, {@code _aggregate}, {@code _aggrs}, {@code _distinct}, {@code _streams},
 *       extensions, parameters mentioning {@code password}) are denied to everyone, the root role
 *       included: users are managed with the {@code createuser} command.</li>
 *   <li>The root role may do everything, unrestricted.</li>
 *   <li>Otherwise the winning permission of {@link AccessControlList#winner} decides; none → denied.</li>
 *   <li>The users and ACL collections (and other internal ones, such as the failed-login counters) are
 *       only reachable through a permission whose path names them explicitly (literal segments), never
 *       through a glob or template.</li>
 *   <li>The flags the request needs ({@link AccessRequests#requiredFlags}) must all be granted by
 *       the winner; a missing one is named in the reason.</li>
 *   <li>The data scope is the winner's, variables substituted; on the users collection its
 *       projection always hides {@code password} (also for the root role).</li>
 * </ol>
 */
public final class AccessControl implements AuthorizeUseCase {
    private static final System.Logger LOG = System.getLogger(AccessControl.class.getName());
    private static final String PASSWORD = "password";
    private static final Set<ResourceKind> BYPASSING_PROJECTION = EnumSet.of(ResourceKind.AGGREGATE,
            ResourceKind.AGGREGATION, ResourceKind.DISTINCT, ResourceKind.STREAM, ResourceKind.COLLECTION_EXTENSION);
    /** User and key management: the root role, or a permission naming {@code /_users} or {@code /_keys} literally. */
    private static final Set<ResourceKind> ADMINISTRATION = EnumSet.of(ResourceKind.USERS, ResourceKind.USER,
            ResourceKind.API_KEYS, ResourceKind.API_KEY);
    static final String NO_PERMISSION = "No permission of the access-control list grants this request";

    private final AccessControlList configured;
    private final Optional<AclStore> store;
    private final String rootRole;
    private final Namespace users;
    private final Namespace aclCollection;
    /** Other collections of security state, reachable like the ACL collection (root, or a permission naming them). */
    private final Set<Namespace> internal;
    private final Clock clock;
    private volatile AccessControlList effective;
    /** The stored documents {@link #effective} was built from; an unchanged re-read is not parsed again. */
    private List<Document> lastRead;

    /**
     * An access-control list of the {@code configured} permissions, then those of {@code store}
     * (read now, and again on every {@link #refresh()}).
     *
     * @param configured    the permissions of the configuration, in declaration order
     * @param store         the stored permissions, if any
     * @param rootRole      the role that may do everything
     * @param users         the users collection
     * @param aclCollection the collection of stored permissions
     * @param clock         the clock of {@code @now}
     */
    public AccessControl(List<Permission> configured, Optional<AclStore> store, String rootRole, Namespace users,
                         Namespace aclCollection, Clock clock) {
        this(configured, store, rootRole, users, aclCollection, Set.of(), clock);
    }

    /**
     * As {@link #AccessControl(List, Optional, String, Namespace, Namespace, Clock)}, with {@code internal}
     * collections of security state (the failed-login counters) guarded like the ACL collection.
     */
    public AccessControl(List<Permission> configured, Optional<AclStore> store, String rootRole, Namespace users,
                         Namespace aclCollection, Set<Namespace> internal, Clock clock) {
        this.configured = new AccessControlList(configured);
        this.store = Objects.requireNonNull(store, "store");
        this.rootRole = Objects.requireNonNull(rootRole, "rootRole");
        this.users = Objects.requireNonNull(users, "users");
        this.aclCollection = Objects.requireNonNull(aclCollection, "aclCollection");
        this.internal = Set.copyOf(internal);
        this.clock = Objects.requireNonNull(clock, "clock");
        this.effective = this.configured;
        refresh();
    }

    /** The permissions in force: the configured ones, then the stored ones. */
    public AccessControlList permissions() {
        return effective;
    }

    /**
     * Re-reads the stored permissions. A broken one is skipped and logged by its {@code _id}; when the
     * store cannot be read, the permissions read last stay in force.
     */
    public synchronized void refresh() {
        if (store.isEmpty()) {
            return;
        }
        List<Document> documents;
        try {
            documents = store.get().permissionDocuments();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "Cannot read the stored ACL permissions of " + describe(aclCollection)
                    + " (keeping the " + (effective.permissions().size() - configured.permissions().size())
                    + " read before): " + e.getMessage());
            return;
        }
        if (documents.equals(lastRead)) {
            return;
        }
        lastRead = documents;
        List<Permission> stored = new ArrayList<>();
        for (Document document : documents) {
            String origin = describe(aclCollection) + " _id=" + document.get(Document.ID);
            Map<String, Object> fields = new LinkedHashMap<>(document.fields());
            try {
                stored.add(Permission.parse(origin, fields));
            } catch (InvalidPermissionException e) {
                LOG.log(System.Logger.Level.WARNING, "Skipping the ACL permission " + origin + ": " + e.getMessage());
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "Skipping the ACL permission " + origin + ": " + e);
            }
        }
        effective = configured.then(stored);
    }

    /**
     * Calls {@link #refresh()} every {@code interval} on a daemon thread until the returned handle is
     * closed.
     */
    public AutoCloseable refreshEvery(Duration interval) {
        if (store.isEmpty() || interval.isZero() || interval.isNegative()) {
            return () -> { };
        }
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("mangrove-acl-refresh").factory());
        long millis = Math.max(1, interval.toMillis());
        scheduler.scheduleWithFixedDelay(() -> {
            try {
                refresh();
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "ACL refresh failed: " + e);
            }
        }, millis, millis, TimeUnit.MILLISECONDS);
        return scheduler::shutdownNow;
    }

    /**
     * The {@code documents} store, with the stored permissions re-read after each write to their collection
     * and before its answer, so a change made through this instance applies to its next request.
     */
    public DocumentStore watching(DocumentStore documents) {
        return store.isEmpty() ? documents : new AclWatchingDocumentStore(documents, aclCollection, this::refresh);
    }

    @Override
    public AccessDecision authorize(AccessRequest request) {
        Principal principal = request.principal();
        Optional<ResolvedResource> resource = request.resource();
        Optional<Namespace> namespace = resource.filter(r -> r.database() != null && r.collection() != null)
                .map(ResolvedResource::namespace);
        boolean onUsers = namespace.filter(users::equals).isPresent();
        boolean protectedNamespace = onUsers || namespace.filter(aclCollection::equals).isPresent()
                || namespace.filter(internal::contains).isPresent();
        if (onUsers) {
            Optional<String> refused = refusedOnUsers(request);
            if (refused.isPresent()) {
                return AccessDecision.deny(refused.get());
            }
        }
        if (principal.hasRole(rootRole)) {
            return AccessDecision.allow(onUsers ? hidePassword(DataScope.UNRESTRICTED) : DataScope.UNRESTRICTED);
        }
        Optional<Permission> winner = effective.winner(principal, request.verb(), request.path());
        if (winner.isEmpty()) {
            return AccessDecision.deny(NO_PERMISSION);
        }
        Permission permission = winner.get();
        if (resource.isPresent() && ADMINISTRATION.contains(resource.get().kind())
                && !permission.path().namesExplicitly(administrationPath(request.path(), resource.get().kind()))) {
            return AccessDecision.deny(NO_PERMISSION + " (user and API-key management is only reachable through a"
                    + " permission naming its path explicitly, e.g. /_users/**)");
        }
        if (protectedNamespace && !permission.path().namesExplicitly(resource.get().publicCollectionPath())) {
            return AccessDecision.deny(NO_PERMISSION + " (this collection is only reachable through a permission"
                    + " naming its path explicitly)");
        }
        Set<AclFlag> missing = EnumSet.noneOf(AclFlag.class);
        for (AclFlag flag : AccessRequests.requiredFlags(request)) {
            if (!permission.allows(flag)) {
                missing.add(flag);
            }
        }
        if (!missing.isEmpty()) {
            return AccessDecision.deny("This request needs the permission flag"
                    + (missing.size() > 1 ? "s " : " ")
                    + missing.stream().map(AclFlag::key).collect(Collectors.joining(", "))
                    + ", which the matching permission does not grant");
        }
        DataScope scope = permission.scope(principal, clock.instant());
        return AccessDecision.allow(onUsers ? hidePassword(scope) : scope);
    }

    /** {@code /…/_users} of {@code /…/_users} or {@code /…/_users/{name}}. */
    private static String administrationPath(String path, ResourceKind kind) {
        String trimmed = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        if (kind == ResourceKind.USER || kind == ResourceKind.API_KEY) {
            int slash = trimmed.lastIndexOf('/');
            return slash <= 0 ? "/" : trimmed.substring(0, slash);
        }
        return trimmed;
    }

    private static Optional<String> refusedOnUsers(AccessRequest request) {
        if (!AccessRequests.isRead(request.verb())) {
            return Optional.of("The users collection cannot be changed through the API;"
                    + " manage users with: java -jar mangrove.jar createuser NAME [--roles a,b]");
        }
        if (BYPASSING_PROJECTION.contains(request.resource().get().kind())) {
            return Optional.of("This resource is not available on the users collection");
        }
        for (Map.Entry<String, List<String>> parameter : request.query().entrySet()) {
            boolean mentions = mentionsPassword(parameter.getKey())
                    || parameter.getValue().stream().anyMatch(AccessControl::mentionsPassword);
            if (mentions) {
                return Optional.of("Parameters of requests on the users collection cannot refer to passwords");
            }
        }
        return Optional.empty();
    }

    private static boolean mentionsPassword(String text) {
        return text != null && text.toLowerCase(Locale.ROOT).contains(PASSWORD);
    }

    /**
     * The scope with {@code password} hidden: added as {@code 0} to an exclusion (or empty)
     * projection, replacing any {@code password.*} exclusion, removed with its sub-paths from an
     * inclusion projection (which then keeps at least {@code _id}).
     */
    static DataScope hidePassword(DataScope scope) {
        Map<String, Object> spec = new LinkedHashMap<>(scope.projectResponse().spec());
        boolean inclusive = spec.entrySet().stream()
                .anyMatch(e -> !e.getKey().equals(Document.ID) && truthy(e.getValue()));
        if (inclusive) {
            spec.keySet().removeIf(key -> key.equals(PASSWORD) || key.startsWith(PASSWORD + "."));
            boolean stillInclusive = spec.entrySet().stream()
                    .anyMatch(e -> !e.getKey().equals(Document.ID) && truthy(e.getValue()));
            if (!stillInclusive) {
                spec.clear();
                spec.put(Document.ID, 1);
            }
        } else {
            spec.keySet().removeIf(key -> key.startsWith(PASSWORD + "."));
            spec.put(PASSWORD, 0);
        }
        return new DataScope(scope.readFilter(), scope.writeFilter(), scope.mergeRequest(), new Projection(spec));
    }

    private static boolean truthy(Object value) {
        return switch (value) {
            case Boolean b -> b;
            case Number n -> n.doubleValue() != 0;
            case null, default -> false;
        };
    }

    private static String describe(Namespace namespace) {
        return namespace.database().value() + "." + namespace.collection().value();
    }
}
