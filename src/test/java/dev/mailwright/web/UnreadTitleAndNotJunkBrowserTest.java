package dev.mailwright.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

import dev.mailwright.inbound.spam.JunkReports;
import dev.mailwright.store.Flags;
import dev.mailwright.store.MailStore.FlagChange;
import dev.mailwright.store.MailboxInfo;
import dev.mailwright.store.SpecialUse;
import dev.mailwright.store.SystemFlag;
import dev.mailwright.store.UidSet;

/** The inbox's unread count in the tab title, kept current by the live updates; "Not junk" from the Junk list. */
class UnreadTitleAndNotJunkBrowserTest extends WebmailBrowserSupport {

    private String expectedPrefix() {
        long unseen = store.mailbox(alice, "INBOX").orElseThrow().unseen();
        return unseen > 0 ? "(" + unseen + ") " : "";
    }

    @Test
    void theTabTitleShouldShowTheInboxUnreadCountAndFollowTheLiveUpdates() throws InterruptedException {
        deliver(TestMails.plain("dave@example.test", ALICE, "Title one", "a"), alice);
        signIn(ALICE, ALICE_PASSWORD);
        browser.driver.get(url("/settings"));
        String prefix = expectedPrefix();
        assertThat(prefix).isNotEmpty();
        assertThat(browser.driver.getTitle()).isEqualTo(prefix + "Settings · Mailwright");

        Thread.sleep(2000);     // the EventSource connects after the page loads; earlier events are not replayed
        long uid = deliver(TestMails.plain("dave@example.test", ALICE, "Title two", "b"), alice);
        String afterDelivery = expectedPrefix();
        await().until(d -> d.getTitle().equals(afterDelivery + "Settings · Mailwright"));

        MailboxInfo inbox = mailbox(alice, "INBOX");
        store.updateFlags(alice, inbox.id(), UidSet.of(uid), FlagChange.ADD, Flags.of(SystemFlag.SEEN), Optional.empty());
        String afterReading = expectedPrefix();
        assertThat(afterReading).isNotEqualTo(afterDelivery);
        await().until(d -> d.getTitle().equals(afterReading + "Settings · Mailwright"));
    }

    @Test
    void notJunkInTheJunkListShouldMoveTheSelectedMessageToTheInboxAsHam() {
        long uid = deliver(TestMails.plain("Newsletter <news@club.test>", ALICE, "Club news", "Meeting on Friday"), alice);
        MailboxInfo inbox = mailbox(alice, "INBOX");
        MailboxInfo junk = store.mailbox(alice, SpecialUse.JUNK).orElseThrow();
        store.move(alice, inbox.id(), UidSet.of(uid), junk.name());
        long junkUid = store.mailbox(alice, SpecialUse.JUNK).orElseThrow().uidNext() - 1;
        signIn(ALICE, ALICE_PASSWORD);

        browser.driver.get(url("/mail/" + junk.id().value()));
        assertThat(browser.driver.findElements(By.cssSelector("#list-form button[value=JUNK]"))).as("no Junk inside Junk").isEmpty();
        browser.driver.findElement(By.id("sel-" + junkUid)).click();
        clickForNewPage(By.id("not-junk"));

        assertThat(meta(junk, junkUid)).isEmpty();
        long backUid = store.mailbox(alice, "INBOX").orElseThrow().uidNext() - 1;
        assertThat(meta(inbox, backUid)).hasValueSatisfying(m -> {
            assertThat(m.subject()).isEqualTo("Club news");
            assertThat(m.flags().hasKeyword(JunkReports.NOT_JUNK)).isTrue();
        });
        assertThat(browser.driver.findElements(By.cssSelector("tr.message-row[data-uid='" + junkUid + "']"))).isEmpty();
    }
}
