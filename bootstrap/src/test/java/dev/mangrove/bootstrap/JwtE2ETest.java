package dev.mangrove.bootstrap;

import com.sun.net.httpserver.HttpServer;
import dev.mangrove.bootstrap.e2e.Http;
import dev.mangrove.bootstrap.e2e.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every bearer-token mechanism of docs/security.md end to end, over HTTP against started servers, with the
 * negative cases of issue 5: HS256 with {@code iss}/{@code aud} (tokens from {@code /token} and tokens
 * forged here with the same secret), RS256 from a JWKS file with a nested roles claim and the HS/RS
 * confusion, ES256 from a JWKS URL; roles from the token drive the ACL (200 where permitted, 403
 * elsewhere). Every refused token is a 401 {@code invalid-token} problem with a Bearer challenge that
 * echoes neither the token nor the secret.
 */
class JwtE2ETest {
    private static final String SECRET = "jwt-e2e-secret-0123456789abcdef-0123456789";
    private static final String ISSUER = "https://mangrove.test";
    private static final String AUDIENCE = "mangrove-api";
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private static Path dir;
    private static HttpServer jwksServer;
    private static final AtomicInteger JWKS_FETCHES = new AtomicInteger();
    private static Mangrove hsServer;
    private static Mangrove rsServer;
    private static Mangrove esServer;
    private static Http hs;
    private static Http rs;
    private static Http es;
    private static String hsDb;
    private static String rsDb;
    private static String esDb;
    private static KeyPair rsaKey;
    private static KeyPair ecKey;
    private static String rsaJwks;

