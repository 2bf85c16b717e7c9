package dev.mailwright.inbound.ratelimit;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/** A list of CIDR blocks ({@code 127.0.0.0/8}, {@code ::1/128}, or a bare address) and the membership test. */
public final class ClientNetworks {
    private record Block(byte[] prefix, int bits) {
        boolean contains(byte[] address) {
            if (address.length != prefix.length) {
                return false;
            }
            int full = bits / 8;
            for (int i = 0; i < full; i++) {
                if (address[i] != prefix[i]) {
                    return false;
                }
            }
            int rest = bits % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xff << (8 - rest)) & 0xff;
            return (address[full] & mask) == (prefix[full] & mask);
        }
    }

    private final List<Block> blocks;

    private ClientNetworks(List<Block> blocks) {
        this.blocks = blocks;
    }

    /** Throws {@link IllegalArgumentException} naming the entry that is not an address literal or CIDR block. */
    public static ClientNetworks parse(List<String> cidrs) {
        return new ClientNetworks(cidrs.stream().map(String::trim).filter(s -> !s.isEmpty()).map(ClientNetworks::block).toList());
    }

    public boolean contains(InetAddress address) {
        byte[] bytes = address.getAddress();
        return blocks.stream().anyMatch(b -> b.contains(bytes));
    }

    private static Block block(String cidr) {
        int slash = cidr.indexOf('/');
        String host = slash < 0 ? cidr : cidr.substring(0, slash);
        if (!host.matches("[0-9a-fA-F:.]{2,45}")) {   // a literal only: never a name lookup
            throw new IllegalArgumentException("Not a network: " + cidr);
        }
        try {
            byte[] prefix = InetAddress.getByName(host).getAddress();
            int bits = slash < 0 ? prefix.length * 8 : Integer.parseInt(cidr.substring(slash + 1));
            if (bits < 0 || bits > prefix.length * 8) {
                throw new IllegalArgumentException("Bad prefix length: " + cidr);
            }
            return new Block(prefix, bits);
        } catch (UnknownHostException | NumberFormatException e) {
            throw new IllegalArgumentException("Not a network: " + cidr, e);
        }
    }
}
