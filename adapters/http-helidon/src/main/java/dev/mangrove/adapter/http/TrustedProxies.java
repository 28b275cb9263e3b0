package dev.mangrove.adapter.http;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The reverse proxies and load balancers whose {@code X-Forwarded-For} is believed (docs/security.md#client-addresses):
 * the client address of a request is its peer's, unless the peer is trusted; then it is the first address of
 * {@code X-Forwarded-For}, read from the right, that is not a trusted proxy. A client cannot choose its address
 * by sending the header itself: an untrusted peer's header is ignored.
 */
public final class TrustedProxies {
    /** No proxy is trusted: the peer's address is the client's. */
    public static final TrustedProxies NONE = new TrustedProxies(List.of());
    private static final Pattern LITERAL = Pattern.compile("[0-9A-Fa-f:.]+");

    private final List<Range> ranges;

    private TrustedProxies(List<Range> ranges) {
        this.ranges = List.copyOf(ranges);
    }

    /**
     * The proxies of a list of addresses and CIDR ranges ({@code 10.0.0.0/8}, {@code 192.168.1.7},
     * {@code fd00::/8}).
     *
     * @throws IllegalArgumentException naming the entry that is not an IP address or range
     */
    public static TrustedProxies of(List<String> entries) {
        List<Range> ranges = new ArrayList<>();
        for (String entry : Objects.requireNonNull(entries, "entries")) {
            String text = entry.trim();
            int slash = text.indexOf('/');
            byte[] address = parse(slash < 0 ? text : text.substring(0, slash))
                    .orElseThrow(() -> new IllegalArgumentException("'" + entry + "' is not an IP address or CIDR range"));
            int bits = address.length * 8;
            if (slash >= 0) {
                try {
                    bits = Integer.parseInt(text.substring(slash + 1));
                } catch (NumberFormatException e) {
                    bits = -1;
                }
                if (bits < 0 || bits > address.length * 8) {
                    throw new IllegalArgumentException("'" + entry + "' has an invalid prefix length");
                }
            }
            ranges.add(new Range(address, bits));
        }
        return new TrustedProxies(ranges);
    }

    /** Whether no proxy is trusted. */
    public boolean isEmpty() {
        return ranges.isEmpty();
    }

    /**
     * The client address of a request from {@code peer} carrying {@code forwardedFor} (the values of every
     * {@code X-Forwarded-For} header, in order).
     */
    String clientAddress(String peer, List<String> forwardedFor) {
        if (ranges.isEmpty() || !trusts(peer)) {
            return peer;
        }
        List<String> hops = new ArrayList<>();
        for (String value : forwardedFor) {
            for (String hop : value.split(",")) {
                hops.add(hop.trim());
            }
        }
        String client = peer;
        for (int i = hops.size() - 1; i >= 0; i--) {
            String hop = hops.get(i);
            if (parse(hop).isEmpty()) {
                return client;            // garbage: the last proven hop is the client
            }
            client = hop;
            if (!trusts(hop)) {
                return hop;
            }
        }
        return client;
    }

    boolean trusts(String address) {
        return parse(address).map(bytes -> ranges.stream().anyMatch(r -> r.contains(bytes))).orElse(false);
    }

    /** An IP literal's bytes; never a name lookup. */
    private static java.util.Optional<byte[]> parse(String text) {
        String literal = text.startsWith("[") && text.endsWith("]") ? text.substring(1, text.length() - 1) : text;
        if (literal.isEmpty() || !LITERAL.matcher(literal).matches() || (!literal.contains(":") && !literal.contains("."))) {
            return java.util.Optional.empty();
        }
        try {
            return java.util.Optional.of(InetAddress.getByName(literal).getAddress());
        } catch (UnknownHostException e) {
            return java.util.Optional.empty();
        }
    }

    private record Range(byte[] address, int bits) {
        boolean contains(byte[] other) {
            if (other.length != address.length) {
                return false;
            }
            int full = bits / 8;
            for (int i = 0; i < full; i++) {
                if (other[i] != address[i]) {
                    return false;
                }
            }
            int rest = bits % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xFF << (8 - rest)) & 0xFF;
            return (other[full] & mask) == (address[full] & mask);
        }
    }
}
