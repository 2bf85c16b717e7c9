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

/** Reading and organising mail in a real headless Chromium. */
class WebmailBrowserTest extends WebmailBrowserSupport {

    @Test
    void signInShouldRefuseAWrongPasswordAndAcceptTheRightOne() {
        signIn(ALICE, "not-the-password");
        await().until(ExpectedConditions.urlContains("/login?error"));   // the password check takes a moment
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
    void theListShouldPageNewestFirstByUidKeyset() {
        String name = "Bulk" + System.nanoTime();
        MailboxInfo bulk = store.createMailbox(alice, name);
        List<Long> uids = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            uids.add(store.append(alice, name, TestMails.plain("bot@example.test", ALICE, "Bulk " + i, "n" + i),
                    dev.mailwright.store.Flags.NONE, Optional.empty()).uid());
        }
        signIn(ALICE, ALICE_PASSWORD);
        browser.driver.get(url("/mail/" + bulk.id().value()));
        List<String> first = rowUids();
        assertThat(first).hasSize(50).first().isEqualTo(String.valueOf(uids.getLast()));
        assertThat(first.getLast()).isEqualTo(String.valueOf(uids.get(10)));
        browser.driver.findElement(By.cssSelector("a.older")).click();
        await().until(ExpectedConditions.urlContains("before="));
        List<String> second = rowUids();
        assertThat(second).hasSize(10).first().isEqualTo(String.valueOf(uids.get(9)));
        assertThat(second.getLast()).isEqualTo(String.valueOf(uids.getFirst()));
        assertThat(browser.driver.findElements(By.cssSelector("a.older"))).isEmpty();
    }

    @Test
    void newMailShouldAppearWithoutReloadingThePage() {
        MailboxInfo inbox = mailbox(alice, "INBOX");
        signIn(ALICE, ALICE_PASSWORD);
        browser.driver.get(url("/mail/" + inbox.id().value()));
        await().until(d -> d.findElement(By.cssSelector("nav.folders")) != null);
        sleepForTheEventStreamToConnect();
        long uid = deliver(TestMails.plain("dave@example.test", ALICE, "Breaking news", "live"), alice);
        await().until(d -> !d.findElements(By.cssSelector("tr.message-row[data-uid='" + uid + "']")).isEmpty());
        assertThat(row(uid).findElement(By.cssSelector(".subject a")).getText()).isEqualTo("Breaking news");
        long unseen = store.mailbox(alice, "INBOX").orElseThrow().unseen();
        assertThat(browser.driver.findElement(By.cssSelector("a[data-folder='" + inbox.id().value() + "'] .count")).getText())
                .isEqualTo(String.valueOf(unseen));
    }

    /** The EventSource connects after the page loads; an event published before that is not replayed. */
    private void sleepForTheEventStreamToConnect() {
        try {
            Thread.sleep(1500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Test
    void keyboardShortcutsShouldMoveThroughTheListAndOpenAMessage() {
        long older = deliver(TestMails.plain("erin@example.test", ALICE, "Shortcut older", "a"), alice);
        long newer = deliver(TestMails.plain("erin@example.test", ALICE, "Shortcut newer", "b"), alice);
        MailboxInfo inbox = mailbox(alice, "INBOX");
        signIn(ALICE, ALICE_PASSWORD);
        browser.driver.get(url("/mail/" + inbox.id().value()));
        new org.openqa.selenium.interactions.Actions(browser.driver).sendKeys("jj").perform();
        assertThat(row(older).getAttribute("class")).contains("current");
        new org.openqa.selenium.interactions.Actions(browser.driver).sendKeys("k").perform();
        assertThat(row(newer).getAttribute("class")).contains("current");
        new org.openqa.selenium.interactions.Actions(browser.driver).sendKeys("o").perform();
        await().until(ExpectedConditions.urlToBe(url("/mail/" + inbox.id().value() + "/" + newer)));
        assertThat(browser.driver.findElement(By.cssSelector("h1.subject")).getText()).isEqualTo("Shortcut newer");
    }

    private List<String> rowUids() {
        return browser.driver.findElements(By.cssSelector("tr.message-row")).stream().map(r -> r.getAttribute("data-uid")).toList();
    }

    @Test
    void foldersShouldBeCreatedRenamedAndDeletedButSpecialFoldersKept() {
        signIn(ALICE, ALICE_PASSWORD);
        browser.driver.get(url("/folders"));
        browser.driver.findElement(By.id("new-folder")).sendKeys("Projects");
        browser.driver.findElement(By.id("create-folder")).click();
        await().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("li[data-folder-name='Projects']")));
        assertThat(store.mailbox(alice, "Projects")).isPresent();
        assertThat(browser.driver.findElements(By.cssSelector("li[data-folder-name='Trash']"))).isEmpty();

        WebElement rename = browser.driver.findElement(By.cssSelector("li[data-folder-name='Projects'] input[name=name]"));
        rename.clear();
        rename.sendKeys("Clients");
        browser.driver.findElement(By.cssSelector("li[data-folder-name='Projects'] button.rename")).click();
        await().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("li[data-folder-name='Clients']")));
        assertThat(store.mailbox(alice, "Projects")).isEmpty();

