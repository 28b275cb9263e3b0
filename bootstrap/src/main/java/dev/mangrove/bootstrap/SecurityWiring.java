package dev.mangrove.bootstrap;

import dev.mangrove.adapter.http.HttpSecurity;
import dev.mangrove.adapter.mongo.MongoBackend;
import dev.mangrove.adapter.security.BcryptPasswordHasher;
import dev.mangrove.adapter.security.FileUserRealm;
import dev.mangrove.adapter.security.JwtTokenService;
import dev.mangrove.application.port.in.AuthorizeUseCase;
import dev.mangrove.application.port.in.ManageUsersUseCase;
import dev.mangrove.application.port.out.PasswordHasher;
import dev.mangrove.application.port.out.TokenService;
import dev.mangrove.application.port.out.UserRealm;
import dev.mangrove.application.service.AuthenticationService;
import dev.mangrove.domain.error.MangroveException;

import java.io.PrintStream;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/** Wires authentication (docs/security.md): realm, hasher, tokens, the service, and the first-start admin. */
final class SecurityWiring {
    /** The user created on first start, and its role. */
    static final String ADMIN = "admin";
    private static final System.Logger LOG = System.getLogger(SecurityWiring.class.getName());

    private SecurityWiring() {
    }

    /**
     * The authentication service over the configured realm; a key set from a file or URL is read again every
     * {@link JwtTokenService#JWKS_REFRESH} until the handle added to {@code resources} is closed.
     */
    static AuthenticationService service(SecuritySettings settings, MongoBackend mongo, List<AutoCloseable> resources) {
        PasswordHasher hasher = new BcryptPasswordHasher(settings.bcryptCost());
        Optional<JwtTokenService> tokens = tokens(settings);
        tokens.ifPresent(service -> resources.add(service.refreshKeysEvery(JwtTokenService.JWKS_REFRESH)));
        return new AuthenticationService(realm(settings, mongo, hasher), hasher, tokens.map(TokenService.class::cast),
                settings.policy(), mongo.failureCounters(settings.failureCounters()),
                Optional.of(mongo.apiKeys(settings.apiKeys())), Clock.systemUTC());
    }

    /**
     * The service for managing users and API keys only (the CLI): no tokens, so no key set is read; the keys
     * when a backend ({@code mongo} not null) is given.
     */
    static AuthenticationService userManagement(SecuritySettings settings, MongoBackend mongo) {
        PasswordHasher hasher = new BcryptPasswordHasher(settings.bcryptCost());
        return new AuthenticationService(realm(settings, mongo, hasher), hasher, Optional.empty(), settings.policy(),
                Optional.ofNullable(mongo).map(m -> m.apiKeys(settings.apiKeys())), Clock.systemUTC());
    }

    private static UserRealm realm(SecuritySettings settings, MongoBackend mongo, PasswordHasher hasher) {
        if (settings.realm().equals("mongo")) {
            return mongo.users(settings.usersDb(), settings.usersCollection());
        }
        FileUserRealm realm;
        try {
            realm = FileUserRealm.create(settings.users(), hasher);
        } catch (IllegalArgumentException e) {
            String message = e.getMessage();
            int colon = message.indexOf(": ");
            throw new ConfigurationException(SecuritySettings.PREFIX + "users." + message.substring(0, Math.max(0, colon)),
                    message.substring(colon + 2));
        }
        if (!realm.plainPasswordUsers().isEmpty()) {
            LOG.log(System.Logger.Level.WARNING, "mangrove.security.users: plain-text passwords for "
                    + realm.plainPasswordUsers() + " (development only; use {bcrypt}$2a$… hashes, e.g. from createuser)");
        }
        if (realm.count() == 0) {
            LOG.log(System.Logger.Level.WARNING, "The file realm has no users (mangrove.security.users): nobody can log in");
        }
        return realm;
    }

    private static Optional<JwtTokenService> tokens(SecuritySettings settings) {
        return settings.jwt().map(jwt -> {
            try {
                return JwtTokenService.create(jwt, Clock.systemUTC());
            } catch (IllegalArgumentException e) {
                String key = jwt.jwksFile().isPresent() ? "jwks-file" : jwt.jwksUrl().isPresent() ? "jwks-url" : "secret";
                throw new ConfigurationException(SecuritySettings.PREFIX + "jwt." + key, e.getMessage());
            }
        });
    }

    /** The HTTP adapter's view of authentication and access control. */
    static HttpSecurity http(SecuritySettings settings, AuthenticationService service, AuthorizeUseCase authorize) {
        return new HttpSecurity(service, service, authorize, settings.basic(), settings.jwt().isPresent(), "mangrove",
                settings.trustedProxies(), Optional.of(service), Optional.of(service));
    }

    /**
     * On first start with an empty (writable) realm, creates {@code admin} with the root role; a generated password is
     * printed once on {@code out}, never logged. A backend that cannot be reached postpones it to the
     * next start.
     */
    static void bootstrapAdmin(SecuritySettings settings, String rootRole, AuthenticationService service,
                               PrintStream out) {
        try {
            ManageUsersUseCase.AdminBootstrap result = service.bootstrapAdmin(ADMIN, rootRole, settings.adminPassword());
            if (result.generatedPassword().isPresent()) {
                out.println("Created user 'admin' (role " + rootRole + ") with the generated password: "
                        + result.generatedPassword().get());
                out.println("This password is shown only now. Change it with: java -jar mangrove.jar passwd admin");
                out.flush();
                LOG.log(System.Logger.Level.INFO, "Created user 'admin' with a generated password (printed on stdout)");
            } else if (result.createdElsewhere()) {
                out.println("User 'admin' was created at the same time by another instance on this backend; its"
                        + " password was printed there (or is MANGROVE_ADMIN_PASSWORD), not here.");
                out.flush();
                LOG.log(System.Logger.Level.INFO, "User 'admin' was created by another instance starting at the same"
                        + " time; no password generated here");
            } else if (result.created()) {
                LOG.log(System.Logger.Level.INFO, "Created user 'admin' (role " + rootRole + ") with MANGROVE_ADMIN_PASSWORD");
            }
        } catch (MangroveException e) {
            LOG.log(System.Logger.Level.WARNING, "Could not check the user realm for the first-start admin ("
                    + e.code() + "); retried at the next start");
        }
    }
}
