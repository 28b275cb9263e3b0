package dev.mangrove.adapter.http.query;

import dev.mangrove.adapter.http.json.ExtendedJson;
import dev.mangrove.domain.error.ErrorKind;
import dev.mangrove.domain.error.MangroveException;
import dev.mangrove.domain.query.OperatorPolicy;
import dev.mangrove.domain.query.Query;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** Feeds thousands of random and garbled parameter maps: only a parsed query or a 400 may come out. */
class CollectionQueryParserFuzzTest {
    private static final CollectionQueryParser PARSER =
            CollectionQueryParser.create(ExtendedJson.create(), OperatorPolicy.create(Set.of("$regex")), 100, 1000);

    private static final String[] NAMES = {"filter", "where", "keys", "projection", "fields", "_projection", "sort",
            "sort_by", "_sort", "page", "pagesize", "max_results", "_limit", "_skip", "pagination", "count", "hint",
            "and", "or", "nor", "country", "a.b", "ratio", "", "$where", "a..b", ".x", "x.", "_id", "ü", "\u0000",
            "rep", "np", "$", "."};
    private static final String[] FRAGMENTS = {"{", "}", "[", "]", "(", ")", ",", ".", ":", "\"", "'", "$", "-", "+",
            " ", "eq", "ne", "gt", "gte", "lt", "lte", "in", "nin", "[int]", "[long]", "[float]", "[decimal]",
            "[bool]", "[str]", "[oid]", "[date]", "[time]", "[datetime]", "[timedelta]", "[null]", "[list-int]",
            "[list-str]", "[list-date]", "[list-", "list-", "int", "1", "-1", "0", "99999999999999999999", "1e400",
            "NaN", "true", "false", "null", "2024-01-31", "2024-02-30", "T09:30:00Z", "+02:00", "09:30", "25:61",
            "PT1H", "P9999999999999D", "5f0c8a2b9d3e4a1b2c3d4e5f", "zz", "\"a\"", "\"$oid\"", "\"$date\"",
            "\"$numberDecimal\"", "\"$where\"", "\"$regex\"", "\"$function\"", "/^J/i", "\u0000", "\uD800", "é",
            "ascending", "descending", "estimated", "{\"a\":1}", "{\"a\":-1}", "[(\"a\",1)]", "(a:asc)", "a", "b",
            "x.y", "{\"$oid\":\"zz\"}", "{\"$date\":\"x\"}", "{\"$numberLong\":\"9\"}", "{\"$binary\":1}",
            "{'a':'/x/'}", "\\", "\\u0000", "%", "&", "="};

    @Test
    void answersEveryGarbledRequestWithAQueryOrA400() {
        for (long seed = 1; seed <= 6000; seed++) {
            Random random = new Random(seed);
            Map<String, List<String>> params = new LinkedHashMap<>();
            int count = 1 + random.nextInt(4);
            for (int i = 0; i < count; i++) {
                String name = random.nextInt(10) == 0 ? garbage(random) : NAMES[random.nextInt(NAMES.length)];
                List<String> values = params.computeIfAbsent(name, n -> new ArrayList<>());
                values.add(random.nextInt(8) == 0 ? garbage(random) : fragments(random));
            }
            check(seed, params);
        }
    }

    @Test
    void answersDeeplyNestedAndHugeInputsWithAQueryOrA400() {
        String deep = "{\"a\":".repeat(5000) + "1" + "}".repeat(5000);
        String list = "in[list-int].[" + "1,".repeat(100_000) + "1]";
        String brackets = "and=(" + "[".repeat(100_000);
        for (Map<String, List<String>> params : List.of(
                Map.of("filter", List.of(deep)), Map.of("where", List.of(deep)), Map.of("sort", List.of(deep)),
                Map.of("x", List.of(list)), Map.of("and", List.of(brackets)),
                Map.of("sort", List.of("[" + "(a,1),".repeat(50_000) + "(b,1)]")),
                Map.of("fields", List.of("a,".repeat(100_000) + "b")))) {
            check(0, params);
        }
    }

    private static void check(long seed, Map<String, List<String>> params) {
        try {
            ParsedQuery parsed = PARSER.parse(params);
            Query query = parsed.query();
            assertTrue(query.limit() == Query.UNLIMITED || query.limit() <= 1000, "seed " + seed);
            assertTrue(parsed.page() >= 1, "seed " + seed);
        } catch (MangroveException e) {
            assertEquals(ErrorKind.BAD_REQUEST, e.kind(), "seed " + seed + ": " + e.detail());
            assertTrue(e.detail().length() < 2000, "seed " + seed + ": " + e.detail().length());
        } catch (RuntimeException | StackOverflowError e) {
            fail("seed " + seed + " with " + params + " threw " + e, e);
        }
    }

    private static String fragments(Random random) {
        StringBuilder text = new StringBuilder();
        int n = random.nextInt(8);
        for (int i = 0; i < n; i++) {
            text.append(FRAGMENTS[random.nextInt(FRAGMENTS.length)]);
        }
        return text.toString();
    }

    private static String garbage(Random random) {
        StringBuilder text = new StringBuilder();
        int n = random.nextInt(20);
        for (int i = 0; i < n; i++) {
            text.append((char) random.nextInt(random.nextBoolean() ? 128 : 0x10000));
        }
        return text.toString();
    }
}
