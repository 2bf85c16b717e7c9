package dev.mailwright.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;

import dev.mailwright.store.MailboxInfo;
import dev.mailwright.store.MessageMeta;
import dev.mailwright.store.SpecialUse;

/** A compose form refused for a bad recipient comes back with the files the user attached, and sends them next time. */
class KeptAttachmentsBrowserTest extends WebmailBrowserSupport {

    @Test
    void aRefusedFormShouldKeepItsAttachmentsUntilItIsSent() throws IOException {
        Path notes = Files.createTempFile(dataDir, "notes", ".txt");
        Files.writeString(notes, "attached notes\n");
        Path drop = Files.createTempFile(dataDir, "drop", ".txt");
        Files.writeString(drop, "left out\n");
        MailboxInfo sent = store.mailbox(alice, SpecialUse.SENT).orElseThrow();
        long sentBefore = sent.messages();
        signIn(ALICE, ALICE_PASSWORD);
        browser.driver.get(url("/compose"));
        browser.driver.findElement(By.id("to")).sendKeys("nobody@example.test");
        browser.driver.findElement(By.id("subject")).sendKeys("With notes");
        browser.driver.findElement(By.id("body")).sendKeys("See attached.");
        browser.driver.findElement(By.id("attachments")).sendKeys(notes + "\n" + drop);
        clickForNewPage(By.id("send"));

        await().until(ExpectedConditions.presenceOfElementLocated(By.id("to-error")));
        assertThat(browser.driver.findElement(By.id("kept-attachments")).getText())
                .contains(notes.getFileName().toString()).contains(drop.getFileName().toString());
        assertThat(store.mailbox(alice, SpecialUse.SENT).orElseThrow().messages()).isEqualTo(sentBefore);

        // leave one file out, fix the recipient, send
        browser.driver.findElement(By.xpath("//fieldset[@id='kept-attachments']//label[contains(., '"
                + drop.getFileName() + "')]/input")).click();
        browser.driver.findElement(By.id("to")).clear();
        browser.driver.findElement(By.id("to")).sendKeys("bob@example.test");
        clickForNewPage(By.id("send"));
        await().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("p.flash")));

        MailboxInfo bobInbox = mailbox(bob, "INBOX");
        MessageMeta received = store.metaPageBefore(bobInbox.id(), Long.MAX_VALUE, 1).getFirst();
        assertThat(received.subject()).isEqualTo("With notes");
        assertThat(received.hasAttachments()).isTrue();
        String raw = new String(store.openMessage(received.blobHash()).readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(raw).contains(notes.getFileName().toString()).doesNotContain(drop.getFileName().toString());
    }
}
