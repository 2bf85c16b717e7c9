package dev.mailwright.imap;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.mailwright.store.AccountStore;

/**
 * Issue #12, "no user input drives unbounded CPU or stack", over a real socket against the real listener: the
 * reporter's wildcard patterns for LIST, LSUB and LIST-EXTENDED, and 100,000-deep nesting in SEARCH and FETCH,
 * each answered at once while the session keeps working. Each command gets a generous {@link #QUICK_MS} (the
 * point is no hang: the old regex took 16 s for 50 wildcards); the class's budget is 120 s.
 */
@SpringBootTest
@Timeout(120)
class ImapBoundedWorkTest extends ImapListenerTest {
    private static final String PASSWORD = "bounded-secret";
    private static final long QUICK_MS = 15_000;
    private static final String LONG_NAME = "a".repeat(60);

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        ImapTestSupport.common(registry);
        ImapTestSupport.loopbackListener(registry, "imap");
    }

    private AccountStore.Account account;

    @BeforeEach
    void mailboxes() {
        account = newAccount("bounded", PASSWORD);
        for (String name : List.of("Tax", "Work", "Work/Projects", LONG_NAME, "Archive/" + LONG_NAME)) {
            store.createMailbox(account.id(), name);
            store.subscribe(account.id(), name);
        }
    }

    private RawImapClient login() throws Exception {
        RawImapClient client = new RawImapClient("127.0.0.1", listeners.boundPort("imap"));
        client.socket().setSoTimeout((int) QUICK_MS + 5_000);
        client.line();
        client.send("l1 LOGIN \"" + account.address() + "\" " + PASSWORD + "\r\n");
        assertThat(client.until("l1").getLast()).startsWith("l1 OK");
        return client;
    }

    /** Sends one command and returns its response lines, asserting they came within {@link #QUICK_MS}. */
    private static List<String> quickly(RawImapClient client, String tag, String command) throws Exception {
        long start = System.nanoTime();
        client.send(tag + " " + command + "\r\n");
        List<String> lines = client.until(tag);
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertThat(millis).as("%s answered in %d ms", tag, millis).isLessThan(QUICK_MS);
        return lines;
    }

    /** The session still answers, and still lists correctly. */
    private static void stillWorks(RawImapClient client, String tag) throws Exception {
        assertThat(quickly(client, tag + "n", "NOOP").getLast()).startsWith(tag + "n OK");
        List<String> all = quickly(client, tag + "l", "LIST \"\" \"*\"");
        assertThat(all.getLast()).startsWith(tag + "l OK");
        assertThat(all).anyMatch(l -> l.startsWith("* LIST") && l.endsWith(quoted("Work/Projects")));
    }

    private static String quoted(String name) {
        return "\"" + name + "\"";
    }

    private static String fiftyWildcards() {
        return "%".repeat(50) + "x";
    }

    /** Wildcards that cannot be merged: 31 of them between literals, on names of 60 a's that never match. */
    private static String interleavedWildcards() {
        return "%a".repeat(31) + "x";
    }

    @Test
    void listShouldAnswerTheReportersFiftyWildcardsAtOnceAndMatchAsBefore() throws Exception {
        try (RawImapClient client = login()) {
            List<String> fifty = quickly(client, "a1", "LIST \"\" \"" + fiftyWildcards() + "\"");
            assertThat(fifty).filteredOn(l -> l.startsWith("* LIST")).singleElement().asString().endsWith(quoted("Tax"));
            assertThat(fifty.getLast()).startsWith("a1 OK");
            List<String> interleaved = quickly(client, "a2", "LIST \"\" \"" + interleavedWildcards() + "\"");
            assertThat(interleaved).containsExactly("a2 OK LIST completed");
            List<String> star = quickly(client, "a3", "LIST \"\" \"*" + "*%".repeat(20) + "Projects\"");
            assertThat(star).filteredOn(l -> l.startsWith("* LIST")).singleElement().asString().endsWith(quoted("Work/Projects"));
            stillWorks(client, "a4");
        }
    }

    @Test
    void listAndLsubShouldRefuseTenThousandWildcardsWithLimitAndGoOn() throws Exception {
        try (RawImapClient client = login()) {
            String pattern = "%".repeat(10_000) + "x";
            assertThat(quickly(client, "b1", "LIST \"\" \"" + pattern + "\"").getLast()).startsWith("b1 NO [LIMIT]");
            assertThat(quickly(client, "b2", "LSUB \"\" \"" + pattern + "\"").getLast()).startsWith("b2 NO [LIMIT]");
            assertThat(quickly(client, "b3", "LIST \"\" \"" + "*".repeat(10_000) + "\"").getLast()).startsWith("b3 NO [LIMIT]");
            assertThat(quickly(client, "b4", "LIST \"\" \"" + "x".repeat(3_000) + "\"").getLast()).startsWith("b4 NO [LIMIT]");
            stillWorks(client, "b5");
        }
    }

    @Test
    void lsubShouldAnswerTheReportersFiftyWildcardsAtOnce() throws Exception {
        try (RawImapClient client = login()) {
            List<String> fifty = quickly(client, "c1", "LSUB \"\" \"" + fiftyWildcards() + "\"");
            assertThat(fifty).filteredOn(l -> l.startsWith("* LSUB")).singleElement().asString().endsWith(quoted("Tax"));
            assertThat(quickly(client, "c2", "LSUB \"Archive\" \"" + interleavedWildcards() + "\"")).containsExactly("c2 OK LSUB completed");
            List<String> archive = quickly(client, "c3", "LSUB \"Archive\" \"" + "%".repeat(40) + "\"");
            assertThat(archive).filteredOn(l -> l.startsWith("* LSUB")).singleElement().asString()
                    .endsWith(quoted("Archive/" + LONG_NAME));
            stillWorks(client, "c4");
        }
    }

    @Test
    void listExtendedWithSeveralPatternsShouldMatchEachAndCountTheirWildcardsTogether() throws Exception {
        try (RawImapClient client = login()) {
            List<String> lines = quickly(client, "d1", "LIST (SUBSCRIBED) \"\" (\"" + fiftyWildcards() + "\" \"Work/*\" \""
                    + "%a".repeat(6) + "\") RETURN (CHILDREN STATUS (MESSAGES))");
            assertThat(lines.getLast()).startsWith("d1 OK");
            assertThat(lines).filteredOn(l -> l.startsWith("* LIST")).hasSize(3)
                    .anyMatch(l -> l.endsWith(quoted("Tax"))).anyMatch(l -> l.endsWith(quoted("Work/Projects"))).anyMatch(l -> l.endsWith(quoted(LONG_NAME)));
            assertThat(lines).filteredOn(l -> l.startsWith("* STATUS")).hasSize(3);
            String tooMany = "\"" + "%".repeat(40) + "x\" \"" + "*".repeat(30) + "y\"";
            assertThat(quickly(client, "d2", "LIST \"\" (" + tooMany + ")").getLast()).startsWith("d2 NO [LIMIT]");
            StringBuilder manyPatterns = new StringBuilder();
            for (int i = 0; i < 5_000; i++) {
                manyPatterns.append(i == 0 ? "" : " ").append("\"%").append(i).append('"');
            }
            assertThat(quickly(client, "d3", "LIST \"\" (" + manyPatterns + ")").getLast()).startsWith("d3 NO [LIMIT]");
            stillWorks(client, "d4");
        }
    }

    @Test
    void searchShouldRefuseDeepNestingWithBadAndGoOn() throws Exception {
        try (RawImapClient client = login()) {
            assertThat(quickly(client, "s0", "SELECT INBOX").getLast()).startsWith("s0 OK");
            String parens = "(".repeat(30_000) + "ALL" + ")".repeat(30_000);
            assertThat(quickly(client, "s1", "SEARCH " + parens).getLast()).startsWith("s1 BAD");
            assertThat(quickly(client, "s2", "SEARCH " + "NOT ".repeat(15_000) + "ALL").getLast()).startsWith("s2 BAD");
            assertThat(quickly(client, "s3", "SEARCH " + "OR ALL ".repeat(9_000) + "ALL").getLast()).startsWith("s3 BAD");
            assertThat(quickly(client, "s4", "UID SEARCH " + "(NOT ".repeat(10_000) + "ALL").getLast()).startsWith("s4 BAD");
            String hundredThousand = "(".repeat(100_000) + "ALL" + ")".repeat(100_000);
            assertThat(quickly(client, "s5", "SEARCH " + hundredThousand).getLast()).startsWith("s5 BAD");
            assertThat(quickly(client, "s6", "SEARCH " + "(".repeat(50) + "ALL" + ")".repeat(50)).getLast()).startsWith("s6 OK");
            assertThat(quickly(client, "s8", "SEARCH TEXT \"" + "a".repeat(1_001) + "\"").getLast()).startsWith("s8 NO [LIMIT]");
            assertThat(quickly(client, "s9", "SEARCH OR ALL HEADER \"" + "x".repeat(1_001) + "\" y").getLast()).startsWith("s9 NO [LIMIT]");
            assertThat(quickly(client, "s10", "SEARCH BODY \"" + "a".repeat(1_000) + "\"").getLast()).startsWith("s10 OK");
            stillWorks(client, "s7");
        }
    }

    @Test
    void fetchShouldRefuseDeepNestingWithBadAndGoOn() throws Exception {
        try (RawImapClient client = login()) {
            assertThat(quickly(client, "f0", "SELECT INBOX").getLast()).startsWith("f0 OK");
            assertThat(quickly(client, "f1", "FETCH 1 " + "(".repeat(30_000) + "FLAGS" + ")".repeat(30_000)).getLast()).startsWith("f1 BAD");
            assertThat(quickly(client, "f2", "FETCH 1 (BODY.PEEK[HEADER.FIELDS " + "(".repeat(30_000) + "]").getLast()).startsWith("f2 BAD");
            assertThat(quickly(client, "f3", "FETCH 1 (BODY[" + "1.".repeat(20_000) + "1])").getLast()).startsWith("f3 BAD");
            assertThat(quickly(client, "f4", "FETCH 1 " + "(".repeat(100_000)).getLast()).startsWith("f4 BAD");
            stillWorks(client, "f5");
        }
    }
}
