package dev.mangrove.adapter.http;

import dev.mangrove.domain.resource.Mount;
import dev.mangrove.domain.resource.MountTable;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class RoutesTest {
    private final MountTable mounts = MountTable.create(List.of(Mount.of("*", "/"),
            Mount.of("/shop/rocket_engines", "/api/rockets"), Mount.of("/inventory", "/products")));

    private String route(String path) {
        return Routes.template(mounts.resolve(path).orElseThrow());
    }

    @Test
    void templatesNeverCarryIdsOrRealNames() {
        assertEquals("/", route("/"));
        assertEquals("/{db}", route("/shop"));
        assertEquals("/{db}/{coll}", route("/shop/things"));
        assertEquals("/{db}/{coll}/{docid}", route("/shop/things/42"));
        assertEquals("/{db}/{coll}/_size", route("/shop/things/_size"));
        assertEquals("/{db}/{coll}/*", route("/shop/things/*"));
        assertEquals("/{db}/{coll}/_indexes/{name}", route("/shop/things/_indexes/byName"));
        assertEquals("/{db}/{coll}/{extension}", route("/shop/things/_whatever"));
        assertEquals("/{extension}", route("/_random123"));
        assertEquals("/api/rockets", route("/api/rockets"));
        assertEquals("/api/rockets/{docid}", route("/api/rockets/merlin"));
        assertEquals("/products/{coll}/{docid}", route("/products/tv/7"));
    }
}
