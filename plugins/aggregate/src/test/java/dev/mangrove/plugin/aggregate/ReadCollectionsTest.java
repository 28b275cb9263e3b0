package dev.mangrove.plugin.aggregate;

import dev.mangrove.domain.error.ErrorKind;
import dev.mangrove.plugin.spi.AccessControl;
import dev.mangrove.domain.error.MangroveException;
import dev.mangrove.domain.query.Filter;
import dev.mangrove.domain.query.Projection;
import dev.mangrove.domain.resource.Namespace;
import dev.mangrove.domain.resource.ResourceKind;
import dev.mangrove.domain.security.DataScope;
import dev.mangrove.domain.security.Principal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Joined collections must be readable in full by the caller (no way around the ACL through $lookup). */
class ReadCollectionsTest {
    private static final Namespace POSTS = Namespace.of("blog", "posts");
    private static final Optional<Principal> ANA = Optional.of(new Principal("ana", List.of("analyst")));

    /** tags: unrestricted; authors: readFilter; notes: projectResponse; posts: readFilter; anything else denied. */
    private static final AccessControl ACL = (principal, ns) -> switch (ns.database().value() + "/"
            + ns.collection().value()) {
        case "blog/tags" -> Optional.of(DataScope.UNRESTRICTED);
        case "blog/authors", "blog/posts" -> Optional.of(new DataScope(Filter.eq("public", true), Filter.ALL,
                Map.of(), Projection.none()));
        case "blog/notes" -> Optional.of(new DataScope(Filter.ALL, Filter.ALL, Map.of(),
                new Projection(Map.of("secret", 0))));
        default -> Optional.empty();
    };

    private static MangroveException refused(Object pipeline) {
        MangroveException e = assertThrows(MangroveException.class,
                () -> check(pipeline, POSTS, ANA, ACL, Set.of()), String.valueOf(pipeline));
        assertEquals(ErrorKind.FORBIDDEN, e.kind());
        assertEquals("stage-not-allowed", e.code());
        return e;
    }

    private static Map<String, Object> lookup(Object from) {
        return Map.of("$lookup", Map.of("from", from, "localField", "a", "foreignField", "_id", "as", "x"));
    }

    @Test
    void joinsNeedAFullReadOfTheJoinedCollection() {
        List<Namespace> asked = new ArrayList<>();
        check(List.of(lookup("tags"), Map.of("$unionWith", "tags")), POSTS, ANA, (principal, ns) -> {
            asked.add(ns);
            return ACL.readScope(principal, ns);
        }, Set.of());
        assertEquals(Namespace.of("blog", "tags"), asked.get(0));
        assertTrue(refused(List.of(lookup("secrets"))).detail().contains("may not read"));
        assertTrue(refused(List.of(lookup("authors"))).detail().contains("restricts"));
        refused(List.of(lookup("notes")));
        refused(List.of(lookup("posts")));  // its own collection: a $lookup would read it past the readFilter
        refused(List.of(Map.of("$unionWith", Map.of("coll", "authors", "pipeline", List.of()))));
        refused(List.of(Map.of("$graphLookup", Map.of("from", "secrets", "startWith", "$a",
                "connectFromField", "a", "connectToField", "b", "as", "x"))));
    }

    @Test
    void nestedJoinsAreFoundAtAnyDepth() {
        refused(List.of(Map.of("$facet", Map.of("f", List.of(lookup("secrets"))))));
        refused(List.of(Map.of("$lookup", Map.of("from", "tags", "as", "x",
                "pipeline", List.of(Map.of("$unionWith", "authors"))))));
        Object crossDatabase = List.of(Map.of("$facet", Map.of("f", List.of(lookup(Map.of("db", "admin",
                "coll", "users"))))));
        assertTrue(refused(crossDatabase).detail().contains("database 'blog'"));
        check(List.of(Map.of("$facet", Map.of("f", List.of(lookup(Map.of("db", "admin",
                "coll", "users")))))), POSTS, ANA, ACL, Set.of("$lookup"));
    }

    @Test
    void withoutSecurityOnlyOtherDatabasesAreRefused() {
        check(List.of(lookup("secrets"), lookup("authors")), POSTS, Optional.empty(),
                (principal, ns) -> {
                    throw new AssertionError("asked");
                }, Set.of());
        MangroveException e = assertThrows(MangroveException.class, () -> check(
                List.of(Map.of("$facet", Map.of("f", List.of(Map.of("$unionWith", Map.of("db", "other", "coll", "c")))))),
                POSTS, Optional.empty(), ACL, Set.of()));
        assertEquals(ErrorKind.FORBIDDEN, e.kind());
        assertThrows(MangroveException.class, () -> check(List.of(Map.of("$facet", Map.of("f",
                List.of(Map.of("$unionWith", Map.of("coll", Map.of("db", "other", "coll", "c"))))))),
                POSTS, Optional.empty(), ACL, Set.of()));
    }

    /** Every join stage, reading {@code from}, at the top and inside every kind of sub-pipeline. */
    static Stream<Arguments> joins() {
        Stream.Builder<Arguments> rows = Stream.builder();
        for (String stage : List.of("$lookup", "$graphLookup", "$unionWith")) {
            for (String where : List.of("top level", "$facet", "$lookup.pipeline", "$unionWith.pipeline")) {
                rows.add(Arguments.of(stage, where));
            }
        }
        return rows.build();
    }

    private static List<Object> pipeline(String stage, String where, String from) {
        Map<String, Object> join = switch (stage) {
            case "$lookup" -> lookup(from);
            case "$graphLookup" -> Map.of("$graphLookup", Map.of("from", from, "startWith", "$a",
                    "connectFromField", "a", "connectToField", "b", "as", "x"));
            default -> Map.of("$unionWith", from);
        };
        return switch (where) {
            case "$facet" -> List.of(Map.of("$facet", Map.of("f", List.of(join))));
            case "$lookup.pipeline" -> List.of(Map.of("$lookup", Map.of("from", "tags", "as", "y",
                    "pipeline", List.of(join))));
            case "$unionWith.pipeline" -> List.of(Map.of("$unionWith", Map.of("coll", "tags", "pipeline", List.of(join))));
            default -> List.of(join);
        };
    }

    @ParameterizedTest(name = "{0} in {1}")
    @MethodSource("joins")
    void everyJoinStageIsCheckedWhereverItIsNested(String stage, String where) {
        assertTrue(refused(pipeline(stage, where, "secrets")).detail().contains(stage + " reads the collection 'secrets'"));
        check(pipeline(stage, where, "tags"), POSTS, ANA, ACL, Set.of());
    }

    /** The check under test: the SPI's {@link AccessControl#checkJoins}, shared by the aggregate and data-api plugins. */
    private static void check(Object pipeline, Namespace runsOn, Optional<Principal> caller, AccessControl access,
                              Set<String> crossDatabaseStages) {
        access.checkJoins(pipeline, runsOn, caller, crossDatabaseStages);
    }
}
