package dev.mangrove.adapter.http.query;

import dev.mangrove.adapter.http.json.ExtendedJson;
import dev.mangrove.domain.document.ObjectIdValue;
import dev.mangrove.domain.document.RegexValue;
import dev.mangrove.domain.error.ErrorKind;
import dev.mangrove.domain.error.MangroveException;
import dev.mangrove.domain.query.CountMode;
import dev.mangrove.domain.query.Filter;
import dev.mangrove.domain.query.Filter.Condition;
import dev.mangrove.domain.query.Filter.Operator;
import dev.mangrove.domain.query.Hint;
import dev.mangrove.domain.query.OperatorPolicy;
import dev.mangrove.domain.query.Projection;
import dev.mangrove.domain.query.Query;
import dev.mangrove.domain.query.Sort;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigDecimal;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CollectionQueryParserTest {
    private static final ExtendedJson JSON = ExtendedJson.create();
    private static final CollectionQueryParser PARSER =
            CollectionQueryParser.create(JSON, OperatorPolicy.create(Set.of("$regex")), 100, 1000);

    /** Parameters from a query string such as {@code a=1&b=%20x}, in order, repeated names collected. */
    static Map<String, List<String>> params(String query) {
        Map<String, List<String>> params = new LinkedHashMap<>();
        if (query.isEmpty()) {
            return params;
        }
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            params.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
        }
        return params;
    }

    private static String decode(String text) {
        return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    static ParsedQuery parse(String query) {
        return PARSER.parse(params(query));
    }

    static Filter filter(String query) {
        return parse(query).query().filter();
    }

    static MangroveException rejects(String query) {
        MangroveException e = assertThrows(MangroveException.class, () -> parse(query));
        assertEquals(ErrorKind.BAD_REQUEST, e.kind(), e.detail());
        return e;
    }

    private static Condition cond(String field, Operator op, Object value) {
        return new Condition(field, op, value);
    }

    private static Map<String, Object> map(Object... pairs) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put((String) pairs[i], pairs[i + 1]);
        }
        return map;
    }

    private static Instant instant(String text) {
        return Instant.parse(text);
    }

    // --- defaults --------------------------------------------------------------------------------

    @Test
    void readsTheFirstPageOfEverythingInIdOrderByDefault() {
        ParsedQuery parsed = parse("");
        assertEquals(new Query(Filter.ALL, Projection.none(), Sort.BY_ID, 0, 100, Hint.NONE), parsed.query());
        assertEquals(1, parsed.page());
        assertEquals(100, parsed.pageSize());
        assertTrue(parsed.paginated());
        assertEquals(CountMode.NONE, parsed.count());
    }

    @Test
    void ignoresRepresentationParametersAndUnderscoreNames() {
        assertEquals(Filter.ALL, filter("rep=hal&hateoas=true&pretty&jsonMode=canonical&id_type=STRING&wm=upsert"
                + "&force&embedded&avars=%7B%7D&pipeline=p&np&_id=5&_other=x"));
    }

    // --- typed field filters (MangoREST) ---------------------------------------------------------

    static Stream<Arguments> typedFilters() {
        return Stream.of(
                Arguments.of("country=USA", cond("country", Operator.EQ, "USA")),
                Arguments.of("country=North%20Pole", cond("country", Operator.EQ, "North Pole")),
                Arguments.of("country=", cond("country", Operator.EQ, "")),
                Arguments.of("a.b.c=x.y", cond("a.b.c", Operator.EQ, "x.y")),
                Arguments.of("version=gte.50", cond("version", Operator.EQ, "gte.50")),
                Arguments.of("tags=[1,2]", cond("tags", Operator.EQ, "[1,2]")),
                Arguments.of("is_active=[bool].true", cond("is_active", Operator.EQ, true)),
                Arguments.of("is_active=[bool].FALSE", cond("is_active", Operator.EQ, false)),
                Arguments.of("ratio=[int].70", cond("ratio", Operator.EQ, 70)),
                Arguments.of("ratio=[int].-70", cond("ratio", Operator.EQ, -70)),
                Arguments.of("ratio=gte[int].50", cond("ratio", Operator.GTE, 50)),
                Arguments.of("ratio=GTE[int].50", cond("ratio", Operator.GTE, 50)),
                Arguments.of("ratio=eq[int].1", cond("ratio", Operator.EQ, 1)),
                Arguments.of("ratio=ne[int].1", cond("ratio", Operator.NE, 1)),
                Arguments.of("ratio=gt[int].1", cond("ratio", Operator.GT, 1)),
                Arguments.of("ratio=lt[int].1", cond("ratio", Operator.LT, 1)),
                Arguments.of("ratio=lte[int].1", cond("ratio", Operator.LTE, 1)),
                Arguments.of("n=[long].9223372036854775807", cond("n", Operator.EQ, Long.MAX_VALUE)),
                Arguments.of("n=[long].5", cond("n", Operator.EQ, 5L)),
                Arguments.of("x=[float].1.5", cond("x", Operator.EQ, 1.5)),
                Arguments.of("x=[float].2e3", cond("x", Operator.EQ, 2000.0)),
                Arguments.of("x=[float].-.5", cond("x", Operator.EQ, -0.5)),
                Arguments.of("x=[float].NaN", cond("x", Operator.EQ, Double.NaN)),
                Arguments.of("x=[float].-Infinity", cond("x", Operator.EQ, Double.NEGATIVE_INFINITY)),
                Arguments.of("price=lt[decimal].9.99", cond("price", Operator.LT, new BigDecimal("9.99"))),
                Arguments.of("price=[decimal].1E+10", cond("price", Operator.EQ, new BigDecimal("1E+10"))),
                Arguments.of("name=[str].[draft]", cond("name", Operator.EQ, "[draft]")),
                Arguments.of("name=[str].", cond("name", Operator.EQ, "")),
                Arguments.of("name=[str]. padded ", cond("name", Operator.EQ, " padded ")),
                Arguments.of("name=[str].a.b[c]", cond("name", Operator.EQ, "a.b[c]")),
                Arguments.of("ref=[oid].5F0C8A2B9D3E4A1B2C3D4E5F",
                        cond("ref", Operator.EQ, new ObjectIdValue("5f0c8a2b9d3e4a1b2c3d4e5f"))),
                Arguments.of("day=[date].2024-01-31", cond("day", Operator.EQ, instant("2024-01-31T00:00:00Z"))),
                Arguments.of("at=gte[datetime].2024-01-31T09:30:00Z",
                        cond("at", Operator.GTE, instant("2024-01-31T09:30:00Z"))),
                Arguments.of("at=[datetime].2024-01-31T09:30", cond("at", Operator.EQ, instant("2024-01-31T09:30:00Z"))),
                Arguments.of("at=[datetime].2024-01-31T09:30:00.250%2B02:00",
                        cond("at", Operator.EQ, instant("2024-01-31T07:30:00.250Z"))),
                Arguments.of("opens=[time].09:30", cond("opens", Operator.EQ, "09:30")),
                Arguments.of("opens=lt[time].23:59:59", cond("opens", Operator.LT, "23:59:59")),
                Arguments.of("took=gt[timedelta].PT1H30M", cond("took", Operator.GT, 5_400_000L)),
                Arguments.of("took=[timedelta].P2DT3H", cond("took", Operator.EQ, 183_600_000L)),
                Arguments.of("gone=[null].", cond("gone", Operator.EQ, null)),
                Arguments.of("gone=ne[null].null", cond("gone", Operator.NE, null)),
                Arguments.of("country=in[list-str].[North%20Pole,Moon]",
                        cond("country", Operator.IN, List.of("North Pole", "Moon"))),
                Arguments.of("n=nin[list-int].[1,%202,3]", cond("n", Operator.NIN, List.of(1, 2, 3))),
                Arguments.of("n=in[int].[1,2]", cond("n", Operator.IN, List.of(1, 2))),
                Arguments.of("n=in[list-int].[]", cond("n", Operator.IN, List.of())),
                Arguments.of("tags=[list-str].[a,b]", cond("tags", Operator.EQ, List.of("a", "b"))),
                Arguments.of("d=in[list-date].[2024-01-01,2024-01-02]", cond("d", Operator.IN,
                        List.of(instant("2024-01-01T00:00:00Z"), instant("2024-01-02T00:00:00Z")))),
                Arguments.of("b=in[list-bool].[true,false]", cond("b", Operator.IN, List.of(true, false))),
                Arguments.of("o=in[list-oid].[5f0c8a2b9d3e4a1b2c3d4e5f]",
                        cond("o", Operator.IN, List.of(new ObjectIdValue("5f0c8a2b9d3e4a1b2c3d4e5f")))),
                Arguments.of("x=in[list-null].[null]", cond("x", Operator.IN, Arrays.asList((Object) null))));
    }

    @ParameterizedTest
    @MethodSource("typedFilters")
    void parsesTypedFieldFilters(String query, Filter expected) {
        assertEquals(expected, filter(query));
    }

    @Test
    void andsRepeatedFieldParametersAndDifferentFields() {
        assertEquals(new Filter.And(List.of(cond("ratio", Operator.GTE, 50), cond("ratio", Operator.LT, 70),
                        cond("country", Operator.EQ, "USA"))),
                filter("ratio=gte[int].50&ratio=lt[int].70&country=USA"));
    }

    static Stream<Arguments> logicalFilters() {
        return Stream.of(
                Arguments.of("and=(ratio.gt[int].70,country.eq[str].North%20Pole)",
                        new Filter.And(List.of(cond("ratio", Operator.GT, 70), cond("country", Operator.EQ, "North Pole")))),
                Arguments.of("or=(ratio.gt[int].70,country.eq[str].North%20Pole)",
                        new Filter.Or(List.of(cond("ratio", Operator.GT, 70), cond("country", Operator.EQ, "North Pole")))),
                Arguments.of("nor=(a.b.lte[float].1.5)", new Filter.Nor(List.of(cond("a.b", Operator.LTE, 1.5)))),
                Arguments.of("and=(x.eq[int].1)", cond("x", Operator.EQ, 1)),
                Arguments.of("or=(country.in[list-str].[USA,Moon],n.nin[list-int].[1,2])",
                        new Filter.Or(List.of(cond("country", Operator.IN, List.of("USA", "Moon")),
                                cond("n", Operator.NIN, List.of(1, 2))))),
                Arguments.of("or=(country.eq.USA,%20host.ne.example.com)",
                        new Filter.Or(List.of(cond("country", Operator.EQ, "USA"),
                                cond("host", Operator.NE, "example.com")))),
                Arguments.of("or=(country.in.[USA,Moon])",
                        new Filter.Or(List.of(cond("country", Operator.IN, List.of("USA", "Moon"))))),
                Arguments.of("and=ratio.gt[int].70,ratio.lt[int].80",
                        new Filter.And(List.of(cond("ratio", Operator.GT, 70), cond("ratio", Operator.LT, 80)))));
    }

    @ParameterizedTest
    @MethodSource("logicalFilters")
    void parsesLogicalFilters(String query, Filter expected) {
        assertEquals(expected, filter(query));
    }

    // --- JSON filters (RESTHeart, express-monger, Eve) -------------------------------------------

    @Test
    void parsesExtendedJsonFilters() {
        assertEquals(new Filter.Expression(map("_id", new ObjectIdValue("5f0c8a2b9d3e4a1b2c3d4e5f"))),
                filter("filter=" + enc("{\"_id\": {\"$oid\": \"5f0c8a2b9d3e4a1b2c3d4e5f\"}}")));
        assertEquals(new Filter.Expression(map("n", map("$gte", 5))), filter("filter=" + enc("{\"n\":{\"$gte\":5}}")));
        assertEquals(Filter.ALL, filter("filter=%7B%7D"));
    }

    @Test
    void parsesWhereLeniently() {
        Filter filter = filter("where=" + enc("{'firstname':'/^J/i'}"));
        assertEquals(new Filter.Expression(map("firstname", new RegexValue("^J", "i"))), filter);
        assertEquals(new Filter.Expression(map("a", 1)), filter("where=" + enc("{a: 1}")));
    }

    @Test
    void combinesEveryDialectWithAnd() {
        Filter filter = filter("filter=" + enc("{\"a\":1}") + "&filter=" + enc("{\"b\":2}") + "&where=" + enc("{'c':3}")
                + "&d=[int].4&or=(e.eq[int].5,f.eq[int].6)");
        assertEquals(new Filter.And(List.of(
                new Filter.Expression(map("a", 1)), new Filter.Expression(map("b", 2)),
                new Filter.Expression(map("c", 3)), cond("d", Operator.EQ, 4),
                new Filter.Or(List.of(cond("e", Operator.EQ, 5), cond("f", Operator.EQ, 6))))), filter);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"$where\": \"sleep(100)\"}", "{\"$or\": [{\"a\": {\"$function\": {}}}]}",
            "{\"a\": {\"$elemMatch\": {\"$accumulator\": 1}}}", "{\"a\": {\"$regex\": \"x\"}}",
            "{\"$expr\": {\"$and\": [[{\"$where\": 1}]]}}"})
    void deniesForbiddenOperatorsInFilters(String json) {
        assertEquals("operator-not-allowed", rejects("filter=" + enc(json)).code());
        assertEquals("operator-not-allowed", rejects("where=" + enc(json)).code());
    }

    @Test
    void deniesForbiddenOperatorsInProjections() {
        assertEquals("operator-not-allowed",
                rejects("keys=" + enc("{\"x\": {\"$function\": {\"body\": \"f\"}}}")).code());
    }

    @Test
    void treatsExtendedJsonTypesAsValues() {
        assertEquals(new Filter.Expression(map("d", map("$gte", instant("2024-01-01T00:00:00Z")),
                        "p", new BigDecimal("1.5"))),
                filter("filter=" + enc("{\"d\":{\"$gte\":{\"$date\":\"2024-01-01T00:00:00Z\"}},"
                        + "\"p\":{\"$numberDecimal\":\"1.5\"}}")));
    }

    // --- projection ------------------------------------------------------------------------------

    static Stream<Arguments> projections() {
        return Stream.of(
                Arguments.of("keys=" + enc("{\"a\":1}") + "&keys=" + enc("{\"b\":1}"), map("a", 1, "b", 1)),
                Arguments.of("projection=" + enc("{\"a\":0}"), map("a", 0)),
                Arguments.of("fields=a,b", map("a", 1, "b", 1)),
                Arguments.of("fields=-c", map("c", 0)),
                Arguments.of("fields=a,-_id", map("a", 1, "_id", 0)),
                Arguments.of("fields=%2Ba,%20b", map("a", 1, "b", 1)),
                Arguments.of("_projection=a,b.c", map("a", 1, "b.c", 1)),
                Arguments.of("keys=" + enc("{\"a\":1}") + "&fields=b", map("a", 1, "b", 1)),
                Arguments.of("", map()));
    }

    @ParameterizedTest
    @MethodSource("projections")
    void parsesProjections(String query, Map<String, Object> expected) {
        assertEquals(expected, parse(query).query().projection().spec());
    }

    // --- sort ------------------------------------------------------------------------------------

    private static Sort sort(Object... keys) {
        List<Sort.Key> list = new ArrayList<>();
        for (int i = 0; i < keys.length; i += 2) {
            list.add(new Sort.Key((String) keys[i], (Boolean) keys[i + 1]));
        }
        return new Sort(list);
    }

    static Stream<Arguments> sorts() {
        Sort nameAge = sort("name", true, "age", false, "_id", true);
        return Stream.of(
                Arguments.of("", Sort.BY_ID),
                Arguments.of("sort=" + enc("{\"name\":1,\"age\":-1}"), nameAge),
                Arguments.of("sort=" + enc("{\"name\":1.0,\"age\":{\"$numberLong\":\"-1\"}}"), nameAge),
                Arguments.of("sort=name,-age", nameAge),
                Arguments.of("sort=%2Bname,-age", nameAge),
                Arguments.of("sort=+name,-age", nameAge),
                Arguments.of("sort=name&sort=-age", nameAge),
                Arguments.of("sort_by=name,-age", nameAge),
                Arguments.of("sort=" + enc("[(\"name\",1),(\"age\",-1)]"), nameAge),
                Arguments.of("sort=" + enc("[('name', 1), (age, -1)]"), nameAge),
                Arguments.of("_sort=(name:ascending),(age:descending)", nameAge),
                Arguments.of("_sort=(name),(age:desc)", nameAge),
                Arguments.of("sort=-_id", sort("_id", false)),
                Arguments.of("sort=a,-_id,b", sort("a", true, "_id", false, "b", true)),
                Arguments.of("sort=a,a,-a", sort("a", true, "_id", true)),
                Arguments.of("sort=a.b", sort("a.b", true, "_id", true)));
    }

    @ParameterizedTest
    @MethodSource("sorts")
    void parsesSorts(String query, Sort expected) {
        assertEquals(expected, parse(query).query().sort());
    }

    // --- paging, count, hint ---------------------------------------------------------------------

    @ParameterizedTest
    @CsvSource({
            "'page=3&pagesize=20', 40, 20, 3, 20",
            "'page=2', 100, 100, 2, 100",
            "'pagesize=0', 0, 0, 1, 0",
            "'pagesize=5000', 0, 1000, 1, 1000",
            "'max_results=7&page=2', 7, 7, 2, 7",
            "'pagesize=99999999999999999999999', 0, 1000, 1, 1000",
            "'page=%2B2&pagesize=%2010', 10, 10, 2, 10",
            "'_limit=5', 0, 5, 1, 5",
            "'_limit=5&_skip=12', 12, 5, 3, 5",
            "'_skip=250', 250, 100, 3, 100",
            "'_limit=5000', 0, 1000, 1, 1000",
            "'page=99999999999999999999&pagesize=10', 9223372036854775807, 10, 9223372036854775807, 10",
    })
    void computesTheWindow(String query, long skip, long limit, long page, int pageSize) {
        ParsedQuery parsed = parse(query);
        assertEquals(skip, parsed.query().skip());
        assertEquals(limit, parsed.query().limit());
        assertEquals(page, parsed.page());
        assertEquals(pageSize, parsed.pageSize());
        assertTrue(parsed.paginated());
    }

    @Test
    void streamsEverythingWithoutPagination() {
        ParsedQuery parsed = parse("pagination=false&page=3&pagesize=5&_skip=4");
        assertFalse(parsed.paginated());
        assertEquals(0, parsed.query().skip());
        assertEquals(Query.UNLIMITED, parsed.query().limit());
        assertTrue(parse("pagination=true").paginated());
    }

    @ParameterizedTest
    @CsvSource({"count, EXACT", "count=, EXACT", "count=true, EXACT", "count=estimated, ESTIMATED",
            "count=false, NONE", "'', NONE"})
    void readsTheCountMode(String query, CountMode expected) {
        assertEquals(expected, parse(query).count());
    }

    @Test
    void readsHints() {
        assertEquals(new Hint.IndexName("name_1"), parse("hint=name_1").query().hint());
        assertEquals(new Hint.IndexKeys(map("name", 1, "age", -1)),
                parse("hint=" + enc("{\"name\":1,\"age\":-1}")).query().hint());
        assertEquals(new Hint.IndexKeys(map("loc", "2dsphere")), parse("hint=" + enc("{\"loc\":\"2dsphere\"}")).query().hint());
        assertEquals(Hint.NONE, parse("").query().hint());
    }

    // --- errors ----------------------------------------------------------------------------------

    static Stream<Arguments> malformed() {
        return Stream.of(
                Arguments.of("ratio=gte[int].abc", "invalid-filter", "ratio", "abc"),
                Arguments.of("ratio=[int].2147483648", "invalid-filter", "ratio", "2147483648"),
                Arguments.of("ratio=[long].99999999999999999999", "invalid-filter", "ratio", "99999999999999999999"),
                Arguments.of("ratio=gte[int]50", "invalid-filter", "ratio", "gte[int]50"),
                Arguments.of("ratio=gte[integer].50", "invalid-filter", "ratio", "integer"),
                Arguments.of("title=[draft]%20post", "invalid-filter", "title", "[str]"),
                Arguments.of("x=[float].1.2.3", "invalid-filter", "x", "1.2.3"),
                Arguments.of("x=[float].0x10", "invalid-filter", "x", "0x10"),
                Arguments.of("x=[decimal].1e99999", "invalid-filter", "x", "1e99999"),
                Arguments.of("x=[decimal]." + "1".repeat(40), "invalid-filter", "x", "decimal"),
                Arguments.of("x=[bool].yes", "invalid-filter", "x", "true or false"),
                Arguments.of("x=[oid].123", "invalid-filter", "x", "24 hexadecimal"),
                Arguments.of("x=[date].2024-02-30", "invalid-filter", "x", "2024-02-30"),
                Arguments.of("x=[date].%2B999999999-01-01", "invalid-filter", "x", "ISO-8601 date"),
                Arguments.of("x=[datetime].yesterday", "invalid-filter", "x", "yesterday"),
                Arguments.of("x=[time].25:00", "invalid-filter", "x", "HH:MM"),
                Arguments.of("x=[timedelta].1h", "invalid-filter", "x", "PT1H30M"),
                Arguments.of("x=[timedelta].PT9999999999999999H", "invalid-filter", "x", "duration"),
                Arguments.of("x=[null].nil", "invalid-filter", "x", "nil"),
                Arguments.of("x=in[str].USA", "invalid-filter", "x", "in needs a list"),
                Arguments.of("x=in[list-int].[1,a]", "invalid-filter", "x", "'a'"),
                Arguments.of("x=[list-int].1,2", "invalid-filter", "x", "not a list"),
                Arguments.of("x=[list-list-int].[1]", "invalid-filter", "x", "unknown type"),
                Arguments.of("%24where=[str].sleep(1)", "invalid-filter", "$where", "'$'"),
                Arguments.of("a..b=1", "invalid-filter", "a..b", "empty segment"),
                Arguments.of("and=()", "invalid-filter", "and", "no conditions"),
                Arguments.of("and=(ratio)", "invalid-filter", "and", "field.op[type].value"),
                Arguments.of("or=(ratio.gt[int].x)", "invalid-filter", "or", "not a valid int"),
                Arguments.of("nor=(.gt[int].1)", "invalid-filter", "nor", "empty"),
                Arguments.of("or=(a.gt[int]1)", "invalid-filter", "or", "not a condition"),
                Arguments.of("filter=", "invalid-", "filter", "empty"),
                Arguments.of("filter=%7Ba", "invalid-", "filter", "JSON"),
                Arguments.of("filter=%5B1%5D", "invalid-", "filter", "object"),
                Arguments.of("where=%7Ba%3A", "invalid-", "where", "JSON"),
                Arguments.of("sort=", "invalid-sort", "sort", "name,-age"),
                Arguments.of("sort=a,,b", "invalid-sort", "sort", "empty"),
                Arguments.of("sort=%24natural", "invalid-sort", "sort", "$natural"),
                Arguments.of("sort=" + enc("{\"a\":2}"), "invalid-sort", "sort", "neither 1 nor -1"),
                Arguments.of("sort=" + enc("{\"a\":\"asc\"}"), "invalid-sort", "sort", "neither 1 nor -1"),
                Arguments.of("sort=" + enc("{}"), "invalid-sort", "sort", "empty"),
                Arguments.of("sort=" + enc("[(\"a\",2)]"), "invalid-sort", "sort", "neither 1 nor -1"),
                Arguments.of("sort=" + enc("[(\"a\" 1)]"), "invalid-sort", "sort", "pair"),
                Arguments.of("sort=" + enc("[(\"a\",1)"), "invalid-sort", "sort", "']'"),
                Arguments.of("_sort=(a:sideways)", "invalid-sort", "_sort", "sideways"),
                Arguments.of("_sort=(a:asc", "invalid-sort", "_sort", "(field:ascending)"),
                Arguments.of("sort_by=-", "invalid-sort", "sort_by", "empty"),
                Arguments.of("fields=a,-b", "invalid-projection", "fields", "mixes"),
                Arguments.of("fields=", "invalid-projection", "fields", "empty"),
                Arguments.of("_projection=%24a", "invalid-projection", "_projection", "'$'"),
                Arguments.of("keys=nope", "invalid-", "keys", ""),
                Arguments.of("page=0", "invalid-parameter", "page", "1 or more"),
                Arguments.of("page=-1", "invalid-parameter", "page", "-1"),
                Arguments.of("page=abc", "invalid-parameter", "page", "abc"),
                Arguments.of("page=", "invalid-parameter", "page", "whole number"),
                Arguments.of("pagesize=-5", "invalid-parameter", "pagesize", "-5"),
                Arguments.of("pagesize=1.5", "invalid-parameter", "pagesize", "1.5"),
                Arguments.of("max_results=x", "invalid-parameter", "max_results", "x"),
                Arguments.of("_limit=-1", "invalid-parameter", "_limit", "-1"),
                Arguments.of("_skip=ten", "invalid-parameter", "_skip", "ten"),
                Arguments.of("pagination=maybe", "invalid-parameter", "pagination", "true or false"),
                Arguments.of("count=approximate", "invalid-parameter", "count", "estimated"),
                Arguments.of("hint=", "invalid-parameter", "hint", "index name"),
                Arguments.of("hint=" + enc("{}"), "invalid-parameter", "hint", "empty"),
                Arguments.of("hint=" + enc("{\"a\":[1]}"), "invalid-parameter", "hint", "index type"),
                Arguments.of("hint=" + enc("{\"a\":"), "invalid-", "hint", ""));
    }

    @ParameterizedTest
    @MethodSource("malformed")
    void rejectsMalformedParametersNamingThemAndWhatWasExpected(String query, String code, String parameter,
                                                                 String fragment) {
        MangroveException e = rejects(query);
        assertTrue(e.code().startsWith(code), e.code() + ": " + e.detail());
        assertTrue(e.detail().contains(parameter), e.detail());
        assertTrue(e.detail().contains(fragment), e.detail());
    }

    @Test
    void shortensLongOffendingText() {
        MangroveException e = rejects("ratio=[int]." + "9".repeat(10_000));
        assertTrue(e.detail().length() < 1000, e.detail());
    }

    @Test
    void treatsNullValuesAsEmpty() {
        Map<String, List<String>> params = new LinkedHashMap<>();
        params.put("count", Arrays.asList((String) null));
        params.put("x", Arrays.asList((String) null));
        params.put("y", List.of());
        ParsedQuery parsed = PARSER.parse(params);
        assertEquals(CountMode.EXACT, parsed.count());
        assertEquals(cond("x", Operator.EQ, ""), parsed.query().filter());
        assertNull(params.get("z"));
    }

    @Test
    void refusesInconsistentSettings() {
        OperatorPolicy policy = OperatorPolicy.create(Set.of());
        assertThrows(IllegalArgumentException.class, () -> CollectionQueryParser.create(JSON, policy, 10, 5));
        assertThrows(IllegalArgumentException.class, () -> CollectionQueryParser.create(JSON, policy, -1, 5));
    }

    static String enc(String text) {
        return java.net.URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
