package dev.mailwright.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.springframework.beans.factory.annotation.Autowired;

import dev.mailwright.store.Identities;
import dev.mailwright.store.MailboxInfo;
import dev.mailwright.store.MessageMeta;

/**
 * Identities: managed in Settings, offered in compose's From chooser with their own signature, and held to the same
 * ownership rule as SMTP submission when the webmail sends. Time budget: 180 s.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class IdentitiesBrowserTest extends WebmailBrowserSupport {
    @Autowired
    Identities identities;

    private Optional<MessageMeta> received(MailboxInfo inbox, String subject) {
        return store.metaPageBefore(inbox.id(), Long.MAX_VALUE, 50).stream().filter(m -> subject.equals(m.subject())).findFirst();
    }

    @Test
    void anIdentityAddedInSettingsShouldBeTheFromAndSignatureOfMailSentWithIt() throws Exception {
        String alias = "sales-" + System.nanoTime() + "@example.test";
        accounts.addAlias(alias, alice);
        String subject = "Offer " + System.nanoTime();
        signIn(ALICE, ALICE_PASSWORD);
        browser.driver.get(url("/settings"));
        clickForNewPage(By.id("identities-link"));

        browser.driver.findElement(By.id("identity-address")).sendKeys(alias);
        browser.driver.findElement(By.id("identity-name")).sendKeys("Alice at Sales");
        browser.driver.findElement(By.id("identity-signature")).sendKeys("Sales team, ext. 42");
        clickForNewPage(By.id("add-identity-button"));
        assertThat(browser.driver.findElement(By.id("identity-flash")).getText()).isEqualTo("Identity added.");

        browser.driver.findElement(By.id("identity-address")).sendKeys("bob@example.test");
        clickForNewPage(By.id("add-identity-button"));
        assertThat(browser.driver.findElement(By.id("identity-error")).getText())
                .isEqualTo("You may only send as your own address or one of your aliases.");

        browser.driver.get(url("/compose"));
        Select from = new Select(browser.driver.findElement(By.id("identity")));
        assertThat(from.getOptions()).extracting(o -> o.getText()).contains("Alice at Sales <" + alias + ">");
        from.selectByVisibleText("Alice at Sales <" + alias + ">");
        assertThat(browser.driver.findElement(By.id("body")).getDomProperty("value")).contains("-- \nSales team, ext. 42");
        browser.driver.findElement(By.id("to")).sendKeys("bob@example.test");
        browser.driver.findElement(By.id("subject")).sendKeys(subject);
        clickForNewPage(By.id("send"));

        MessageMeta mail = received(mailbox(bob, "INBOX"), subject).orElseThrow();
        assertThat(mail.from()).contains("Alice at Sales").contains(alias);
        String raw = new String(store.openMessage(mail.blobHash()).readAllBytes(), StandardCharsets.UTF_8);
        assertThat(raw).contains("From: Alice at Sales <" + alias + ">").contains("--=20\r\nSales team, ext=2E 42");
    }

    @Test
    void aForgedOrRevokedIdentityShouldNotSend() throws Exception {
        String alias = "revoked-" + System.nanoTime() + "@example.test";
        accounts.addAlias(alias, alice);
        long id = ((Identities.Added.Stored) identities.add(alice, alias, "Old Role", "")).identity().id();
        accounts.removeAlias(alias);
        String subject = "Should not go " + System.nanoTime();

        String page = mvc.perform(post("/compose").param("to", "bob@example.test").param("subject", subject).param("body", "x")
                        .param("identity", String.valueOf(id)).param("action", "send").with(user(ALICE)).with(csrf()))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
        mvc.perform(post("/compose").param("to", "bob@example.test").param("subject", subject).param("body", "x")
                        .param("identity", "not-a-number").param("action", "send").with(user(ALICE)).with(csrf()))
                .andExpect(status().isOk()).andExpect(content().string(org.hamcrest.Matchers.containsString("from-error")));
        String compose = mvc.perform(get("/compose").with(user(ALICE))).andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);

        assertThat(page).contains("You may not send as this address.");
        assertThat(received(mailbox(bob, "INBOX"), subject)).isEmpty();
        assertThat(compose).as("a revoked alias is not offered").doesNotContain(alias);
        assertThat(identities.list(alice)).extracting(Identities.Identity::address).contains(alias);
    }

    @Test
    void aReplyShouldBeSentFromTheIdentityTheOriginalWasAddressedTo() throws Exception {
        String alias = "support-" + System.nanoTime() + "@example.test";
        accounts.addAlias(alias, alice);
        long id = ((Identities.Added.Stored) identities.add(alice, alias, "Support", "Support desk")).identity().id();
        long uid = deliver(TestMails.plain("Customer <customer@remote.invalid>", "Support <" + alias + ">", "Help", "Please help"), alice);
        long other = deliver(TestMails.plain("Customer <customer@remote.invalid>", "pre" + alias, "Help 2", "Not for support"), alice);
        MailboxInfo inbox = mailbox(alice, "INBOX");

        String reply = replyPage(inbox, uid);
        String otherReply = replyPage(inbox, other);

        assertThat(reply).containsPattern("<option value=\"" + id + "\"[^>]*selected");
        assertThat(reply).contains("Support desk");
        assertThat(otherReply).as("pre<alias> is not the alias").doesNotContainPattern("<option value=\"" + id + "\"[^>]*selected");
    }

    private String replyPage(MailboxInfo inbox, long uid) throws Exception {
        return mvc.perform(get("/compose").param("mode", "reply").param("mailbox", String.valueOf(inbox.id().value()))
                        .param("uid", String.valueOf(uid)).with(user(ALICE)))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
    }

    @Test
    void theIdentitiesPageShouldSpeakKorean() throws Exception {
        String page = mvc.perform(get("/settings/identities").with(user(ALICE)).locale(Locale.KOREAN)
                        .header("Accept-Language", "ko"))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);

        assertThat(page).contains("보내는 사람 주소").contains("주소 추가").doesNotContain("Add identity");
        assertThat(List.of(page)).isNotEmpty();
    }
}
