package dev.mailwright.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

import dev.mailwright.store.Flags;
import dev.mailwright.store.MailboxInfo;

/** The conversation view: the list grouped by thread, a conversation expanded across INBOX and Sent. */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ConversationBrowserTest extends WebmailBrowserSupport {

    private static String mail(String from, String to, String subject, String date, String id, String refs, String body) {
        return "From: " + from + "\r\nTo: " + to + "\r\nSubject: " + subject + "\r\nDate: " + date + "\r\nMessage-ID: <" + id + ">\r\n"
                + (refs.isEmpty() ? "" : "In-Reply-To: <" + refs.substring(refs.lastIndexOf('<') + 1).replace(">", "") + ">\r\nReferences: " + refs + "\r\n")
                + "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n" + body + "\r\n";
    }

    @Test
    void conversationsShouldGroupTheListAndExpandAcrossInboxAndSent() {
        String n = String.valueOf(System.nanoTime());
        String first = "trip-1." + n + "@example.test";
        String reply = "trip-2." + n + "@example.test";
        String again = "trip-3." + n + "@example.test";
        long firstUid = deliver(TestMails.raw(mail("Bob <bob@example.test>", ALICE, "Trip " + n, "Mon, 23 Nov 2026 09:00:00 +0000",
                first, "", "Shall we go to the lake?")), alice);
        store.append(alice, "Sent", TestMails.raw(mail(ALICE, "bob@example.test", "Re: Trip " + n, "Mon, 23 Nov 2026 10:00:00 +0000",
                reply, "<" + first + ">", "Yes, Saturday.")), Flags.NONE, Optional.empty());
        long unrelated = deliver(TestMails.plain("Carol <carol@example.test>", ALICE, "Unrelated " + n, "nothing to do with it"), alice);
        long lastUid = deliver(TestMails.raw(mail("Bob <bob@example.test>", ALICE, "Re: Re: Trip " + n, "Mon, 23 Nov 2026 11:00:00 +0000",
                again, "<" + first + "> <" + reply + ">", "Great, see you there.")), alice);
        MailboxInfo inbox = mailbox(alice, "INBOX");
        signIn(ALICE, ALICE_PASSWORD);
        await().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("nav.folders")));
        browser.driver.get(url("/mail/" + inbox.id().value()));
        browser.driver.findElement(By.id("view-toggle")).click();
        await().until(ExpectedConditions.urlContains("view=threads"));

        List<WebElement> rows = browser.driver.findElements(By.cssSelector("tr.message-row"));
        List<String> uids = rows.stream().map(r -> r.getAttribute("data-uid")).toList();
        assertThat(uids).contains(String.valueOf(lastUid), String.valueOf(unrelated)).doesNotContain(String.valueOf(firstUid));
        assertThat(row(lastUid).findElement(By.cssSelector(".thread-count")).getText()).isEqualTo("3");
        assertThat(row(unrelated).findElements(By.cssSelector(".thread-count"))).isEmpty();

        row(lastUid).findElement(By.cssSelector("a.conversation-link")).click();
        await().until(ExpectedConditions.urlContains("/conversation"));
        List<WebElement> messages = browser.driver.findElements(By.cssSelector("article.conversation-message"));
        assertThat(messages).extracting(m -> m.findElement(By.cssSelector(".folder-name")).getText())
                .containsExactly("Inbox", "Sent", "Inbox");
        assertThat(messages).extracting(m -> m.findElement(By.cssSelector("pre.plain")).getText())
                .containsExactly("Shall we go to the lake?", "Yes, Saturday.", "Great, see you there.");
        assertThat(messages.getLast().getAttribute("class")).contains("current");

        browser.driver.findElement(By.linkText("Back")).click();
        await().until(ExpectedConditions.urlContains("view=threads"));
    }
}
