package dev.mailwright.launch;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * What a training run does to its own server (see {@link TrainingLauncher}): what mail clients and senders do most,
 * often enough that the JIT profiles every step. Several SMTP connections deliver messages of a few sizes and shapes
 * (plain text, HTML alternatives with an attachment, one above the inline limit) to the MX port; IMAP sessions log in,
 * list the mailbox, open bodies, search, change flags, append, expunge and idle. Every exchange is checked: an
 * unexpected reply fails the training (and so no cache is recorded from a run that did not do its work).
 * Bounded: fixed counts, and every socket read times out.
 */
final class TrainingWorkload {
    static final int SMTP_CONNECTIONS = 4;
    static final int MESSAGES = 2_400;
    static final int IMAP_ROUNDS = 4;
    private static final int APPENDS = 150;   // per IMAP round
    private static final int TIMEOUT_MS = 60_000;
    private static final String[] WORDS = ("mail server message inbox folder meeting report budget project team weekly "
            + "review draft invoice travel schedule customer product release update question answer thanks regards "
            + "attached document summary agenda notes minutes deadline friday monday morning evening office remote "
            + "zebra quartz blanket harbor lantern meadow pebble saffron thimble violet willow").split(" ");

    private final int smtpPort;
    private final int imapPort;
    private final String user;
    private final String password;
    private final int messages;
    private final int imapRounds;

    /** {@code messages}: how many to deliver (a multiple of {@link #SMTP_CONNECTIONS}); {@code imapRounds}: IMAP sessions. */
    TrainingWorkload(int smtpPort, int imapPort, String user, String password, int messages, int imapRounds) {
        this.smtpPort = smtpPort;
        this.imapPort = imapPort;
        this.user = user;
        this.password = password;
        this.messages = messages;
        this.imapRounds = imapRounds;
    }

    record Summary(int delivered, int imapCommands) {
        @Override
        public String toString() {
            return delivered + " messages delivered over SMTP, " + imapCommands + " IMAP commands";
        }
    }

    Summary run() throws IOException, InterruptedException {
        int delivered = deliverAll();
        int commands = 0;
        for (int round = 0; round < imapRounds; round++) {
            commands += imapRound(round);
        }
        return new Summary(delivered, commands);
    }

