package dev.mailwright.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import com.sun.net.httpserver.HttpServer;
import dev.mailwright.store.AccountId;
import dev.mailwright.store.AccountStore;
import dev.mailwright.store.MailStore;
import dev.mailwright.store.MailboxId;
import dev.mailwright.store.MailboxInfo;
import dev.mailwright.store.MessageMeta;
import dev.mailwright.store.MessageSource;
import dev.mailwright.store.Quota;
import dev.mailwright.store.SpecialUse;
import dev.mailwright.store.SystemFlag;
import dev.mailwright.store.UidSet;

/** Compose, reply, drafts and settings in a real headless Chromium. */
class ComposeBrowserTest extends WebmailBrowserSupport {

    @Test
    void composeShouldDeliverToALocalUserWithAttachmentAndFileACopyInSent() throws IOException {
        MailboxInfo bobInbox = mailbox(bob, "INBOX");
        MailboxInfo sent = store.mailbox(alice, SpecialUse.SENT).orElseThrow();
        Path file = Files.createTempFile(dataDir, "notes", ".txt");
        Files.writeString(file, "attached notes\n");
        signIn(ALICE, ALICE_PASSWORD);
        browser.driver.findElement(By.linkText("Compose")).click();
        browser.driver.findElement(By.id("to")).sendKeys("Bob <bob@example.test>");
        browser.driver.findElement(By.id("subject")).sendKeys("Grüße from the webmail");
        browser.driver.findElement(By.id("body")).sendKeys("Hello Bob,\nsee the notes.\n");
        browser.driver.findElement(By.id("attachments")).sendKeys(file.toString());
        browser.driver.findElement(By.id("send")).click();

        await().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("p.flash")));
        assertThat(browser.driver.findElement(By.cssSelector("p.flash")).getText()).isEqualTo("Message sent.");
        MessageMeta received = store.metaPageBefore(bobInbox.id(), Long.MAX_VALUE, 1).getFirst();
        assertThat(received.subject()).isEqualTo("Grüße from the webmail");
        assertThat(received.from()).contains("alice@example.test");
        assertThat(received.hasAttachments()).isTrue();
        assertThat(received.preview()).contains("Hello Bob,");
        MessageMeta copy = store.metaPageBefore(sent.id(), Long.MAX_VALUE, 1).getFirst();
        assertThat(copy.subject()).isEqualTo("Grüße from the webmail");
        assertThat(copy.flags().has(SystemFlag.SEEN)).isTrue();
        assertThat(copy.messageId()).isEqualTo(received.messageId());
    }

    @Test
    void composeShouldRefuseAnUnknownLocalRecipientAsAFormErrorAndSuggestPastCorrespondents() {
        deliver(TestMails.plain("Ivy <ivy@example.test>", ALICE, "Hi there", "x"), alice);
        MailboxInfo sent = store.mailbox(alice, SpecialUse.SENT).orElseThrow();
        signIn(ALICE, ALICE_PASSWORD);
        browser.driver.get(url("/compose"));
        browser.driver.findElement(By.id("to")).sendKeys("nobody@example.test");
        browser.driver.findElement(By.id("subject")).sendKeys("Into the void");
        browser.driver.findElement(By.id("send")).click();
        await().until(ExpectedConditions.presenceOfElementLocated(By.id("to-error")));
        assertThat(browser.driver.findElements(By.cssSelector("datalist#correspondents option")))
                .extracting(o -> o.getAttribute("value")).contains("Ivy <ivy@example.test>").doesNotHaveDuplicates();
        assertThat(browser.driver.findElement(By.id("to-error")).getText()).contains("No mailbox named nobody@example.test");
        assertThat(browser.driver.findElement(By.id("subject")).getAttribute("value")).isEqualTo("Into the void");
        assertThat(store.mailbox(alice, SpecialUse.SENT).orElseThrow().messages()).isEqualTo(sent.messages());
    }

    @Test
    void headerInjectionThroughAnyFieldShouldBeRefused() throws Exception {
        MailboxInfo before = mailbox(bob, "INBOX");
        mvc.perform(multipart("/compose").param("to", "bob@example.test").param("subject", "Hi\r\nBcc: eve@evil.test")
                        .param("body", "x").param("action", "send").with(user(ALICE)).with(csrf()))
                .andExpect(status().isOk())
                .andExpect(content().string(org.hamcrest.Matchers.containsString("Line breaks and control characters are not allowed")));
        mvc.perform(multipart("/compose").param("to", "bob@example.test\nBcc: eve@evil.test").param("subject", "Hi")
                        .param("action", "send").with(user(ALICE)).with(csrf()))
                .andExpect(status().isOk())
                .andExpect(content().string(org.hamcrest.Matchers.containsString("Line breaks and control characters are not allowed")));
        mvc.perform(multipart("/compose").param("to", "bob@example.test").param("subject", "Hi")
                        .param("inReplyTo", "<a@b>\r\nBcc: eve@evil.test").param("action", "send").with(user(ALICE)).with(csrf()))
                .andExpect(status().isOk())
                .andExpect(content().string(org.hamcrest.Matchers.containsString("reply references are invalid")));
        assertThat(mailbox(bob, "INBOX").messages()).isEqualTo(before.messages());
    }

    @Test
    void composeToALocalPlusDetailShouldFileIntoThatFolderAsSmtpDoes() throws Exception {
        MailboxInfo receipts = store.mailbox(bob, "Receipts").orElseGet(() -> store.createMailbox(bob, "Receipts"));
        MailboxInfo inbox = mailbox(bob, "INBOX");
        mvc.perform(multipart("/compose").param("to", "Bob <bob+receipts@example.test>").param("subject", "Order 17")
                        .param("body", "paid").param("action", "send").with(user(ALICE)).with(csrf()))
                .andExpect(status().is3xxRedirection());
        assertThat(mailbox(bob, "Receipts").messages()).as("filed by its +detail").isEqualTo(receipts.messages() + 1);
        assertThat(store.metaPageBefore(receipts.id(), Long.MAX_VALUE, 1).getFirst().subject()).isEqualTo("Order 17");
        assertThat(mailbox(bob, "INBOX").messages()).as("not in INBOX").isEqualTo(inbox.messages());

        // a detail naming no folder keeps the mail in INBOX
        mvc.perform(multipart("/compose").param("to", "bob+nothing-here@example.test").param("subject", "Order 18")
                        .param("body", "paid").param("action", "send").with(user(ALICE)).with(csrf()))
                .andExpect(status().is3xxRedirection());
        assertThat(mailbox(bob, "INBOX").messages()).isEqualTo(inbox.messages() + 1);
    }

    @Test
    void aFullLocalMailboxShouldBeSaidInTheReadersLanguage() throws Exception {
        AccountId carol = accounts.createAccount("carol-" + System.nanoTime() + "@example.test", "hash", false).id();
        accounts.setQuota(carol, new Quota(java.util.OptionalLong.empty(), java.util.OptionalLong.of(0)));
        String address = accounts.findAccount(carol).orElseThrow().address();
        mvc.perform(multipart("/compose").param("to", address).param("subject", "Full?").param("body", "x")
                        .param("action", "send").with(user(ALICE)).with(csrf()))
                .andExpect(status().isOk())
                .andExpect(content().string(org.hamcrest.Matchers.containsString(
                        "Not sent: a recipient&#39;s mailbox on this server is full.")));
        mvc.perform(multipart("/compose").param("to", address).param("subject", "Full?").param("body", "x")
                        .param("action", "send").header("Accept-Language", "ko").with(user(ALICE)).with(csrf()))
                .andExpect(status().isOk())
                .andExpect(content().string(org.hamcrest.Matchers.containsString(
                        "보내지 못했습니다: 이 서버에 있는 받는 사람의 메일함이 가득 찼습니다.")));
    }

    @Test
    void replyShouldQuoteTheOriginalThreadItAndMarkItAnswered() throws Exception {
        long uid = deliver(TestMails.raw("From: Bob <bob@example.test>\r\nTo: alice@example.test\r\nSubject: Dinner?\r\n"
                + "Message-ID: <dinner-1@example.test>\r\nDate: Thu, 26 Nov 2026 09:00:00 +0000\r\n\r\nFriday at eight?\r\n"), alice);
        MailboxInfo inbox = mailbox(alice, "INBOX");
        MailboxInfo bobInbox = mailbox(bob, "INBOX");
        signIn(ALICE, ALICE_PASSWORD);
        browser.driver.get(url("/mail/" + inbox.id().value() + "/" + uid));
        browser.driver.findElement(By.id("reply")).click();

        await().until(ExpectedConditions.presenceOfElementLocated(By.id("compose-form")));
        assertThat(browser.driver.findElement(By.id("to")).getAttribute("value")).isEqualTo("bob@example.test");
        assertThat(browser.driver.findElement(By.id("subject")).getAttribute("value")).isEqualTo("Re: Dinner?");
        assertThat(browser.driver.findElement(By.id("body")).getAttribute("value")).contains("> Friday at eight?");
        browser.driver.findElement(By.id("body")).sendKeys(Keys.CONTROL, Keys.HOME);
        browser.driver.findElement(By.id("body")).sendKeys("Yes!");
        browser.driver.findElement(By.id("send")).click();
        await().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("p.flash")));

        MessageMeta reply = store.metaPageBefore(bobInbox.id(), Long.MAX_VALUE, 1).getFirst();
        assertThat(reply.subject()).isEqualTo("Re: Dinner?");
        String raw = new String(store.openMessage(reply.blobHash()).readAllBytes(), StandardCharsets.UTF_8);
        assertThat(raw).contains("In-Reply-To: <dinner-1@example.test>").contains("References: <dinner-1@example.test>")
                .contains("Yes!").contains("> Friday at eight?").doesNotContain("Bcc:");
        assertThat(meta(inbox, uid).orElseThrow().flags().has(SystemFlag.ANSWERED)).isTrue();
    }

    @Test
    void aSavedDraftShouldBeInDraftsAndSendingItLaterShouldReplaceIt() throws Exception {
        MailboxInfo drafts = store.mailbox(alice, SpecialUse.DRAFTS).orElseThrow();
        MailboxId carolInbox = mailbox(accounts.findAccount("carol@example.test").orElseThrow().id(), "INBOX").id();
        long carolBefore = store.mailbox(accounts.findAccount("carol@example.test").orElseThrow().id(), carolInbox).orElseThrow().messages();
        signIn(ALICE, ALICE_PASSWORD);
        browser.driver.get(url("/compose"));
        browser.driver.findElement(By.id("to")).sendKeys("bob@example.test");
        browser.driver.findElement(By.id("bcc")).sendKeys("carol@example.test");
        browser.driver.findElement(By.id("subject")).sendKeys("Half-written thoughts");
        browser.driver.findElement(By.id("body")).sendKeys("first draft line");
        browser.driver.findElement(By.id("save-draft")).click();
        await().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("p.flash")));
        assertThat(browser.driver.findElement(By.cssSelector("p.flash")).getText()).isEqualTo("Draft saved.");
        MessageMeta draft = store.metaPageBefore(drafts.id(), Long.MAX_VALUE, 1).getFirst();
        assertThat(draft.subject()).isEqualTo("Half-written thoughts");
        assertThat(draft.flags().has(SystemFlag.DRAFT)).isTrue();

        browser.driver.get(url("/mail/" + drafts.id().value() + "/" + draft.uid()));
        browser.driver.findElement(By.id("edit-draft")).click();
        await().until(ExpectedConditions.presenceOfElementLocated(By.id("compose-form")));
        assertThat(browser.driver.findElement(By.id("bcc")).getAttribute("value")).isEqualTo("carol@example.test");
        assertThat(browser.driver.findElement(By.id("body")).getAttribute("value")).contains("first draft line");
        browser.driver.findElement(By.id("send")).click();
        await().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("p.flash")));

        assertThat(meta(drafts, draft.uid())).isEmpty();
        MessageMeta atBob = store.metaPageBefore(mailbox(bob, "INBOX").id(), Long.MAX_VALUE, 1).getFirst();
        assertThat(atBob.subject()).isEqualTo("Half-written thoughts");
        assertThat(new String(store.openMessage(atBob.blobHash()).readAllBytes(), StandardCharsets.UTF_8)).doesNotContain("Bcc:")
                .doesNotContain("carol@");
        AccountId carol = accounts.findAccount("carol@example.test").orElseThrow().id();
        assertThat(store.mailbox(carol, carolInbox).orElseThrow().messages()).isEqualTo(carolBefore + 1);
    }

    @Test
    void settingsShouldChangeThePasswordAndShowMailAppSetup() {
        signIn("carol@example.test", "carol-secret-1");
        browser.driver.get(url("/settings"));
        assertThat(browser.driver.findElements(By.cssSelector("table.servers td.host"))).isEmpty();
        assertThat(browser.driver.findElement(By.id("setup")).getText()).contains("Set up your mail app");
        browser.driver.findElement(By.id("current")).sendKeys("wrong-password-1");
        browser.driver.findElement(By.id("new")).sendKeys("carol-new-secret");
        browser.driver.findElement(By.id("repeat")).sendKeys("carol-new-secret");
        browser.driver.findElement(By.id("change-password")).click();
        await().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("p.error")));
        assertThat(browser.driver.findElement(By.cssSelector("p.error")).getText()).contains("current password is wrong");

        browser.driver.findElement(By.id("current")).sendKeys("carol-secret-1");
        browser.driver.findElement(By.id("new")).sendKeys("carol-new-secret");
        browser.driver.findElement(By.id("repeat")).sendKeys("carol-new-secret");
        browser.driver.findElement(By.id("change-password")).click();
        await().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("p.flash")));
        browser.driver.manage().deleteAllCookies();
        signIn("carol@example.test", "carol-secret-1");
        await().until(ExpectedConditions.urlContains("/login?error"));   // the password check takes a moment
        assertThat(browser.driver.getCurrentUrl()).contains("/login?error");
        signIn("carol@example.test", "carol-new-secret");
        await().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("nav.folders")));
    }

    @Test
    void forwardShouldCarryTheAttachmentsIntact() throws Exception {
        byte[] content = "quarterly numbers: 1 2 3".getBytes(StandardCharsets.UTF_8);
        long uid = deliver(TestMails.withAttachment("frank@example.test", ALICE, "Numbers", "numbers.html", content), alice);
        MailboxInfo inbox = mailbox(alice, "INBOX");
        MailboxInfo bobInbox = mailbox(bob, "INBOX");
        signIn(ALICE, ALICE_PASSWORD);
        browser.driver.get(url("/mail/" + inbox.id().value() + "/" + uid));
        browser.driver.findElement(By.id("forward")).click();
        await().until(ExpectedConditions.presenceOfElementLocated(By.id("compose-form")));
        assertThat(browser.driver.findElement(By.id("subject")).getAttribute("value")).isEqualTo("Fwd: Numbers");
        assertThat(browser.driver.findElement(By.id("body")).getAttribute("value")).contains("Forwarded message")
                .contains("See the attachment.");
        browser.driver.findElement(By.id("to")).sendKeys("bob@example.test");
        browser.driver.findElement(By.id("send")).click();
        await().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("p.flash")));

        MessageMeta forwarded = store.metaPageBefore(bobInbox.id(), Long.MAX_VALUE, 1).getFirst();
        assertThat(forwarded.subject()).isEqualTo("Fwd: Numbers");
        assertThat(forwarded.hasAttachments()).isTrue();
        String raw = new String(store.openMessage(forwarded.blobHash()).readAllBytes(), StandardCharsets.US_ASCII);
        assertThat(raw).contains("filename=\"numbers.html\"").contains(java.util.Base64.getEncoder().encodeToString(content));
    }

    @Test
    void theDisplayNameSetInSettingsShouldAppearInTheFromOfSentMail() {
        MailboxInfo aliceInbox = mailbox(alice, "INBOX");
        signIn("bob@example.test", "bob-secret-1");
        browser.driver.get(url("/settings"));
        WebElement name = browser.driver.findElement(By.id("display-name"));
        name.clear();
        name.sendKeys("Bob Builder");
        browser.driver.findElement(By.id("save-name")).click();
        await().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("p.flash")));
        assertThat(accounts.findAccount(bob).orElseThrow().displayName()).isEqualTo("Bob Builder");

        browser.driver.get(url("/compose"));
        browser.driver.findElement(By.id("to")).sendKeys(ALICE);
        browser.driver.findElement(By.id("subject")).sendKeys("From a named sender");
        browser.driver.findElement(By.id("send")).click();
        await().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("p.flash")));
        MessageMeta received = store.metaPageBefore(aliceInbox.id(), Long.MAX_VALUE, 1).getFirst();
        assertThat(received.subject()).isEqualTo("From a named sender");
        assertThat(received.from()).isEqualTo("Bob Builder <bob@example.test>");
    }
}
