package dev.mailwright.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

import dev.mailwright.store.AccountId;
import dev.mailwright.store.Flags;
import dev.mailwright.store.MailboxInfo;
import dev.mailwright.store.MessageMeta;
import dev.mailwright.store.SpecialUse;
import dev.mailwright.store.SystemFlag;
import dev.mailwright.store.UidSet;

/**
 * Moving mail the way people do, in a real browser: messages dragged onto a folder of the folder list (HTML5 drag
 * and drop events dispatched by script, as headless Chromium does not synthesize them from WebDriver actions), undo,
 * select all on the page and all in the folder, files dropped onto compose, and notices naming folders by their
 * label. Budget: about 40 s (three minutes on a loaded 2-core machine).
 */
@Timeout(value = 600, unit = TimeUnit.SECONDS)
class MovingMailBrowserTest extends WebmailBrowserSupport {

    /** Drags {@code row} and drops it on the folder list's link to {@code folder}, as a mouse would. */
    static final String DRAG_AND_DROP = """
            const [source, target] = arguments;
            const data = new DataTransfer();
            const fire = (element, type) => element.dispatchEvent(new DragEvent(type,
                { bubbles: true, cancelable: true, dataTransfer: data }));
            fire(source, 'dragstart');
            fire(target, 'dragenter');
            fire(target, 'dragover');
            fire(target, 'drop');
            fire(source, 'dragend');
            """;

    private String subject(String prefix) {
        return prefix + " " + UUID.randomUUID().toString().substring(0, 8);
    }

    private List<String> subjects(MailboxInfo mailbox) {
        List<String> found = new ArrayList<>();
        store.forEachMeta(mailbox.id(), UidSet.ALL, m -> found.add(m.subject()));
        return found;
    }

    private String flashText() {
        return browser.driver.findElement(By.cssSelector("p.flash")).getText();
    }

    private void openFolder(MailboxInfo mailbox) {
        browser.driver.get(url("/mail/" + mailbox.id().value()));
        await().until(ExpectedConditions.presenceOfElementLocated(By.id("list-form")));
    }

    private WebElement folderLink(MailboxInfo mailbox) {
        return browser.driver.findElement(By.cssSelector("nav.folders a[data-folder='" + mailbox.id().value() + "']"));
    }

    @Test
    void draggingSelectedMessagesOntoAFolderShouldMoveThemAndUndoShouldBringThemBack() {
        String folderName = "Projects-" + UUID.randomUUID().toString().substring(0, 6);
        store.createMailbox(alice, folderName);
        store.subscribe(alice, folderName);
        String first = subject("Drag one");
        String second = subject("Drag two");
        String stays = subject("Stays");
        long a = deliver(TestMails.plain("dora@example.test", ALICE, first, "one"), alice);
        long b = deliver(TestMails.plain("dora@example.test", ALICE, second, "two"), alice);
        deliver(TestMails.plain("dora@example.test", ALICE, stays, "three"), alice);
        MailboxInfo inbox = mailbox(alice, "INBOX");
        MailboxInfo projects = mailbox(alice, folderName);

        signIn(ALICE, ALICE_PASSWORD);
        openFolder(inbox);
        browser.driver.findElement(By.id("sel-" + a)).click();
        browser.driver.findElement(By.id("sel-" + b)).click();
        WebElement page = browser.driver.findElement(By.tagName("main"));
        browser.driver.executeScript(DRAG_AND_DROP, row(b), folderLink(projects));
        await().until(gone(page));

        assertThat(flashText()).isEqualTo("2 moved to " + folderName + ".");
        assertThat(subjects(projects)).containsExactlyInAnyOrder(first, second);
        assertThat(subjects(inbox)).contains(stays).doesNotContain(first, second);

        assertThat(browser.driver.findElement(By.id("undo")).isDisplayed()).isTrue();
        clickForNewPage(By.id("undo"));
        assertThat(flashText()).isEqualTo("2 moved back to Inbox.");
        assertThat(subjects(mailbox(alice, folderName))).isEmpty();
        assertThat(subjects(mailbox(alice, "INBOX"))).contains(first, second, stays);
        assertThat(browser.driver.findElements(By.id("undo"))).isEmpty();

        // an unchecked row dragged moves alone, whatever else is checked
        long again = store.metaPageBefore(inbox.id(), Long.MAX_VALUE, 50).stream().filter(m -> m.subject().equals(first))
                .findFirst().orElseThrow().uid();
        long other = store.metaPageBefore(inbox.id(), Long.MAX_VALUE, 50).stream().filter(m -> m.subject().equals(second))
                .findFirst().orElseThrow().uid();
        browser.driver.findElement(By.id("sel-" + again)).click();
        page = browser.driver.findElement(By.tagName("main"));
        browser.driver.executeScript(DRAG_AND_DROP, row(other), folderLink(projects));
        await().until(gone(page));
        assertThat(flashText()).isEqualTo("1 moved to " + folderName + ".");
        assertThat(subjects(mailbox(alice, folderName))).containsExactly(second);

        // a message dropped on the folder it is in goes nowhere: its own folder is no drop target
        Object accepted = browser.driver.executeScript("""
                const data = new DataTransfer();
                arguments[0].dispatchEvent(new DragEvent('dragstart', { bubbles: true, dataTransfer: data }));
                const over = new DragEvent('dragover', { bubbles: true, cancelable: true, dataTransfer: data });
                arguments[1].dispatchEvent(over);
                arguments[0].dispatchEvent(new DragEvent('dragend', { bubbles: true, dataTransfer: data }));
                return over.defaultPrevented;""", row(again), folderLink(inbox));
        assertThat(accepted).isEqualTo(false);
    }

