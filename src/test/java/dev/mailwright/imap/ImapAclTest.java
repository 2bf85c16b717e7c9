package dev.mailwright.imap;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.mailwright.store.AccountStore.Account;
import dev.mailwright.store.Flags;
import dev.mailwright.store.MailStore.RightsChange;
import dev.mailwright.store.MessageSource;
import dev.mailwright.store.Rights;
import dev.mailwright.store.SystemFlag;

/**
 * RFC 4314 through real IMAP sessions: an owner shares {@code Team}, a second account reaches it as
 * {@code Shared/<owner>/Team} and can do what each right allows (l r s w i p k x t e a), no more.
 */
@SpringBootTest
@Timeout(180)
class ImapAclTest extends ImapListenerTest {
    private static final String PASSWORD = "acl-secret";
    private static final String MESSAGE = "From: a@example.test\r\nSubject: shared\r\n\r\nhello\r\n";

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        ImapTestSupport.common(registry);
        ImapTestSupport.loopbackListener(registry, "imap");
    }

    private Account owner;
    private Account guest;
    private String team;

    @BeforeEach
    void share() {
        owner = newAccount("owner", PASSWORD);
        guest = newAccount("guest", PASSWORD);
        store.createMailbox(owner.id(), "Team");
        store.append(owner.id(), "Team", MessageSource.of(MESSAGE.getBytes(StandardCharsets.US_ASCII)), Flags.NONE, Optional.empty());
        team = "Shared/" + owner.address().toLowerCase(Locale.ROOT) + "/Team";
    }

    private void grant(String rights) {
        store.changeRights(owner.id(), "Team", guest.address(), new RightsChange(RightsChange.Mode.REPLACE, Rights.parse(rights)));
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
        return client.until(tag);
    }

    private static String last(RawImapClient client, String tag, String command) throws Exception {
        return run(client, tag, command).getLast();
    }

    private static String literal(String text) {
        return "{" + text.getBytes(StandardCharsets.US_ASCII).length + "+}\r\n" + text;
    }

    @Test
    void lookupShouldListTheMailboxUnderTheSharedNamespaceAndNothingElse() throws Exception {
        try (RawImapClient client = login(guest)) {
            assertThat(run(client, "a1", "LIST \"\" \"Shared/*\"")).containsExactly("a1 OK LIST completed");
            grant("l");
            assertThat(run(client, "a2", "LIST \"\" \"Shared/*\"")).containsExactly(
                    "* LIST (\\Noselect \\HasChildren) \"/\" \"Shared/" + owner.address().toLowerCase(Locale.ROOT) + "\"",
                    "* LIST (\\HasNoChildren) \"/\" \"" + team + "\"",
                    "a2 OK LIST completed");
            assertThat(run(client, "a3", "MYRIGHTS \"" + team + "\"")).containsExactly("* MYRIGHTS \"" + team + "\" l",
                    "a3 OK MYRIGHTS completed");
            // l without r: it exists for the caller, but may not be opened
            assertThat(last(client, "a4", "SELECT \"" + team + "\"")).startsWith("a4 NO [NOPERM]");
            assertThat(last(client, "a5", "STATUS \"" + team + "\" (MESSAGES)")).startsWith("a5 NO [NOPERM]");
            // LIST-STATUS (RFC 5819) leaves out what STATUS would refuse
            assertThat(run(client, "a7", "LIST \"\" \"" + team + "\" RETURN (STATUS (MESSAGES))"))
                    .containsExactly("* LIST (\\HasNoChildren) \"/\" \"" + team + "\"", "a7 OK LIST completed");
            assertThat(run(client, "a6", "NAMESPACE")).containsExactly("* NAMESPACE ((\"\" \"/\")) NIL ((\"Shared/\" \"/\"))",
                    "a6 OK NAMESPACE completed");
        }
    }

    @Test
    void readShouldOpenTheSharedMailboxReadOnlyWhenNothingMayBeChanged() throws Exception {
        grant("lr");
        try (RawImapClient client = login(guest)) {
            List<String> select = run(client, "a1", "SELECT \"" + team + "\"");
            assertThat(select).contains("* 1 EXISTS");
            assertThat(select.getLast()).startsWith("a1 OK [READ-ONLY]");
            assertThat(run(client, "a2", "FETCH 1 (FLAGS BODY[HEADER.FIELDS (SUBJECT)])").getFirst())
                    .startsWith("* 1 FETCH (FLAGS (\\Recent) BODY[HEADER.FIELDS (SUBJECT)] {");
            assertThat(last(client, "a3", "STORE 1 +FLAGS (\\Seen)")).startsWith("a3 NO");
            assertThat(run(client, "a4", "STATUS \"" + team + "\" (MESSAGES)").getFirst())
                    .isEqualTo("* STATUS \"" + team + "\" (MESSAGES 1)");
        }
    }

    @Test
    void seenWriteAndDeleteRightsShouldEachGovernTheirOwnFlags() throws Exception {
        grant("lrs");
        try (RawImapClient client = login(guest)) {
            List<String> select = run(client, "a1", "SELECT \"" + team + "\"");
            assertThat(select.getLast()).startsWith("a1 OK [READ-WRITE]");
            assertThat(select).contains("* OK [PERMANENTFLAGS (\\Seen)] Flags permitted");   // only what s allows
            // s: \Seen sticks; w missing: \Flagged silently left out; t missing: \Deleted left out
            assertThat(run(client, "a2", "STORE 1 +FLAGS (\\Seen \\Flagged \\Deleted)").getFirst())
                    .isEqualTo("* 1 FETCH (FLAGS (\\Seen \\Recent))");
            grant("lrw");
            // a new keyword is announced first (FLAGS, PERMANENTFLAGS), then the FETCH; w cannot clear \Seen
            assertThat(run(client, "a3", "STORE 1 FLAGS (\\Flagged $Work)"))
                    .contains("* 1 FETCH (FLAGS (\\Seen \\Flagged \\Recent $Work))");
            grant("lrt");
            assertThat(run(client, "a4", "STORE 1 +FLAGS (\\Deleted)").getFirst())
                    .isEqualTo("* 1 FETCH (FLAGS (\\Seen \\Flagged \\Deleted \\Recent $Work))");
        }
        // \Seen on someone else's mailbox is the reader's own (V28, PrivateSeen): the owner's message stays unread
        assertThat(store.mailbox(owner.id(), "Team").orElseThrow().unseen()).isEqualTo(1);
        assertThat(store.mailbox(guest.id(), team).orElseThrow().unseen()).isZero();
    }

    @Test
    void fetchShouldSetSeenOnlyWithTheSeenRight() throws Exception {
        grant("lrw");
        try (RawImapClient client = login(guest)) {
            assertThat(last(client, "a1", "SELECT \"" + team + "\"")).startsWith("a1 OK [READ-WRITE]");
            assertThat(last(client, "a2", "FETCH 1 BODY[]")).startsWith("a2 OK");
            assertThat(run(client, "a3", "FETCH 1 FLAGS").getFirst()).isEqualTo("* 1 FETCH (FLAGS (\\Recent))");
        }
        grant("lrs");
        try (RawImapClient client = login(guest)) {
            run(client, "b1", "SELECT \"" + team + "\"");
            assertThat(run(client, "b2", "FETCH 1 BODY[]")).anyMatch(line -> line.contains("\\Seen"));
        }
    }

    @Test
    void insertShouldAllowAppendAndCopyIntoTheSharedMailboxButPostAloneShouldNot() throws Exception {
        try (RawImapClient client = login(guest)) {
            grant("lrp");
            assertThat(run(client, "a1", "MYRIGHTS \"" + team + "\"").getFirst()).isEqualTo("* MYRIGHTS \"" + team + "\" lrp");
            assertThat(last(client, "a2", "APPEND \"" + team + "\" " + literal(MESSAGE))).startsWith("a2 NO [NOPERM]");
            grant("lri");
            assertThat(last(client, "a3", "APPEND \"" + team + "\" (\\Flagged) " + literal(MESSAGE))).startsWith("a3 OK [APPENDUID ");
            assertThat(last(client, "a4", "APPEND INBOX " + literal(MESSAGE))).startsWith("a4 OK");
            run(client, "a5", "SELECT INBOX");
            assertThat(last(client, "a6", "COPY 1 \"" + team + "\"")).startsWith("a6 OK [COPYUID ");
        }
        assertThat(store.mailbox(owner.id(), "Team").orElseThrow().messages()).isEqualTo(3);
        List<Flags> flags = new java.util.ArrayList<>();
        store.forEachMessage(store.mailbox(owner.id(), "Team").orElseThrow().id(), ref -> flags.add(ref.flags()));
        assertThat(flags).allMatch(f -> !f.has(SystemFlag.FLAGGED));   // i without w: APPEND's flags are dropped
    }

    @Test
    void copyFromASharedMailboxShouldNeedInsertOnlyOnTheTarget() throws Exception {
        grant("lrs");   // READ-WRITE, so MOVE reaches the store's check
        try (RawImapClient client = login(guest)) {
            run(client, "a1", "SELECT \"" + team + "\"");
            assertThat(last(client, "a2", "COPY 1 INBOX")).startsWith("a2 OK [COPYUID ");
            assertThat(last(client, "a3", "MOVE 1 INBOX")).startsWith("a3 NO [NOPERM]");   // MOVE needs t and e
        }
        assertThat(store.mailbox(guest.id(), "INBOX").orElseThrow().messages()).isEqualTo(1);
    }

    @Test
    void createRightShouldAllowMailboxesBelowTheSharedOne() throws Exception {
        grant("lr");
        try (RawImapClient client = login(guest)) {
            assertThat(last(client, "a1", "CREATE \"" + team + "/Sub\"")).startsWith("a1 NO [NOPERM]");
            grant("lrk");
            assertThat(last(client, "a2", "CREATE \"" + team + "/Sub\"")).startsWith("a2 OK");
            assertThat(run(client, "a3", "LIST \"\" \"" + team + "/*\"")).containsExactly(
                    "* LIST (\\HasNoChildren) \"/\" \"" + team + "/Sub\"", "a3 OK LIST completed");
        }
        assertThat(store.mailbox(owner.id(), "Team/Sub")).isPresent();
    }

    @Test
    void deleteMailboxRightShouldAllowDelete() throws Exception {
        grant("lr");
        try (RawImapClient client = login(guest)) {
            assertThat(last(client, "a1", "DELETE \"" + team + "\"")).startsWith("a1 NO [NOPERM]");
            grant("lrx");
            assertThat(last(client, "a2", "DELETE \"" + team + "\"")).startsWith("a2 OK");
        }
        assertThat(store.mailbox(owner.id(), "Team")).isEmpty();
    }

    @Test
    void expungeShouldNeedTheExpungeRightAndCloseShouldThenKeepTheMessages() throws Exception {
        grant("lrt");
        try (RawImapClient client = login(guest)) {
            run(client, "a1", "SELECT \"" + team + "\"");
            run(client, "a2", "STORE 1 +FLAGS (\\Deleted)");
            assertThat(last(client, "a3", "EXPUNGE")).startsWith("a3 NO [NOPERM]");
            assertThat(last(client, "a4", "CLOSE")).startsWith("a4 OK");
            assertThat(store.mailbox(owner.id(), "Team").orElseThrow().messages()).isEqualTo(1);
            grant("lrte");
            run(client, "a5", "SELECT \"" + team + "\"");
            assertThat(run(client, "a6", "EXPUNGE")).containsExactly("* 1 EXPUNGE", "a6 OK EXPUNGE completed");
        }
        assertThat(store.mailbox(owner.id(), "Team").orElseThrow().messages()).isZero();
    }

    @Test
    void administerShouldAllowReadingAndChangingTheAcl() throws Exception {
        String guestAddress = guest.address().toLowerCase(Locale.ROOT);
        String ownerAddress = owner.address().toLowerCase(Locale.ROOT);
        grant("lr");
        try (RawImapClient client = login(guest)) {
            assertThat(last(client, "a1", "GETACL \"" + team + "\"")).startsWith("a1 NO [NOPERM]");
            assertThat(last(client, "a2", "SETACL \"" + team + "\" anyone l")).startsWith("a2 NO [NOPERM]");
            grant("lra");
            assertThat(last(client, "a3", "SETACL \"" + team + "\" anyone l")).startsWith("a3 OK");
            assertThat(run(client, "a4", "GETACL \"" + team + "\"")).containsExactly(
                    "* ACL \"" + team + "\" " + ownerAddress + " lrswipkxteacd anyone l " + guestAddress + " lra",
                    "a4 OK GETACL completed");
            assertThat(run(client, "a5", "LISTRIGHTS \"" + team + "\" " + ownerAddress).getFirst())
                    .isEqualTo("* LISTRIGHTS \"" + team + "\" " + ownerAddress + " lrswipkxteacd");
            assertThat(last(client, "a6", "DELETEACL \"" + team + "\" anyone")).startsWith("a6 OK");
        }
        try (RawImapClient client = login(owner)) {
            assertThat(run(client, "b1", "GETACL Team").getFirst())
                    .isEqualTo("* ACL \"Team\" " + ownerAddress + " lrswipkxteacd " + guestAddress + " lra");
        }
    }

    @Test
    void mailboxesNotSharedShouldStayInvisibleAndUnreachable() throws Exception {
        try (RawImapClient client = login(guest)) {
            assertThat(last(client, "a1", "SELECT \"" + team + "\"")).startsWith("a1 NO [NONEXISTENT]");
            assertThat(last(client, "a2", "MYRIGHTS \"" + team + "\"")).startsWith("a2 NO [NONEXISTENT]");
            assertThat(last(client, "a3", "APPEND \"" + team + "\" " + literal(MESSAGE))).startsWith("a3 NO [TRYCREATE]");
            assertThat(last(client, "a4", "CREATE Shared/mine")).startsWith("a4 NO [CANNOT]");
        }
    }

    /** RFC 4314 §4 (rights checked again after SELECT): the owner's SETACL reaches a session at its next command. */
    @Test
    void rightsTakenAwayShouldApplyAtTheSelectingSessionsNextCommandWithoutReselect() throws Exception {
        grant("lrswte");
        try (RawImapClient guestClient = login(guest); RawImapClient ownerClient = login(owner)) {
            assertThat(last(guestClient, "a1", "SELECT \"" + team + "\"")).startsWith("a1 OK [READ-WRITE]");
            assertThat(last(ownerClient, "o1", "SETACL Team " + guest.address() + " lr")).startsWith("o1 OK");
            assertThat(last(guestClient, "a2", "STORE 1 +FLAGS (\\Flagged \\Deleted \\Seen)")).startsWith("a2 NO [NOPERM]");
            assertThat(last(guestClient, "a3", "EXPUNGE")).startsWith("a3 NO [NOPERM]");
            assertThat(last(guestClient, "a4", "FETCH 1 BODY[]")).startsWith("a4 OK");   // s is gone: no \Seen
            assertThat(run(guestClient, "a5", "FETCH 1 FLAGS").getFirst()).isEqualTo("* 1 FETCH (FLAGS (\\Recent))");

            assertThat(last(ownerClient, "o2", "SETACL Team " + guest.address() + " lrs")).startsWith("o2 OK");
            assertThat(run(guestClient, "a6", "FETCH 1 BODY[]")).anyMatch(line -> line.contains("\\Seen"));

            assertThat(last(ownerClient, "o3", "DELETEACL Team " + guest.address())).startsWith("o3 OK");
            List<String> refused = run(guestClient, "a7", "FETCH 1 (FLAGS BODY.PEEK[])");
            assertThat(refused).noneMatch(line -> line.startsWith("* 1 FETCH"));
            assertThat(refused).containsSubsequence("* BYE The right to read the selected mailbox was withdrawn",
                    "a7 NO [NOPERM] The right to read the selected mailbox was withdrawn");
            assertThat(guestClient.line()).isNull();   // the session is over
        }
        assertThat(store.mailbox(owner.id(), "Team").orElseThrow().messages()).isEqualTo(1);
    }

    @Test
    void losingReadShouldEndTheSessionAtItsNextNoopToo() throws Exception {
        grant("lr");
        try (RawImapClient client = login(guest)) {
            assertThat(last(client, "a1", "EXAMINE \"" + team + "\"")).startsWith("a1 OK [READ-ONLY]");
            assertThat(last(client, "a2", "NOOP")).startsWith("a2 OK");
            grant("l");
            assertThat(run(client, "a3", "NOOP")).startsWith("* BYE The right to read the selected mailbox was withdrawn");
            assertThat(client.line()).isNull();
        }
    }
}
