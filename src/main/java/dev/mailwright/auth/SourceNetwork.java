package dev.mailwright.auth;

import java.net.Inet4Address;
import java.net.InetAddress;

/**
 * The network a client connects from, as the failure throttle counts it: the address cut to a prefix
 * ({@code 192.0.2.0/24}, {@code 2001:db8:1:2::/64} by default), because one attacker usually holds a whole
 * network, and one user's addresses move within one.
 */
record SourceNetwork(int ipv4Prefix, int ipv6Prefix) {

    String of(InetAddress address) {
        if (address == null) {
            return "unknown";
        }
        int prefix = address instanceof Inet4Address ? ipv4Prefix : ipv6Prefix;
        byte[] bytes = address.getAddress();
        for (int bit = prefix; bit < bytes.length * 8; bit++) {
            bytes[bit / 8] &= (byte) ~(0x80 >>> (bit % 8));
        }
        try {
            return InetAddress.getByAddress(bytes).getHostAddress() + "/" + prefix;
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException("an address of " + bytes.length + " bytes", e);
        }
    }
}
