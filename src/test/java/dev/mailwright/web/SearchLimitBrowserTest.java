package dev.mailwright.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;

import dev.mailwright.store.Flags;

/**
 * A search term longer than {@code mailwright.webmail.max-search-length} (1,000) is refused with a message
 * instead of costing each message's text times its length in the database; one at the bound still searches.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class SearchLimitBrowserTest extends WebmailBrowserSupport {

    @Test
    void searchShouldRefuseATermOverTheLimitAndStillSearchAtTheLimit() {
        String tag = "yak" + System.nanoTime();
        String term = tag + "q".repeat(1_000 - tag.length());
        store.append(alice, "INBOX", TestMails.raw("From: dora@example.test\r\nTo: " + ALICE + "\r\nSubject: " + term
                + "\r\n\r\nbody\r\n"), Flags.NONE, Optional.empty());
        signIn(ALICE, ALICE_PASSWORD);
        await().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("nav.folders")));

        browser.driver.get(url("/search?subject=" + term + "q"));
        assertThat(browser.driver.findElement(By.cssSelector("p.error")).getText()).contains("limited to 1,000 characters");
        assertThat(browser.driver.findElements(By.cssSelector("tr.result-row"))).isEmpty();

        browser.driver.get(url("/search?subject=" + term));
        assertThat(browser.driver.findElements(By.cssSelector("p.error"))).isEmpty();
        assertThat(browser.driver.findElements(By.cssSelector("tr.result-row"))).hasSize(1);
    }
}
