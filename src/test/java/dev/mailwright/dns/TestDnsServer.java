package dev.mailwright.dns;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Master;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.PTRRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.ReverseMap;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * A small authoritative DNS server for tests: real DNS messages (dnsjava's wire format) over UDP and TCP on one
 * loopback port. It answers from records given in zone-file syntax ({@link #zone}) or one by one ({@link #txt},
 * {@link #a}, ...), and can be changed while it runs. A name with no record at all answers NXDOMAIN, a known name
 * without the asked type NOERROR with no data; both carry an SOA whose minimum is {@link #negativeTtl} (RFC 2308).
 * UDP answers longer than the client's EDNS size (512 without EDNS) are truncated (TC), so clients retry over TCP.
 * {@link #failWith} answers SERVFAIL for a name and {@link #silence} never answers it, to provoke temporary errors.
 *
 * <p>All DNS-using tests use it, with the resolver from {@link #resolver()}: no resolver is mocked.
 */
public final class TestDnsServer implements AutoCloseable {
    private final DatagramSocket udp;
    private final ServerSocket tcp;
    private final List<Record> records = new CopyOnWriteArrayList<>();
    private final Set<Name> failing = ConcurrentHashMap.newKeySet();
    private final Set<Name> silent = ConcurrentHashMap.newKeySet();
    private final Map<String, AtomicInteger> queryCounts = new ConcurrentHashMap<>();
    private final AtomicInteger tcpQueries = new AtomicInteger();
    private volatile long negativeTtl = 60;
    private volatile long defaultTtl = 300;

    public TestDnsServer() throws IOException {
        DatagramSocket boundUdp = null;
        ServerSocket boundTcp = null;
        for (int attempt = 0; boundTcp == null; attempt++) {
            boundUdp = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            try {
                boundTcp = new ServerSocket();
                boundTcp.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), boundUdp.getLocalPort()), 50);
            } catch (BindException e) {
                boundUdp.close();
                boundTcp = null;
                if (attempt > 20) {
                    throw e;
                }
            }
        }
        udp = boundUdp;
        tcp = boundTcp;
        Thread.ofVirtual().name("test-dns-udp").start(this::serveUdp);
        Thread.ofVirtual().name("test-dns-tcp").start(this::serveTcp);
    }

    public int port() {
        return udp.getLocalPort();
    }

    /** {@code 127.0.0.1:port}, the form {@code mailwright.dns.servers} takes. */
    public String address() {
        return "127.0.0.1:" + port();
    }

    /** A resolver of our own asking only this server, with a short time-out and the given cache size. */
    public DnsResolver resolver(int cacheSize, java.time.Duration timeout) {
        return DnsResolver.forServers(List.of(address()),
                new dev.mailwright.config.MailwrightProperties.Dns(List.of(), timeout, cacheSize,
                        java.time.Duration.ofHours(1), java.time.Duration.ofMinutes(15)),
                java.time.Clock.systemUTC());
    }

    public DnsResolver resolver() {
        return resolver(1000, java.time.Duration.ofSeconds(3));
    }

    // ---- the data ----

    /** Records in zone-file syntax ({@code $ORIGIN}, {@code $TTL}, relative names allowed; default origin the root). */
    public TestDnsServer zone(String zoneText) {
        try (Master master = new Master(new ByteArrayInputStream(zoneText.getBytes(StandardCharsets.UTF_8)), Name.root, defaultTtl)) {
            for (Record record = master.nextRecord(); record != null; record = master.nextRecord()) {
                records.add(record);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("bad test zone", e);
        }
        return this;
    }

    /** A TXT record; values longer than 255 octets are split into several character-strings, as publishers do. */
    public TestDnsServer txt(String name, String value) {
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < value.length(); i += 255) {
            parts.add(value.substring(i, Math.min(value.length(), i + 255)));
        }
        records.add(new TXTRecord(name(name), DClass.IN, defaultTtl, parts.isEmpty() ? List.of("") : parts));
        return this;
    }

    public TestDnsServer a(String name, String address) {
        records.add(new ARecord(name(name), DClass.IN, defaultTtl, inet(address)));
        return this;
    }

    public TestDnsServer aaaa(String name, String address) {
        records.add(new AAAARecord(name(name), DClass.IN, defaultTtl, inet(address)));
        return this;
    }

    public TestDnsServer mx(String name, int preference, String host) {
        records.add(new MXRecord(name(name), DClass.IN, defaultTtl, preference, name(host)));
        return this;
    }

    public TestDnsServer ptr(String address, String host) {
        records.add(new PTRRecord(ReverseMap.fromAddress(inet(address)), DClass.IN, defaultTtl, name(host)));
        return this;
    }

    public TestDnsServer cname(String name, String target) {
        records.add(new CNAMERecord(name(name), DClass.IN, defaultTtl, name(target)));
        return this;
    }

    public TestDnsServer record(Record record) {
        records.add(record);
        return this;
    }

    /** Removes every record of this name and type. */
    public TestDnsServer remove(String name, int type) {
        Name n = name(name);
        records.removeIf(r -> r.getName().equals(n) && r.getType() == type);
        return this;
    }

    /** TTL of records added from now on. */
    public TestDnsServer defaultTtl(long seconds) {
        this.defaultTtl = seconds;
        return this;
    }

    /** SOA minimum on NXDOMAIN / no-data answers. */
    public TestDnsServer negativeTtl(long seconds) {
        this.negativeTtl = seconds;
        return this;
    }

    /** Questions about this name get SERVFAIL. */
    public TestDnsServer failWith(String name) {
        failing.add(name(name));
        return this;
    }

    /** Questions about this name get no answer at all (the client times out). */
    public TestDnsServer silence(String name) {
        silent.add(name(name));
        return this;
    }

    /** How many questions of this type about this name arrived (UDP and TCP). */
    public int queries(String name, int type) {
        AtomicInteger count = queryCounts.get(key(name(name), type));
        return count == null ? 0 : count.get();
    }

    public int tcpQueries() {
        return tcpQueries.get();
    }

    // ---- the protocol ----

    private void serveUdp() {
        byte[] buffer = new byte[4096];
        while (!udp.isClosed()) {
            try {
                DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                udp.receive(packet);
                Message query = new Message(Arrays.copyOf(packet.getData(), packet.getLength()));
                Message response = answer(query);
                if (response == null) {
                    continue;
                }
                OPTRecord opt = query.getOPT();
                int limit = opt == null ? 512 : Math.max(512, opt.getPayloadSize());
                byte[] wire = response.toWire(limit);
                udp.send(new DatagramPacket(wire, wire.length, packet.getSocketAddress()));
            } catch (IOException e) {
                if (udp.isClosed()) {
                    return;
                }
            }
        }
    }

    private void serveTcp() {
        while (!tcp.isClosed()) {
            try {
                Socket socket = tcp.accept();
                Thread.ofVirtual().start(() -> serveTcpConnection(socket));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serveTcpConnection(Socket socket) {
        try (socket; DataInputStream in = new DataInputStream(socket.getInputStream());
             DataOutputStream out = new DataOutputStream(socket.getOutputStream())) {
            while (true) {
                int length = in.readUnsignedShort();
                byte[] wire = in.readNBytes(length);
                tcpQueries.incrementAndGet();
                Message response = answer(new Message(wire));
                if (response == null) {
                    continue;
                }
                byte[] answer = response.toWire();
                out.writeShort(answer.length);
                out.write(answer);
                out.flush();
            }
        } catch (IOException e) {
            // the client closed the connection (or sent garbage): this connection is done
        }
    }

    /** The response, or null for a question that gets none. */
    private Message answer(Message query) {
        Record question = query.getQuestion();
        Message response = new Message(query.getHeader().getID());
        response.getHeader().setFlag(Flags.QR);
        response.getHeader().setFlag(Flags.AA);
        response.getHeader().setOpcode(Opcode.QUERY);
        if (query.getHeader().getFlag(Flags.RD)) {
            response.getHeader().setFlag(Flags.RD);
            response.getHeader().setFlag(Flags.RA);
        }
        if (question == null) {
            response.getHeader().setRcode(Rcode.FORMERR);
            return response;
        }
        response.addRecord(question, Section.QUESTION);
        Name name = question.getName();
        queryCounts.computeIfAbsent(key(name, question.getType()), k -> new AtomicInteger()).incrementAndGet();
        if (silent.contains(name)) {
            return null;
        }
        if (failing.contains(name)) {
            response.getHeader().setRcode(Rcode.SERVFAIL);
            return response;
        }
        Name current = name;
        boolean known = false;
        for (int hop = 0; hop < 8; hop++) {
            Name target = null;
            boolean found = false;
            for (Record record : records) {
                if (!record.getName().equals(current)) {
                    continue;
                }
                known = true;
                if (record.getType() == question.getType()) {
                    response.addRecord(record, Section.ANSWER);
                    found = true;
                } else if (record instanceof CNAMERecord cname && question.getType() != Type.CNAME) {
                    response.addRecord(record, Section.ANSWER);
                    target = cname.getTarget();
                }
            }
            if (found || target == null) {
                break;
            }
            current = target;
        }
        if (!known) {
            response.getHeader().setRcode(Rcode.NXDOMAIN);
        }
        if (response.getSection(Section.ANSWER).isEmpty() || !known) {
            response.addRecord(soaFor(current), Section.AUTHORITY);
        }
        return response;
    }

    private SOARecord soaFor(Name name) {
        Name zone = name.labels() > 3 ? new Name(name, name.labels() - 3) : name;
        return new SOARecord(zone, DClass.IN, negativeTtl, name("ns.test"), name("hostmaster.test"), 1, 3600, 600, 86400, negativeTtl);
    }

    private static String key(Name name, int type) {
        return name.toString().toLowerCase(Locale.ROOT) + "/" + Type.string(type);
    }

    private static Name name(String name) {
        try {
            return Name.fromString(name.endsWith(".") ? name : name + ".", Name.root);
        } catch (TextParseException e) {
            throw new IllegalArgumentException(name, e);
        }
    }

    private static InetAddress inet(String address) {
        try {
            return InetAddress.getByName(address);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException(address, e);
        }
    }

    @Override
    public void close() {
        udp.close();
        try {
            tcp.close();
        } catch (IOException ignored) {
            // closing a listening socket: nothing left to release
        }
    }
}