    @BeforeAll
    static void start() throws Exception {
        dir = Files.createTempDirectory("mangrove-jwt-e2e");
        hsDb = TestServer.freshDatabase("jwths");
        rsDb = TestServer.freshDatabase("jwtrs");
        esDb = TestServer.freshDatabase("jwtes");

        // HS256 with issuer and audience; the file realm issues tokens at /token
        hsServer = start("hs.yaml", """
                mangrove:
                  security:
                    enabled: true
                    realm: file
                    jwt: {secret: "%s", issuer: "%s", audience: "%s"}
                    users:
                      - {username: rita, password: rita-pass, roles: [reader]}
                      - {username: root, password: root-pass, roles: [admin]}
                    acl:
                      - {roles: [reader], methods: [GET], path: "/%s/books/**"}
                """.formatted(SECRET, ISSUER, AUDIENCE, hsDb));
        hs = new Http(hsServer.url());
        seed(hs, hsDb);

        // RS256 from a JWKS file; Keycloak-style user and nested roles claims
        KeyPairGenerator rsaGenerator = KeyPairGenerator.getInstance("RSA");
        rsaGenerator.initialize(2048);
        rsaKey = rsaGenerator.generateKeyPair();
        RSAPublicKey rsaPublic = (RSAPublicKey) rsaKey.getPublic();
        rsaJwks = "{\"keys\":[{\"kty\":\"RSA\",\"kid\":\"rsa-1\",\"alg\":\"RS256\",\"use\":\"sig\",\"n\":\""
                + B64.encodeToString(unsigned(rsaPublic.getModulus())) + "\",\"e\":\""
                + B64.encodeToString(unsigned(rsaPublic.getPublicExponent())) + "\"}]}";
        Path jwksFile = dir.resolve("jwks.json");
        Files.writeString(jwksFile, rsaJwks);
        rsServer = start("rs.yaml", """
                mangrove:
                  security:
                    enabled: true
                    realm: file
                    jwt:
                      jwks-file: "%s"
                      algorithm: RS256
                      user-claim: preferred_username
                      roles-claim: realm_access.roles
                    users:
                      - {username: root, password: root-pass, roles: [admin]}
                    acl:
                      - {roles: [author], methods: [GET, POST], path: "/%s/books/**"}
                """.formatted(jwksFile.toString().replace("\\", "/"), rsDb));
        rs = new Http(rsServer.url());
        seed(rs, rsDb);

        // ES256 from a JWKS URL served here
        KeyPairGenerator ecGenerator = KeyPairGenerator.getInstance("EC");
        ecGenerator.initialize(new ECGenParameterSpec("secp256r1"));
        ecKey = ecGenerator.generateKeyPair();
        ECPublicKey ecPublic = (ECPublicKey) ecKey.getPublic();
        byte[] ecJwks = ("{\"keys\":[{\"kty\":\"EC\",\"kid\":\"ec-1\",\"alg\":\"ES256\",\"use\":\"sig\",\"crv\":\"P-256\","
                + "\"x\":\"" + B64.encodeToString(fixed(ecPublic.getW().getAffineX(), 32)) + "\",\"y\":\""
                + B64.encodeToString(fixed(ecPublic.getW().getAffineY(), 32)) + "\"}]}").getBytes(StandardCharsets.UTF_8);
        jwksServer = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        jwksServer.createContext("/keys", exchange -> {
            JWKS_FETCHES.incrementAndGet();
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, ecJwks.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(ecJwks);
            }
        });
        jwksServer.start();
        esServer = start("es.yaml", """
                mangrove:
                  security:
                    enabled: true
                    realm: file
                    jwt: {jwks-url: "http://127.0.0.1:%d/keys", algorithm: ES256}
                    users:
                      - {username: root, password: root-pass, roles: [admin]}
                    acl:
                      - {roles: [reader], methods: [GET], path: "/%s/books/**"}
                """.formatted(jwksServer.getAddress().getPort(), esDb));
        es = new Http(esServer.url());
        seed(es, esDb);
    }

    private static Mangrove start(String name, String yaml) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, yaml);
        return YamlServers.start(file);
    }

    /** As root (Basic): a book and a secret in the database. */
    private static void seed(Http http, String db) {
        Http.Response book = http.post("/" + db + "/books", "{\"_id\": \"b1\", \"title\": \"Dune\"}", basic("root", "root-pass"));
        assertEquals(201, book.status(), book.toString());
        Http.Response secret = http.post("/" + db + "/secrets", "{\"_id\": \"s1\", \"code\": \"classified\"}",
                basic("root", "root-pass"));
        assertEquals(201, secret.status(), secret.toString());
    }

    @AfterAll
    static void stop() throws IOException {
        for (Mangrove server : new Mangrove[] {hsServer, rsServer, esServer}) {
            if (server != null) {
                server.close();
            }
        }
        if (jwksServer != null) {
            jwksServer.stop(0);
        }
        YamlServers.delete(dir);
    }

    // ---------------------------------------------------------------- HS256

    @Test
    void hs256TokenFromTheTokenEndpointCarriesIssuerAudienceAndRoles() {
        String token = login("rita", "rita-pass");
        String[] parts = token.split("\\.");
        String claims = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
        assertTrue(claims.contains("\"iss\":\"" + ISSUER + "\""), claims);
        assertTrue(claims.contains(AUDIENCE), claims);
        Http.Response me = hs.get("/me", bearer(token));
        assertEquals(200, me.status(), me.toString());
        assertEquals("rita", me.json().get("username").asText());
        assertEquals("reader", me.json().get("roles").get(0).asText());
        assertEquals(1, me.json().get("roles").size());
        Http.Response book = hs.get("/" + hsDb + "/books/b1", bearer(token));
        assertEquals(200, book.status(), book.toString());
        assertEquals("Dune", book.json().get("title").asText());
        assertEquals(200, hs.get("/" + hsDb + "/books", bearer(token)).status());
    }

    @Test
    void rolesFromTheTokenDecide200Or403() {
        String token = login("rita", "rita-pass");
        Http.Response other = hs.get("/" + hsDb + "/secrets", bearer(token));
        assertForbidden(other);
        assertFalse(other.body().contains("classified"), other.body());
        // the permission is GET only
        assertForbidden(hs.post("/" + hsDb + "/books", "{\"_id\": \"b9\"}", bearer(token)));
        assertForbidden(hs.delete("/" + hsDb + "/books/b1", bearer(token)));
        assertEquals(200, hs.get("/" + hsDb + "/books/b1", basic("root", "root-pass")).status());
        // a forged token with no roles at all: authenticated, but nothing is permitted
        Http.Response noRoles = hs.get("/" + hsDb + "/books", bearer(hmac(HS_HEADER,
                hsClaims("{\"sub\":\"rita\"}", now() + 600, null), SECRET)));
        assertForbidden(noRoles);
    }

    private static final String HS_HEADER = "{\"alg\":\"HS256\",\"typ\":\"JWT\"}";

    @Test
    void forgedHs256TokensWithTheRightSecretPassOnlyWhenEveryClaimIsRight() {
        long now = now();
        // the positive controls: a well-formed token forged here, an array audience, exp inside the skew
        assertEquals(200, hs.get("/" + hsDb + "/books", bearer(hmac(HS_HEADER,
                hsClaims(READER, now + 600, null), SECRET))).status());
        assertEquals(200, hs.get("/" + hsDb + "/books", bearer(hmac(HS_HEADER,
                "{\"sub\":\"rita\",\"roles\":[\"reader\"],\"iss\":\"" + ISSUER + "\",\"aud\":[\"other\",\"" + AUDIENCE
                        + "\"],\"exp\":" + (now + 600) + "}", SECRET))).status());
        assertEquals(200, hs.get("/" + hsDb + "/books", bearer(hmac(HS_HEADER,
                hsClaims(READER, now - 5, null), SECRET))).status());
        assertEquals(200, hs.get("/" + hsDb + "/books", bearer(hmac(HS_HEADER,
                hsClaims(READER, now + 600, now + 5), SECRET))).status());
    }

    private static final String READER = "{\"sub\":\"rita\",\"roles\":[\"reader\"]}";

    @Test
    void expiredNotYetValidWrongAudienceWrongIssuerAndNoExpiryAre401() {
        long now = now();
        assertInvalidToken(hs, hsDb, hmac(HS_HEADER, hsClaims(READER, now - 120, null), SECRET), SECRET);
        assertInvalidToken(hs, hsDb, hmac(HS_HEADER, hsClaims(READER, now - 86_400, now - 90_000), SECRET), SECRET);
        assertInvalidToken(hs, hsDb, hmac(HS_HEADER, hsClaims(READER, now + 600, now + 300), SECRET), SECRET);
        String base = "{\"sub\":\"rita\",\"roles\":[\"reader\"],\"exp\":" + (now + 600);
        assertInvalidToken(hs, hsDb, hmac(HS_HEADER, base + ",\"iss\":\"" + ISSUER + "\",\"aud\":\"other-api\"}", SECRET),
                SECRET);
        assertInvalidToken(hs, hsDb, hmac(HS_HEADER, base + ",\"iss\":\"" + ISSUER + "\",\"aud\":[\"a\",\"b\"]}", SECRET),
                SECRET);
        assertInvalidToken(hs, hsDb, hmac(HS_HEADER, base + ",\"iss\":\"" + ISSUER + "\"}", SECRET), SECRET);
        assertInvalidToken(hs, hsDb, hmac(HS_HEADER, base + ",\"iss\":\"https://evil.test\",\"aud\":\"" + AUDIENCE
                + "\"}", SECRET), SECRET);
        assertInvalidToken(hs, hsDb, hmac(HS_HEADER, base + ",\"aud\":\"" + AUDIENCE + "\"}", SECRET), SECRET);
        // no exp at all
        assertInvalidToken(hs, hsDb, hmac(HS_HEADER, "{\"sub\":\"rita\",\"roles\":[\"reader\"],\"iss\":\"" + ISSUER
                + "\",\"aud\":\"" + AUDIENCE + "\"}", SECRET), SECRET);
        // exp not a number
        assertInvalidToken(hs, hsDb, hmac(HS_HEADER, "{\"sub\":\"rita\",\"roles\":[\"reader\"],\"iss\":\"" + ISSUER
                + "\",\"aud\":\"" + AUDIENCE + "\",\"exp\":\"tomorrow\"}", SECRET), SECRET);
        // no user
        assertInvalidToken(hs, hsDb, hmac(HS_HEADER, hsClaims("{\"roles\":[\"admin\"]}", now + 600, null), SECRET), SECRET);
    }

    @Test
    void wrongAlgorithmsAndHeaderTricksAre401() throws Exception {
        long now = now();
        String claims = hsClaims("{\"sub\":\"rita\",\"roles\":[\"admin\"]}", now + 600, null);
        String payload = B64.encodeToString(claims.getBytes(StandardCharsets.UTF_8));
        // alg none: without a signature, with an empty one, with the signature of a real token kept
        for (String alg : List.of("none", "None", "NONE", "nOnE")) {
            String header = B64.encodeToString(("{\"alg\":\"" + alg + "\",\"typ\":\"JWT\"}").getBytes(StandardCharsets.UTF_8));
            assertInvalidToken(hs, hsDb, header + "." + payload + ".", SECRET);
            assertInvalidToken(hs, hsDb, header + "." + payload, SECRET);
        }
        String real = hmac(HS_HEADER, claims, SECRET);
        String noneHeader = B64.encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8));
        assertInvalidToken(hs, hsDb, noneHeader + "." + payload + "." + real.split("\\.")[2], SECRET);
        // other HMAC strengths with the very same secret, a lower-case name, no alg at all
        assertInvalidToken(hs, hsDb, mac("{\"alg\":\"HS512\"}", claims, SECRET.getBytes(StandardCharsets.UTF_8),
                "HmacSHA512"), SECRET);
        assertInvalidToken(hs, hsDb, mac("{\"alg\":\"HS384\"}", claims, SECRET.getBytes(StandardCharsets.UTF_8),
                "HmacSHA384"), SECRET);
        assertInvalidToken(hs, hsDb, hmac("{\"alg\":\"hs256\"}", claims, SECRET), SECRET);
        assertInvalidToken(hs, hsDb, hmac("{\"typ\":\"JWT\"}", claims, SECRET), SECRET);
        // a header pointing at the attacker's keys changes nothing: signed with another secret
        String attacker = "attacker-secret-0123456789abcdef-0123456789";
        assertInvalidToken(hs, hsDb, hmac("{\"alg\":\"HS256\",\"kid\":\"mangrove\",\"jku\":\"http://127.0.0.1:1/keys\"}",
                claims, attacker), SECRET);
        assertInvalidToken(hs, hsDb, hmac("{\"alg\":\"HS256\",\"kid\":\"../../dev/null\"}", claims, attacker), SECRET);
        // signed with another secret, with an empty secret
        assertInvalidToken(hs, hsDb, hmac(HS_HEADER, claims, attacker), SECRET);
        assertInvalidToken(hs, hsDb, mac(HS_HEADER, claims, new byte[1], "HmacSHA256"), SECRET);
        // an RS256 token at the HS256 server (the RS server's key)
        assertInvalidToken(hs, hsDb, sign("{\"alg\":\"RS256\",\"kid\":\"rsa-1\"}", claims, "SHA256withRSA",
                rsaKey.getPrivate()), SECRET);
    }

    @Test
    void oddClaimsAndHeadersUnderAValidSignatureAre401NotErrors() {
        long now = now();
        String iss = "\"iss\":\"" + ISSUER + "\",\"aud\":\"" + AUDIENCE + "\"";
        for (String claims : List.of(
                "{\"sub\":\"rita\"," + iss + ",\"exp\":1e30}",
                "{\"sub\":\"rita\"," + iss + ",\"exp\":99999999999999999999999}",
                "{\"sub\":\"rita\"," + iss + ",\"exp\":-99999999999999999}",
                "{\"sub\":\"rita\"," + iss + ",\"exp\":" + (now + 600) + ",\"nbf\":\"soon\"}",
                "{\"sub\":\"rita\"," + iss + ",\"exp\":" + (now + 600) + ",\"nbf\":1e30}",
                "{\"sub\":\"rita\"," + iss + ",\"exp\":null}",
                "{\"sub\":\"rita\"," + iss + ",\"exp\":true}",
                "{\"sub\":\"rita\",\"iss\":42,\"aud\":\"" + AUDIENCE + "\",\"exp\":" + (now + 600) + "}",
                "{\"sub\":\"rita\",\"iss\":\"" + ISSUER + "\",\"aud\":42,\"exp\":" + (now + 600) + "}",
                "{\"sub\":\"rita\",\"iss\":\"" + ISSUER + "\",\"aud\":[42],\"exp\":" + (now + 600) + "}",
                "{\"sub\":\"rita\",\"iss\":\"" + ISSUER + "\",\"aud\":{\"x\":\"" + AUDIENCE + "\"},\"exp\":"
                        + (now + 600) + "}",
                "{\"sub\":42," + iss + ",\"exp\":" + (now + 600) + "}",
                "{\"sub\":\"\"," + iss + ",\"exp\":" + (now + 600) + "}",
                "{\"sub\":\"rita\",\"roles\":{\"admin\":true}," + iss + ",\"exp\":" + (now + 600) + "}",
                "[]", "null", "\"text\"", "{", "not json")) {
            assertInvalidToken(hs, hsDb, hmac(HS_HEADER, claims, SECRET), SECRET);
        }
        for (String header : List.of("[]", "null", "{", "{\"alg\":[\"HS256\"]}", "{\"alg\":null}",
                // RFC 7515 §4.1.11: extensions the server must understand, and it understands none
                "{\"alg\":\"HS256\",\"crit\":[\"exp\"],\"exp\":1}",
                "{\"alg\":\"HS256\",\"b64\":false,\"crit\":[\"b64\"]}")) {
            assertInvalidToken(hs, hsDb, hmac(header, hsClaims(READER, now + 600, null), SECRET), SECRET);
        }
    }

    @Test
    void tamperedAndMalformedTokensAre401() {
        String token = login("rita", "rita-pass");
        String[] parts = token.split("\\.");
        // the payload swapped for one claiming the root role, the signature kept
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
        String promoted = B64.encodeToString(payload.replace("\"reader\"", "\"admin\"").getBytes(StandardCharsets.UTF_8));
        assertTrue(!promoted.equals(parts[1]));
        assertInvalidToken(hs, hsDb, parts[0] + "." + promoted + "." + parts[2], SECRET);
        char first = parts[2].charAt(0);
        assertInvalidToken(hs, hsDb, parts[0] + "." + parts[1] + "." + (first == 'A' ? 'B' : 'A') + parts[2].substring(1),
                SECRET);
        assertInvalidToken(hs, hsDb, parts[0] + "." + parts[1] + ".", SECRET);
        assertInvalidToken(hs, hsDb, parts[0] + "." + parts[1], SECRET);
        assertInvalidToken(hs, hsDb, token + ".extra", SECRET);
        assertInvalidToken(hs, hsDb, "not-a-jwt", SECRET);
        assertInvalidToken(hs, hsDb, "a.b.c", SECRET);
        Http.Response empty = hs.get("/" + hsDb + "/books", "Authorization", "Bearer ");
        assertEquals(401, empty.status(), empty.toString());
        assertTrue(empty.header("WWW-Authenticate").orElseThrow().contains("Bearer realm=\"mangrove\""));
    }

    // ---------------------------------------------------------------- RS256, JWKS file

    private static String rsClaims(String user, List<String> roles, long exp) {
        return "{\"sub\":\"f1e2-uuid\",\"preferred_username\":\"" + user + "\",\"realm_access\":{\"roles\":["
                + String.join(",", roles.stream().map(r -> "\"" + r + "\"").toList()) + "]},\"exp\":" + exp + "}";
    }

    @Test
    void rs256FromAJwksFileWithNestedRoles() throws Exception {
        String token = sign("{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"rsa-1\"}",
                rsClaims("erin", List.of("author", "viewer"), now() + 600), "SHA256withRSA", rsaKey.getPrivate());
        Http.Response me = rs.get("/me", bearer(token));
        assertEquals(200, me.status(), me.toString());
        assertEquals("erin", me.json().get("username").asText());
        assertEquals("[\"author\",\"viewer\"]", me.json().get("roles").toString());
        assertEquals(200, rs.get("/" + rsDb + "/books/b1", bearer(token)).status());
        Http.Response created = rs.post("/" + rsDb + "/books", "{\"_id\": \"erin-1\"}", bearer(token));
        assertEquals(201, created.status(), created.toString());
        assertForbidden(rs.get("/" + rsDb + "/secrets", bearer(token)));
        assertForbidden(rs.delete("/" + rsDb + "/books/b1", bearer(token)));
        // without a kid the server's RSA key is used
        String noKid = sign("{\"alg\":\"RS256\"}", rsClaims("erin", List.of("author"), now() + 600), "SHA256withRSA",
                rsaKey.getPrivate());
        assertEquals(200, rs.get("/" + rsDb + "/books", bearer(noKid)).status());
        // roles outside the configured claim do not count
        String flat = sign("{\"alg\":\"RS256\",\"kid\":\"rsa-1\"}", "{\"preferred_username\":\"erin\",\"roles\":[\"admin\"],"
                + "\"exp\":" + (now() + 600) + "}", "SHA256withRSA", rsaKey.getPrivate());
        assertForbidden(rs.get("/" + rsDb + "/books", bearer(flat)));
        // this server only verifies
        Http.Response issue = rs.post("/token", "{\"username\":\"root\",\"password\":\"root-pass\"}");
        assertEquals(501, issue.status(), issue.toString());
        assertEquals("token-issuing-unavailable", issue.json().get("code").asText());
    }

    @Test
    void rs256NegativeCases() throws Exception {
        String claims = rsClaims("erin", List.of("author", "admin"), now() + 600);
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair other = generator.generateKeyPair();
        // another RSA key, with the server's kid or without one; an unknown kid
        assertInvalidToken(rs, rsDb, sign("{\"alg\":\"RS256\",\"kid\":\"rsa-1\"}", claims, "SHA256withRSA",
                other.getPrivate()), null);
        assertInvalidToken(rs, rsDb, sign("{\"alg\":\"RS256\"}", claims, "SHA256withRSA", other.getPrivate()), null);
        assertInvalidToken(rs, rsDb, sign("{\"alg\":\"RS256\",\"kid\":\"nope\"}", claims, "SHA256withRSA",
                rsaKey.getPrivate()), null);
        // the attacker's public key embedded in the header (the "jwk" header injection)
        RSAPublicKey otherPublic = (RSAPublicKey) other.getPublic();
        String embedded = "{\"alg\":\"RS256\",\"jwk\":{\"kty\":\"RSA\",\"n\":\""
                + B64.encodeToString(unsigned(otherPublic.getModulus())) + "\",\"e\":\""
                + B64.encodeToString(unsigned(otherPublic.getPublicExponent())) + "\"}}";
        assertInvalidToken(rs, rsDb, sign(embedded, claims, "SHA256withRSA", other.getPrivate()), null);
        // RS512 / PS256 with the right key: not the configured algorithm
        assertInvalidToken(rs, rsDb, sign("{\"alg\":\"RS512\",\"kid\":\"rsa-1\"}", claims, "SHA512withRSA",
                rsaKey.getPrivate()), null);
        // expired, tampered
        assertInvalidToken(rs, rsDb, sign("{\"alg\":\"RS256\",\"kid\":\"rsa-1\"}", rsClaims("erin", List.of("author"),
                now() - 3600), "SHA256withRSA", rsaKey.getPrivate()), null);
        String good = sign("{\"alg\":\"RS256\",\"kid\":\"rsa-1\"}", rsClaims("erin", List.of("author"), now() + 600),
                "SHA256withRSA", rsaKey.getPrivate());
        String[] parts = good.split("\\.");
        assertInvalidToken(rs, rsDb, parts[0] + "." + B64.encodeToString(claims.getBytes(StandardCharsets.UTF_8)) + "."
                + parts[2], null);
        // alg none
        assertInvalidToken(rs, rsDb, B64.encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + parts[1] + ".", null);
    }

    @Test
    void hsRsConfusionIsRefused() throws Exception {
        String claims = rsClaims("mallory", List.of("admin"), now() + 600);
        RSAPublicKey pub = (RSAPublicKey) rsaKey.getPublic();
        String pem = "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(pub.getEncoded()) + "\n-----END PUBLIC KEY-----\n";
        List<byte[]> publicKeyForms = List.of(pub.getEncoded(), rsaJwks.getBytes(StandardCharsets.UTF_8),
                pem.getBytes(StandardCharsets.US_ASCII), unsigned(pub.getModulus()));
        for (byte[] key : publicKeyForms) {
            for (String header : List.of("{\"alg\":\"HS256\",\"kid\":\"rsa-1\"}", "{\"alg\":\"HS256\"}",
                    "{\"alg\":\"RS256\",\"kid\":\"rsa-1\"}")) {
                assertInvalidToken(rs, rsDb, mac(header, claims, key, "HmacSHA256"), null);
            }
        }
    }

    // ---------------------------------------------------------------- ES256, JWKS URL

    @Test
    void es256FromAJwksUrl() throws Exception {
        assertTrue(JWKS_FETCHES.get() >= 1, "the key set was fetched from the URL");
        String claims = "{\"sub\":\"dave\",\"roles\":[\"reader\"],\"exp\":" + (now() + 600) + "}";
        // a JWS ES256 signature is R||S (64 bytes), not the DER the JDK's SHA256withECDSA gives
        byte[] der = rawSign("{\"alg\":\"ES256\",\"kid\":\"ec-1\"}", claims, "SHA256withECDSA", ecKey.getPrivate());
        String input = signingInput("{\"alg\":\"ES256\",\"kid\":\"ec-1\"}", claims);
        String token = input + "." + B64.encodeToString(derToJose(der, 32));
        Http.Response me = es.get("/me", bearer(token));
        assertEquals(200, me.status(), me.toString());
        assertEquals("dave", me.json().get("username").asText());
        assertEquals("[\"reader\"]", me.json().get("roles").toString());
        assertEquals(200, es.get("/" + esDb + "/books/b1", bearer(token)).status());
        assertForbidden(es.get("/" + esDb + "/secrets", bearer(token)));
        // the DER form itself is not a JWS signature
        assertInvalidToken(es, esDb, input + "." + B64.encodeToString(der), null);
    }

    @Test
    void es256NegativeCases() throws Exception {
        long now = now();
        String claims = "{\"sub\":\"dave\",\"roles\":[\"reader\"],\"exp\":" + (now + 600) + "}";
        String good = sign("{\"alg\":\"ES256\",\"kid\":\"ec-1\"}", claims, "SHA256withECDSAinP1363Format", ecKey.getPrivate());
        assertEquals(200, es.get("/" + esDb + "/books", bearer(good)).status());
        String[] parts = good.split("\\.");
        // tampered payload, tampered signature
        String admin = B64.encodeToString(claims.replace("reader", "admin").getBytes(StandardCharsets.UTF_8));
        assertInvalidToken(es, esDb, parts[0] + "." + admin + "." + parts[2], null);
        byte[] sig = Base64.getUrlDecoder().decode(parts[2]);
        sig[10] ^= 1;
        assertInvalidToken(es, esDb, parts[0] + "." + parts[1] + "." + B64.encodeToString(sig), null);
        // the all-zero "psychic signature" (CVE-2022-21449)
        assertInvalidToken(es, esDb, parts[0] + "." + parts[1] + "." + B64.encodeToString(new byte[64]), null);
        // another EC key, expired, not yet valid
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        assertInvalidToken(es, esDb, sign("{\"alg\":\"ES256\",\"kid\":\"ec-1\"}", claims, "SHA256withECDSAinP1363Format",
                generator.generateKeyPair().getPrivate()), null);
        assertInvalidToken(es, esDb, sign("{\"alg\":\"ES256\",\"kid\":\"ec-1\"}", "{\"sub\":\"dave\",\"exp\":" + (now - 600)
                + "}", "SHA256withECDSAinP1363Format", ecKey.getPrivate()), null);
        assertInvalidToken(es, esDb, sign("{\"alg\":\"ES256\",\"kid\":\"ec-1\"}", "{\"sub\":\"dave\",\"exp\":" + (now + 600)
                + ",\"nbf\":" + (now + 300) + "}", "SHA256withECDSAinP1363Format", ecKey.getPrivate()), null);
        // other algorithms: none, RS256, HS256 keyed with the EC public key
        assertInvalidToken(es, esDb, B64.encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + parts[1] + ".", null);
        assertInvalidToken(es, esDb, sign("{\"alg\":\"RS256\"}", claims, "SHA256withRSA", rsaKey.getPrivate()), null);
        assertInvalidToken(es, esDb, mac("{\"alg\":\"HS256\",\"kid\":\"ec-1\"}", claims, ecKey.getPublic().getEncoded(),
                "HmacSHA256"), null);
        assertInvalidToken(es, esDb, sign("{\"alg\":\"ES384\",\"kid\":\"ec-1\"}", claims, "SHA384withECDSAinP1363Format",
                ecKey.getPrivate()), null);
    }

    // ---------------------------------------------------------------- helpers

    /** 401 {@code invalid-token} with a Bearer challenge; the body echoes neither the token nor the secret. */
    private static void assertInvalidToken(Http http, String db, String token, String secret) {
        for (String path : List.of("/" + db + "/books", "/me")) {
            Http.Response r = http.get(path, bearer(token));
            assertEquals(401, r.status(), token + " at " + path + " → " + r);
            assertEquals("invalid-token", r.json().get("code").asText(), r.toString());
            assertEquals(401, r.json().get("status").asInt());
            assertEquals("application/problem+json", r.header("Content-Type").orElseThrow());
            String challenge = r.header("WWW-Authenticate").orElseThrow();
            assertTrue(challenge.contains("Bearer realm=\"mangrove\""), challenge);
            for (String part : token.split("\\.")) {
                assertFalse(part.length() > 8 && r.body().contains(part), "the token is echoed: " + r.body());
            }
            if (secret != null) {
                assertFalse(r.body().contains(secret), r.body());
            }
            assertFalse(r.body().contains("Dune"), r.body());
        }
    }

    /** 403 {@code forbidden} for an authenticated caller: no challenge. */
    private static void assertForbidden(Http.Response r) {
        assertEquals(403, r.status(), r.toString());
        assertEquals("forbidden", r.json().get("code").asText(), r.toString());
        assertFalse(r.header("WWW-Authenticate").isPresent(), r.toString());
    }

    private static String login(String user, String password) {
        Http.Response r = hs.post("/token", "{\"username\":\"" + user + "\",\"password\":\"" + password + "\"}");
        assertEquals(200, r.status(), r.toString());
        return r.json().get("access_token").asText();
    }

    private static String[] bearer(String token) {
        return new String[] {"Authorization", "Bearer " + token};
    }

    private static String[] basic(String user, String password) {
        return new String[] {"Authorization", "Basic " + Base64.getEncoder().encodeToString(
                (user + ":" + password).getBytes(StandardCharsets.UTF_8))};
    }

    private static long now() {
        return Instant.now().getEpochSecond();
    }

    /** The claims object {@code base} with the configured iss and aud, exp and (when not null) nbf added. */
    private static String hsClaims(String base, long exp, Long nbf) {
        return base.substring(0, base.length() - 1) + (base.length() > 2 ? "," : "") + "\"iss\":\"" + ISSUER
                + "\",\"aud\":\"" + AUDIENCE + "\",\"exp\":" + exp + (nbf == null ? "" : ",\"nbf\":" + nbf) + "}";
    }

    private static String signingInput(String header, String payload) {
        return B64.encodeToString(header.getBytes(StandardCharsets.UTF_8)) + "."
                + B64.encodeToString(payload.getBytes(StandardCharsets.UTF_8));
    }

    private static String hmac(String header, String payload, String secret) {
        return mac(header, payload, secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
    }

    private static String mac(String header, String payload, byte[] key, String algorithm) {
        try {
            String input = signingInput(header, payload);
            Mac mac = Mac.getInstance(algorithm);
            mac.init(new SecretKeySpec(key, algorithm));
            return input + "." + B64.encodeToString(mac.doFinal(input.getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] rawSign(String header, String payload, String algorithm, PrivateKey key)
            throws GeneralSecurityException {
        Signature signature = Signature.getInstance(algorithm);
        signature.initSign(key);
        signature.update(signingInput(header, payload).getBytes(StandardCharsets.US_ASCII));
        return signature.sign();
    }

    private static String sign(String header, String payload, String algorithm, PrivateKey key)
            throws GeneralSecurityException {
        return signingInput(header, payload) + "." + B64.encodeToString(rawSign(header, payload, algorithm, key));
    }

    /** An ASN.1 DER ECDSA signature (SEQUENCE of two INTEGERs) as the JWS R||S of {@code size}-byte halves. */
    private static byte[] derToJose(byte[] der, int size) {
        int offset = 2;
        if ((der[1] & 0x80) != 0) {
            offset += der[1] & 0x7f;
        }
        byte[] out = new byte[2 * size];
        for (int half = 0; half < 2; half++) {
            if (der[offset] != 0x02) {
                throw new IllegalArgumentException("not a DER INTEGER");
            }
            int length = der[offset + 1];
            BigInteger value = new BigInteger(1, Arrays.copyOfRange(der, offset + 2, offset + 2 + length));
            System.arraycopy(fixed(value, size), 0, out, half * size, size);
            offset += 2 + length;
        }
        return out;
    }

    private static byte[] unsigned(BigInteger value) {
        byte[] bytes = value.toByteArray();
        return bytes[0] == 0 ? Arrays.copyOfRange(bytes, 1, bytes.length) : bytes;
    }

    private static byte[] fixed(BigInteger value, int length) {
        byte[] bytes = unsigned(value);
        byte[] out = new byte[length];
        System.arraycopy(bytes, 0, out, length - bytes.length, bytes.length);
        return out;
    }
}
