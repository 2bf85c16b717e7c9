package dev.mailwright.delivery.route;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;

/**
 * A loopback UDP DNS server answering from a fixed list of records (zone-file syntax); names it has no
 * record for at all answer NXDOMAIN, known names without the asked type answer NOERROR with no data.
 */
final class FakeDnsServer implements AutoCloseable {
    private final DatagramSocket socket;
    private final List<Record> records = new ArrayList<>();
    private final Thread thread;

    FakeDnsServer(Record... records) throws IOException {
        this.records.addAll(List.of(records));
        socket = new DatagramSocket(0, InetAddress.getLoopbackAddress());
        thread = Thread.ofVirtual().start(this::serve);
    }

    int port() {
        return socket.getLocalPort();
    }

    private void serve() {
        byte[] buffer = new byte[512];
        while (!socket.isClosed()) {
            try {
                DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                socket.receive(packet);
                Message query = new Message(java.util.Arrays.copyOf(packet.getData(), packet.getLength()));
                Record question = query.getQuestion();
                Message response = new Message(query.getHeader().getID());
                response.getHeader().setFlag(Flags.QR);
                response.getHeader().setFlag(Flags.AA);
                response.addRecord(question, Section.QUESTION);
                boolean nameKnown = false;
                for (Record r : records) {
                    if (r.getName().equals(question.getName())) {
                        nameKnown = true;
                        if (r.getType() == question.getType()) {
                            response.addRecord(r, Section.ANSWER);
                        }
                    }
                }
                if (!nameKnown) {
                    response.getHeader().setRcode(Rcode.NXDOMAIN);
                }
                byte[] wire = response.toWire();
                socket.send(new DatagramPacket(wire, wire.length, packet.getSocketAddress()));
            } catch (IOException e) {
                return;
            }
        }
    }

    @Override
    public void close() {
        socket.close();
        thread.interrupt();
    }
}
