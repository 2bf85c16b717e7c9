package dev.mailwright.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;

import dev.mailwright.store.AccountStore;
import dev.mailwright.store.AccountStore.Account;
import dev.mailwright.store.Flags;
import dev.mailwright.store.MailStore;
import dev.mailwright.store.MailStore.RightsChange;
import dev.mailwright.store.MailboxInfo;
import dev.mailwright.store.MessageRef;
import dev.mailwright.store.MessageSource;
import dev.mailwright.store.Rights;
import dev.mailwright.store.SystemFlag;

/**
 * The webmail and RFC 4314 shared folders, through the real controllers and store (MockMvc, no browser): the folder list
 * shows what another account shares and this one may read, reading obeys the rights, and actions the rights do not
 * allow change nothing.
 */
@SpringBootTest(properties = {"mailwright.smtp.port=0", "mailwright.submission.port=0", "mailwright.submissions.port=0",
        "mailwright.imap.port=0", "mailwright.imaps.port=0", "mailwright.domains=example.test"})
@AutoConfigureMockMvc
@Timeout(180)
class SharedFoldersWebTest {
    @Autowired
    MockMvc mvc;
    @Autowired
    AccountStore accounts;
    @Autowired
    MailStore store;

    @DynamicPropertySource
    static void dataDir(DynamicPropertyRegistry registry) throws IOException {
        String dir = Files.createTempDirectory("mailwright-shared-web-test").toString();
        registry.add("mailwright.data-dir", () -> dir);
    }

    private Account account(String user) {
        return accounts.createAccount(user + "-" + UUID.randomUUID().toString().substring(0, 8) + "@example.test", "x", false);
    }

    private static MessageSource message(String subject) {
        return MessageSource.of(("From: a@example.test\r\nSubject: " + subject + "\r\n\r\nbody\r\n").getBytes(StandardCharsets.US_ASCII));
    }

    private List<MessageRef> refs(MailboxInfo mailbox) {
        List<MessageRef> out = new ArrayList<>();
        store.forEachMessage(mailbox.id(), out::add);
        return out;
    }

    @Test
    void folderListShouldShowReadableSharedFoldersAndRightsShouldHoldInTheWebmail() throws Exception {
        Account owner = account("owner");
        Account guest = account("guest");
        MailboxInfo team = store.createMailbox(owner.id(), "Team");
        MailboxInfo hidden = store.createMailbox(owner.id(), "Private");
        store.append(owner.id(), "Team", message("Shared hello"), Flags.NONE, Optional.empty());
        store.changeRights(owner.id(), "Team", guest.address(), new RightsChange(RightsChange.Mode.REPLACE, Rights.parse("lr")));
        store.changeRights(owner.id(), "Private", guest.address(), new RightsChange(RightsChange.Mode.REPLACE, Rights.parse("l")));
        long inbox = store.mailbox(guest.id(), "INBOX").orElseThrow().id().value();
        String ownerLabel = "Team (" + owner.address().toLowerCase(Locale.ROOT) + ")";

        String page = mvc.perform(get("/mail/" + inbox).with(user(guest.address())))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
        assertThat(page).contains("/mail/" + team.id().value() + "\"", ownerLabel);
        assertThat(page).doesNotContain("/mail/" + hidden.id().value() + "\"");   // l without r: nothing to open

        String folder = mvc.perform(get("/mail/" + team.id().value()).with(user(guest.address())))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
        assertThat(folder).contains("Shared hello");
        mvc.perform(get("/mail/" + hidden.id().value()).with(user(guest.address()))).andExpect(status().isNotFound());

        // reading without s does not mark read; flagging without w changes nothing
        mvc.perform(get("/mail/" + team.id().value() + "/1").with(user(guest.address()))).andExpect(status().isOk());
        mvc.perform(post("/mail/" + team.id().value() + "/actions").param("uid", "1").param("action", "FLAG")
                .with(user(guest.address())).with(csrf())).andExpect(status().is3xxRedirection());
        assertThat(refs(team)).singleElement().extracting(MessageRef::flags).isEqualTo(Flags.NONE);

        // with s and w both work, on the owner's own message
        store.changeRights(owner.id(), "Team", guest.address(), new RightsChange(RightsChange.Mode.ADD, Rights.parse("sw")));
        mvc.perform(get("/mail/" + team.id().value() + "/1").with(user(guest.address()))).andExpect(status().isOk());
        mvc.perform(post("/mail/" + team.id().value() + "/actions").param("uid", "1").param("action", "FLAG")
                .with(user(guest.address())).with(csrf())).andExpect(status().is3xxRedirection());
        // \Seen is the guest's own (V28): the guest's row is read, the owner's still unread; \Flagged is shared
        assertThat(refs(team)).singleElement().extracting(MessageRef::flags).isEqualTo(Flags.of(SystemFlag.FLAGGED));
        List<MessageRef> guestView = new ArrayList<>();
        store.forEachMessage(guest.id(), team.id(), guestView::add);
        assertThat(guestView).singleElement().extracting(MessageRef::flags).isEqualTo(Flags.of(SystemFlag.SEEN, SystemFlag.FLAGGED));
        String guestList = mvc.perform(get("/mail/" + team.id().value()).with(user(guest.address())))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
        String ownerList = mvc.perform(get("/mail/" + team.id().value()).with(user(owner.address())))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
        assertThat(guestList).contains("Shared hello").doesNotContain("unread-dot");   // not bold for the guest
        assertThat(ownerList).contains("Shared hello").contains("unread-dot");        // still bold for the owner
        assertThat(store.mailbox(owner.id(), "Team").orElseThrow().unseen()).isEqualTo(1);
        assertThat(store.sharedMailboxes(guest.id())).filteredOn(m -> m.id().equals(team.id()))
                .singleElement().extracting(MailboxInfo::unseen).isEqualTo(0L);

        // the owner's own folder list is unchanged
        String ownerPage = mvc.perform(get("/mail/" + store.mailbox(owner.id(), "INBOX").orElseThrow().id().value())
                .with(user(owner.address()))).andExpect(status().isOk()).andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
        assertThat(ownerPage).doesNotContain("Shared/");
    }
}
