package dev.mailwright.web.mailbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultMatcher;

import dev.mailwright.store.AccountStore;
import dev.mailwright.store.AccountStore.Account;
import dev.mailwright.store.Flags;
import dev.mailwright.store.MailStore;
import dev.mailwright.store.MailboxInfo;
import dev.mailwright.store.MessageMeta;
import dev.mailwright.store.MessageSource;
import dev.mailwright.store.SystemFlag;
import dev.mailwright.store.UidSet;
import dev.mailwright.web.Notice;

/**
 * The limits of {@code mailwright.webmail-moving}, set small, through the real controllers and store (MockMvc):
 * "all in this folder" stops at {@code max-bulk-messages} (the newest) and says so, works in batches of
 * {@code bulk-batch-size}, and an undo after {@code undo-window} is refused with a clear notice. Budget: about 20 s
 * besides the application start.
 */
@SpringBootTest(properties = {"mailwright.smtp.port=0", "mailwright.submission.port=0", "mailwright.submissions.port=0",
        "mailwright.imap.port=0", "mailwright.imaps.port=0", "mailwright.domains=example.test",
        "mailwright.webmail-moving.max-bulk-messages=3", "mailwright.webmail-moving.bulk-batch-size=2",
        "mailwright.webmail-moving.undo-window=1s"})
@AutoConfigureMockMvc
@Timeout(180)
class MovingLimitsTest {
    @Autowired
    org.springframework.context.MessageSource texts;

    /** The notice of the redirect as an English reader sees it: the flash text, then its addition if any. */
    private ResultMatcher flashSays(String expected) {
        return result -> {
            Object more = result.getFlashMap().get("flashMore");
            assertThat(say(result.getFlashMap().get("flash")) + (more == null ? "" : " " + say(more))).isEqualTo(expected);
        };
    }

    private String say(Object notice) {
        return notice instanceof Notice n ? texts.getMessage(n, java.util.Locale.ENGLISH) : String.valueOf(notice);
    }

    @Autowired
    MockMvc mvc;
    @Autowired
    AccountStore accounts;
    @Autowired
    MailStore store;

    @DynamicPropertySource
    static void dataDir(DynamicPropertyRegistry registry) throws IOException {
        String dir = Files.createTempDirectory("mailwright-moving-limits-test").toString();
        registry.add("mailwright.data-dir", () -> dir);
    }

    private Account account() {
        return accounts.createAccount("mover-" + UUID.randomUUID().toString().substring(0, 8) + "@example.test", "x", false);
    }

    private long append(Account account, String folder, String subject) {
        return store.append(account.id(), folder, MessageSource.of(("From: a@example.test\r\nSubject: " + subject + "\r\n\r\nbody\r\n")
                .getBytes(StandardCharsets.US_ASCII)), Flags.NONE, Optional.empty()).uid();
    }

    private List<MessageMeta> metas(MailboxInfo mailbox) {
        List<MessageMeta> out = new ArrayList<>();
        store.forEachMeta(mailbox.id(), UidSet.ALL, out::add);
        return out;
    }

    @Test
    void allInTheFolderShouldStopAtTheCapWithTheNewestAndSaySo() throws Exception {
        Account account = account();
        store.createMailbox(account.id(), "Heap");
        List<Long> uids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            uids.add(append(account, "Heap", "Heap " + i));
        }
        MailboxInfo heap = store.mailbox(account.id(), "Heap").orElseThrow();
        mvc.perform(post("/mail/" + heap.id().value() + "/actions").param("action", "READ").param("all", "true")
                        .with(user(account.address())).with(csrf()))
                .andExpect(flashSays("3 marked read. Only the newest 3 messages of the folder were included; repeat for the rest."));
        assertThat(metas(heap)).filteredOn(m -> m.flags().has(SystemFlag.SEEN)).extracting(MessageMeta::uid)
                .containsExactlyInAnyOrderElementsOf(uids.subList(2, 5));

        // a move of "all" in batches of two: three messages in two transactions, all of them moved, undo covers all
        store.createMailbox(account.id(), "Pile");
        MockHttpSession session = new MockHttpSession();
        var moved = mvc.perform(post("/mail/" + heap.id().value() + "/actions").param("action", "MOVE").param("target", "Pile")
                        .param("all", "true").session(session).with(user(account.address())).with(csrf()))
                .andExpect(flashSays("3 moved to Pile. Only the newest 3 messages of the folder were included; "
                        + "repeat for the rest."))
                .andReturn();
        assertThat(metas(store.mailbox(account.id(), "Pile").orElseThrow())).extracting(MessageMeta::subject)
                .containsExactlyInAnyOrder("Heap 2", "Heap 3", "Heap 4");
        String token = (String) moved.getFlashMap().get("undo");
        assertThat(moved.getFlashMap().get("undoMillis")).isEqualTo(1000L);
        mvc.perform(post("/mail/undo").param("token", token).session(session).with(user(account.address())).with(csrf()))
                .andExpect(flashSays("3 moved back to Heap."));
        assertThat(metas(store.mailbox(account.id(), "Heap").orElseThrow())).hasSize(5);
        assertThat(metas(store.mailbox(account.id(), "Pile").orElseThrow())).isEmpty();
    }

    @Test
    void undoAfterTheWindowShouldBeRefusedAndLeaveTheMessagesWhereTheyAre() throws Exception {
        Account account = account();
        long uid = append(account, "INBOX", "Late");
        MailboxInfo inbox = store.mailbox(account.id(), "INBOX").orElseThrow();
        MockHttpSession session = new MockHttpSession();
        var deleted = mvc.perform(post("/mail/" + inbox.id().value() + "/actions").param("action", "DELETE")
                        .param("uid", String.valueOf(uid)).session(session).with(user(account.address())).with(csrf()))
                .andExpect(flashSays("1 moved to Trash.")).andReturn();
        String token = (String) deleted.getFlashMap().get("undo");
        Thread.sleep(1500);
        mvc.perform(post("/mail/undo").param("token", token).session(session).with(user(account.address())).with(csrf()))
                .andExpect(flashSays("Too late to undo: a move can be taken back for 1 seconds only. The messages stay in Trash."));
        assertThat(metas(store.mailbox(account.id(), "Trash").orElseThrow())).extracting(MessageMeta::subject).containsExactly("Late");
        assertThat(metas(inbox)).isEmpty();

        // another session cannot use the token at all
        long again = append(account, "INBOX", "Again");
        var second = mvc.perform(post("/mail/" + inbox.id().value() + "/actions").param("action", "DELETE")
                        .param("uid", String.valueOf(again)).session(session).with(user(account.address())).with(csrf()))
                .andReturn();
        mvc.perform(post("/mail/undo").param("token", (String) second.getFlashMap().get("undo"))
                        .session(new MockHttpSession()).with(user(account.address())).with(csrf()))
                .andExpect(flashSays("There is nothing to undo: this move was undone already or is too old."));
    }
}