    @Test
    void deleteShouldBeUndoableAndTheSecondUndoRefusedClearly() {
        String doomed = subject("Delete me");
        long uid = deliver(TestMails.plain("dora@example.test", ALICE, doomed, "bye"), alice);
        MailboxInfo inbox = mailbox(alice, "INBOX");

        signIn(ALICE, ALICE_PASSWORD);
        browser.driver.get(url("/mail/" + inbox.id().value() + "/" + uid));
        await().until(ExpectedConditions.presenceOfElementLocated(By.id("delete")));
        clickForNewPage(By.id("delete"));
        assertThat(flashText()).isEqualTo("1 moved to Trash.");
        assertThat(subjects(store.mailbox(alice, SpecialUse.TRASH).orElseThrow())).contains(doomed);
        // the form works without script: post it twice, the second time there is nothing left to undo
        String token = browser.driver.findElement(By.cssSelector("#undo-form input[name=token]")).getDomProperty("value");
        assertThat(browser.driver.findElement(By.id("undo-form")).getDomAttribute("data-expires-in")).isEqualTo("10000");
        clickForNewPage(By.id("undo"));
        assertThat(flashText()).isEqualTo("1 moved back to Inbox.");
        assertThat(subjects(mailbox(alice, "INBOX"))).contains(doomed);
        assertThat(subjects(store.mailbox(alice, SpecialUse.TRASH).orElseThrow())).doesNotContain(doomed);
        browser.driver.executeScript("""
                const form = document.createElement('form');
                form.method = 'post';
                form.action = '/mail/undo';
                form.innerHTML = '<input name="token"><input name="_csrf">';
                form.elements.token.value = arguments[0];
                form.elements._csrf.value = document.querySelector('input[name=_csrf]').value;
                document.body.appendChild(form);
                form.submit();""", token);
        await().until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("p.flash"), "nothing to undo"));
        assertThat(flashText()).isEqualTo("There is nothing to undo: this move was undone already or is too old.");
    }

    @Test
    void selectAllShouldOfferEveryMessageOfTheFolderAndActOnAllOfThem() {
        String folderName = "Bulk-" + UUID.randomUUID().toString().substring(0, 6);
        String targetName = folderName + "-done";
        store.createMailbox(alice, folderName);
        store.createMailbox(alice, targetName);
        int total = MAILS_IN_BULK;
        for (int i = 0; i < total; i++) {
            store.append(alice, folderName, TestMails.raw("From: dora@example.test\r\nTo: " + ALICE + "\r\nSubject: Bulk " + i
                    + "\r\n\r\nbody " + i + "\r\n"), Flags.NONE, Optional.empty());
        }
        MailboxInfo bulk = mailbox(alice, folderName);
        signIn(ALICE, ALICE_PASSWORD);
        openFolder(bulk);

        // without selecting the page the offer stays hidden; selecting the page shows it with the folder's count
        WebElement banner = browser.driver.findElement(By.id("select-all"));
        assertThat(banner.isDisplayed()).isFalse();
        browser.driver.findElement(By.id("select-page")).click();
        assertThat(browser.driver.findElements(By.cssSelector("tr.message-row input[name=uid]:checked"))).hasSize(50);
        assertThat(banner.isDisplayed()).isTrue();
        assertThat(banner.getText()).contains("All " + total + " messages in " + folderName);
        browser.driver.findElement(By.id("select-all-folder")).click();
        clickForNewPage(By.cssSelector("button[value=READ]"));
        assertThat(flashText()).isEqualTo(total + " marked read.");
        List<MessageMeta> all = new ArrayList<>();
        store.forEachMeta(bulk.id(), UidSet.ALL, all::add);
        assertThat(all).hasSize(total).allMatch(m -> m.flags().has(SystemFlag.SEEN));

        // unticking one message of the page takes back "all in the folder"
        browser.driver.findElement(By.id("select-page")).click();
        browser.driver.findElement(By.id("select-all-folder")).click();
        browser.driver.findElement(By.cssSelector("tr.message-row input[name=uid]")).click();
        assertThat(browser.driver.findElement(By.id("select-all-folder")).isSelected()).isFalse();

        browser.driver.findElement(By.id("select-page")).click();
        browser.driver.findElement(By.id("select-all")).findElement(By.id("select-all-folder")).click();
        new org.openqa.selenium.support.ui.Select(browser.driver.findElement(By.id("target"))).selectByValue(targetName);
        clickForNewPage(By.cssSelector("button[value=MOVE]"));
        assertThat(flashText()).isEqualTo(total + " moved to " + targetName + ".");
        assertThat(mailbox(alice, folderName).messages()).isZero();
        assertThat(mailbox(alice, targetName).messages()).isEqualTo(total);
        // the Undo button goes away when the server would refuse it (undo-window, 10 s by default)
        WebElement undo = browser.driver.findElement(By.id("undo-form"));
        assertThat(undo.isDisplayed()).isTrue();
        new org.openqa.selenium.support.ui.WebDriverWait(browser.driver, java.time.Duration.ofSeconds(30))
                .until(ExpectedConditions.invisibilityOf(undo));
    }

    static final int MAILS_IN_BULK = 57;

    @Test
    void filesDroppedOntoComposeShouldBeSentAsAttachments() throws Exception {
        String title = subject("Dropped files");
        signIn(ALICE, ALICE_PASSWORD);
        browser.driver.get(url("/compose"));
        await().until(ExpectedConditions.presenceOfElementLocated(By.id("compose-form")));
        WebElement hint = browser.driver.findElement(By.id("drop-hint"));
        assertThat(hint.isDisplayed()).isTrue();
        browser.driver.findElement(By.id("to")).sendKeys("bob@example.test");
        browser.driver.findElement(By.id("subject")).sendKeys(title);
        browser.driver.findElement(By.id("body")).sendKeys("Two files, dropped.");
        Object accepted = browser.driver.executeScript("""
                const drop = (names) => {
                    const data = new DataTransfer();
                    names.forEach(n => data.items.add(new File(['contents of ' + n + '\\n'], n, { type: 'text/plain' })));
                    const over = new DragEvent('dragover', { bubbles: true, cancelable: true, dataTransfer: data });
                    arguments[0].dispatchEvent(over);
                    arguments[0].dispatchEvent(new DragEvent('drop', { bubbles: true, cancelable: true, dataTransfer: data }));
                    return over.defaultPrevented;
                };
                return drop(['first-drop.txt']) && drop(['second-drop.txt']);""", browser.driver.findElement(By.id("body")));
        assertThat(accepted).isEqualTo(true);
        assertThat(browser.driver.executeScript("return document.getElementById('attachments').files.length")).isEqualTo(2L);
        assertThat(hint.getText()).isEqualTo("2 file(s) attached.");
        clickForNewPage(By.id("send"));
        assertThat(flashText()).isEqualTo("Message sent.");

        MailboxInfo bobInbox = mailbox(bob, "INBOX");
        MessageMeta received = store.metaPageBefore(bobInbox.id(), Long.MAX_VALUE, 20).stream()
                .filter(m -> title.equals(m.subject())).findFirst().orElseThrow();
        assertThat(received.hasAttachments()).isTrue();
        String raw;
        try (var in = store.openMessage(received.blobHash())) {
            raw = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.ISO_8859_1);
        }
        assertThat(raw).contains("first-drop.txt", "second-drop.txt");
    }

    @org.springframework.beans.factory.annotation.Autowired
    org.springframework.context.MessageSource texts;

    /** The redirect's notice as a Korean reader sees it. */
    private org.springframework.test.web.servlet.ResultMatcher flashSaysInKorean(String expected) {
        return result -> assertThat(result.getFlashMap().get("flash")).isInstanceOfSatisfying(Notice.class,
                notice -> assertThat(texts.getMessage(notice, java.util.Locale.KOREAN)).isEqualTo(expected));
    }

    @Test
    void noticesShouldNameSpecialFoldersInTheReadersLanguage() throws Exception {
        AccountId carol = accounts.findAccount("carol@example.test").orElseThrow().id();
        long uid = deliver(TestMails.plain("dora@example.test", "carol@example.test", subject("Korean notice"), "x"), carol);
        MailboxInfo inbox = mailbox(carol, "INBOX");
        mvc.perform(post("/mail/" + inbox.id().value() + "/actions").param("uid", String.valueOf(uid)).param("action", "DELETE")
                        .header("Accept-Language", "ko").with(user("carol@example.test")).with(csrf()))
                .andExpect(flashSaysInKorean("1개를 휴지통(으)로 옮겼습니다."));
        MailboxInfo trash = store.mailbox(carol, SpecialUse.TRASH).orElseThrow();
        long inTrash = store.metaPageBefore(trash.id(), Long.MAX_VALUE, 1).getFirst().uid();
        mvc.perform(post("/mail/" + trash.id().value() + "/actions").param("uid", String.valueOf(inTrash)).param("action", "MOVE")
                        .param("targetId", String.valueOf(trash.id().value()))
                        .header("Accept-Language", "ko").with(user("carol@example.test")).with(csrf()))
                .andExpect(flashSaysInKorean("이미 휴지통에 있습니다."));
    }
}