        WebElement clients = browser.driver.findElement(By.cssSelector("li[data-folder-name='Clients']"));
        browser.driver.findElement(By.cssSelector("li[data-folder-name='Clients'] button.delete-folder")).click();
        // the rename's flash is still on the page: wait for the page the delete answers with, not for any flash
        await().until(gone(clients));
        await().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("p.flash")));
        assertThat(store.mailbox(alice, "Clients")).isEmpty();
        assertThat(store.mailbox(alice, SpecialUse.TRASH)).isPresent();
    }

    @Test
    void aFlagSetByAnotherClientShouldShowWithoutReloading() {
        long uid = deliver(TestMails.plain("gina@example.test", ALICE, "Flag me elsewhere", "x"), alice);
        MailboxInfo inbox = mailbox(alice, "INBOX");
        signIn(ALICE, ALICE_PASSWORD);
        browser.driver.get(url("/mail/" + inbox.id().value()));
        assertThat(row(uid).getAttribute("class")).doesNotContain("flagged");
        sleepForTheEventStreamToConnect();
        store.updateFlags(alice, inbox.id(), UidSet.of(uid), MailStore.FlagChange.ADD,
                dev.mailwright.store.Flags.of(SystemFlag.FLAGGED), Optional.empty());
        await().until(d -> row(uid).getAttribute("class").contains("flagged"));
        assertThat(row(uid).findElements(By.cssSelector(".marker.flag"))).hasSize(1);
    }

    @Test
    void emptyTrashShouldExpungeEverythingInIt() {
        long uid = deliver(TestMails.plain("hank@example.test", ALICE, "Soon gone", "x"), alice);
        MailboxInfo inbox = mailbox(alice, "INBOX");
        MailboxInfo trash = store.mailbox(alice, SpecialUse.TRASH).orElseThrow();
        store.move(alice, inbox.id(), UidSet.of(uid), trash.name());
        signIn(ALICE, ALICE_PASSWORD);
        browser.driver.get(url("/mail/" + trash.id().value()));
        browser.driver.findElement(By.id("empty-folder")).click();
        await().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("p.flash")));
        assertThat(store.mailbox(alice, SpecialUse.TRASH).orElseThrow().messages()).isZero();
        assertThat(browser.driver.findElements(By.cssSelector("tr.message-row"))).isEmpty();
    }

    @Test
    void signingInShouldReturnToTheRequestedPageButBackgroundRequestsShouldGet401() throws Exception {
        MailboxInfo sent = store.mailbox(alice, SpecialUse.SENT).orElseThrow();
        HttpResponse<byte[]> events = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url("/events")))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(events.statusCode()).isEqualTo(401);

        browser.driver.get(url("/mail/" + sent.id().value()));
        assertThat(browser.driver.getCurrentUrl()).endsWith("/login");
        browser.driver.findElement(By.id("username")).sendKeys(ALICE);
        browser.driver.findElement(By.id("password")).sendKeys(ALICE_PASSWORD);
        browser.driver.findElement(By.cssSelector("button[type=submit]")).click();
        await().until(ExpectedConditions.urlContains("/mail/" + sent.id().value()));
        assertThat(browser.driver.findElement(By.cssSelector("main h1")).getText()).isEqualTo("Sent");
    }
}
