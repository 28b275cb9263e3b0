package dev.mangrove.application.port.in;

import java.util.Objects;

/** What a client presented to prove who it is (docs/security.md). */
public sealed interface Credentials {
    /** A user name and password (HTTP Basic, or the login endpoint's body). */
    record Password(String username, String password) implements Credentials {
        public Password {
            Objects.requireNonNull(username, "username");
            Objects.requireNonNull(password, "password");
        }

        /** Never shows the password. */
        @Override
        public String toString() {
            return "Password[username=" + username + "]";
        }
    }

    /** A bearer token (a JWT). */
    record Token(String token) implements Credentials {
        public Token {
            Objects.requireNonNull(token, "token");
        }

        /** Never shows the token. */
        @Override
        public String toString() {
            return "Token[…]";
        }
    }

    /** An API key (header {@code apiKey}, {@code api-key} or {@code X-API-Key}; docs/security.md#api-keys). */
    record ApiKey(String key) implements Credentials {
        public ApiKey {
            Objects.requireNonNull(key, "key");
        }

        /** Never shows the key. */
        @Override
        public String toString() {
            return "ApiKey[…]";
        }
    }
}
