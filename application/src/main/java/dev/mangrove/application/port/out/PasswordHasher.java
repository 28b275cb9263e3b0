package dev.mangrove.application.port.out;

/** Hashes and checks passwords with a slow, salted function (bcrypt, argon2). */
public interface PasswordHasher {
    /** A new salted hash of {@code password}. */
    String hash(String password);

    /** Whether {@code password} matches {@code hash}; false (never an exception) for an unknown format. */
    boolean verify(String password, String hash);
}
