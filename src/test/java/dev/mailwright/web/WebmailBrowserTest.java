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
import dev.mailwright.store.MailboxInfo;
import dev.mailwright.store.MessageMeta;
import dev.mailwright.store.MessageSource;
import dev.mailwright.store.SpecialUse;
import dev.mailwright.store.SystemFlag;
import dev.mailwright.store.UidSet;

/** The webmail in a real headless Chromium, on a random port, over the real store (H2 in a temp dir). */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "mailwright.smtp.port=0", "mailwright.submission.port=0", "mailwright.submissions.port=0",
        "mailwright.imap.port=0", "mailwright.imaps.port=0",
        "mailwright.hostname=mail.example.test", "mailwright.domains=example.test",
        "mailwright.bootstrap.accounts[0].address=alice@example.test",
        "mailwright.bootstrap.accounts[0].password=alice-secret-1",
        "mailwright.bootstrap.accounts[1].address=bob@example.test",
        "mailwright.bootstrap.accounts[1].password=bob-secret-1",
        "mailwright.bootstrap.accounts[2].address=carol@example.test",
        "mailwright.bootstrap.accounts[2].password=carol-secret-1"})
@AutoConfigureMockMvc
class WebmailBrowserTest {
    static final String ALICE = "alice@example.test";
    static final String ALICE_PASSWORD = "alice-secret-1";
    static Path dataDir;
    static Browser browser;

    @LocalServerPort
    int port;
    @Autowired
    MailStore store;
    @Autowired
    AccountStore accounts;
    @Autowired
    MockMvc mvc;

    AccountId alice;
    AccountId bob;

    @DynamicPropertySource
    static void dataDir(DynamicPropertyRegistry registry) throws IOException {
        dataDir = Files.createTempDirectory("mailwright-web-test");
        registry.add("mailwright.data-dir", () -> dataDir.toString());
    }

    @BeforeAll
    static void startBrowser() throws IOException {
        browser = new Browser();
    }

    @AfterAll
    static void stopBrowser() throws IOException {
        browser.close();
    }

    @BeforeEach
    void resolveAccounts() {
        alice = accounts.findAccount(ALICE).orElseThrow().id();
        bob = accounts.findAccount("bob@example.test").orElseThrow().id();
        browser.driver.manage().deleteAllCookies();
    }

    String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    void signIn(String address, String password) {
        browser.driver.get(url("/login"));
        browser.driver.findElement(By.id("username")).sendKeys(address);
        browser.driver.findElement(By.id("password")).sendKeys(password);
        browser.driver.findElement(By.cssSelector("button[type=submit]")).click();
    }

    WebDriverWait await() {
        return new WebDriverWait(browser.driver, Duration.ofSeconds(10));
    }

    long deliver(MessageSource raw, AccountId to) {
        return store.deliver(raw, List.of(to)).deliveries().getFirst().uid();
    }

    MailboxInfo mailbox(AccountId account, String name) {
        return store.mailbox(account, name).orElseThrow();
    }

    Optional<MessageMeta> meta(MailboxInfo mailbox, long uid) {
        List<MessageMeta> found = new ArrayList<>();
        store.forEachMeta(mailbox.id(), UidSet.of(uid), found::add);
        return found.stream().findFirst();
    }

    WebElement row(long uid) {
        return browser.driver.findElement(By.cssSelector("tr.message-row[data-uid='" + uid + "']"));
    }

