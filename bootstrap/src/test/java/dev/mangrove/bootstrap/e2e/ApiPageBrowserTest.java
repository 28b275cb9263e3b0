package dev.mangrove.bootstrap.e2e;

import dev.mangrove.bootstrap.Mangrove;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The interactive API page in a real browser (docs/api.md#openapi): headless Chromium opens {@code /_docs}
 * of a server with security on, authorizes with HTTP Basic, sees the document of what admin may use, runs {@code GET /me} and {@code GET /{db}} through
 * "Try it out", and the page shows the server's answers; no Content-Security-Policy violation on the way. The
 * screenshot is kept at {@code target/openapi-docs.png}. Skipped, with the reason, where no Chromium can be found
 * or installed.
 */
class ApiPageBrowserTest {
    private static final String PASSWORD = "Adm1n-pass-browser";

    @Test
    void authorizeAndTryItOutAgainstThisServer() throws Exception {
        StringBuilder reason = new StringBuilder();
        Optional<String> binary = Chromium.binary(reason);
        if (binary.isEmpty()) {
            System.out.println("ApiPageBrowserTest skipped: " + reason);
        }
        Assumptions.assumeTrue(binary.isPresent(), reason::toString);
        try (Mangrove server = TestServer.start(AuthenticationE2ETest.secured(Map.of("mangrove.admin.password",
                PASSWORD)));
             Chromium browser = Chromium.start(binary.get())) {
            Http http = new Http(server.url());
            String db = TestServer.freshDatabase("browser");
            assertEquals(201, http.put("/" + db, "{}", AuthenticationE2ETest.auth("admin", PASSWORD)).status());
            assertEquals(201, http.put("/" + db + "/plants", "{}", AuthenticationE2ETest.auth("admin", PASSWORD))
                    .status());

            browser.navigate(server.url() + "/_docs");
            browser.waitFor("document.querySelector('#operations-server-get_me')", "the GET /me operation");
            assertFalse(browser.eval("!!document.querySelector('#operations-database-get_db')").asBoolean(),
                    "anonymous may not read databases: the page does not offer it");

            // Authorize: HTTP Basic in the dialog, typed the way React sees typing
            browser.eval("document.querySelector('.auth-wrapper .authorize').click()");
            browser.waitFor("document.querySelector('.modal-ux input[type=password]')", "the Authorize dialog");
            browser.eval("""
                    (() => {
                      const set = (el, v) => {
                        Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set.call(el, v);
                        el.dispatchEvent(new Event('input', {bubbles: true}));
                      };
                      const form = [...document.querySelectorAll('.modal-ux .auth-container')]
                          .find(c => c.innerText.includes('basicAuth'));
                      set(form.querySelector('input[type=text]'), 'admin');
                      set(form.querySelector('input[type=password]'), '%s');
                      form.querySelector('button.authorize, button[type=submit]').click();
                      return true;
                    })()""".formatted(PASSWORD));
            browser.waitFor("[...document.querySelectorAll('.modal-ux .auth-container')]"
                    + ".some(c => c.innerText.includes('basicAuth') && c.innerText.includes('Logout'))",
                    "Basic authorized");
            browser.eval("document.querySelector('.modal-ux .btn-done, .modal-ux .close-modal').click()");
            // authorized, the page fetches the document again: it now lists what admin may use
            browser.waitFor("document.querySelector('#operations-database-get_db')", "GET /{db} once authorized");

            // Try it out: GET /me
            String me = tryItOut(browser, "operations-server-get_me");
            assertTrue(me.contains("\"username\": \"admin\"") || me.contains("\"username\":\"admin\""), me);

            // and a GET on the API, with its path parameter typed in
            open(browser, "operations-database-get_db");
            browser.waitFor("document.querySelector('#operations-database-get_db .try-out__btn')", "Try it out");
            browser.eval("document.querySelector('#operations-database-get_db .try-out__btn').click()");
            browser.waitFor("document.querySelector('#operations-database-get_db tr[data-param-name=db] input')",
                    "the db parameter");
            browser.eval("""
                    (() => {
                      const el = document.querySelector('#operations-database-get_db tr[data-param-name=db] input');
                      Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set.call(el, '%s');
                      el.dispatchEvent(new Event('input', {bubbles: true}));
                      el.dispatchEvent(new Event('change', {bubbles: true}));
                      // Swagger UI debounces what is typed into a parameter before it takes it
                      return new Promise(done => setTimeout(() => done(true), 1500));
                    })()""".formatted(db));
            String collections = execute(browser, "operations-database-get_db");
            assertTrue(collections.contains("plants"), collections);

            Path shot = Path.of("target", "openapi-docs.png");
            browser.screenshot(shot);
            assertTrue(Files.size(shot) > 10_000, "a screenshot of the page");
            assertTrue(browser.log.stream().noneMatch(line -> line.contains("Content Security Policy")
                    || line.contains("Content-Security-Policy")), browser.log::toString);
        }
    }

    /** Opens an operation, presses "Try it out" and "Execute"; the response the page shows. */
    private static String tryItOut(Chromium browser, String id) throws Exception {
        open(browser, id);
        browser.waitFor("document.querySelector('#" + id + " .try-out__btn')", "Try it out of " + id);
        browser.eval("document.querySelector('#" + id + " .try-out__btn').click()");
        return execute(browser, id);
    }

    /** Expands an operation (its summary button). */
    private static void open(Chromium browser, String id) throws Exception {
        browser.eval("(document.querySelector('#" + id + " .opblock-summary-control') || document.querySelector('#"
                + id + " .opblock-summary')).click()");
    }

    private static String execute(Chromium browser, String id) throws Exception {
        browser.waitFor("document.querySelector('#" + id + " .execute')", "Execute of " + id);
        browser.eval("document.querySelector('#" + id + " .execute').click()");
        browser.waitFor("document.querySelector('#" + id + " .live-responses-table tr.response .response-col_status')",
                "the response of " + id);
        String status = browser.eval("document.querySelector('#" + id
                + " .live-responses-table tr.response .response-col_status').innerText").asText().trim();
        String body = browser.eval("document.querySelector('#" + id
                + " .live-responses-table tr.response .response-col_description').innerText").asText();
        assertEquals("200", status, body);
        return body;
    }
}
