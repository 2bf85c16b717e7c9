package dev.mailwright.crash;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The clients of a crash test, on raw sockets: SMTP connections delivering to the MX port, IMAP connections
 * appending, each writing into the {@link Ledger} what it sent and what the server acknowledged; and the IMAP
 * read-back after a restart.
 */
final class CrashLoad {
    static final String DOMAIN = "crash.test";
    private static final Pattern APPENDUID = Pattern.compile("\\[APPENDUID (\\d+) (\\d+)]");
    private static final Pattern LITERAL = Pattern.compile("\\{(\\d+)}$");
    private static final Pattern UID = Pattern.compile("UID (\\d+)");
    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

    private final String address;
    private final String password;
    private final Ledger ledger;
    private final AtomicInteger sequence = new AtomicInteger();
    private final String run;

    CrashLoad(String address, String password, Ledger ledger) {
        this.address = address;
        this.password = password;
        this.ledger = ledger;
        this.run = Long.toString(System.nanoTime(), 36);
    }

    /** Starts the writers; each runs until its connection breaks (the kill). Returns the threads. */
    List<Thread> start(ChildServer server, int cycle, int smtpConnections, int imapConnections) {
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < smtpConnections; i++) {
            threads.add(Thread.ofVirtual().start(() -> quietly(() -> deliverOverSmtp(server.smtpPort, cycle))));
        }
        for (int i = 0; i < imapConnections; i++) {
            threads.add(Thread.ofVirtual().start(() -> quietly(() -> appendOverImap(server.imapPort, cycle))));
        }
        return threads;
    }

    private interface Work {
        void run() throws IOException;
    }

    private static void quietly(Work work) {
        try {
            work.run();
        } catch (IOException expected) {
            // the server was killed under this connection
        }
    }

    private void deliverOverSmtp(int port, int cycle) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(60_000);
            InputStream in = new BufferedInputStream(socket.getInputStream());
            OutputStream out = socket.getOutputStream();
            expect(in, "220");
            command(out, in, "EHLO crash-client.remote.test", "250");
            while (true) {
                String id = nextId("s", cycle);
                byte[] message = message(id);
                command(out, in, "MAIL FROM:<sender@remote.test>", "250");
                command(out, in, "RCPT TO:<" + address + ">", "250");
                command(out, in, "DATA", "354");
                ledger.sending(id, Ledger.Via.SMTP, message);
                out.write(message);
                out.write(".\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                String reply = reply(in);
                if (reply.startsWith("250")) {
                    ledger.acknowledged(id);
                }
            }
        }
    }

    private void appendOverImap(int port, int cycle) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(60_000);
            InputStream in = new BufferedInputStream(socket.getInputStream());
            OutputStream out = socket.getOutputStream();
            line(in);
            imap(out, in, "l LOGIN " + address + " " + password);
            for (int n = 0; ; n++) {
                String id = nextId("a", cycle);
                byte[] message = message(id);
                send(out, "a" + n + " APPEND INBOX {" + message.length + "}");
                String go = line(in);
                if (!go.startsWith("+")) {
                    throw new IOException("no continuation: " + go);
                }
                ledger.sending(id, Ledger.Via.APPEND, message);
                out.write(message);
                out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                String tagged = untilTagged(in, "a" + n);
                Matcher uid = APPENDUID.matcher(tagged);
                if (tagged.startsWith("a" + n + " OK") && uid.find()) {
                    ledger.appended(id, Long.parseLong(uid.group(1)), Long.parseLong(uid.group(2)));
                }
            }
        }
    }

    /** After a restart: the mailbox as the server holds it, every message with its bytes. */
    Ledger.Snapshot read(int port) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(120_000);
            InputStream in = new BufferedInputStream(socket.getInputStream(), 1 << 16);
            OutputStream out = socket.getOutputStream();
            line(in);
            imap(out, in, "l LOGIN " + address + " " + password);
            send(out, "s SELECT INBOX (CONDSTORE)");
            long validity = 0, next = 0, modseq = 0;
            for (String line = line(in); !line.startsWith("s "); line = line(in)) {
                validity = code(line, "UIDVALIDITY", validity);
                next = code(line, "UIDNEXT", next);
                modseq = code(line, "HIGHESTMODSEQ", modseq);
            }
            List<Ledger.Stored> messages = new ArrayList<>();
            send(out, "f UID FETCH 1:* (UID BODY.PEEK[])");
            while (true) {
                String line = line(in);
                if (line.startsWith("f ")) {
                    if (!line.startsWith("f OK")) {
                        throw new AssertionError("FETCH failed after restart: " + line);
                    }
                    break;
                }
                Matcher literal = LITERAL.matcher(line);
                if (!line.startsWith("* ") || !literal.find()) {
                    continue;
                }
                byte[] body = in.readNBytes(Integer.parseInt(literal.group(1)));
                String rest = line(in);
                Matcher uid = UID.matcher(line + " " + rest);
                if (!uid.find()) {
                    throw new AssertionError("FETCH response without UID: " + line);
                }
                messages.add(new Ledger.Stored(Long.parseLong(uid.group(1)), body));
            }
            send(out, "z LOGOUT");
            return new Ledger.Snapshot(validity, next, modseq, messages);
        }
    }

    private static long code(String line, String name, long otherwise) {
        Matcher m = Pattern.compile("\\[" + name + " (\\d+)]").matcher(line);
        return m.find() ? Long.parseLong(m.group(1)) : otherwise;
    }

    private String nextId(String kind, int cycle) {
        return run + "-" + cycle + "-" + kind + sequence.incrementAndGet();
    }

    /**
     * 0.5–3 KB, and one in eight 67–81 KB so that both blob tiers are crashed into (the default inline-max is 64 KB:
     * the small ones are rows of the delivery's transaction, the large ones files fsynced before it). CRLF lines, none
     * starting with a dot (SMTP would unstuff it).
     */
    private byte[] message(String id) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        StringBuilder sb = new StringBuilder()
                .append("From: sender@remote.test\r\n")
                .append("To: ").append(address).append("\r\n")
                .append("Subject: crash ").append(id).append("\r\n")
                .append("Message-ID: <").append(id).append("@remote.test>\r\n")
                .append("X-Crash-Id: ").append(id).append("\r\n")
                .append("\r\n");
        int lines = random.nextInt(8) == 0 ? 920 + random.nextInt(200) : 6 + random.nextInt(36);
        for (int i = 0; i < lines; i++) {
            for (int c = 0; c < 72; c++) {
                sb.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
            }
            sb.append("\r\n");
        }
        return sb.toString().getBytes(StandardCharsets.US_ASCII);
    }

    private static void command(OutputStream out, InputStream in, String command, String expected) throws IOException {
        send(out, command);
        String reply = reply(in);
        if (!reply.startsWith(expected)) {
            throw new IOException(command + " answered " + reply);
        }
    }

    private static void expect(InputStream in, String expected) throws IOException {
        String reply = reply(in);
        if (!reply.startsWith(expected)) {
            throw new IOException("expected " + expected + ", got " + reply);
        }
    }

    /** The last line of a possibly multi-line SMTP reply. */
    private static String reply(InputStream in) throws IOException {
        String line = line(in);
        while (line.length() > 3 && line.charAt(3) == '-') {
            line = line(in);
        }
        return line;
    }

    private static void imap(OutputStream out, InputStream in, String command) throws IOException {
        String tag = command.substring(0, command.indexOf(' '));
        send(out, command);
        String tagged = untilTagged(in, tag);
        if (!tagged.startsWith(tag + " OK")) {
            throw new IOException(command + " answered " + tagged);
        }
    }

    private static String untilTagged(InputStream in, String tag) throws IOException {
        String line = line(in);
        while (!line.startsWith(tag + " ")) {
            line = line(in);
        }
        return line;
    }

    private static void send(OutputStream out, String line) throws IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream(128);
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("connection closed");
            }
            if (b == '\n') {
                byte[] bytes = buffer.toByteArray();
                int length = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, length, StandardCharsets.ISO_8859_1);
            }
            buffer.write(b);
        }
    }
}
