package dev.mangrove.bootstrap;

import java.util.logging.LogManager;

/**
 * The JUL log manager of the server process: the JDK resets (closes) every log handler from its own
 * shutdown hook, at the same time as Mangrove's graceful stop runs, which would lose the access-log lines
 * of the requests finishing during the stop. Once the server runs, this manager puts that reset off until
 * Mangrove has stopped.
 */
public final class ShutdownLogManager extends LogManager {
    private static volatile boolean deferring;

    /** Created by the JDK when {@code java.util.logging.manager} names this class. */
    public ShutdownLogManager() {
        super();
    }

    /** From now on a reset waits for {@link #resetNow()} (the server is running). */
    static void deferResets() {
        deferring = true;
    }

    /** Resets logging now (the server has stopped). */
    static void resetNow() {
        deferring = false;
        if (LogManager.getLogManager() instanceof ShutdownLogManager manager) {
            manager.reset();
        }
    }

    @Override
    public void reset() {
        if (!deferring) {
            super.reset();
        }
    }
}
