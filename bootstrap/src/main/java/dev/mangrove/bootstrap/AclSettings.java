package dev.mangrove.bootstrap;

import dev.mangrove.adapter.http.json.ExtendedJson;
import dev.mangrove.domain.error.MangroveException;
import dev.mangrove.domain.resource.Namespace;
import dev.mangrove.domain.security.InvalidPermissionException;
import dev.mangrove.domain.security.Permission;
import io.helidon.config.Config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import static dev.mangrove.bootstrap.ConfigValues.string;

/**
 * The access-control settings (docs/security.md); a bad value is a {@link ConfigurationException} naming the key.
 *
 * @param permissions   {@code mangrove.security.acl}, in declaration order
 * @param rootRole      {@code mangrove.security.root-role} [{@code admin}]
 * @param users         the users collection, as {@link SecuritySettings#usersNamespace()} read it
 * @param aclCollection the users database and {@code mangrove.security.acl-collection} [{@code mangrove_acl}]
 * @param refresh       {@code mangrove.security.acl-refresh} [{@code 1s}]: how often the stored
 *                      permissions are re-read; {@code 0} reads them only at start-up
 */
record AclSettings(List<Permission> permissions, String rootRole, Namespace users, Namespace aclCollection,
                   Duration refresh) {
    static final String ACL = "mangrove.security.acl";
    private static final Set<String> FILTER_OPTIONS = Set.of("readFilter", "writeFilter", "mergeRequest",
            "projectResponse");
    private static final Pattern INTEGER = Pattern.compile("-?\\d{1,18}");
    private static final Pattern DECIMAL = Pattern.compile("-?\\d+\\.\\d+([eE][-+]?\\d+)?");

    AclSettings {
        permissions = List.copyOf(permissions);
    }

    /** Reads the ACL's keys of {@code config}; {@code users} is the users namespace the security settings read. */
    static AclSettings read(Config config, Namespace users) {
        String rootRole = string(config, "mangrove.security.root-role").orElse("admin").strip();
        if (rootRole.isEmpty()) {
            throw new ConfigurationException("mangrove.security.root-role", "must not be empty");
        }
        Namespace acl = namespace("mangrove.security.acl-collection", users.database().value(),
                string(config, "mangrove.security.acl-collection").orElse("mangrove_acl"));
        if (users.equals(acl)) {
            throw new ConfigurationException("mangrove.security.acl-collection",
                    "must differ from mangrove.security.users-collection");
        }
        Duration refresh = Units.duration("mangrove.security.acl-refresh",
                string(config, "mangrove.security.acl-refresh").orElse("1s"));
        return new AclSettings(permissions(config.get(ACL)), rootRole, users, acl, refresh);
    }

    private static List<Permission> permissions(Config list) {
        if (!list.exists()) {
            return List.of();
        }
        if (list.type() != Config.Type.LIST) {
            throw new ConfigurationException(ACL, "expected a list of permissions {roles, methods, path, priority, mongo}");
        }
        List<Config> nodes = list.asNodeList().orElse(List.of());
        List<Permission> out = new ArrayList<>();
        ExtendedJson json = ExtendedJson.create();
        for (int i = 0; i < nodes.size(); i++) {
            String key = ACL + "." + i;
            Config node = nodes.get(i);
            if (node.type() != Config.Type.OBJECT) {
                throw new ConfigurationException(key, "expected a permission {roles, methods, path, priority, mongo}");
            }
            Map<String, Object> fields = new LinkedHashMap<>();
            for (Config child : node.asNodeList().orElse(List.of())) {
                String name = child.name();
                if (name.equals("mongo") && child.type() == Config.Type.OBJECT) {
                    fields.put(name, mongo(child, key + ".mongo", json));
                } else {
                    fields.put(name, scalarsAsStrings(child));
                }
            }
            try {
                out.add(Permission.parse(key, fields));
            } catch (InvalidPermissionException e) {
                throw new ConfigurationException(key + "." + e.field(), e.problem());
            }
        }
        return out;
    }

    /**
     * The {@code mongo} options: the flags as given; each document either as YAML (scalars typed:
     * {@code true}/{@code false}, {@code null}, integers and decimals become booleans, null and numbers)
     * or as one string of Extended JSON (exact types: {@code "{\"n\": {\"$numberLong\": \"5\"}}"}).
     */
    private static Map<String, Object> mongo(Config node, String key, ExtendedJson json) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Config child : node.asNodeList().orElse(List.of())) {
            String name = child.name();
            if (FILTER_OPTIONS.contains(name) && child.type() == Config.Type.VALUE) {
                String text = child.asString().orElse("");
                try {
                    out.put(name, json.parseQuery(text, key + "." + name, false));
                } catch (MangroveException e) {
                    throw new ConfigurationException(key + "." + name, "expected a document (YAML or a JSON string): "
                            + e.getMessage());
                }
            } else if (FILTER_OPTIONS.contains(name)) {
                out.put(name, typed(child));
            } else {
                out.put(name, scalarsAsStrings(child));
            }
        }
        return out;
    }

    private static Object scalarsAsStrings(Config node) {
        return switch (node.type()) {
            case LIST -> node.asNodeList().orElse(List.of()).stream().map(AclSettings::scalarsAsStrings).toList();
            case OBJECT -> {
                Map<String, Object> map = new LinkedHashMap<>();
                node.asNodeList().orElse(List.of()).forEach(child -> map.put(child.name(), scalarsAsStrings(child)));
                yield map;
            }
            default -> node.asString().orElse(null);
        };
    }

    private static Object typed(Config node) {
        return switch (node.type()) {
            case LIST -> {
                List<Object> list = new ArrayList<>();
                node.asNodeList().orElse(List.of()).forEach(child -> list.add(typed(child)));
                yield list;
            }
            case OBJECT -> {
                Map<String, Object> map = new LinkedHashMap<>();
                node.asNodeList().orElse(List.of()).forEach(child -> map.put(child.name(), typed(child)));
                yield map;
            }
            default -> scalar(node.asString().orElse(null));
        };
    }

    private static Object scalar(String text) {
        if (text == null || text.equals("null")) {
            return null;
        }
        if (text.equals("true") || text.equals("false")) {
            return Boolean.valueOf(text);
        }
        if (INTEGER.matcher(text).matches()) {
            long value = Long.parseLong(text);
            return value == (int) value ? (Object) (int) value : (Object) value;
        }
        if (DECIMAL.matcher(text).matches()) {
            return Double.valueOf(text);
        }
        return text;
    }

    private static Namespace namespace(String key, String database, String collection) {
        try {
            return Namespace.of(database, collection);
        } catch (IllegalArgumentException | MangroveException e) {
            throw new ConfigurationException(key, "not a valid database/collection name: " + database + "." + collection
                    + " (" + e.getMessage() + ")");
        }
    }
}
