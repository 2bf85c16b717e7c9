package dev.mailwright.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.crypto.password.PasswordEncoder;

import dev.mailwright.store.AccountId;
import dev.mailwright.store.MailboxInfo;

/** The signature set in settings, stored per account, placed by compose above the quote. */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class SignatureBrowserTest extends WebmailBrowserSupport {
    @Autowired
    PasswordEncoder passwords;

    private String body() {
        return browser.driver.findElement(By.id("body")).getDomProperty("value");
    }

    @Test
    void theSignatureShouldBeStoredAndInsertedInNewRepliesAndForwardsAboveTheQuote() {
        String address = "dana-" + System.nanoTime() + "@example.test";
        AccountId dana = accounts.createAccount(address, passwords.encode("dana-secret-1"), false).id();
        long uid = store.deliver(TestMails.plain("Bob <bob@example.test>", address, "Agenda", "Item one\r\nItem two"),
                java.util.List.of(dana)).deliveries().getFirst().uid();
        MailboxInfo inbox = store.mailbox(dana, "INBOX").orElseThrow();
        signIn(address, "dana-secret-1");
        await().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("nav.folders")));

        browser.driver.get(url("/settings"));
        browser.driver.findElement(By.id("signature")).sendKeys("Dana Example", Keys.ENTER, "Head of Things");
        browser.driver.findElement(By.id("save-signature")).click();
        await().until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("p.flash"), "Signature saved."));
        assertThat(accounts.signature(dana)).contains("Dana Example\nHead of Things");
        assertThat(browser.driver.findElement(By.id("signature")).getDomProperty("value")).isEqualTo("Dana Example\nHead of Things");

        browser.driver.get(url("/compose"));
        assertThat(body()).isEqualTo("\n\n-- \nDana Example\nHead of Things");

        browser.driver.get(url("/compose?mode=reply&mailbox=" + inbox.id().value() + "&uid=" + uid));
        assertThat(body()).startsWith("\n\n-- \nDana Example\nHead of Things\n\nOn ").contains("wrote:\n> Item one\n> Item two");

        browser.driver.get(url("/compose?mode=forward&mailbox=" + inbox.id().value() + "&uid=" + uid));
        assertThat(body()).startsWith("\n\n-- \nDana Example\nHead of Things\n\n---------- Forwarded message ----------");

        browser.driver.get(url("/settings"));
        browser.driver.findElement(By.id("signature")).clear();
        browser.driver.findElement(By.id("save-signature")).click();
        await().until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("p.flash"), "Signature removed."));
        assertThat(accounts.signature(dana)).isEmpty();
        browser.driver.get(url("/compose"));
        assertThat(body()).isEmpty();
    }

    @Test
    void aTooLongSignatureShouldBeRefusedWithoutChangingTheStoredOne() throws Exception {
        String address = "erin-" + System.nanoTime() + "@example.test";
        AccountId erin = accounts.createAccount(address, passwords.encode("erin-secret-1"), false).id();
        accounts.updateSignature(erin, "Erin");
        signIn(address, "erin-secret-1");
        await().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("nav.folders")));
        browser.driver.get(url("/settings"));
        ((org.openqa.selenium.JavascriptExecutor) browser.driver).executeScript(
                "var s = document.getElementById('signature'); s.removeAttribute('maxlength'); s.value = 'x'.repeat(2001);");
        browser.driver.findElement(By.id("save-signature")).click();
        await().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#signature-title ~ p.error")));
        assertThat(accounts.signature(erin)).contains("Erin");
    }
}
