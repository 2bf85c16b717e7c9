package dev.mailwright.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Store;

import dev.mailwright.net.ListenerManager;

import dev.mailwright.store.AccountId;
import dev.mailwright.store.MailboxInfo;
import dev.mailwright.store.MessageMeta;
import dev.mailwright.store.SpecialUse;
import dev.mailwright.store.SystemFlag;
import dev.mailwright.store.UidSet;
import dev.mailwright.net.TestPorts;

/** Draft autosave (seen over IMAPS too) and the rich text editor, in a real browser (autosave every second here). */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
@TestPropertySource(properties = "mailwright.webmail.draft-autosave-interval=1s")
class ComposeExtrasBrowserTest extends WebmailBrowserSupport {
    @Autowired
    PasswordEncoder passwords;
    @Autowired
    ListenerManager listeners;

    /** IMAPS on a free loopback port: autosaved drafts must be what mail apps see. */
    @DynamicPropertySource
    static void imaps(DynamicPropertyRegistry registry) {
        int port = TestPorts.freePort();
        registry.add("mailwright.imaps.port", () -> Integer.toString(port));
        registry.add("mailwright.imaps.bind", () -> "127.0.0.1");
    }

    private List<String> imapDraftSubjects(String address, String password) throws Exception {
        Properties props = new Properties();
        props.put("mail.imaps.host", "127.0.0.1");
        props.put("mail.imaps.port", Integer.toString(listeners.boundPort("imaps")));
        props.put("mail.imaps.connectiontimeout", "5000");
        props.put("mail.imaps.timeout", "5000");
        props.put("mail.imaps.ssl.trust", "*");
        props.put("mail.imaps.ssl.checkserveridentity", "false");
        try (Store imap = Session.getInstance(props).getStore("imaps")) {
            imap.connect(address, password);
            Folder drafts = imap.getFolder("Drafts");
            drafts.open(Folder.READ_ONLY);
            List<String> subjects = new ArrayList<>();
            for (Message m : drafts.getMessages()) {
                assertThat(m.isSet(jakarta.mail.Flags.Flag.DRAFT)).isTrue();
                subjects.add(m.getSubject());
            }
            drafts.close(false);
            return subjects;
        }
    }

    private String lastAddress;

