package dev.mangrove.adapter.http;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TrustedProxiesTest {
    private final TrustedProxies proxies = TrustedProxies.of(List.of("10.0.0.0/8", "192.168.1.7", "fd00::/8"));

    @Test
    void anUntrustedPeersForwardedForIsIgnored() {
        assertEquals("203.0.113.9", proxies.clientAddress("203.0.113.9", List.of("1.2.3.4")));
        assertEquals("203.0.113.9", TrustedProxies.NONE.clientAddress("203.0.113.9", List.of("1.2.3.4")));
    }

    @Test
    void theClientIsTheFirstUntrustedHopFromTheRight() {
        // the client forged the first entry; the load balancer appended the real address
        assertEquals("198.51.100.4", proxies.clientAddress("10.1.2.3", List.of("6.6.6.6, 198.51.100.4")));
        assertEquals("198.51.100.4", proxies.clientAddress("10.1.2.3", List.of("6.6.6.6", "198.51.100.4, 192.168.1.7")));
        assertEquals("2001:db8::1", proxies.clientAddress("fd12::1", List.of("2001:db8::1")));
    }

    @Test
    void withoutAHeaderOrWithGarbageTheLastProvenHopIsTheClient() {
        assertEquals("10.1.2.3", proxies.clientAddress("10.1.2.3", List.of()));
        assertEquals("10.4.4.4", proxies.clientAddress("10.1.2.3", List.of("evil.example, 10.4.4.4")));
    }

    @Test
    void rangesMatchByPrefix() {
        assertTrue(proxies.trusts("10.255.0.1"));
        assertFalse(proxies.trusts("11.0.0.1"));
        assertTrue(proxies.trusts("192.168.1.7"));
        assertFalse(proxies.trusts("192.168.1.8"));
        assertFalse(proxies.trusts("localhost"));
        assertTrue(TrustedProxies.of(List.of("192.168.0.0/23")).trusts("192.168.1.200"));
        assertFalse(TrustedProxies.of(List.of("192.168.0.0/23")).trusts("192.168.2.1"));
    }

    @Test
    void badEntriesAreRefusedByName() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> TrustedProxies.of(List.of("proxy.local")))
                .getMessage().contains("proxy.local"));
        assertThrows(IllegalArgumentException.class, () -> TrustedProxies.of(List.of("10.0.0.0/33")));
    }
}
