package dev.mangrove.adapter.security;

import at.favre.lib.crypto.bcrypt.BCrypt;
import dev.mangrove.application.port.out.PasswordHasher;

import java.nio.charset.StandardCharsets;

/** bcrypt ({@code $2a$}, {@code $2b$}, {@code $2y$}) with {@code at.favre.lib:bcrypt}. */
public final class BcryptPasswordHasher implements PasswordHasher {
    /** The default cost (2^10 rounds, about 50–100 ms). */
    public static final int DEFAULT_COST = 10;
    private final int cost;

    /** A hasher creating hashes of this cost (4 to 31). */
    public BcryptPasswordHasher(int cost) {
        if (cost < 4 || cost > 31) {
            throw new IllegalArgumentException("bcrypt cost must be from 4 to 31");
        }
        this.cost = cost;
    }

    @Override
    public String hash(String password) {
        return BCrypt.withDefaults().hashToString(cost, password.toCharArray());
    }

    @Override
    public boolean verify(String password, String hash) {
        if (hash == null || !isBcrypt(hash)) {
            return false;
        }
        try {
            return BCrypt.verifyer().verify(password.getBytes(StandardCharsets.UTF_8),
                    hash.getBytes(StandardCharsets.UTF_8)).verified;
        } catch (RuntimeException e) {
            // a malformed stored hash is a failed check, never an error that could echo the hash
            return false;
        }
    }

    /** Whether {@code hash} looks like a bcrypt hash. */
    public static boolean isBcrypt(String hash) {
        return hash.length() == 60 && (hash.startsWith("$2a$") || hash.startsWith("$2b$") || hash.startsWith("$2y$"));
    }
}