    private AccountId signInFresh(String user) {
        String address = user + "-" + System.nanoTime() + "@example.test";
        lastAddress = address;
        AccountId id = accounts.createAccount(address, passwords.encode(user + "-secret-1"), false).id();
        signIn(address, user + "-secret-1");
        await().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("nav.folders")));
        return id;
    }

    private List<MessageMeta> drafts(AccountId account) {
        MailboxInfo drafts = store.mailbox(account, SpecialUse.DRAFTS).orElseThrow();
        List<MessageMeta> out = new ArrayList<>();
        store.forEachMeta(drafts.id(), UidSet.ALL, out::add);
        return out;
    }

    private String raw(MessageMeta meta) throws Exception {
        try (InputStream in = store.openMessage(meta.blobHash())) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private String rawText(MessageMeta meta) {
        try {
            return raw(meta);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether the page's last autosave is the one draft in Drafts and holds {@code text}. */
    private boolean savedDraftHolds(AccountId account, String text) {
        String uid = savedUid();
        List<MessageMeta> drafts = drafts(account);
        return uid != null && drafts.size() == 1 && drafts.getFirst().uid() == Long.parseLong(uid)
                && rawText(drafts.getFirst()).contains(text);
    }

    private String savedUid() {
        return browser.driver.findElement(By.id("compose-form")).getDomAttribute("data-saved-uid");
    }

    @Test
    void composeShouldAutosaveTheChangedDraftReplacingThePreviousOneAndSendShouldRemoveIt() throws Exception {
        AccountId erin = signInFresh("erin");
        browser.driver.get(url("/compose"));
        browser.driver.findElement(By.id("to")).sendKeys("bob@example.test");
        browser.driver.findElement(By.id("subject")).sendKeys("Autosaved plans");
        browser.driver.findElement(By.id("body")).sendKeys("first version");
        // on a loaded machine an autosave can fire while the keys still arrive: wait for the one with all of them
        await().until(d -> savedDraftHolds(erin, "first version"));
        String first = savedUid();
        List<MessageMeta> afterFirst = drafts(erin);
        assertThat(afterFirst).hasSize(1);
        assertThat(afterFirst.getFirst().uid()).isEqualTo(Long.parseLong(first));
        assertThat(afterFirst.getFirst().flags().has(SystemFlag.DRAFT)).isTrue();
        assertThat(afterFirst.getFirst().subject()).isEqualTo("Autosaved plans");
        assertThat(browser.driver.findElement(By.id("autosave-status")).getText()).startsWith("Draft saved at");

        browser.driver.findElement(By.id("body")).sendKeys(" and a second thought");
        await().until(d -> savedDraftHolds(erin, "first version and a second thought"));
        List<MessageMeta> afterSecond = drafts(erin);
        assertThat(afterSecond).hasSize(1);   // replaced, not piled up
        assertThat(afterSecond.getFirst().uid()).isEqualTo(Long.parseLong(savedUid()));
        assertThat(raw(afterSecond.getFirst())).contains("first version and a second thought");
        assertThat(imapDraftSubjects(lastAddress, "erin-secret-1")).containsExactly("Autosaved plans");

        browser.driver.findElement(By.id("send")).click();
        await().until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("p.flash"), "Message sent."));
        assertThat(drafts(erin)).isEmpty();
    }

    @Test
    void richTextShouldBeSentAsSanitizedHtmlWithAPlainTextAlternativeUnderTheStrictPolicy() throws Exception {
        signInFresh("fay");
        browser.driver.get(url("/compose"));
        var csp = fetch(url("/compose")).headers().firstValue("Content-Security-Policy").orElseThrow();
        assertThat(csp).contains("script-src 'self'").doesNotContain("unsafe-inline");
        browser.driver.findElement(By.id("to")).sendKeys("bob@example.test");
        String subject = "Rich " + System.nanoTime();
        browser.driver.findElement(By.id("subject")).sendKeys(subject);
        browser.driver.findElement(By.id("rich-toggle")).click();
        var editor = await().until(ExpectedConditions.elementToBeClickable(By.id("editor")));
        assertThat(browser.driver.findElement(By.id("body")).isDisplayed()).isFalse();
        editor.click();
        editor.sendKeys("Plain start ");
        browser.driver.findElement(By.cssSelector(".editor-bar button[data-command='bold']")).click();
        editor.sendKeys("strong words");
        browser.driver.findElement(By.cssSelector(".editor-bar button[data-command='bold']")).click();
        editor.sendKeys(org.openqa.selenium.Keys.ENTER);
        browser.driver.findElement(By.cssSelector(".editor-bar button[data-command='insertUnorderedList']")).click();
        editor.sendKeys("first point");
        await().until(d -> !editor.findElements(By.cssSelector("b, strong")).isEmpty() && !editor.findElements(By.cssSelector("ul li")).isEmpty());
        // something hostile pasted into the editor must not survive the server's sanitizer
        ((org.openqa.selenium.JavascriptExecutor) browser.driver).executeScript(
                "var e = document.getElementById('editor'); e.insertAdjacentHTML('beforeend', '<p onclick=\\'alert(1)\\'>tail</p><img src=x onerror=alert(2)>');"
                        + "e.dispatchEvent(new Event('input', {bubbles: true}));");
        browser.driver.findElement(By.id("send")).click();
        await().until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("p.flash"), "Message sent."));

        MailboxInfo inbox = store.mailbox(bob, "INBOX").orElseThrow();
        List<MessageMeta> all = new ArrayList<>();
        store.forEachMeta(inbox.id(), UidSet.ALL, all::add);
        MessageMeta sent = all.stream().filter(m -> subject.equals(m.subject())).findFirst().orElseThrow();
        String raw = raw(sent).replace("=\r\n", "");
        assertThat(raw).contains("multipart/alternative", "text/plain; charset=UTF-8", "text/html; charset=UTF-8");
        assertThat(raw).containsPattern("<(b|strong)>strong words</(b|strong)>").contains("<li>first point</li>");
        assertThat(raw).doesNotContain("onclick", "onerror", "alert(");
        int html = raw.indexOf("text/html");
        assertThat(raw.substring(0, html)).contains("Plain start strong words").contains("- first point");
    }

    @Test
    void aRichTextDraftShouldReopenInTheEditorWithItsFormatting() throws Exception {
        AccountId gil = signInFresh("gil");
        browser.driver.get(url("/compose"));
        browser.driver.findElement(By.id("to")).sendKeys("bob@example.test");
        browser.driver.findElement(By.id("subject")).sendKeys("Rich draft");
        browser.driver.findElement(By.id("rich-toggle")).click();
        var editor = await().until(ExpectedConditions.elementToBeClickable(By.id("editor")));
        editor.click();
        browser.driver.findElement(By.cssSelector(".editor-bar button[data-command='bold']")).click();
        editor.sendKeys("kept bold");
        await().until(d -> !editor.findElements(By.cssSelector("b, strong")).isEmpty());
        await().until(d -> savedUid() != null);
        await().until(d -> drafts(gil).size() == 1 && rawText(drafts(gil).getFirst()).contains("kept bold"));
        MessageMeta draft = drafts(gil).getFirst();

        MailboxInfo drafts = store.mailbox(gil, SpecialUse.DRAFTS).orElseThrow();
        browser.driver.get(url("/compose?mode=draft&mailbox=" + drafts.id().value() + "&uid=" + draft.uid()));

        var reopened = await().until(ExpectedConditions.visibilityOfElementLocated(By.id("editor")));
        assertThat(browser.driver.findElement(By.id("body")).isDisplayed()).isFalse();
        assertThat(reopened.findElements(By.cssSelector("b, strong"))).singleElement()
                .satisfies(bold -> assertThat(bold.getText()).isEqualTo("kept bold"));
    }
}
