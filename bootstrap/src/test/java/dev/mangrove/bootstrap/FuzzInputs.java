package dev.mangrove.bootstrap;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Generated inputs for {@link ApiFuzzTest}: query strings in every dialect, filters, pipelines, bodies, ids,
 * names and percent escapes, from a seeded {@link Random} so that a seed and a case number reproduce a request.
 * Nothing generated contains the words the test looks for in answers (class names, hidden values).
 */
final class FuzzInputs {
    /** A JSON fragment written as is (possibly malformed). */
    record Raw(String text) {
    }

    private static final List<String> FIELDS = list("title", "author", "published", "n", "tags", "nested",
            "nested.x", "nested.y.z", "secret", "_id", "ref", "d", "a.b", "$x", "", "a\u0000b", "é", "日本", "x y",
            "tags.0", "$$ROOT", "n.$", "a..b", ".a", "a.", "price");
    private static final List<String> OPERATORS = list("$eq", "$ne", "$gt", "$gte", "$lt", "$lte", "$in", "$nin",
            "$exists", "$type", "$regex", "$options", "$elemMatch", "$size", "$all", "$not", "$and", "$or", "$nor",
            "$expr", "$where", "$function", "$accumulator", "$text", "$search", "$jsonSchema", "$mod", "$bitsAllSet",
            "$near", "$geoWithin", "$getField", "$comment", "$sampleRate", "$rand", "$slice", "$meta", "$bogus", "$",
            "$$", "$natural", "$isolated", "$let", "$literal", "$dateFromString");
    private static final List<String> STAGES = list("$match", "$project", "$addFields", "$set", "$unset", "$group",
            "$sort", "$limit", "$skip", "$count", "$unwind", "$bucket", "$bucketAuto", "$facet", "$lookup",
            "$graphLookup", "$unionWith", "$replaceRoot", "$replaceWith", "$sample", "$sortByCount", "$redact",
            "$densify", "$fill", "$setWindowFields", "$out", "$merge", "$indexStats", "$collStats", "$currentOp",
            "$listSessions", "$documents", "$planCacheStats", "$geoNear", "$search", "$changeStream", "$bogus", "match");
    private static final List<String> RESERVED = list("filter", "where", "keys", "projection", "fields", "sort",
            "sort_by", "page", "pagesize", "max_results", "pagination", "count", "hint", "rep", "hateoas", "pretty",
            "jsonMode", "id_type", "wm", "force", "embedded", "avars", "pipeline", "np", "and", "or", "nor",
            "_skip", "_limit", "_sort", "_projection", "_fields", "checkEtag", "shardkey");
    private static final List<String> TYPE_HINTS = list("int", "long", "float", "decimal", "bool", "str", "oid",
            "date", "time", "datetime", "timedelta", "null", "list-int", "list-str", "list-oid", "list-bogus", "bogus", "");
    private static final List<String> WORDS = list("alice", "bob", "USA", "hello", "0", "1", "-1", "1e309",
            "9223372036854775808", "NaN", "true", "null", "5f43a1b2c3d4e5f6a7b8c9d0", "a1", "b1", "h1", "*", "_meta",
            "_size", "_indexes", "_aggrs", "_schemas", "_distinct", "_aggregate", "_streams", "..", ".", "system.x",
            "admin", "local", "config", "$cmd", "über", "\uD83D\uDE00", "a/b", "a?b", "a#b", "a b", "a+b", "%", "'",
            "\"", "\\", "{", "[", "\u0000", "\u202e", "x".repeat(70), "y".repeat(300));
    private static final List<String> ID_TYPES = list("STRING_OID", "OID", "STRING", "NUMBER", "DATE", "MINKEY",
            "MAXKEY", "BOOLEAN", "NULL", "bogus", "", "oid", "number");
    private static final List<String> MEDIA = list("application/json", "application/hal+json",
            "application/x-ndjson", "text/csv", "*/*", "text/html", "application/xml", "application/json;q=0.1, text/csv",
            "");

    private static final String PUNCTUATION = "$.{}[]\"'\\%&=+#?/ ,:;()<>|`";

