package dev.mangrove.bootstrap;

/** A configuration value is missing or malformed; start-up stops with this message. */
public final class ConfigurationException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** A bad value for {@code key}, with the expected form. */
    public ConfigurationException(String key, String problem) {
        super("Configuration error: " + key + ": " + problem);
    }
}
