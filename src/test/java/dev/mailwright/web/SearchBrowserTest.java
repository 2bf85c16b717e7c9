package dev.mailwright.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

import dev.mailwright.store.Flags;
import dev.mailwright.store.MailboxInfo;

/** Searching every folder by field and date range, in a real browser. */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class SearchBrowserTest extends WebmailBrowserSupport {

    private long append(String folder, String from, String subject, String date, String body) {
        String text = "From: " + from + "\r\nTo: " + ALICE + "\r\nSubject: " + subject + "\r\nDate: " + date
                + "\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n" + body + "\r\n";
        return store.append(alice, folder, TestMails.raw(text), Flags.NONE, Optional.empty()).uid();
    }

    private List<String> resultFolders() {
        return browser.driver.findElements(By.cssSelector("tr.result-row .folder-name")).stream().map(WebElement::getText).toList();
    }

    @Test
    void searchShouldFindMessagesInEveryFolderShowTheFolderAndNarrowByDateRange() {
        String tag = "zebra" + System.nanoTime();
        long inboxUid = append("INBOX", "Dora <dora@example.test>", "Plans " + tag, "Tue, 10 Nov 2026 10:00:00 +0000", "see you");
        long sentUid = append("Sent", ALICE, "Re: Plans " + tag, "Wed, 11 Nov 2026 10:00:00 +0000", "fine by me");
        long archiveUid = append("Archive", "Eve <eve@example.test>", "Old news", "Mon, 02 Nov 2026 10:00:00 +0000",
                "the body mentions " + tag);
        MailboxInfo sent = mailbox(alice, "Sent");
        signIn(ALICE, ALICE_PASSWORD);
        await().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("nav.folders")));
        browser.driver.findElement(By.cssSelector("a.all-folders")).click();
        await().until(ExpectedConditions.urlContains("/search"));

        browser.driver.findElement(By.id("s-text")).sendKeys(tag);
        browser.driver.findElement(By.id("search-submit")).click();
        await().until(ExpectedConditions.urlContains("text=" + tag));
        assertThat(resultFolders()).containsExactly("Sent", "Inbox", "Archive");   // newest first, each with its folder
        assertThat(browser.driver.findElements(By.cssSelector("tr.result-row")).stream().map(r -> r.getAttribute("data-uid")).toList())
                .containsExactly(String.valueOf(sentUid), String.valueOf(inboxUid), String.valueOf(archiveUid));

        browser.driver.findElement(By.id("s-from")).sendKeys("dora");
        browser.driver.findElement(By.id("search-submit")).click();
        await().until(ExpectedConditions.urlContains("from=dora"));
        assertThat(resultFolders()).containsExactly("Inbox");

        browser.driver.findElement(By.id("s-from")).clear();
        ((JavascriptExecutor) browser.driver).executeScript(
                "document.getElementById('s-since').value = '2026-11-02'; document.getElementById('s-before').value = '2026-11-11';");
        browser.driver.findElement(By.id("search-submit")).click();
        await().until(ExpectedConditions.urlContains("before=2026-11-11"));
        assertThat(resultFolders()).containsExactly("Inbox", "Archive");

        browser.driver.get(url("/search?subject=plans+" + tag + "&folder=" + sent.id().value()));
        assertThat(resultFolders()).containsExactly("Sent");
        browser.driver.findElement(By.cssSelector("tr.result-row a.open")).click();
        await().until(ExpectedConditions.urlContains("/mail/" + sent.id().value() + "/" + sentUid));
        assertThat(browser.driver.findElement(By.tagName("h1")).getText()).contains("Re: Plans " + tag);

        browser.driver.get(url("/search?since=yesterday"));
        assertThat(browser.driver.findElement(By.cssSelector("p.error")).getText()).contains("2026-11-27");
    }
}
