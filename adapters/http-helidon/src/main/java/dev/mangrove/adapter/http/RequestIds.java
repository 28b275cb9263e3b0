package dev.mangrove.adapter.http;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;

/** Request ids: echoed when a client sends a sane one, else generated. */
final class RequestIds {
    private static final int MAX_LENGTH = 128;
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.ISO_8859_1);

    private RequestIds() {
    }

    /** 32 lower-case hexadecimal digits, written into one array (two {@code Long.toHexString} and a concatenation made three strings). */
    static String generate() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        byte[] digits = new byte[32];
        hex(random.nextLong() | Long.MIN_VALUE, digits, 0);
        hex(random.nextLong() | Long.MIN_VALUE, digits, 16);
        return new String(digits, StandardCharsets.ISO_8859_1);
    }

    private static void hex(long value, byte[] into, int offset) {
        for (int i = offset + 15; i >= offset; i--) {
            into[i] = HEX[(int) (value & 0xf)];
            value >>>= 4;
        }
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
