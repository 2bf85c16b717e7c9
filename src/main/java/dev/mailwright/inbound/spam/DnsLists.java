package dev.mailwright.inbound.spam;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import dev.mailwright.dns.DnsResolver;

/**
 * DNS block and allow lists (RFC 5782): the client's address, reversed, under each zone; an answer in 127.0.0.0/8
 * means listed. 127.255.255.0/24 is what list operators answer to refused or over-quota queries, never a listing.
 */
final class DnsLists {
    private final DnsResolver resolver;
    private final List<String> blockZones;
    private final List<String> allowZones;

    DnsLists(DnsResolver resolver, List<String> blockZones, List<String> allowZones) {
        this.resolver = resolver;
        this.blockZones = blockZones;
        this.allowZones = allowZones;
    }

    boolean enabled() {
        return !blockZones.isEmpty() || !allowZones.isEmpty();
    }

    /** The first allow-list zone that lists the client. */
    Optional<String> allowedBy(InetAddress client) {
        return firstListing(client, allowZones);
    }

    /** The first block-list zone that lists the client; a zone that does not answer lists nobody. */
    Optional<String> blockedBy(InetAddress client) {
        return firstListing(client, blockZones);
    }

    private Optional<String> firstListing(InetAddress client, List<String> zones) {
        String reversed = reversed(client);
        for (String zone : zones) {
            // a list that does not answer (temporary error) lists nobody: it must not stop mail
            if (resolver.a(reversed + "." + zone).recordsOrEmpty().stream().anyMatch(DnsLists::isListing)) {
                return Optional.of(zone);
            }
        }
        return Optional.empty();
    }

    private static boolean isListing(InetAddress answer) {
        byte[] a = answer.getAddress();
        return a.length == 4 && a[0] == 127 && !(a[1] == (byte) 255 && a[2] == (byte) 255);
    }

    /** {@code 192.0.2.1} → {@code 1.2.0.192}; IPv6 as 32 reversed nibbles. */
    static String reversed(InetAddress client) {
        byte[] bytes = client.getAddress();
        StringBuilder sb = new StringBuilder();
        if (client instanceof Inet4Address) {
            for (int i = bytes.length - 1; i >= 0; i--) {
                sb.append(bytes[i] & 0xff).append(i == 0 ? "" : ".");
            }
            return sb.toString();
        }
        String hex = HexFormat.of().formatHex(bytes);
        for (int i = hex.length() - 1; i >= 0; i--) {
            sb.append(hex.charAt(i)).append(i == 0 ? "" : ".");
        }
        return sb.toString();
    }
}
