package dev.mangrove.adapter.security;

import dev.mangrove.application.port.out.SignedToken;
import dev.mangrove.domain.error.ErrorKind;
import dev.mangrove.domain.error.MangroveException;
import dev.mangrove.domain.security.Principal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JwtTokenServiceTest {
    private static final byte[] SECRET = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8);
    private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    @TempDir
    Path dir;

    private static JwtTokenService hs256() {
        return JwtTokenService.create(JwtSettings.hs256(SECRET, Duration.ofMinutes(15)), CLOCK);
    }

    private static JwtSettings jwks(String algorithm, Path file, Optional<String> issuer, Optional<String> audience) {
        return new JwtSettings(algorithm, Optional.empty(), Optional.of(file), Optional.empty(), issuer, audience,
                "sub", "roles", Duration.ofMinutes(15), Duration.ofSeconds(30));
    }

    private static void assertInvalid(JwtTokenService service, String token, String detailPart) {
        MangroveException e = assertThrows(MangroveException.class, () -> service.verify(token));
        assertEquals(ErrorKind.UNAUTHORIZED, e.kind());
        assertEquals("invalid-token", e.code());
        assertTrue(e.detail().contains(detailPart), e.detail());
    }

    @Test
    void issuedTokensVerifyWithUserAndRoles() {
        JwtTokenService service = hs256();
        SignedToken token = service.issue(new Principal("bob", List.of("reader", "writer")));
        assertEquals(Duration.ofMinutes(15), token.expiresIn());
        assertEquals(new Principal("bob", List.of("reader", "writer")), service.verify(token.token()));
    }

    @Test
    void aTamperedSignatureOrPayloadIsRefused() {
        JwtTokenService service = hs256();
        String token = service.issue(new Principal("bob", List.of("reader"))).token();
        String[] parts = token.split("\\.");
        char last = parts[2].charAt(0);
        String badSignature = parts[0] + "." + parts[1] + "." + (last == 'A' ? 'B' : 'A') + parts[2].substring(1);
        assertInvalid(service, badSignature, "signature");
        String admin = B64.encodeToString(("{\"sub\":\"bob\",\"roles\":[\"admin\"],\"exp\":" + (NOW.getEpochSecond() + 600)
                + "}").getBytes(StandardCharsets.UTF_8));
        assertInvalid(service, parts[0] + "." + admin + "." + parts[2], "signature");
    }

    @Test
    void aTokenSignedWithAnotherSecretIsRefused() {
        byte[] other = "another-secret-of-thirty-two-bytes!!".getBytes(StandardCharsets.UTF_8);
        String token = JwtTokenService.create(JwtSettings.hs256(other, Duration.ofMinutes(5)), CLOCK)
                .issue(new Principal("bob", List.of())).token();
        assertInvalid(hs256(), token, "signature");
    }

    @Test
    void expiredAndNotYetValidTokensAreRefusedBeyondTheSkew() {
        JwtTokenService service = hs256();
        assertInvalid(service, hmac("{\"alg\":\"HS256\",\"typ\":\"JWT\"}", claims(NOW.minusSeconds(31), null)), "expired");
        assertEquals("bob", service.verify(hmac("{\"alg\":\"HS256\"}", claims(NOW.minusSeconds(10), null))).username());
        assertInvalid(service, hmac("{\"alg\":\"HS256\"}", claims(NOW.plusSeconds(600), NOW.plusSeconds(120))),
                "not valid yet");
        assertInvalid(service, hmac("{\"alg\":\"HS256\"}", "{\"sub\":\"bob\"}"), "no expiry");
    }

    @Test
    void algNoneIsRefused() {
        String header = B64.encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        String payload = B64.encodeToString(claims(NOW.plusSeconds(600), null).getBytes(StandardCharsets.UTF_8));
        assertInvalid(hs256(), header + "." + payload + ".", "algorithm");
        assertInvalid(hs256(), header + "." + payload, "");
    }

    @Test
    void criticalHeaderExtensionsAreRefused() {
        JwtTokenService service = hs256();
        String claims = claims(NOW.plusSeconds(600), null);
        assertEquals("bob", service.verify(hmac("{\"alg\":\"HS256\",\"typ\":\"JWT\"}", claims)).username());
        assertInvalid(service, hmac("{\"alg\":\"HS256\",\"crit\":[\"exp\"],\"exp\":1}", claims), "crit");
        assertInvalid(service, hmac("{\"alg\":\"HS256\",\"b64\":false,\"crit\":[\"b64\"]}", claims), "crit");
        assertInvalid(service, hmac("{\"alg\":\"HS256\",\"crit\":[]}", claims), "crit");
    }

    @Test
    void malformedTokensAreRefused() {
        assertInvalid(hs256(), "not-a-jwt", "well-formed");
        assertInvalid(hs256(), "", "empty");
        assertInvalid(hs256(), "a.b.c", "");
    }

    @Test
    void rs256FromAJwksFileAndHsRsConfusionIsRefused() throws Exception {
        KeyPair rsa = KeyPairGenerator.getInstance("RSA").generateKeyPair();
        RSAPublicKey pub = (RSAPublicKey) rsa.getPublic();
        Path file = dir.resolve("jwks.json");
        Files.writeString(file, "{\"keys\":[{\"kty\":\"RSA\",\"kid\":\"k1\",\"alg\":\"RS256\",\"use\":\"sig\",\"n\":\""
                + B64.encodeToString(unsigned(pub.getModulus())) + "\",\"e\":\""
                + B64.encodeToString(unsigned(pub.getPublicExponent())) + "\"}]}");
        JwtTokenService service = JwtTokenService.create(jwks("RS256", file, Optional.empty(), Optional.empty()), CLOCK);
        String payload = "{\"sub\":\"carol\",\"roles\":[\"reader\"],\"exp\":" + (NOW.getEpochSecond() + 600) + "}";
        String good = sign("{\"alg\":\"RS256\",\"kid\":\"k1\"}", payload, "SHA256withRSA", rsa.getPrivate());
        assertEquals(new Principal("carol", List.of("reader")), service.verify(good));
        // the classic confusion: HS256 "signed" with the RSA public key as the HMAC secret
        String confused = hmacWith("{\"alg\":\"HS256\",\"kid\":\"k1\"}", payload, pub.getEncoded());
        assertInvalid(service, confused, "algorithm");
        // and an RS256 token at an HS256 server
        assertInvalid(hs256(), good, "algorithm");
        // the signing part is refused: this server only verifies
        assertThrows(MangroveException.class, () -> service.issue(new Principal("x", List.of())));
        assertTrue(!service.canIssue());
    }

    @Test
    void aRotatedKeySetIsReadOnAnUnknownKidAtMostEveryTenSecondsAndOnTheSchedule() throws Exception {
        List<KeyPair> pairs = List.of(KeyPairGenerator.getInstance("RSA").generateKeyPair(),
                KeyPairGenerator.getInstance("RSA").generateKeyPair(), KeyPairGenerator.getInstance("RSA").generateKeyPair());
        Path file = dir.resolve("jwks.json");
        Files.writeString(file, rsaSet(pairs.subList(0, 1)));
        JwtTokenService service = JwtTokenService.create(jwks("RS256", file, Optional.empty(), Optional.empty()), CLOCK);
        String payload = "{\"sub\":\"carol\",\"roles\":[\"reader\"],\"exp\":" + (NOW.getEpochSecond() + 600) + "}";
        String k2 = sign("{\"alg\":\"RS256\",\"kid\":\"k2\"}", payload, "SHA256withRSA", pairs.get(1).getPrivate());
        String k3 = sign("{\"alg\":\"RS256\",\"kid\":\"k3\"}", payload, "SHA256withRSA", pairs.get(2).getPrivate());

        Files.writeString(file, rsaSet(pairs.subList(0, 2)));           // the provider rotates in k2
        assertEquals("carol", service.verify(k2).username(), "an unknown kid reads the set again");
        Files.writeString(file, rsaSet(pairs));                          // and k3, within ten seconds
        assertInvalid(service, k3, "unknown key");                        // rate-limited: the clock stands still
        service.refreshKeys();                                            // what the schedule does
        assertEquals("carol", service.verify(k3).username());
        Files.writeString(file, "not json");
        service.refreshKeys();                                            // a broken set keeps the one in force
        assertEquals("carol", service.verify(k3).username());
    }

    private static String rsaSet(List<KeyPair> pairs) {
        StringBuilder out = new StringBuilder("{\"keys\":[");
        for (int i = 0; i < pairs.size(); i++) {
            RSAPublicKey pub = (RSAPublicKey) pairs.get(i).getPublic();
            out.append(i == 0 ? "" : ",").append("{\"kty\":\"RSA\",\"kid\":\"k").append(i + 1)
                    .append("\",\"alg\":\"RS256\",\"use\":\"sig\",\"n\":\"").append(B64.encodeToString(unsigned(pub.getModulus())))
                    .append("\",\"e\":\"").append(B64.encodeToString(unsigned(pub.getPublicExponent()))).append("\"}");
        }
        return out.append("]}").toString();
    }

    @Test
    void es256FromAJwksFile() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair ec = generator.generateKeyPair();
        ECPublicKey pub = (ECPublicKey) ec.getPublic();
        Path file = dir.resolve("ec.json");
        Files.writeString(file, "{\"keys\":[{\"kty\":\"EC\",\"kid\":\"e1\",\"alg\":\"ES256\",\"crv\":\"P-256\",\"x\":\""
                + B64.encodeToString(fixed(pub.getW().getAffineX(), 32)) + "\",\"y\":\""
                + B64.encodeToString(fixed(pub.getW().getAffineY(), 32)) + "\"}]}");
        JwtTokenService service = JwtTokenService.create(jwks("ES256", file, Optional.empty(), Optional.empty()), CLOCK);
        String payload = "{\"sub\":\"dave\",\"roles\":\"writer\",\"exp\":" + (NOW.getEpochSecond() + 600) + "}";
        String good = sign("{\"alg\":\"ES256\",\"kid\":\"e1\"}", payload, "SHA256withECDSAinP1363Format", ec.getPrivate());
        assertEquals(new Principal("dave", List.of("writer")), service.verify(good));
        KeyPair other = generator.generateKeyPair();
        assertInvalid(service, sign("{\"alg\":\"ES256\",\"kid\":\"e1\"}", payload, "SHA256withECDSAinP1363Format",
                other.getPrivate()), "signature");
    }

    @Test
    void issuerAndAudienceAreCheckedWhenConfigured() {
        JwtSettings settings = new JwtSettings("HS256", Optional.of(SECRET), Optional.empty(), Optional.empty(),
                Optional.of("https://mangrove.example"), Optional.of("mangrove-api"), "sub", "roles",
                Duration.ofMinutes(5), Duration.ofSeconds(30));
        JwtTokenService service = JwtTokenService.create(settings, CLOCK);
        String issued = service.issue(new Principal("bob", List.of("reader"))).token();
        assertEquals("bob", service.verify(issued).username());
        long exp = NOW.getEpochSecond() + 600;
        assertInvalid(service, hmac("{\"alg\":\"HS256\"}", "{\"sub\":\"bob\",\"exp\":" + exp
                + ",\"iss\":\"https://evil.example\",\"aud\":\"mangrove-api\"}"), "issuer");
        assertInvalid(service, hmac("{\"alg\":\"HS256\"}", "{\"sub\":\"bob\",\"exp\":" + exp
                + ",\"iss\":\"https://mangrove.example\",\"aud\":\"other-api\"}"), "aud");
        assertInvalid(service, hmac("{\"alg\":\"HS256\"}", "{\"sub\":\"bob\",\"exp\":" + exp
                + ",\"iss\":\"https://mangrove.example\"}"), "aud");
    }

    @Test
    void missingRolesClaimMeansNoRolesAndAWrongTypeIsRefused() {
        JwtTokenService service = hs256();
        long exp = NOW.getEpochSecond() + 600;
        assertEquals(new Principal("bob", List.of()), service.verify(hmac("{\"alg\":\"HS256\"}",
                "{\"sub\":\"bob\",\"exp\":" + exp + "}")));
        assertInvalid(service, hmac("{\"alg\":\"HS256\"}", "{\"sub\":\"bob\",\"roles\":42,\"exp\":" + exp + "}"), "roles");
        assertInvalid(service, hmac("{\"alg\":\"HS256\"}", "{\"roles\":[\"admin\"],\"exp\":" + exp + "}"), "names no user");
    }

    @Test
    void configuredClaimsAndNestedRoles() {
        JwtSettings settings = new JwtSettings("HS256", Optional.of(SECRET), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), "preferred_username", "realm_access.roles",
                Duration.ofMinutes(5), Duration.ofSeconds(30));
        JwtTokenService service = JwtTokenService.create(settings, CLOCK);
        String token = hmac("{\"alg\":\"HS256\"}", "{\"sub\":\"uuid-1\",\"preferred_username\":\"erin\","
                + "\"realm_access\":{\"roles\":[\"author\"]},\"exp\":" + (NOW.getEpochSecond() + 600) + "}");
        assertEquals(new Principal("erin", List.of("author")), service.verify(token));
    }

    @Test
    void shortSecretsAndMissingKeySetsAreRefusedAtCreation() {
        assertThrows(IllegalArgumentException.class, () -> JwtTokenService.create(
                JwtSettings.hs256("short".getBytes(StandardCharsets.UTF_8), Duration.ofMinutes(5)), CLOCK));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> JwtTokenService.create(
                jwks("RS256", dir.resolve("missing.json"), Optional.empty(), Optional.empty()), CLOCK));
        assertTrue(e.getMessage().contains("missing.json"));
    }

    private static String claims(Instant exp, Instant nbf) {
        return "{\"sub\":\"bob\",\"roles\":[\"reader\"],\"exp\":" + exp.getEpochSecond()
                + (nbf == null ? "" : ",\"nbf\":" + nbf.getEpochSecond()) + "}";
    }

    private static String hmac(String header, String payload) {
        return hmacWith(header, payload, SECRET);
    }

    private static String hmacWith(String header, String payload, byte[] key) {
        try {
            String input = B64.encodeToString(header.getBytes(StandardCharsets.UTF_8)) + "."
                    + B64.encodeToString(payload.getBytes(StandardCharsets.UTF_8));
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return input + "." + B64.encodeToString(mac.doFinal(input.getBytes(StandardCharsets.US_ASCII)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String sign(String header, String payload, String algorithm, PrivateKey key) throws Exception {
        String input = B64.encodeToString(header.getBytes(StandardCharsets.UTF_8)) + "."
                + B64.encodeToString(payload.getBytes(StandardCharsets.UTF_8));
        Signature signature = Signature.getInstance(algorithm);
        signature.initSign(key);
        signature.update(input.getBytes(StandardCharsets.US_ASCII));
        return input + "." + B64.encodeToString(signature.sign());
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
