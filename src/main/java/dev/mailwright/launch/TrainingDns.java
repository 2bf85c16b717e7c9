package dev.mailwright.launch;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.PTRRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.ReverseMap;
import org.xbill.DNS.Section;
import org.xbill.DNS.TXTRecord;

/**
 * The training run's DNS server, on a free loopback UDP port: SPF and DMARC records for the workload's sender domains
 * (most of them pass, one fails SPF under {@code p=none}, so both outcomes' paths are trained and every message is
 * still delivered) and the loopback address's reverse name, so the MX's inbound checks take the paths real mail
 * takes instead of failing at the first query. Anything else is NXDOMAIN. Answers only what it is asked over
 * loopback, from a fixed table.
 */
final class TrainingDns implements AutoCloseable {
    static final int SENDER_DOMAINS = 13;
    private static final long TTL = 3600;

    private final DatagramSocket socket;
    private final List<Record> records;

    TrainingDns() throws IOException {
        records = table();
        socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        Thread.ofPlatform().daemon().name("training-dns").start(this::serve);
    }

    /** The sender domain of the workload's {@code n}-th domain. */
    static String senderDomain(int n) {
        return "sender" + n + ".example.net";
    }

    int port() {
        return socket.getLocalPort();
    }

    private static List<Record> table() throws IOException {
        List<Record> table = new ArrayList<>();
        for (int n = 0; n < SENDER_DOMAINS; n++) {
            Name domain = Name.fromString(senderDomain(n) + ".");
            String spf = n == SENDER_DOMAINS - 1 ? "v=spf1 ip4:192.0.2.1 -all" : "v=spf1 ip4:127.0.0.0/8 -all";
            table.add(new TXTRecord(domain, DClass.IN, TTL, spf));
            table.add(new TXTRecord(Name.fromString("_dmarc." + senderDomain(n) + "."), DClass.IN, TTL, "v=DMARC1; p=none"));
        }
        InetAddress loopback = InetAddress.getByAddress("localhost", new byte[] {127, 0, 0, 1});
        table.add(new PTRRecord(ReverseMap.fromAddress(loopback), DClass.IN, TTL, Name.fromString("localhost.")));
        table.add(new ARecord(Name.fromString("localhost."), DClass.IN, TTL, loopback));
        return List.copyOf(table);
    }

    private void serve() {
        byte[] buffer = new byte[4096];
        while (!socket.isClosed()) {
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            try {
                socket.receive(packet);
            } catch (IOException closed) {
                return;
            }
            try {
                byte[] answer = answer(new Message(Arrays.copyOf(packet.getData(), packet.getLength()))).toWire(512);
                socket.send(new DatagramPacket(answer, answer.length, packet.getSocketAddress()));
            } catch (IOException | RuntimeException malformed) {
                // not a query we can read: no answer, the resolver's time-out applies
            }
        }
    }

    private Message answer(Message query) {
        Message response = new Message(query.getHeader().getID());
        response.getHeader().setFlag(Flags.QR);
        response.getHeader().setFlag(Flags.AA);
        Record question = query.getQuestion();
        if (question == null) {
            response.getHeader().setRcode(Rcode.FORMERR);
            return response;
        }
        response.addRecord(question, Section.QUESTION);
        boolean known = false;
        for (Record record : records) {
            if (record.getName().equals(question.getName())) {
                known = true;
                if (record.getType() == question.getType()) {
                    response.addRecord(record, Section.ANSWER);
                }
            }
        }
        if (!known) {
            response.getHeader().setRcode(Rcode.NXDOMAIN);
        }
        return response;
    }

    @Override
    public void close() {
        socket.close();
    }
}
