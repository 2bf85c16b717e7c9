package dev.mailwright.imap;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.OptionalLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.mailwright.store.AccountId;
import dev.mailwright.store.Quota;

/** RFC 9208 QUOTA over a real socket: GETQUOTAROOT, GETQUOTA, SETQUOTA and OVERQUOTA on APPEND and COPY. */
@SpringBootTest
@Timeout(120)
class ImapQuotaTest extends ImapListenerTest {
    private static final String PASSWORD = "quota-secret";
    private static final String MESSAGE = "From: a@example.test\r\nSubject: q\r\n\r\n" + "y".repeat(1500) + "\r\n";

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        ImapTestSupport.common(registry);
        ImapTestSupport.loopbackListener(registry, "imap");
    }

    private record User(String address, AccountId id) {
    }

    private User user(Quota quota, boolean admin) {
        String address = ImapTestSupport.uniqueAddress("quota");
        AccountId id = accounts.createAccount(address, encoder.encode(PASSWORD), admin).id();
        accounts.setQuota(id, quota);
        return new User(address, id);
    }

    private RawImapClient login(User user) throws Exception {
        RawImapClient client = new RawImapClient("127.0.0.1", listeners.boundPort("imap"));
        client.socket().setSoTimeout(20_000);
        client.line();
        client.send("l1 LOGIN \"" + user.address() + "\" " + PASSWORD + "\r\n");
        assertThat(client.until("l1").getLast()).startsWith("l1 OK");
        return client;
    }

    private static List<String> append(RawImapClient client, String tag) throws Exception {
        client.send(tag + " APPEND INBOX {" + MESSAGE.getBytes(StandardCharsets.US_ASCII).length + "+}\r\n" + MESSAGE + "\r\n");
        return client.until(tag);
    }

    @Test
    void capabilityShouldAdvertiseQuotaWithStorageAndMessageResources() throws Exception {
        try (RawImapClient client = login(user(Quota.UNLIMITED, false))) {
            client.send("c1 CAPABILITY\r\n");
            assertThat(client.until("c1").getFirst()).contains(" QUOTA ", " QUOTA=RES-STORAGE", " QUOTA=RES-MESSAGE");
        }
    }

    @Test
    void getQuotaRootShouldReportUsageInKibAndMessagesAgainstTheLimits() throws Exception {
        User user = user(new Quota(OptionalLong.of(10 * 1024), OptionalLong.of(5)), false);
        try (RawImapClient client = login(user)) {
            assertThat(append(client, "a1").getLast()).startsWith("a1 OK");
            client.send("q1 GETQUOTAROOT INBOX\r\n");
            assertThat(client.until("q1")).containsExactly("* QUOTAROOT \"INBOX\" \"\"",
                    "* QUOTA \"\" (STORAGE 2 10 MESSAGE 1 5)", "q1 OK GETQUOTAROOT completed");
            client.send("q2 GETQUOTA \"\"\r\n");
            assertThat(client.until("q2")).containsExactly("* QUOTA \"\" (STORAGE 2 10 MESSAGE 1 5)", "q2 OK GETQUOTA completed");
            client.send("q3 GETQUOTA \"other\"\r\n");
            assertThat(client.until("q3").getLast()).startsWith("q3 NO [NONEXISTENT]");
            client.send("q4 GETQUOTAROOT Nowhere\r\n");
            assertThat(client.until("q4").getLast()).startsWith("q4 NO [NONEXISTENT]");
        }
    }

    @Test
    void unlimitedAccountShouldHaveNoQuotaRoot() throws Exception {
        try (RawImapClient client = login(user(Quota.UNLIMITED, false))) {
            client.send("q1 GETQUOTAROOT INBOX\r\n");
            assertThat(client.until("q1")).containsExactly("* QUOTAROOT \"INBOX\"", "q1 OK GETQUOTAROOT completed");
        }
    }

    @Test
    void appendAndCopyShouldAnswerOverQuotaAndStoreNothing() throws Exception {
        User user = user(new Quota(OptionalLong.empty(), OptionalLong.of(2)), false);
        try (RawImapClient client = login(user)) {
            assertThat(append(client, "a1").getLast()).startsWith("a1 OK");
            assertThat(append(client, "a2").getLast()).startsWith("a2 OK");
            assertThat(append(client, "a3").getLast()).startsWith("a3 NO [OVERQUOTA]");
            client.send("s1 SELECT INBOX\r\n");
            assertThat(client.until("s1")).contains("* 2 EXISTS");
            client.send("c1 COPY 1 Archive\r\n");
            assertThat(client.until("c1").getLast()).startsWith("c1 NO [OVERQUOTA]");
        }
        assertThat(accounts.quotaUsage(user.id()).messages()).isEqualTo(2);
        assertThat(store.mailbox(user.id(), "Archive").orElseThrow().messages()).isZero();
    }

    @Test
    void setQuotaShouldBeRefusedForNonAdminsAndChangeTheLimitsForAdmins() throws Exception {
        User plain = user(Quota.UNLIMITED, false);
        try (RawImapClient client = login(plain)) {
            client.send("s1 SETQUOTA \"\" (STORAGE 100)\r\n");
            assertThat(client.until("s1").getLast()).startsWith("s1 NO [NOPERM]");
        }
        assertThat(accounts.quotaUsage(plain.id()).limits()).isEqualTo(Quota.UNLIMITED);

        User admin = user(Quota.UNLIMITED, true);
        try (RawImapClient client = login(admin)) {
            client.send("s1 SETQUOTA \"\" (STORAGE 100 MESSAGE 7)\r\n");
            assertThat(client.until("s1")).containsExactly("* QUOTA \"\" (STORAGE 0 100 MESSAGE 0 7)", "s1 OK SETQUOTA completed");
            client.send("s2 SETQUOTA \"\" (BANANAS 1\r\n");
            assertThat(client.until("s2").getLast()).startsWith("s2 BAD");
        }
        assertThat(accounts.quotaUsage(admin.id()).limits()).isEqualTo(new Quota(OptionalLong.of(102_400), OptionalLong.of(7)));
    }
}
