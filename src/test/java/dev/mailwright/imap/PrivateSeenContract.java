package dev.mailwright.imap;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.test.context.SpringBootTest;

import dev.mailwright.store.AccountStore.Account;
import dev.mailwright.store.Flags;
import dev.mailwright.store.MailStore.RightsChange;
import dev.mailwright.store.MailboxInfo;
import dev.mailwright.store.MessageMeta;
import dev.mailwright.store.MessageSource;
import dev.mailwright.store.Rights;
import dev.mailwright.store.SystemFlag;

/**
 * \Seen is private per user on a shared mailbox (RFC 4314 §4 allows it; Dovecot does it): two real IMAP sessions of
 * different accounts, the owner's and a colleague's with {@code lrsw}, over the loopback listener. Each one's \Seen
 * (STORE, FETCH BODY[]'s implicit \Seen) stays its own in FETCH FLAGS, SEARCH SEEN/UNSEEN, STATUS UNSEEN, SELECT's
 * UNSEEN and CONDSTORE's CHANGEDSINCE, while \Flagged stays shared; the webmail's reads (folder unread count, list
 * rows) see the same. H2 and PostgreSQL. Time budget: one Spring context, a few seconds of commands.
 */
@SpringBootTest
@Timeout(180)
abstract class PrivateSeenContract extends ImapListenerTest {
    private static final String PASSWORD = "seen-secret";
    private static final Pattern MODSEQ = Pattern.compile("MODSEQ \\((\\d+)\\)");
    private static final Pattern HIGHEST = Pattern.compile("\\[HIGHESTMODSEQ (\\d+)]");

    private Account owner;
    private Account colleague;
    private String team;

    @BeforeEach
    void share() {
        owner = newAccount("seen-owner", PASSWORD);
        colleague = newAccount("seen-colleague", PASSWORD);
        store.createMailbox(owner.id(), "Team");
        for (int i = 1; i <= 4; i++) {
            String message = "From: a@example.test\r\nSubject: shared " + i + "\r\n\r\nhello " + i + "\r\n";
            store.append(owner.id(), "Team", MessageSource.of(message.getBytes(StandardCharsets.US_ASCII)), Flags.NONE, Optional.empty());
        }
        store.changeRights(owner.id(), "Team", colleague.address(), new RightsChange(RightsChange.Mode.REPLACE, Rights.parse("lrswi")));
        team = "Shared/" + owner.address().toLowerCase(Locale.ROOT) + "/Team";
    }

    private RawImapClient login(Account account) throws Exception {
        RawImapClient client = new RawImapClient("127.0.0.1", listeners.boundPort("imap"));
        client.socket().setSoTimeout(30_000);
        client.line();
        client.send("l1 LOGIN \"" + account.address() + "\" " + PASSWORD + "\r\n");
        assertThat(client.until("l1").getLast()).startsWith("l1 OK");
        return client;
    }

    private static List<String> run(RawImapClient client, String tag, String command) throws Exception {
        client.send(tag + " " + command + "\r\n");
        List<String> lines = client.until(tag);
        assertThat(lines.getLast()).as(command).startsWith(tag + " OK");
        return lines;
    }

    /** The FETCH line of one UID from a response. */
    private static String fetchOf(List<String> lines, long uid) {
        return lines.stream().filter(l -> l.startsWith("* ") && l.contains("FETCH (") && l.contains("UID " + uid + " "))
                .findFirst().orElseThrow(() -> new AssertionError("no FETCH for UID " + uid + " in " + lines));
    }

    private static List<Long> changedUids(List<String> lines) {
        return lines.stream().filter(l -> l.contains(" FETCH (")).map(l -> {
            Matcher m = Pattern.compile("UID (\\d+)").matcher(l);
            return m.find() ? Long.parseLong(m.group(1)) : -1L;
        }).toList();
    }

    private static long number(Pattern pattern, List<String> lines) {
        for (String line : lines) {
            Matcher m = pattern.matcher(line);
            if (m.find()) {
                return Long.parseLong(m.group(1));
            }
        }
        throw new AssertionError("no " + pattern + " in " + lines);
    }

