package dev.mangrove.adapter.http;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.mangrove.application.port.in.ManageApiKeysUseCase;
import dev.mangrove.application.port.in.ManageUsersUseCase;
import dev.mangrove.domain.document.Document;
import dev.mangrove.domain.error.ErrorKind;
import dev.mangrove.domain.error.MangroveException;
import dev.mangrove.domain.resource.PathSegments;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * {@code /_users[/{name}]} and {@code /_keys[/{name}]}: user and API-key management over HTTP
 * (docs/security.md#user-management-api, docs/security.md#api-keys). The access-control list lets only the root
 * role, or a permission naming these paths literally, reach them. No answer shows a password, a hash or a
 * stored key; a key is shown once, in the answer to its creation.
 */
final class AdminHandlers {
    private static final Set<String> USER_FIELDS = Set.of("name", "password", "roles", "disabled");
    private static final Set<String> KEY_FIELDS = Set.of("name", "roles");

    private final Optional<ManageUsersUseCase> users;
    private final Optional<ManageApiKeysUseCase> keys;
    private final Bodies bodies;

    AdminHandlers(Optional<ManageUsersUseCase> users, Optional<ManageApiKeysUseCase> keys, Bodies bodies) {
        this.users = Objects.requireNonNull(users, "users");
        this.keys = Objects.requireNonNull(keys, "keys");
        this.bodies = Objects.requireNonNull(bodies, "bodies");
    }

    /** GET {@code /_users}: every user (name, roles, disabled, created). */
    void listUsers(Exchange x) {
        List<ManageUsersUseCase.UserSummary> all = users().listUsers();
        x.writeJson(Status.OK_200, g -> {
            g.writeStartArray();
            for (ManageUsersUseCase.UserSummary user : all) {
                writeUser(g, user);
            }
            g.writeEndArray();
        });
    }

    /** POST {@code /_users}: creates a user (201 + Location). */
    void createUser(Exchange x) {
        ManageUsersUseCase users = users();
        Document body = body(x, USER_FIELDS);
        if (body.get("disabled") != null) {
            throw MangroveException.badRequest("invalid-user", "\"disabled\" is set with PATCH /_users/{name}");
        }
        ManageUsersUseCase.UserSummary created = users.createUser(string(body, "name", true),
                string(body, "password", true), roles(body, false).orElse(List.of()));
        location(x, created.username());
        x.writeJson(Status.CREATED_201, g -> writeUser(g, created));
    }

    /** GET {@code /_users/{name}}: one user. */
    void getUser(Exchange x) {
        String name = x.resource().name();
        ManageUsersUseCase.UserSummary user = users().findUser(name).orElseThrow(() ->
                MangroveException.notFound("user-not-found", "There is no user '" + name + "'"));
        x.writeJson(Status.OK_200, g -> writeUser(g, user));
    }

    /** PATCH {@code /_users/{name}}: changes password, roles, disabled or name, all or nothing. */
    void updateUser(Exchange x) {
        ManageUsersUseCase users = users();
        Document body = body(x, USER_FIELDS);
        Object disabled = body.get("disabled");
        if (disabled != null && !(disabled instanceof Boolean)) {
            throw MangroveException.badRequest("invalid-user", "\"disabled\" must be true or false");
        }
        ManageUsersUseCase.UserSummary changed = users.updateUser(x.resource().name(),
                new ManageUsersUseCase.UserChange(string(body, "password", false), roles(body, false).orElse(null),
                        (Boolean) disabled, string(body, "name", false)));
        if (!changed.username().equals(x.resource().name())) {
            x.res().header(HeaderNames.LOCATION, parent(x) + PathSegments.encode(changed.username()));
        }
        x.writeJson(Status.OK_200, g -> writeUser(g, changed));
    }

    /** DELETE {@code /_users/{name}}: deletes the user (204). */
    void deleteUser(Exchange x) {
        users().deleteUser(x.resource().name());
        x.send(Status.NO_CONTENT_204);
    }

    /** GET {@code /_keys}: every key (name, roles, created, lastUsed), never the key. */
    void listKeys(Exchange x) {
        List<ManageApiKeysUseCase.KeySummary> all = keys().listKeys();
        x.writeJson(Status.OK_200, g -> {
            g.writeStartArray();
            for (ManageApiKeysUseCase.KeySummary key : all) {
                g.writeStartObject();
                g.writeStringField("name", key.name());
                writeRoles(g, key.roles());
                g.writeStringField("created", key.created().toString());
                if (key.lastUsed().isPresent()) {
                    g.writeStringField("lastUsed", key.lastUsed().get().toString());
                } else {
                    g.writeNullField("lastUsed");
                }
                g.writeEndObject();
            }
            g.writeEndArray();
        });
    }

    /** POST {@code /_keys}: creates a key; the answer (201 + Location) is the only place the key appears. */
    void createKey(Exchange x) {
        ManageApiKeysUseCase keys = keys();
        Document body = body(x, KEY_FIELDS);
        ManageApiKeysUseCase.CreatedKey created = keys.createKey(string(body, "name", true),
                roles(body, true).orElseThrow());
        location(x, created.name());
        x.res().header(HeaderNames.CACHE_CONTROL, "no-store");
        x.writeJson(Status.CREATED_201, g -> {
            g.writeStartObject();
            g.writeStringField("name", created.name());
            writeRoles(g, created.roles());
            g.writeStringField("created", created.created().toString());
            g.writeStringField("key", created.key());
            g.writeEndObject();
        });
    }

    /** DELETE {@code /_keys/{name}}: revokes the key at once (204). */
    void deleteKey(Exchange x) {
        keys().deleteKey(x.resource().name());
        x.send(Status.NO_CONTENT_204);
    }

    private ManageUsersUseCase users() {
        return users.orElseThrow(() -> unavailable("User management over HTTP"));
    }

    private ManageApiKeysUseCase keys() {
        return keys.orElseThrow(() -> unavailable("API keys"));
    }

    private static MangroveException unavailable(String what) {
        return MangroveException.of(ErrorKind.NOT_IMPLEMENTED, "security-disabled",
                what + " needs security on (mangrove.security.enabled: true)");
    }

    private Document body(Exchange x, Set<String> allowed) {
        Document body = bodies.readDocument(x.req());
        for (String field : body.fields().keySet()) {
            if (!allowed.contains(field)) {
                throw MangroveException.badRequest("invalid-body", "Unknown field '" + field + "'; expected "
                        + allowed.stream().sorted().toList());
            }
        }
        return body;
    }

    private static String string(Document body, String field, boolean required) {
        Object value = body.get(field);
        if (value == null) {
            if (required) {
                throw MangroveException.badRequest("invalid-body", "The body needs the string \"" + field + "\"");
            }
            return null;
        }
        if (!(value instanceof String text)) {
            throw MangroveException.badRequest("invalid-body", "\"" + field + "\" must be a string");
        }
        return text;
    }

    private static Optional<List<String>> roles(Document body, boolean required) {
        Object value = body.get("roles");
        if (value == null) {
            if (required) {
                throw MangroveException.badRequest("invalid-roles", "The body needs \"roles\": an array of strings");
            }
            return Optional.empty();
        }
        if (!(value instanceof List<?> list)) {
            throw MangroveException.badRequest("invalid-roles", "\"roles\" must be an array of non-empty strings");
        }
        List<String> roles = new ArrayList<>();
        for (Object role : list) {
            if (!(role instanceof String text) || text.isBlank()) {
                throw MangroveException.badRequest("invalid-roles", "\"roles\" must be an array of non-empty strings");
            }
            roles.add(text);
        }
        return Optional.of(roles);
    }

    private static void location(Exchange x, String name) {
        String base = x.rawPath();
        x.res().header(HeaderNames.LOCATION, (base.endsWith("/") ? base : base + "/") + PathSegments.encode(name));
    }

    /** {@code /…/_users/} of {@code /…/_users/{name}}. */
    private static String parent(Exchange x) {
        String path = x.rawPath();
        return path.substring(0, path.lastIndexOf('/') + 1);
    }

    private static void writeUser(JsonGenerator g, ManageUsersUseCase.UserSummary user) throws IOException {
        g.writeStartObject();
        g.writeStringField("name", user.username());
        writeRoles(g, user.roles());
        g.writeBooleanField("disabled", user.disabled());
        if (user.created().equals(Instant.EPOCH)) {
            g.writeNullField("created");
        } else {
            g.writeStringField("created", user.created().toString());
        }
        g.writeEndObject();
    }

    private static void writeRoles(JsonGenerator g, List<String> roles) throws IOException {
        g.writeArrayFieldStart("roles");
        for (String role : roles) {
            g.writeString(role);
        }
        g.writeEndArray();
    }
}