    private final Random random;

    /** A list that may hold nulls. */
    @SafeVarargs
    static <T> List<T> list(T... items) {
        return java.util.Arrays.asList(items);
    }

    /** An ordered map from name, value pairs; values may be null. */
    static Map<String, Object> map(Object... pairs) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i + 1 < pairs.length; i += 2) {
            m.put((String) pairs[i], pairs[i + 1]);
        }
        return m;
    }

    FuzzInputs(long seed) {
        this.random = new Random(seed);
    }

    int below(int n) {
        return random.nextInt(n);
    }

    boolean chance(double p) {
        return random.nextDouble() < p;
    }

    <T> T pick(List<T> items) {
        return items.get(random.nextInt(items.size()));
    }

    String word() {
        return switch (below(4)) {
            case 0 -> pick(WORDS);
            case 1 -> randomText(1 + below(12));
            case 2 -> "w" + below(1000);
            default -> pick(list("alice", "bob", "hello", "title", "x"));
        };
    }

    /** A short string of letters, digits, punctuation, and now and then a non-ASCII or control character. */
    String randomText(int length) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < length; i++) {
            int kind = below(20);
            if (kind == 0) {
                b.appendCodePoint(0x80 + below(0x2000));
            } else if (kind == 1) {
                b.append((char) below(0x20));
            } else if (kind == 2) {
                b.append(PUNCTUATION.charAt(below(PUNCTUATION.length())));
            } else {
                b.append("abcdefghkmnpqrsuvwxz0123456789".charAt(below(30)));
            }
        }
        return b.toString();
    }

    // ---------------------------------------------------------------- JSON values

    Object scalar() {
        return switch (below(14)) {
            case 0 -> below(100);
            case 1 -> random.nextLong();
            case 2 -> random.nextDouble() * 1e6 - 5e5;
            case 3 -> word();
            case 4 -> random.nextBoolean();
            case 5 -> null;
            case 6 -> ejson();
            case 7 -> new Raw(pick(list("1e400", "-0", "0.0000000000000000000001", "123456789012345678901234567890",
                    "-9223372036854775809", "1E-400", "\"\\ud800\"", "\"\\u0000\"")));
            case 8 -> new Raw("\"" + pick(list("2024-01-02", "2024-01-02T03:04:05Z", "", " ", "\\n")) + "\"");
            case 9 -> list(below(10), word());
            default -> pick(list("alice", "bob", "hello", 1, 2, true));
        };
    }

    /** An Extended JSON value, well-formed or not. */
    Object ejson() {
        return switch (below(16)) {
            case 0 -> map("$oid", pick(list("5f43a1b2c3d4e5f6a7b8c9d0", "nothex", "", "5f43a1b2c3d4e5f6a7b8c9dz")));
            case 1 -> map("$date", pick(list("2024-01-02T03:04:05Z", "yesterday", "", "99999-99-99")));
            case 2 -> map("$date", map("$numberLong", pick(list("0", "x", "99999999999999999999"))));
            case 3 -> map("$numberDecimal", pick(list("1.5", "NaN", "Infinity", "abc", "1E+9999")));
            case 4 -> map("$numberLong", pick(list("1", "x", "9223372036854775808")));
            case 5 -> map("$numberInt", pick(list("1", "2147483648", "x")));
            case 6 -> map("$regularExpression", map("pattern", pick(list("^a", "(", "(a+)+$", "a{99999}")),
                    "options", pick(list("", "i", "q", "imsx"))));
            case 7 -> map("$binary", map("base64", pick(list("AQID", "!!", "")), "subType", pick(list("00", "zz"))));
            case 8 -> map("$timestamp", map("t", below(10), "i", pick(list(1, -1))));
            case 9 -> map("$minKey", pick(list(1, 0)));
            case 10 -> map("$maxKey", 1);
            case 11 -> map("$undefined", true);
            case 12 -> map("$symbol", "s");
            case 13 -> map("$ref", pick(list("hidden", "posts", "vault")), "$id", pick(list("h1", "a1", 5)));
            case 14 -> map("$code", "function(){}");
            default -> map("$dbPointer", map("$ref", "x", "$id", map("$oid", "5f43a1b2c3d4e5f6a7b8c9d0")));
        };
    }

    /** A filter document, mostly well-formed. */
    Object filter(int depth) {
        Map<String, Object> f = new LinkedHashMap<>();
        int n = below(3) + (depth == 0 ? 1 : 0);
        for (int i = 0; i < n; i++) {
            if (depth < 3 && chance(0.25)) {
                String logical = pick(list("$and", "$or", "$nor", "$not", "$expr", "$comment"));
                f.put(logical, logical.equals("$expr") ? expression(depth + 1)
                        : chance(0.8) ? list(filter(depth + 1), filter(depth + 1)) : scalar());
            } else {
                String field = chance(0.8) ? pick(FIELDS) : randomText(1 + below(6));
                f.put(field, chance(0.4) ? scalar() : condition(depth + 1));
            }
        }
        return f;
    }

    private Object condition(int depth) {
        Map<String, Object> c = new LinkedHashMap<>();
        int n = 1 + below(2);
        for (int i = 0; i < n; i++) {
            String op = pick(OPERATORS);
            Object value = switch (op) {
                case "$in", "$nin", "$all" -> chance(0.8) ? list(scalar(), scalar()) : scalar();
                case "$regex" -> pick(list("^a", "b$", "(", "(a+)+$", "(.*a){8}$", "\\1", "[", "a{2,}", ".*.*.*.*",
                        "x".repeat(1100), "(?<n>a)\\k<n>", "(a|ab)*c"));
                case "$options" -> pick(list("i", "z", "", "imxs"));
                case "$elemMatch", "$not" -> depth < 4 ? (chance(0.5) ? condition(depth + 1) : filter(depth + 1)) : 1;
                case "$where", "$function", "$accumulator" -> "function(){return true}";
                case "$expr" -> expression(depth);
                case "$size", "$mod" -> chance(0.5) ? list(below(3), below(3)) : scalar();
                case "$type" -> pick(list("string", "int", 2, 99, "bogus", list("string", 1)));
                default -> scalar();
            };
            c.put(op, value);
        }
        return c;
    }

    private Object expression(int depth) {
        if (depth > 4 || chance(0.3)) {
            return pick(list("$n", "$secret", "$$ROOT", "$$CURRENT.secret", "$title", 1, "$$NOW", "$$bogus", "$"));
        }
        String op = pick(list("$eq", "$gt", "$add", "$concat", "$getField", "$regexMatch", "$function",
                "$toUpper", "$size", "$divide", "$let", "$literal", "$setField", "$bogusOp", "$ifNull"));
        if (op.equals("$regexMatch")) {
            return map(op, map("input", "$title", "regex", pick(list("^a", "(", "(a+)+"))));
        }
        if (op.equals("$getField")) {
            return map(op, pick(list("secret", "title", map("field", "secret", "input", "$$ROOT"))));
        }
        return map(op, list(expression(depth + 1), expression(depth + 1)));
    }

    /** An aggregation pipeline: mostly an array of known stages with plausible or wrong arguments. */
    Object pipeline() {
        if (chance(0.05)) {
            return pick(list(new Raw("[{\"$match\": }]"), map("$match", map()), "x", list(1, 2),
                    new Raw("[]"), new Raw("null")));
        }
        List<Object> stages = new ArrayList<>();
        int n = 1 + below(4);
        for (int i = 0; i < n; i++) {
            stages.add(stage(0));
        }
        return stages;
    }

    private Object stage(int depth) {
        String name = pick(STAGES);
        Object arg = switch (name) {
            case "$match" -> filter(1);
            case "$project", "$addFields", "$set" -> map(pick(FIELDS), pick(list(0, 1, "$secret", "$title",
                    true, map("$literal", 1), expression(2))));
            case "$unset" -> pick(list("secret", "title", list("n", "secret"), 5));
            case "$group" -> chance(0.2) ? scalar() : map("_id", pick(list("$author", "$secret", map())),
                    "c", map(pick(list("$sum", "$push", "$addToSet", "$accumulator", "$top")), pick(list(1, "$secret", "$$ROOT"))));
            case "$sort" -> map(pick(FIELDS), pick(list(1, -1, 0, "x", map("$meta", "textScore"))));
            case "$limit", "$skip", "$sample" -> name.equals("$sample") ? map("size", scalar()) : scalar();
            case "$count" -> pick(list("n", "", "$x", "a.b", 5));
            case "$unwind" -> pick(list("$tags", "tags", map("path", "$tags"), 1));
            case "$lookup" -> map("from", pick(list("hidden", "posts", "mangrove_users", "vault", "x")),
                    "localField", "ref", "foreignField", "_id", "as", "joined");
            case "$graphLookup" -> map("from", pick(list("hidden", "posts")), "startWith", "$ref",
                    "connectFromField", "ref", "connectToField", "_id", "as", "g");
            case "$unionWith" -> pick(list("hidden", "posts", "mangrove_users", map("coll", "hidden",
                    "pipeline", list()), map("pipeline", list(map("$documents", list(map("a", 1)))))));
            case "$facet" -> depth < 2 ? map("f", list(stage(depth + 1))) : map();
            case "$replaceRoot" -> pick(list(map(), map("newRoot", "$nested"), map("newRoot", "$$ROOT")));
            case "$replaceWith" -> pick(list("$nested", map("s", "$secret"), 5));
            case "$out", "$merge" -> pick(list("copy", map("into", "copy"), map("db", "other", "coll", "x")));
            case "$bucket" -> map("groupBy", "$n", "boundaries", list(0, 5, 10), "default", "o");
            case "$bucketAuto" -> map("groupBy", "$n", "buckets", scalar());
            case "$sortByCount" -> pick(list("$author", "$secret", 1));
            case "$redact" -> pick(list("$$KEEP", "$$PRUNE", "$$DESCEND", "x"));
            case "$documents" -> list(map("a", 1));
            default -> chance(0.5) ? map() : scalar();
        };
        Map<String, Object> stage = new LinkedHashMap<>();
        stage.put(name, arg);
        if (chance(0.05)) {
            stage.put("$limit", 1);
        }
        return stage;
    }

    /** A document to write, with now and then a nested structure, Extended JSON and odd names. */
    Object document(int depth) {
        Map<String, Object> d = new LinkedHashMap<>();
        if (chance(0.4)) {
            d.put("_id", id());
        }
        int n = below(5);
        for (int i = 0; i < n; i++) {
            String field = chance(0.7) ? pick(FIELDS) : randomText(1 + below(8));
            Object value = depth < 4 && chance(0.2) ? document(depth + 1) : chance(0.1) ? list(scalar(), scalar()) : scalar();
            d.put(field, value);
        }
        return d;
    }

    Object id() {
        return switch (below(8)) {
            case 0 -> below(50);
            case 1 -> map("$oid", "5f43a1b2c3d4e5f6a7b8c9d0");
            case 2 -> pick(list("a1", "a2", "b1", "b2", "h1"));
            case 3 -> map("k", 1);
            case 4 -> list(1, 2);
            case 5 -> null;
            case 6 -> ejson();
            default -> word();
        };
    }

    /** A PATCH body: plain fields, update operators, a mix, or an update pipeline. */
    Object update() {
        return switch (below(5)) {
            case 0 -> document(1);
            case 1 -> map(pick(list("$set", "$unset", "$inc", "$mul", "$min", "$max", "$rename", "$currentDate",
                    "$push", "$pull", "$pullAll", "$addToSet", "$pop", "$setOnInsert", "$bit", "$where", "$bogus")),
                    chance(0.8) ? map(pick(FIELDS), scalar()) : scalar());
            case 2 -> map("$set", map("title", "t"), "plain", 1);
            case 3 -> pipeline();
            default -> map("$set", map("_id", id()));
        };
    }

    // ---------------------------------------------------------------- JSON text

    /** JSON text of a value; now and then made malformed or relaxed (single quotes, unquoted names). */
    String json(Object value) {
        String text = write(value);
        if (chance(0.06)) {
            return mutate(text);
        }
        if (chance(0.05)) {
            return text.replace('"', '\'');
        }
        return text;
    }

    String mutate(String text) {
        if (text.isEmpty()) {
            return "{";
        }
        int at = below(text.length());
        return switch (below(6)) {
            case 0 -> text.substring(0, at);
            case 1 -> text.substring(0, at) + pick(list("}", "]", ",", ":", "\"", "{", "\\", "\u0000")) + text.substring(at);
            case 2 -> text.substring(0, at) + text.substring(Math.min(text.length(), at + 1));
            case 3 -> "[".repeat(120) + "]".repeat(120);
            case 4 -> "{\"a\":".repeat(110) + "1" + "}".repeat(110);
            default -> text + text;
        };
    }

    static String write(Object value) {
        StringBuilder b = new StringBuilder();
        write(b, value);
        return b.toString();
    }

    private static void write(StringBuilder b, Object value) {
        if (value == null) {
            b.append("null");
        } else if (value instanceof Raw raw) {
            b.append(raw.text());
        } else if (value instanceof String s) {
            quote(b, s);
        } else if (value instanceof Map<?, ?> map) {
            b.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : map.entrySet()) {
                if (!first) {
                    b.append(',');
                }
                first = false;
                quote(b, String.valueOf(e.getKey()));
                b.append(':');
                write(b, e.getValue());
            }
            b.append('}');
        } else if (value instanceof List<?> list) {
            b.append('[');
            for (int i = 0; i < list.size(); i++) {
                if (i > 0) {
                    b.append(',');
                }
                write(b, list.get(i));
            }
            b.append(']');
        } else {
            b.append(value);
        }
    }

    private static void quote(StringBuilder b, String s) {
        b.append('"');
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        b.append('"');
    }

    // ---------------------------------------------------------------- query strings and paths

    /** A query string (without '?') of a few parameters in every dialect. */
    String query(boolean aggregation) {
        List<String> params = new ArrayList<>();
        int n = below(4) + (aggregation ? 0 : 1);
        if (aggregation) {
            params.add("pipeline=" + encode(json(pipeline())));
        }
        for (int i = 0; i < n; i++) {
            params.add(parameter());
        }
        return String.join("&", params);
    }

    private String parameter() {
        String name = chance(0.85) ? pick(RESERVED) : chance(0.5) ? pick(FIELDS) : randomText(1 + below(5));
        String value = switch (name) {
            case "filter", "where" -> json(filter(0));
            case "keys", "projection" -> json(map(pick(FIELDS), pick(list(0, 1, -1, "x", map("$slice", 1),
                    map("$elemMatch", map()), map("$meta", "x")))));
            case "fields", "_projection", "_fields" -> pick(list("title,n", "-secret", "secret", "-title,n", "", ",", "a..b"));
            case "sort", "sort_by", "_sort" -> pick(list(json(map(pick(FIELDS), pick(list(1, -1, 0, "x")))),
                    "title,-n", "-secret", "[(\"title\",1)]", "(title:ascending)", "", "{", "[(", "(x:sideways)"));
            case "hint" -> pick(list(json(map(pick(FIELDS), 1)), "_id_", "secret_1", "nope", "{", "$natural"));
            case "page", "pagesize", "max_results", "_skip", "_limit", "np" -> pick(list("0", "1", "2", "-1", "1000",
                    "1001", "99999999999", "9223372036854775807", "x", "", "1.5", "1e3", " 1", "0x10"));
            case "id_type" -> pick(ID_TYPES);
            case "rep", "hateoas", "pagination", "count", "pretty", "force" -> pick(list("hal", "json", "s", "pj",
                    "true", "false", "estimated", "exact", "", "x", "yes", "1"));
            case "jsonMode" -> pick(list("relaxed", "canonical", "strict", "shell", "extended", "bogus", "RELAXED"));
            case "wm" -> pick(list("insert", "update", "upsert", "bogus", ""));
            case "embedded" -> pick(list("ref", "true", "*", "a.b.c", "ref,nested", "", "x".repeat(80)));
            case "avars" -> json(chance(0.5) ? document(1) : scalar());
            case "pipeline" -> json(pipeline());
            case "and", "or", "nor" -> "(" + mangoTerm() + "," + mangoTerm() + ")";
            default -> chance(0.5) ? mangoValue() : word();
        };
        String encodedName = chance(0.9) ? encode(name) : escapes(name);
        String encodedValue = chance(0.92) ? encode(value) : escapes(value);
        return chance(0.03) ? encodedName : encodedName + "=" + encodedValue;
    }

    private String mangoTerm() {
        return pick(FIELDS) + "." + pick(list("eq", "ne", "gt", "gte", "lt", "lte", "in", "nin", "bogus", ""))
                + "[" + pick(TYPE_HINTS) + "]." + word();
    }

    private String mangoValue() {
        return switch (below(3)) {
            case 0 -> "[" + pick(TYPE_HINTS) + "]." + word();
            case 1 -> pick(list("eq", "gte", "in", "nin", "zz")) + "[" + pick(TYPE_HINTS) + "]." + pick(list(
                    "50", "[1,2]", "[North Pole,Moon]", "2024-01-02", "12:30", "PT1S", "x", "", "5f43a1b2c3d4e5f6a7b8c9d0"));
            default -> word();
        };
    }

    /** Percent-encodes as UTF-8 (spaces as %20). */
    static String encode(String s) {
        StringBuilder b = new StringBuilder();
        for (byte x : s.getBytes(StandardCharsets.UTF_8)) {
            int c = x & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "-._~".indexOf(c) >= 0) {
                b.append((char) c);
            } else {
                b.append('%').append(String.format("%02X", c));
            }
        }
        return b.toString();
    }

    /** A text with odd escapes: malformed ones, overlong or truncated UTF-8, raw characters left unescaped. */
    String escapes(String s) {
        String base = encode(s);
        int at = base.isEmpty() ? 0 : below(base.length() + 1);
        String odd = pick(list("%", "%Z", "%ZZ", "%2", "%C0%80", "%E2%82", "%FF", "%00", "%25", "%2F", "%3F", "%23",
                "%u0041", "+", "%%", "%2525", "%F0%9F%98", "%ED%A0%80", "é", " ", "\"", "<", "{", "|", "\\"));
        return base.substring(0, at) + odd + base.substring(at);
    }

    /** A path segment: a plain name, an encoded odd name, or raw escapes. */
    String segment() {
        return switch (below(6)) {
            case 0 -> encode(word());
            case 1 -> escapes(word());
            case 2 -> encode(randomText(1 + below(10)));
            case 3 -> pick(list("_meta", "_size", "_indexes", "*", "_aggrs", "_schemas", "_distinct", "_aggregate",
                    "_streams", "%2A", "..", ".", "%2E%2E", "admin", "local", "system.profile", "mangrove", "x".repeat(300)));
            default -> encode(pick(list("a1", "b1", "h1", "1", "5f43a1b2c3d4e5f6a7b8c9d0", "new" + below(5))));
        };
    }

    String method() {
        return pick(list("GET", "GET", "GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "TRACE", "BREW"));
    }

    String accept() {
        return pick(MEDIA);
    }

    /** Body bytes for a JSON value, now and then with invalid UTF-8 or a BOM. */
    byte[] bodyBytes(String json) {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        if (!chance(0.08)) {
            return bytes;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int at = bytes.length == 0 ? 0 : below(bytes.length);
        out.write(bytes, 0, at);
        byte[] bad = pick(list(new byte[] {(byte) 0xC3}, new byte[] {(byte) 0xFF, (byte) 0xFE},
                new byte[] {(byte) 0xC0, (byte) 0x80}, new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
                new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, new byte[] {0}));
        out.writeBytes(bad);
        out.write(bytes, at, bytes.length - at);
        return out.toByteArray();
    }

    String contentType() {
        return pick(list("application/json", "application/json", "application/json", "application/json; charset=utf-8",
                "application/merge-patch+json", "text/plain", "application/x-www-form-urlencoded", "",
                "application/json; charset=latin1", "multipart/form-data; boundary=x"));
    }
}
