package dev.mailwright.store;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.mailwright.net.ListenerManager;
import dev.mailwright.net.TestPorts;

/**
 * Times IMAP SORT and THREAD (RFC 5256, RFC 5957) on a 100,000-message INBOX on H2, over a real socket, and the
 * catch-up that fills the V11 keys of rows stored before V11. Not part of {@code ./mvnw verify}: run it with
 * {@code -Dmailwright.bench=true}; the numbers go to docs/BENCHMARKS.md. Rows are inserted with JDBC batches and
 * their sort keys left NULL (as a pre-V11 database has them): the first SORT computes them per row, then the
 * catch-up fills them and the same commands run again on the stored keys.
 */
@SpringBootTest(properties = "mailwright.integrity.on-start=false")
@EnabledIfSystemProperty(named = "mailwright.bench", matches = "true")
class SortThreadBenchmark {
    static final int MESSAGES = Integer.getInteger("mailwright.bench.messages", 100_000);
    static final String PASSWORD = "bench-secret";

    @Autowired
    AccountStore accounts;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    JdbcTemplate template;
    @Autowired
    SortFieldsCatchUp catchUp;
    @Autowired
    ListenerManager listeners;
    @Autowired
    PasswordEncoder encoder;
    @Autowired
    MailStore store;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        StoreTestSupport.common(registry);
        int port = TestPorts.freePort();
        registry.add("mailwright.imap.port", () -> Integer.toString(port));
        registry.add("mailwright.imap.bind", () -> "127.0.0.1");
        registry.add("mailwright.security.allow-plaintext-auth", () -> "true");
    }

    @Test
    void sortAndThreadOneHundredThousandMessages() throws Exception {
        String address = "bench-" + UUID.randomUUID().toString().substring(0, 6) + "@example.test";
        AccountStore.Account owner = accounts.createAccount(address, encoder.encode(PASSWORD), false);
        long mailbox = jdbc.sql("SELECT id FROM mailbox WHERE account_id = ? AND name = 'INBOX'").param(owner.id().value())
                .query(Long.class).single();
        long t0 = System.nanoTime();
        populate(owner.id().value(), mailbox);
        System.out.printf("BENCH populated %d messages in %d ms%n", MESSAGES, (System.nanoTime() - t0) / 1_000_000);

        List<String> commands = List.of("SORT (DATE) UTF-8 ALL", "SORT (REVERSE ARRIVAL) UTF-8 ALL",
                "SORT (SUBJECT) UTF-8 ALL", "SORT (FROM DATE) UTF-8 ALL", "SORT (DISPLAYFROM) UTF-8 ALL",
                "UID SORT (SIZE) UTF-8 ALL", "SORT (SUBJECT) UTF-8 UNSEEN", "THREAD ORDEREDSUBJECT UTF-8 ALL",
                "THREAD REFERENCES UTF-8 ALL", "UID THREAD REFERENCES UTF-8 ALL");
        try (Socket socket = new Socket("127.0.0.1", listeners.boundPort("imap"))) {
            socket.setSoTimeout(600_000);
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8), 1 << 16);
            OutputStream out = socket.getOutputStream();
            in.readLine();
            exchange(in, out, "l1 LOGIN \"" + address + "\" " + PASSWORD);
            System.out.printf("BENCH SELECT INBOX: %d ms%n", exchange(in, out, "s1 SELECT INBOX"));
            System.out.printf("BENCH keys not stored yet (computed per row), first run: %s %d ms%n", commands.getFirst(),
                    exchange(in, out, "p1 " + commands.getFirst()));
            long c0 = System.nanoTime();
            long filled = catchUp.run();
            System.out.printf("BENCH catch-up filled %d rows in %d ms%n", filled, (System.nanoTime() - c0) / 1_000_000);
            MailboxId inbox = new MailboxId(mailbox);
            for (int round = 0; round < 3; round++) {
                long r0 = System.nanoTime();
                int[] count = {0};
                store.forEachMessage(inbox, ref -> count[0]++);
                long r1 = System.nanoTime();
                store.forEachSortKeys(inbox, keys -> count[0]++);
                long r2 = System.nanoTime();
                store.forEachThreadLinks(inbox, links -> count[0]++);
                long r3 = System.nanoTime();
                System.out.printf("BENCH store reads of %d rows: flags %d ms, sort keys %d ms, thread links %d ms%n", count[0] / 3,
                        (r1 - r0) / 1_000_000, (r2 - r1) / 1_000_000, (r3 - r2) / 1_000_000);
            }
            int tag = 0;
            for (String command : commands) {
                long first = exchange(in, out, "c" + tag++ + " " + command);
                List<Long> warm = new ArrayList<>();
                for (int i = 0; i < 5; i++) {
                    warm.add(exchange(in, out, "c" + tag++ + " " + command));
                }
                System.out.printf("BENCH %-36s first %5d ms, warm %s ms%n", command, first, warm);
            }
            // a kept THREAD shape is only good for the same messages: after each new reply it is built again
            List<Long> afterAppend = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                String reply = "Subject: Re: Topic 1 about x\r\nMessage-ID: <new" + i + "@bench.example>\r\n"
                        + "References: <m1@bench.example>\r\n\r\nx\r\n";
                out.write(("a" + i + " APPEND INBOX {" + reply.length() + "+}\r\n" + reply + "\r\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
                exchange(in, out, "n" + i + " NOOP");
                afterAppend.add(exchange(in, out, "c" + tag++ + " THREAD REFERENCES UTF-8 ALL"));
            }
            System.out.printf("BENCH %-36s after each of 5 APPENDs: %s ms%n", "THREAD REFERENCES UTF-8 ALL", afterAppend);
        }
    }

    /** Sends one command, reads to its tagged reply (failing on anything but OK); returns the time at the client. */
    private static long exchange(BufferedReader in, OutputStream out, String command) throws Exception {
        String tag = command.substring(0, command.indexOf(' '));
        long start = System.nanoTime();
        out.write((command + "\r\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
        String line;
        while ((line = in.readLine()) != null) {
            if (line.startsWith(tag + " ")) {
                if (!line.startsWith(tag + " OK")) {
                    throw new IllegalStateException(command + " -> " + line);
                }
                return (System.nanoTime() - start) / 1_000_000;
            }
        }
        throw new IllegalStateException("connection closed during " + command);
    }

    /**
     * Threads of 1 to 9 messages (replies carry References to the thread's root and the previous message and a
     * "Re:" subject), 500 senders with display names, dates an hour apart with jitter, sizes 1-20 KB.
     */
    private void populate(long account, long mailbox) {
        Random random = new Random(5256);
        OffsetDateTime base = OffsetDateTime.of(2020, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);
        int batch = 5_000;
        int uid = 1;
        int thread = 0;
        int inThread = 0;
        int threadLength = 1;
        String root = null;
        String previous = null;
        while (uid <= MESSAGES) {
            List<Object[]> messages = new ArrayList<>(batch);
            List<Object[]> meta = new ArrayList<>(batch);
            for (int i = 0; i < batch && uid + i <= MESSAGES; i++) {
                int n = uid + i;
                if (inThread == threadLength) {
                    thread++;
                    inThread = 0;
                    threadLength = 1 + random.nextInt(9);
                }
                String id = "m" + n + "@bench.example";
                String subject = (inThread == 0 ? "" : "Re: ") + "Topic " + thread + " about " + (char) ('a' + random.nextInt(26));
                String refs = inThread == 0 ? "" : inThread == 1 ? root : root + " " + previous;
                String parent = inThread == 0 ? null : previous;
                if (inThread == 0) {
                    root = id;
                }
                previous = id;
                inThread++;
                int sender = random.nextInt(500);
                OffsetDateTime sent = base.plusHours(n).plusMinutes(random.nextInt(120) - 60);
                String envelope = "(\"date\" \"" + subject + "\" ((\"Sender " + sender + "\" NIL \"user" + sender
                        + "\" \"bench.example\")) NIL NIL ((NIL NIL \"me\" \"example.test\")) NIL NIL NIL \"<" + id + ">\")";
                long size = 1_000 + random.nextInt(19_000);
                messages.add(new Object[] {account, "0".repeat(64), size, envelope, subject, "Sender " + sender, sent, id,
                        parent, refs, "t" + thread});
                meta.add(new Object[] {sent, subject, "Sender " + sender, size});
            }
            template.batchUpdate("INSERT INTO message (account_id, blob_hash, size_bytes, envelope, body_structure, body, part_tree,"
                    + " subject, from_address, sent_date, preview, has_attachments, message_id, in_reply_to, references_ids,"
                    + " thread_key, search_text) VALUES (?, ?, ?, ?, 'NIL', 'NIL', '', ?, ?, ?, '', FALSE, ?, ?, ?, ?, '')", messages);
            List<Long> ids = jdbc.sql("SELECT id FROM message WHERE account_id = ? ORDER BY id DESC FETCH FIRST " + messages.size()
                    + " ROWS ONLY").param(account).query(Long.class).list().reversed();
            List<Object[]> placements = new ArrayList<>(messages.size());
            for (int i = 0; i < messages.size(); i++) {
                Object[] m = meta.get(i);
                OffsetDateTime arrived = ((OffsetDateTime) m[0]).plusMinutes(5);
                placements.add(new Object[] {mailbox, (long) uid + i, ids.get(i), (long) uid + i, (i % 3) == 0, arrived, m[0],
                        m[3]});
            }
            template.batchUpdate("INSERT INTO mailbox_message (mailbox_id, uid, message_id, modseq, seen, answered, flagged, deleted,"
                    + " draft, keywords, internal_date, sort_date, size_bytes)"
                    + " VALUES (?, ?, ?, ?, ?, FALSE, FALSE, FALSE, FALSE, '', ?, ?, ?)", placements);
            uid += messages.size();
        }
        jdbc.sql("UPDATE mailbox SET uid_next = ?, highest_modseq = ?, message_count = ?, unseen_count = ?,"
                + " size_bytes = (SELECT SUM(size_bytes) FROM mailbox_message WHERE mailbox_id = ?) WHERE id = ?")
                .params(MESSAGES + 1, MESSAGES + 1, MESSAGES, MESSAGES - (MESSAGES + 2) / 3, mailbox, mailbox).update();
    }
}