    private int deliverAll() throws IOException, InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(SMTP_CONNECTIONS);
        try {
            List<Future<Integer>> parts = new ArrayList<>();
            for (int c = 0; c < SMTP_CONNECTIONS; c++) {
                int connection = c;
                parts.add(pool.submit(() -> deliver(connection)));
            }
            int delivered = 0;
            for (Future<Integer> part : parts) {
                delivered += part.get();
            }
            return delivered;
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    private int deliver(int connection) throws IOException {
        SplittableRandom random = new SplittableRandom(connection);
        int count = messages / SMTP_CONNECTIONS;
        try (Wire wire = new Wire(smtpPort)) {
            wire.expect("220");
            wire.send("EHLO sender" + connection + ".example.net");
            wire.expect("250");
            for (int i = 0; i < count; i++) {
                wire.send("MAIL FROM:<news" + (i % 7) + "@" + TrainingDns.senderDomain(i % TrainingDns.SENDER_DOMAINS) + ">");
                wire.expect("250");
                wire.send("RCPT TO:<" + user + ">");
                wire.expect("250");
                wire.send("DATA");
                wire.expect("354");
                wire.sendRaw(dotStuffed(message(random, connection * count + i)));   // a Message-ID of its own each
                wire.send(".");
                wire.expect("250");
                if (i % 100 == 99) {
                    wire.send("RSET");   // what some senders do between messages
                    wire.expect("250");
                }
            }
            wire.send("QUIT");
            wire.expect("221");
        }
        return count;
    }

    /** One IMAP session: the commands a client opening its mailbox, reading, filing and writing runs. */
    private int imapRound(int round) throws IOException {
        SplittableRandom random = new SplittableRandom(1000 + round);
        try (Wire wire = new Wire(imapPort)) {
            Imap imap = new Imap(wire);
            wire.expect("* OK");
            imap.ok("CAPABILITY");
            imap.ok("LOGIN \"" + user + "\" \"" + password + "\"");
            imap.ok("ENABLE CONDSTORE");
            imap.ok("LIST \"\" \"*\"");
            imap.ok("STATUS INBOX (MESSAGES UIDNEXT UNSEEN)");
            imap.ok("SELECT INBOX");
            imap.ok("UID FETCH 1:* (UID FLAGS)");
            imap.ok("UID FETCH 1:* (UID FLAGS INTERNALDATE RFC822.SIZE ENVELOPE BODYSTRUCTURE)");
            for (int i = 0; i < 300; i++) {
                long uid = 1 + random.nextInt(messages);
                imap.ok("UID FETCH " + uid + " (BODY.PEEK[HEADER.FIELDS (FROM TO SUBJECT DATE MESSAGE-ID)] BODY.PEEK[TEXT]<0.2048>)");
                imap.ok("UID FETCH " + uid + " (BODY.PEEK[])");
                imap.ok("UID FETCH " + uid + " (BODY.PEEK[1])");
            }
            for (String word : List.of("zebra", "quartz", "saffron", "meeting")) {
                imap.ok("UID SEARCH TEXT \"" + word + "\"");
                imap.ok("UID SEARCH FROM \"sender3\" SUBJECT \"" + word + "\"");
            }
            imap.ok("UID SEARCH UNSEEN");
            imap.ok("UID STORE 1:* +FLAGS.SILENT (\\Seen)");
            imap.ok("UID STORE 1:* -FLAGS.SILENT (\\Seen)");
            for (int i = 0; i < 200; i++) {
                imap.ok("UID STORE " + (1 + random.nextInt(messages)) + " +FLAGS (\\Flagged $Label1)");
            }
            imap.ok("CREATE Archive" + round);
            imap.ok("UID COPY 1:50 Archive" + round);
            for (int i = 0; i < APPENDS; i++) {
                byte[] message = message(random, messages + round * APPENDS + i);
                imap.ok("APPEND INBOX (\\Seen) {" + message.length + "+}", message);
            }
            imap.ok("UID STORE " + (messages + 1) + ":* +FLAGS.SILENT (\\Deleted)");
            imap.ok("EXPUNGE");
            imap.ok("NOOP");
            imap.idle();
            imap.ok("CLOSE");
            imap.ok("LOGOUT");
            return imap.commands;
        }
    }

    /** A message of a few kinds, as they come: most a few KB of text, some HTML with an attachment, a few large. */
    static byte[] message(SplittableRandom random, int n) {
        int kind = n % 20;
        int size = kind == 0 ? 120_000 : kind < 4 ? 30_000 : 1_500 + random.nextInt(3_000);
        String subject = words(random, 3 + random.nextInt(5));
        StringBuilder head = new StringBuilder()
                .append("From: Sender ").append(n % 7).append(" <news").append(n % 7).append("@")
                .append(TrainingDns.senderDomain(n % TrainingDns.SENDER_DOMAINS)).append(">\r\n")
                .append("To: <").append(TrainingLauncher.USER).append(">\r\n")
                .append("Subject: ").append(subject).append("\r\n")
                .append("Date: Mon, 7 Dec 2026 10:").append(String.format("%02d", n % 60)).append(":00 +0000\r\n")
                .append("Message-ID: <training.").append(n).append("@sender.example.net>\r\n")
                .append("MIME-Version: 1.0\r\n");
        String text = paragraphs(random, size);
        if (kind % 5 != 1) {
            head.append("Content-Type: text/plain; charset=utf-8\r\n\r\n").append(text);
            return head.toString().getBytes(StandardCharsets.UTF_8);
        }
        String boundary = "b" + n;
        head.append("Content-Type: multipart/mixed; boundary=\"").append(boundary).append("\"\r\n\r\n")
                .append("--").append(boundary).append("\r\nContent-Type: multipart/alternative; boundary=\"a").append(boundary)
                .append("\"\r\n\r\n--a").append(boundary).append("\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n").append(text)
                .append("\r\n--a").append(boundary).append("\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<html><body><p>")
                .append(text.replace("\r\n\r\n", "</p><p>")).append("</p><img src=\"https://images.example.net/t.png\"></body></html>\r\n--a")
                .append(boundary).append("--\r\n--").append(boundary)
                .append("\r\nContent-Type: application/pdf; name=\"report.pdf\"\r\nContent-Disposition: attachment; filename=\"report.pdf\"\r\n")
                .append("Content-Transfer-Encoding: base64\r\n\r\n");
        byte[] attachment = new byte[3_000];
        random.nextBytes(attachment);
        String encoded = Base64.getMimeEncoder(76, "\r\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(attachment);
        head.append(encoded).append("\r\n--").append(boundary).append("--\r\n");
        return head.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String paragraphs(SplittableRandom random, int size) {
        StringBuilder text = new StringBuilder(size + 100);
        while (text.length() < size) {
            text.append(words(random, 8 + random.nextInt(12))).append(random.nextInt(4) == 0 ? ".\r\n\r\n" : ".\r\n");
        }
        return text.toString();
    }

    private static String words(SplittableRandom random, int count) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < count; i++) {
            line.append(i == 0 ? "" : " ").append(WORDS[random.nextInt(WORDS.length)]);
        }
        return line.toString();
    }

    private static byte[] dotStuffed(byte[] message) {
        String text = new String(message, StandardCharsets.UTF_8);
        String stuffed = (text.startsWith(".") ? "." : "") + text.replace("\r\n.", "\r\n..");
        return (stuffed.endsWith("\r\n") ? stuffed : stuffed + "\r\n").getBytes(StandardCharsets.UTF_8);
    }

    /** A loopback connection exchanging CRLF lines. */
    private static final class Wire implements AutoCloseable {
        private final Socket socket;
        private final InputStream in;
        private final OutputStream out;

        Wire(int port) throws IOException {
            socket = new Socket(InetAddress.getLoopbackAddress(), port);
            socket.setSoTimeout(TIMEOUT_MS);
            in = new BufferedInputStream(socket.getInputStream());
            out = socket.getOutputStream();
        }

        void send(String line) throws IOException {
            out.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
        }

        void sendRaw(byte[] bytes) throws IOException {
            out.write(bytes);
        }

        String line() throws IOException {
            StringBuilder line = new StringBuilder();
            int c;
            while ((c = in.read()) != '\n') {
                if (c < 0) {
                    throw new IOException("connection closed after \"" + line + "\"");
                }
                if (line.length() > 100_000) {
                    throw new IOException("line too long");
                }
                line.append((char) c);
            }
            return line.toString().stripTrailing();
        }

        void skip(long count) throws IOException {
            long left = count;
            while (left > 0) {
                long skipped = in.skip(left);
                if (skipped <= 0) {
                    if (in.read() < 0) {
                        throw new IOException("connection closed inside a literal");
                    }
                    skipped = 1;
                }
                left -= skipped;
            }
        }

        /** An SMTP reply (its last line) starting with {@code code}. */
        void expect(String code) throws IOException {
            String line;
            do {
                line = line();
            } while (line.length() > 3 && line.charAt(3) == '-');
            if (!line.startsWith(code)) {
                throw new IOException("expected " + code + ", got \"" + line + "\"");
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    /** Tagged IMAP commands whose untagged answers (literals included) are read and dropped. */
    private static final class Imap {
        private final Wire wire;
        private int commands;

        Imap(Wire wire) {
            this.wire = wire;
        }

        void ok(String command) throws IOException {
            ok(command, null);
        }

        void ok(String command, byte[] literal) throws IOException {
            String tag = "t" + (++commands);
            wire.send(tag + " " + command);
            if (literal != null) {
                wire.sendRaw(literal);
                wire.send("");
            }
            while (true) {
                String line = wire.line();
                while (line.endsWith("}") && line.lastIndexOf('{') >= 0) {
                    wire.skip(Long.parseLong(line.substring(line.lastIndexOf('{') + 1, line.length() - 1)));
                    line = wire.line();
                }
                if (line.startsWith(tag + " ")) {
                    if (!line.startsWith(tag + " OK")) {
                        throw new IOException(command.split(" ")[0] + " answered \"" + line + "\"");
                    }
                    return;
                }
            }
        }

        void idle() throws IOException {
            String tag = "t" + (++commands);
            wire.send(tag + " IDLE");
            String line = wire.line();
            if (!line.startsWith("+")) {
                throw new IOException("IDLE answered \"" + line + "\"");
            }
            wire.send("DONE");
            while (!(line = wire.line()).startsWith(tag + " ")) {
                // untagged updates
            }
            if (!line.startsWith(tag + " OK")) {
                throw new IOException("IDLE ended with \"" + line + "\"");
            }
        }
    }
}