    @Test
    void eachReaderShouldKeepItsOwnSeenWhileOtherFlagsStayShared() throws Exception {
        try (RawImapClient mine = login(owner); RawImapClient theirs = login(colleague)) {
            run(mine, "a0", "ENABLE CONDSTORE");
            run(theirs, "b0", "ENABLE CONDSTORE");
            List<String> mineSelect = run(mine, "a1", "SELECT Team");
            long before = number(HIGHEST, mineSelect);
            assertThat(mineSelect).contains("* OK [UNSEEN 1] First unseen");
            List<String> theirSelect = run(theirs, "b1", "SELECT \"" + team + "\"");
            assertThat(theirSelect.getLast()).startsWith("b1 OK [READ-WRITE]");

            // the colleague reads 1 and flags it: the flag is everyone's, the \Seen only the colleague's
            List<String> stored = run(theirs, "b2", "UID STORE 1 +FLAGS (\\Seen \\Flagged)");
            assertThat(fetchOf(stored, 1)).contains("\\Seen").contains("\\Flagged");
            assertThat(number(MODSEQ, stored)).isGreaterThan(before);
            // the owner reads 4
            run(mine, "a2", "UID STORE 4 +FLAGS.SILENT (\\Seen)");

            String ownerSees1 = fetchOf(run(mine, "a3", "UID FETCH 1:4 (FLAGS)"), 1);
            assertThat(ownerSees1).contains("\\Flagged").doesNotContain("\\Seen");
            List<String> colleagueSees = run(theirs, "b3", "UID FETCH 1:4 (FLAGS)");
            assertThat(fetchOf(colleagueSees, 4)).doesNotContain("\\Seen");
            assertThat(fetchOf(colleagueSees, 1)).contains("\\Seen").contains("\\Flagged");

            // SEARCH SEEN / UNSEEN (RFC 3501 §6.4.4)
            assertThat(run(mine, "a4", "UID SEARCH UNSEEN")).contains("* SEARCH 1 2 3");
            assertThat(run(mine, "a5", "UID SEARCH SEEN")).contains("* SEARCH 4");
            assertThat(run(theirs, "b4", "UID SEARCH UNSEEN")).contains("* SEARCH 2 3 4");
            assertThat(run(theirs, "b5", "UID SEARCH SEEN FLAGGED")).contains("* SEARCH 1");

            // FETCH BODY[] sets the fetcher's \Seen only (RFC 3501 §6.4.5)
            run(theirs, "b6", "UID FETCH 2 (BODY[])");
            assertThat(fetchOf(run(theirs, "b6f", "UID FETCH 2 (FLAGS)"), 2)).contains("\\Seen");
            assertThat(fetchOf(run(mine, "a6", "UID FETCH 2 (FLAGS)"), 2)).doesNotContain("\\Seen");

            // STATUS UNSEEN (RFC 3501 §6.3.10)
            assertThat(run(mine, "a7", "STATUS Team (UNSEEN MESSAGES)")).contains("* STATUS \"Team\" (UNSEEN 3 MESSAGES 4)");
            assertThat(run(theirs, "b7", "STATUS \"" + team + "\" (UNSEEN)")).contains("* STATUS \"" + team + "\" (UNSEEN 2)");

            // CONDSTORE (RFC 7162 §3.1.4): the colleague's own \Seen changes are changes for the colleague only
            List<Long> ownerChanged = changedUids(run(mine, "a8", "UID FETCH 1:4 (FLAGS) (CHANGEDSINCE " + before + ")"));
            assertThat(ownerChanged).contains(1L, 4L).doesNotContain(2L);
            List<Long> colleagueChanged = changedUids(run(theirs, "b8", "UID FETCH 1:4 (FLAGS) (CHANGEDSINCE " + before + ")"));
            assertThat(colleagueChanged).contains(1L, 2L);

            // removing the colleague's \Seen leaves the owner's alone
            run(theirs, "b9", "UID STORE 1 -FLAGS.SILENT (\\Seen)");
            run(mine, "a9", "UID STORE 1 +FLAGS.SILENT (\\Seen)");
            assertThat(fetchOf(run(theirs, "c1", "UID FETCH 1 (FLAGS)"), 1)).doesNotContain("\\Seen").contains("\\Flagged");
            assertThat(fetchOf(run(mine, "d1", "UID FETCH 1 (FLAGS)"), 1)).contains("\\Seen");

            // APPEND with \Seen into the owner's mailbox: seen for the one who appended it, new for the owner
            String message = "Subject: appended\r\n\r\nhi\r\n";
            theirs.send("d2 APPEND \"" + team + "\" (\\Seen) {" + message.length() + "+}\r\n" + message + "\r\n");
            assertThat(theirs.until("d2").getLast()).startsWith("d2 OK [APPENDUID");
            run(theirs, "d3n", "NOOP");
            run(mine, "d4n", "NOOP");
            assertThat(fetchOf(run(theirs, "d3", "UID FETCH 5 (FLAGS)"), 5)).contains("\\Seen");
            assertThat(fetchOf(run(mine, "d4", "UID FETCH 5 (FLAGS)"), 5)).doesNotContain("\\Seen");
        }
        // SELECT's UNSEEN: the first message each one has not seen (owner: 2; colleague: 1)
        try (RawImapClient mine = login(owner); RawImapClient theirs = login(colleague)) {
            assertThat(run(mine, "e1", "SELECT Team")).contains("* OK [UNSEEN 2] First unseen");
            assertThat(run(theirs, "f1", "SELECT \"" + team + "\"")).contains("* OK [UNSEEN 1] First unseen");
        }
        // what the webmail reads: the folder's unread count and the list rows' \Seen (bold when unseen)
        MailboxInfo ownView = store.mailbox(owner.id(), "Team").orElseThrow();
        MailboxInfo sharedView = store.sharedMailboxes(colleague.id()).stream().filter(m -> m.name().equals(team)).findFirst().orElseThrow();
        assertThat(ownView.unseen()).isEqualTo(3);          // 2, 3 and 5
        assertThat(sharedView.unseen()).isEqualTo(3);       // 1, 3 and 4
        List<MessageMeta> colleagueRows = store.metaPageBefore(colleague.id(), sharedView.id(), Long.MAX_VALUE, 10);
        assertThat(colleagueRows).extracting(MessageMeta::uid).containsExactly(5L, 4L, 3L, 2L, 1L);
        assertThat(colleagueRows).extracting(m -> m.flags().has(SystemFlag.SEEN)).containsExactly(true, false, false, true, false);
        List<MessageMeta> ownerRows = store.metaPageBefore(owner.id(), ownView.id(), Long.MAX_VALUE, 10);
        assertThat(ownerRows).extracting(m -> m.flags().has(SystemFlag.SEEN)).containsExactly(false, true, false, false, true);

        // COPY carries \Seen as the copier had it: out of the shared mailbox into its own INBOX (UID 2: seen by the
        // colleague only), and into the owner's mailbox (UID 4: seen by the owner only, so new for both there)
        try (RawImapClient theirs = login(colleague)) {
            run(theirs, "g1", "SELECT \"" + team + "\"");
            run(theirs, "g2", "UID COPY 2 INBOX");
            assertThat(run(theirs, "g3", "STATUS INBOX (MESSAGES UNSEEN)")).contains("* STATUS \"INBOX\" (MESSAGES 1 UNSEEN 0)");
            run(theirs, "g4", "UID COPY 2,4 \"" + team + "\"");
            List<String> copies = run(theirs, "g5", "UID FETCH 6:7 (FLAGS)");
            assertThat(fetchOf(copies, 6)).contains("\\Seen");
            assertThat(fetchOf(copies, 7)).doesNotContain("\\Seen");
        }
        assertThat(store.mailbox(owner.id(), "Team").orElseThrow().unseen()).isEqualTo(5);   // 2, 3, 5 and both copies
    }
}
