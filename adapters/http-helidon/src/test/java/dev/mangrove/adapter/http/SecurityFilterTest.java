package dev.mangrove.adapter.http;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SecurityFilterTest {
    @Test
    void theAclSeesOneSpellingOfEveryPath() {
        String[][] cases = {
                {"/blog/posts", "/blog/posts"},
                {"/blog/%70osts", "/blog/posts"},
                {"/%62log/p%6Fsts/a1", "/blog/posts/a1"},
                {"/blog/posts/a%2Fb", "/blog/posts/a%2Fb"},
                {"/blog/posts/a%2fb", "/blog/posts/a%2Fb"},
                {"/blog/posts/a+b", "/blog/posts/a+b"},
                {"/blog/posts/a%2Bb", "/blog/posts/a+b"},
                {"/blog/posts/caf%C3%A9", "/blog/posts/caf%C3%A9"},
                {"/blog/posts/", "/blog/posts/"},
                {"/", "/"},
                {"/blog/posts/%E0%A4%A", "/blog/posts/%E0%A4%A"},
        };
        for (String[] c : cases) {
            assertEquals(c[1], SecurityFilter.canonical(c[0]), c[0]);
        }
    }

    @Test
    void onlyTheHealthChecksAreOpen() {
        assertTrue(SecurityFilter.isHealthCheck("GET", "/health/live"));
        assertTrue(SecurityFilter.isHealthCheck("GET", "/health/ready"));
        // HEAD is not answered by the health endpoints: it would fall through to the API
        assertFalse(SecurityFilter.isHealthCheck("HEAD", "/health/ready"));
        for (String path : new String[] {"/health", "/health/", "/health/live/", "/health/x", "/health/live/x",
                "/healthy", "/health%2Flive"}) {
            assertFalse(SecurityFilter.isHealthCheck("GET", path), path);
        }
        assertFalse(SecurityFilter.isHealthCheck("POST", "/health/live"));
        assertFalse(SecurityFilter.isHealthCheck("DELETE", "/health/ready"));
    }
}
