package dev.mangrove.adapter.http;

import java.util.concurrent.ThreadLocalRandom;

/** Request ids: echoed when a client sends a sane one, else generated. */
final class RequestIds {
    private static final int MAX_LENGTH = 128;

    private RequestIds() {
    }

    static String generate() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return Long.toHexString(random.nextLong() | Long.MIN_VALUE) + Long.toHexString(random.nextLong() | Long.MIN_VALUE);
    }

    /** The client's id if it is printable ASCII without spaces and not too long; else a new one. */
    static String accept(String fromClient) {
        if (fromClient == null || fromClient.isEmpty() || fromClient.length() > MAX_LENGTH) {
            return generate();
        }
        for (int i = 0; i < fromClient.length(); i++) {
            char c = fromClient.charAt(i);
            if (c <= 0x20 || c >= 0x7f) {
                return generate();
            }
        }
        return fromClient;
    }
}
