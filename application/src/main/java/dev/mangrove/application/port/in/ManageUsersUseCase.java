package dev.mangrove.application.port.in;

import java.util.List;
import java.util.Optional;

/**
 * Creates, changes, disables, deletes and lists users of the realm (CLI {@code createuser}, {@code passwd},
 * {@code disableuser}, {@code enableuser}, {@code deleteuser}, {@code listusers}; first-start {@code admin};
 * docs/security.md#users). Every change is logged (never a password or hash) on the logger
 * {@link #AUDIT_LOGGER}, and sets the user's {@code tokensValidAfter} so tokens issued before it are
 * refused on every instance.
 */
public interface ManageUsersUseCase {
    /** The logger every change of a user is written to. */
    String AUDIT_LOGGER = "dev.mangrove.audit";

    /**
     * Creates the user, or replaces its password and roles when it exists.
     *
     * @throws dev.mangrove.domain.error.MangroveException 400 for an empty name or password, 501
     *         when the realm is read-only (the file realm)
     */
    void saveUser(String username, String password, List<String> roles);

    /**
     * Replaces the password of an existing user, keeping its roles and state.
     *
     * @throws dev.mangrove.domain.error.MangroveException 400 for an empty password, 404 when there is
     *         no such user, 501 when the realm is read-only
     */
    void changePassword(String username, String password);

    /**
     * Disables (no login, its tokens refused) or enables the user; tokens issued before stay refused.
     *
     * @throws dev.mangrove.domain.error.MangroveException 404 when there is no such user, 501 when the
     *         realm is read-only
     */
    void setDisabled(String username, boolean disabled);

    /**
     * Deletes the user: its remembered passwords and tokens stop working.
     *
     * @throws dev.mangrove.domain.error.MangroveException 404 when there is no such user, 501 when the
     *         realm is read-only
     */
    void deleteUser(String username);

    /** Every user with its roles and state, by name (never a hash). */
    List<UserSummary> listUsers();

    /**
     * Creates a new user (the HTTP API's {@code POST /_users}; docs/security.md#user-management-api).
     *
     * @throws dev.mangrove.domain.error.MangroveException 400 for an invalid name, a password shorter than
     *         {@link #MIN_PASSWORD_LENGTH} or roles that are not non-empty strings; 409 when the name is taken;
     *         501 when the realm is read-only
     */
    UserSummary createUser(String username, String password, List<String> roles);

    /** The user named {@code username}, if there is one (never a hash). */
    Optional<UserSummary> findUser(String username);

    /**
     * Applies a change to an existing user, all of it or nothing (the HTTP API's {@code PATCH /_users/{name}}).
     * A rename moves the user to the new name: the old name's passwords and tokens stop working.
     *
     * @return the user as it is now
     * @throws dev.mangrove.domain.error.MangroveException 400 for bad values, 404 when there is no such user,
     *         409 when the new name is taken, 501 when the realm is read-only
     */
    UserSummary updateUser(String username, UserChange change);

    /** The shortest password {@link #createUser} and {@link #updateUser} accept. */
    int MIN_PASSWORD_LENGTH = 8;

    /**
     * What {@link #updateUser} changes; a {@code null} component is left as it is.
     *
     * @param password the new password
     * @param roles    the new roles (replacing the old ones)
     * @param disabled whether the user is disabled
     * @param newName  the new name (a rename)
     */
    record UserChange(String password, List<String> roles, Boolean disabled, String newName) {
        public UserChange {
            roles = roles == null ? null : List.copyOf(roles);
        }

        /** Whether nothing would change. */
        public boolean isEmpty() {
            return password == null && roles == null && disabled == null && newName == null;
        }

        /** Never shows the password. */
        @Override
        public String toString() {
            return "UserChange[password=" + (password == null ? "unchanged" : "new") + ", roles=" + roles
                    + ", disabled=" + disabled + ", newName=" + newName + "]";
        }
    }

    /**
     * A user as {@link #listUsers} shows it.
     *
     * @param created when it was created ({@link java.time.Instant#EPOCH}: not known, e.g. written by hand)
     */
    record UserSummary(String username, List<String> roles, boolean disabled, java.time.Instant created) {
        public UserSummary {
            roles = List.copyOf(roles);
            java.util.Objects.requireNonNull(created, "created");
        }

        /** A user whose creation time is not known. */
        public UserSummary(String username, List<String> roles, boolean disabled) {
            this(username, roles, disabled, java.time.Instant.EPOCH);
        }
    }

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
