package dev.mailwright.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.crypto.password.PasswordEncoder;

import dev.mailwright.inbound.spam.InboundCounters;
import dev.mailwright.inbound.spam.JunkReports;
import dev.mailwright.store.MailboxInfo;
import dev.mailwright.store.SpecialUse;

/**
 * The webmail's spam judgement in a real browser: Junk on the message page files the message in Junk with
 * {@code $Junk}; Not junk (on the message page and in the Junk folder's toolbar) brings it back to the INBOX with
 * {@code $NotJunk}; and the admin Domains page shows the MX's per-domain counts. Budget: one context and one Chromium.
 */
@Timeout(300)
class JunkBrowserTest extends WebmailBrowserSupport {
    static final String ROOT = "root@example.test";
    static final String ROOT_PASSWORD = "root-secret-1";

    @Autowired
    InboundCounters counters;
    @Autowired
    PasswordEncoder encoder;

    @BeforeEach
    void admin() {
        if (accounts.findAccount(ROOT).isEmpty()) {
            accounts.createAccount(ROOT, encoder.encode(ROOT_PASSWORD), true);
        }
    }

    @Test
    void junkAndNotJunkMoveTheMessageAndSetTheKeywords() {
        long uid = deliver(TestMails.plain("Promo <promo@shop.test>", ALICE, "Cheap watches", "Buy now"), alice);
        MailboxInfo inbox = mailbox(alice, "INBOX");
        MailboxInfo junk = store.mailbox(alice, SpecialUse.JUNK).orElseThrow();
        signIn(ALICE, ALICE_PASSWORD);

        browser.driver.get(url("/mail/" + inbox.id().value() + "/" + uid));
        assertThat(browser.driver.findElements(By.id("not-junk"))).as("no Not junk outside Junk").isEmpty();
        clickForNewPage(By.id("junk"));
        assertThat(meta(inbox, uid)).isEmpty();
        long junkUid = store.mailbox(alice, SpecialUse.JUNK).orElseThrow().uidNext() - 1;
        assertThat(meta(junk, junkUid)).hasValueSatisfying(m -> {
            assertThat(m.subject()).isEqualTo("Cheap watches");
            assertThat(m.flags().hasKeyword(JunkReports.JUNK)).isTrue();
        });

        browser.driver.get(url("/mail/" + junk.id().value()));
        assertThat(browser.driver.findElement(By.id("not-junk")).getText()).isEqualTo("Not junk");
        browser.driver.get(url("/mail/" + junk.id().value() + "/" + junkUid));
        assertThat(browser.driver.findElements(By.id("junk"))).as("no Junk inside Junk").isEmpty();
        clickForNewPage(By.id("not-junk"));
        assertThat(meta(junk, junkUid)).isEmpty();
        long backUid = store.mailbox(alice, "INBOX").orElseThrow().uidNext() - 1;
        assertThat(meta(inbox, backUid)).hasValueSatisfying(m -> {
            assertThat(m.subject()).isEqualTo("Cheap watches");
            assertThat(m.flags().hasKeyword(JunkReports.NOT_JUNK)).isTrue();
            assertThat(m.flags().hasKeyword(JunkReports.JUNK)).isFalse();
        });
    }

    @Test
    void theDomainsPageShowsTheLastDaysCountsPerDomain() {
        counters.count("example.test", InboundCounters.Outcome.ACCEPTED);
        counters.count("example.test", InboundCounters.Outcome.JUNKED);
        counters.count("example.test", InboundCounters.Outcome.JUNKED);
        counters.count("example.test", InboundCounters.Outcome.REFUSED);
        InboundCounters.DomainCounts expected = counters.lastDay().stream()
                .filter(c -> c.domain().equals("example.test")).findFirst().orElseThrow();
        signIn(ROOT, ROOT_PASSWORD);
        await().until(ExpectedConditions.presenceOfElementLocated(By.id("admin-link")));
        browser.driver.get(url("/admin/domains"));
        WebElement row = browser.driver.findElement(By.cssSelector("#inbound-counts tr[data-domain='example.test']"));
        assertThat(row.findElement(By.cssSelector(".accepted")).getText()).isEqualTo(String.valueOf(expected.accepted()));
        assertThat(row.findElement(By.cssSelector(".junked")).getText()).isEqualTo(String.valueOf(expected.junked()));
        assertThat(row.findElement(By.cssSelector(".refused")).getText()).isEqualTo(String.valueOf(expected.refused()));
        assertThat(expected.junked()).isGreaterThanOrEqualTo(2);
    }

}