    @Test
    void signInShouldRefuseAWrongPasswordAndAcceptTheRightOne() {
        signIn(ALICE, "not-the-password");
        assertThat(browser.driver.getCurrentUrl()).contains("/login?error");
        assertThat(browser.driver.findElement(By.cssSelector("p.error")).getText()).contains("Wrong address or password");

        signIn(ALICE, ALICE_PASSWORD);
        await().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("nav.folders")));
        List<String> folders = browser.driver.findElements(By.cssSelector("nav.folders .label")).stream().map(WebElement::getText).toList();
        assertThat(folders).startsWith("Inbox", "Drafts", "Sent", "Archive", "Junk", "Trash");
        assertThat(browser.driver.findElement(By.cssSelector(".who")).getText()).isEqualTo(ALICE);
    }

    @Test
    void openingAMessageShouldShowItEscapedWithLinksAndMarkItSeenInTheStore() {
        long uid = deliver(TestMails.plain("Bob <bob@example.test>", ALICE, "Lunch plans",
                "Meet at <b>noon</b>? Menu: https://example.test/menu?day=1 ok"), alice);
        MailboxInfo inbox = mailbox(alice, "INBOX");
        signIn(ALICE, ALICE_PASSWORD);

        WebElement row = row(uid);
        assertThat(row.getAttribute("class")).contains("unread");
        assertThat(row.findElement(By.cssSelector(".preview")).getText()).contains("Meet at <b>noon</b>?");
        row.findElement(By.cssSelector("a.open")).click();

        await().until(ExpectedConditions.presenceOfElementLocated(By.id("plainbody")));
        assertThat(browser.driver.findElement(By.cssSelector("h1.subject")).getText()).isEqualTo("Lunch plans");
        assertThat(browser.driver.findElement(By.cssSelector("dd.from")).getText()).isEqualTo("Bob <bob@example.test>");
        WebElement body = browser.driver.findElement(By.id("plainbody"));
        assertThat(body.getText()).contains("Meet at <b>noon</b>?");
        assertThat(body.findElements(By.tagName("b"))).isEmpty();
        assertThat(body.findElement(By.tagName("a")).getAttribute("href")).isEqualTo("https://example.test/menu?day=1");
        assertThat(meta(inbox, uid).orElseThrow().flags().has(SystemFlag.SEEN)).isTrue();
    }

    @Test
    void htmlMailShouldBeSanitizedAndLoadRemoteImagesOnlyWhenAsked() throws IOException {
        AtomicInteger sinkHits = new AtomicInteger();
        HttpServer sink = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        sink.createContext("/", exchange -> {
            sinkHits.incrementAndGet();
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        sink.start();
        try {
            String remote = "http://127.0.0.1:" + sink.getAddress().getPort() + "/pixel.png";
            long uid = deliver(TestMails.html("Mallory <mallory@evil.test>", ALICE, "Totally safe",
                    "<p class=\"greet\">Hello <b>there</b></p><script>parent.document.title='pwned-script'</script>"
                            + "<img src=\"x\" onerror=\"parent.document.title='pwned-onerror'\">"
                            + "<a href=\"javascript:parent.document.title='pwned-link'\">click</a>"
                            + "<img id=\"tracker\" src=\"" + remote + "\">"), alice);
            MailboxInfo inbox = mailbox(alice, "INBOX");
            signIn(ALICE, ALICE_PASSWORD);
            browser.driver.get(url("/mail/" + inbox.id().value() + "/" + uid));

            await().until(ExpectedConditions.frameToBeAvailableAndSwitchToIt(By.id("mailbody")));
            String frameSource = browser.driver.getPageSource();
            assertThat(browser.driver.findElement(By.cssSelector("p")).getText()).isEqualTo("Hello there");
            assertThat(frameSource).doesNotContainIgnoringCase("<script").doesNotContainIgnoringCase("onerror")
                    .doesNotContainIgnoringCase("javascript:").doesNotContain(remote);
            browser.driver.switchTo().defaultContent();
            assertThat(browser.driver.getTitle()).doesNotContain("pwned");
            assertThat(sinkHits.get()).isZero();

            browser.driver.findElement(By.id("show-remote")).click();
            await().until(ExpectedConditions.frameToBeAvailableAndSwitchToIt(By.id("mailbody")));
            await().until(d -> sinkHits.get() > 0);
            browser.driver.switchTo().defaultContent();
            assertThat(browser.driver.getTitle()).doesNotContain("pwned");
        } finally {
            sink.stop(0);
        }
    }

    @Test
    void attachmentShouldDownloadIntactAsAttachmentWithNosniff() throws Exception {
        byte[] content = "<html><script>alert(1)</script>report</html>".getBytes(StandardCharsets.UTF_8);
        long uid = deliver(TestMails.withAttachment("bob@example.test", ALICE, "Report", "report.html", content), alice);
        MailboxInfo inbox = mailbox(alice, "INBOX");
        signIn(ALICE, ALICE_PASSWORD);
        browser.driver.get(url("/mail/" + inbox.id().value() + "/" + uid));

        WebElement link = browser.driver.findElement(By.cssSelector("a.attachment"));
        assertThat(link.getText()).isEqualTo("report.html");
        HttpResponse<byte[]> response = fetch(link.getAttribute("href"));
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Disposition").orElseThrow()).startsWith("attachment")
                .contains("report.html");
        assertThat(response.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
        assertThat(response.body()).isEqualTo(content);
        assertThat(row(uid, inbox)).isTrue();
    }

    private boolean row(long uid, MailboxInfo inbox) {
        browser.driver.get(url("/mail/" + inbox.id().value()));
        return !browser.driver.findElements(By.cssSelector("tr.message-row[data-uid='" + uid + "'] .attachment")).isEmpty();
    }

    @Test
    void deleteShouldMoveTheSelectedMessageToTrashAndDeleteInTrashShouldExpungeIt() {
        long uid = deliver(TestMails.plain("bob@example.test", ALICE, "Old news", "obsolete"), alice);
        MailboxInfo inbox = mailbox(alice, "INBOX");
        MailboxInfo trash = store.mailbox(alice, SpecialUse.TRASH).orElseThrow();
        long trashBefore = trash.messages();
        signIn(ALICE, ALICE_PASSWORD);

        row(uid).findElement(By.cssSelector("input[type=checkbox]")).click();
        browser.driver.findElement(By.id("delete-selected")).click();
        await().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("p.flash")));
        assertThat(browser.driver.findElement(By.cssSelector("p.flash")).getText()).contains("moved to Trash");
        assertThat(meta(inbox, uid)).isEmpty();
        MailboxInfo trashAfter = store.mailbox(alice, SpecialUse.TRASH).orElseThrow();
        assertThat(trashAfter.messages()).isEqualTo(trashBefore + 1);

        long trashUid = trashAfter.uidNext() - 1;
        browser.driver.get(url("/mail/" + trash.id().value()));
        row(trashUid).findElement(By.cssSelector("input[type=checkbox]")).click();
        browser.driver.findElement(By.id("delete-selected")).click();
        await().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("p.flash")));
        assertThat(meta(trashAfter, trashUid)).isEmpty();
    }

    @Test
    void messagesMarkedDeletedByAnotherClientShouldStayVisibleStruckThrough() {
        long uid = deliver(TestMails.plain("bob@example.test", ALICE, "Outlook deleted me", "still here"), alice);
        MailboxInfo inbox = mailbox(alice, "INBOX");
        store.updateFlags(alice, inbox.id(), UidSet.of(uid), MailStore.FlagChange.ADD,
                dev.mailwright.store.Flags.of(SystemFlag.DELETED), Optional.empty());
        signIn(ALICE, ALICE_PASSWORD);
        assertThat(row(uid).getAttribute("class")).contains("deleted");
        assertThat(row(uid).findElement(By.cssSelector(".subject a")).getCssValue("text-decoration-line")).isEqualTo("line-through");
    }

    @Test
    void searchShouldListOnlyMatchingMessages() {
        long hit = deliver(TestMails.plain("carol@example.test", ALICE, "Quarterly zebra figures", "numbers"), alice);
        long miss = deliver(TestMails.plain("carol@example.test", ALICE, "Something else", "nothing to see"), alice);
        signIn(ALICE, ALICE_PASSWORD);
        WebElement q = browser.driver.findElement(By.id("q"));
        q.sendKeys("ZEBRA");
        q.submit();
        await().until(ExpectedConditions.urlContains("q=ZEBRA"));
        List<String> uids = browser.driver.findElements(By.cssSelector("tr.message-row")).stream()
                .map(r -> r.getAttribute("data-uid")).toList();
        assertThat(uids).containsExactly(String.valueOf(hit)).doesNotContain(String.valueOf(miss));
    }

    @Test
    void aStateChangingPostWithoutCsrfTokenShouldBeRefused() throws Exception {
        MailboxInfo inbox = mailbox(alice, "INBOX");
        long uid = deliver(TestMails.plain("bob@example.test", ALICE, "Keep me", "x"), alice);
        mvc.perform(post("/mail/" + inbox.id().value() + "/actions").param("uid", String.valueOf(uid)).param("action", "DELETE")
                        .with(user(ALICE)))
                .andExpect(status().isForbidden());
        assertThat(meta(inbox, uid)).isPresent();
        mvc.perform(post("/mail/" + inbox.id().value() + "/actions").param("uid", String.valueOf(uid)).param("action", "FLAG")
                        .with(user(ALICE)).with(csrf()))
                .andExpect(status().is3xxRedirection());
        assertThat(meta(inbox, uid).orElseThrow().flags().has(SystemFlag.FLAGGED)).isTrue();
    }

    @Test
    void anotherAccountsMailboxShouldAnswerNotFound() throws Exception {
        MailboxInfo bobsInbox = mailbox(bob, "INBOX");
        long uid = deliver(TestMails.plain("carol@example.test", "bob@example.test", "Private", "for bob only"), bob);
        signIn(ALICE, ALICE_PASSWORD);
        HttpResponse<byte[]> list = fetch(url("/mail/" + bobsInbox.id().value()));
        HttpResponse<byte[]> raw = fetch(url("/mail/" + bobsInbox.id().value() + "/" + uid + "/raw"));
        assertThat(list.statusCode()).isEqualTo(404);
        assertThat(raw.statusCode()).isEqualTo(404);
        assertThat(new String(raw.body(), StandardCharsets.UTF_8)).doesNotContain("for bob only");
    }

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
    void composeShouldRefuseAnUnknownLocalRecipientAsAFormError() {
        MailboxInfo sent = store.mailbox(alice, SpecialUse.SENT).orElseThrow();
        signIn(ALICE, ALICE_PASSWORD);
        browser.driver.get(url("/compose"));
        browser.driver.findElement(By.id("to")).sendKeys("nobody@example.test");
        browser.driver.findElement(By.id("subject")).sendKeys("Into the void");
        browser.driver.findElement(By.id("send")).click();
        await().until(ExpectedConditions.presenceOfElementLocated(By.id("to-error")));
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
    void saveDraftShouldStoreTheMessageInDraftsWithTheDraftFlag() {
        MailboxInfo drafts = store.mailbox(alice, SpecialUse.DRAFTS).orElseThrow();
        signIn(ALICE, ALICE_PASSWORD);
        browser.driver.get(url("/compose"));
        browser.driver.findElement(By.id("to")).sendKeys("bob@example.test");
        browser.driver.findElement(By.id("bcc")).sendKeys("carol@example.test");
        browser.driver.findElement(By.id("subject")).sendKeys("Half-written thoughts");
        browser.driver.findElement(By.id("save-draft")).click();
        await().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("p.flash")));
        assertThat(browser.driver.findElement(By.cssSelector("p.flash")).getText()).isEqualTo("Draft saved.");
        MessageMeta draft = store.metaPageBefore(drafts.id(), Long.MAX_VALUE, 1).getFirst();
        assertThat(draft.subject()).isEqualTo("Half-written thoughts");
        assertThat(draft.flags().has(SystemFlag.DRAFT)).isTrue();
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
        assertThat(browser.driver.getCurrentUrl()).contains("/login?error");
        signIn("carol@example.test", "carol-new-secret");
        await().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("nav.folders")));
    }

    /** A GET with the browser's session cookie, to look at headers Selenium cannot see. */
    HttpResponse<byte[]> fetch(String href) throws Exception {
        String session = browser.driver.manage().getCookieNamed("JSESSIONID").getValue();
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        return client.send(HttpRequest.newBuilder(URI.create(href)).timeout(Duration.ofSeconds(10))
                .header("Cookie", "JSESSIONID=" + session).build(), HttpResponse.BodyHandlers.ofByteArray());
    }
}
