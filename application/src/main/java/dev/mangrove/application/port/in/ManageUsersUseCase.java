package dev.mangrove.application.port.in;

import java.util.List;
import java.util.Optional;

/** Creates users in the realm (CLI {@code createuser}, first-start {@code admin}; docs/security.md). */
public interface ManageUsersUseCase {
    /**
     * Creates the user, or replaces its password and roles when it exists.
     *
     * @throws dev.mangrove.domain.error.MangroveException 400 for an empty name or password, 501
     *         when the realm is read-only (the file realm)
     */
    void saveUser(String username, String password, List<String> roles);

    /**
     * When the realm has no user at all, creates {@code username} with {@code role} and
     * {@code password}, or with a random password, which is returned (the only place it appears). The
     * creation is atomic: of instances starting together on an empty realm, one creates the user and the
     * others report {@link AdminBootstrap#createdElsewhere()}.
     */
    AdminBootstrap bootstrapAdmin(String username, String role, Optional<String> password);

    /**
     * What {@link #bootstrapAdmin} did.
     *
     * @param created           whether the user was created
     * @param generatedPassword the random password, when none was given
     * @param createdElsewhere  whether another instance created it at the same time (nothing created here)
     */
    record AdminBootstrap(boolean created, Optional<String> generatedPassword, boolean createdElsewhere) {
        /** Created here or not needed, not lost to another instance. */
        public AdminBootstrap(boolean created, Optional<String> generatedPassword) {
            this(created, generatedPassword, false);
        }

        /** Never shows the password. */
        @Override
        public String toString() {
            return "AdminBootstrap[created=" + created + ", generated=" + generatedPassword.isPresent()
                    + ", createdElsewhere=" + createdElsewhere + "]";
        }
    }
}
