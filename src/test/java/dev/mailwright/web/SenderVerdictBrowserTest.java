package dev.mailwright.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

import dev.mailwright.store.MessageSource;

/**
 * The sender line of the message page in Chromium: "verified sender" or "could not verify this sender" comes from
 * the topmost Authentication-Results carrying our authserv-id (the hostname, mail.example.test) and from nothing
 * else, so a result someone else wrote, or one of ours below a failing one, never makes a forged sender look trusted.
 */
class SenderVerdictBrowserTest extends WebmailBrowserSupport {

    private long deliverWith(String authenticationResults, String from, String subject) {
        String raw = authenticationResults + "From: " + from + "\r\nTo: " + ALICE + "\r\nSubject: " + subject
                + "\r\nDate: Fri, 04 Dec 2026 20:00:00 +0000\r\n\r\nHello\r\n";
        return deliver(MessageSource.of(raw.getBytes(StandardCharsets.UTF_8)), alice);
    }

    private List<WebElement> verdictOf(long uid) {
        browser.driver.get(url("/mail/" + mailbox(alice, "INBOX").id().value() + "/" + uid));
        await().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("h1.subject")));
        return browser.driver.findElements(By.id("sender-verdict"));
    }

    @Test
    void ourDmarcPassShouldShowAVerifiedSender() {
        long uid = deliverWith("Authentication-Results: mail.example.test;\r\n\tspf=pass smtp.mailfrom=news@shop.test;\r\n"
                + "\tdkim=none;\r\n\tdmarc=pass header.from=shop.test\r\n", "Shop <news@shop.test>", "Verified");
        signIn(ALICE, ALICE_PASSWORD);
        assertThat(verdictOf(uid)).singleElement().satisfies(verdict -> {
            assertThat(verdict.getText()).isEqualTo("verified sender");
            assertThat(verdict.getAttribute("class")).contains("verified");
        });
    }

    @Test
    void aFailedOrMissingAuthenticationShouldSayTheSenderCouldNotBeVerified() {
        long failed = deliverWith("Authentication-Results: mail.example.test; spf=fail smtp.mailfrom=ceo@bank.test;"
                + " dkim=none; dmarc=fail (p=none dis=none) header.from=bank.test\r\n", "CEO <ceo@bank.test>", "Failed");
        long noPolicy = deliverWith("Authentication-Results: mail.example.test; spf=neutral smtp.mailfrom=a@other.test;"
                + " dkim=none; dmarc=none header.from=friend.test\r\n", "<a@friend.test>", "No policy");
        signIn(ALICE, ALICE_PASSWORD);
        assertThat(verdictOf(failed)).singleElement().extracting(WebElement::getText).isEqualTo("could not verify this sender");
        assertThat(verdictOf(noPolicy)).singleElement().extracting(WebElement::getText).isEqualTo("could not verify this sender");
    }

    @Test
    void resultsWrittenByOthersOrBelowOursShouldNeverVerifyAForgedLocalSender() {
        String forgedPass = "Authentication-Results: mail.example.test; dmarc=pass header.from=example.test\r\n";
        long below = deliverWith("Authentication-Results: mail.example.test; spf=fail smtp.mailfrom=bob@example.test;"
                + " dmarc=fail (p=none dis=none) header.from=example.test\r\n" + forgedPass, "Bob <bob@example.test>", "Below");
        long foreign = deliverWith("Authentication-Results: mx.attacker.test; dmarc=pass header.from=example.test\r\n",
                "Bob <bob@example.test>", "Foreign");
        signIn(ALICE, ALICE_PASSWORD);
        assertThat(verdictOf(below)).singleElement().extracting(WebElement::getText).isEqualTo("could not verify this sender");
        assertThat(verdictOf(foreign)).isEmpty();   // not ours: the page claims nothing either way
    }
}
