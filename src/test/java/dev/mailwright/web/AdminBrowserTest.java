package dev.mailwright.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.OptionalLong;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.crypto.password.PasswordEncoder;

import dev.mailwright.store.AccountStore;
import dev.mailwright.store.Quota;

/** The admin pages in a real browser: domains, accounts, quotas, aliases, the queue, and the refusal of non-admins. */
@Timeout(300)
class AdminBrowserTest extends WebmailBrowserSupport {
    static final String ROOT = "root@example.test";
    static final String ROOT_PASSWORD = "root-secret-1";

    @Autowired
    PasswordEncoder encoder;
    @Autowired
    JdbcTemplate jdbc;

    @BeforeEach
    void admin() {
        if (accounts.findAccount(ROOT).isEmpty()) {
            accounts.createAccount(ROOT, encoder.encode(ROOT_PASSWORD), true);
        }
    }

    private void signInAsAdmin() {
        signIn(ROOT, ROOT_PASSWORD);
        await().until(ExpectedConditions.presenceOfElementLocated(By.id("admin-link")));
    }

    private void open(String path, String readyId) {
        browser.driver.get(url(path));
        await().until(ExpectedConditions.presenceOfElementLocated(By.id(readyId)));
    }


    private String flash() {
        return browser.driver.findElements(By.cssSelector("p.flash, #admin-error")).stream().map(WebElement::getText)
                .reduce("", (a, b) -> a + b);
    }

    @Test
    void nonAdminShouldBeRefusedAdminPagesAndActions() throws Exception {
        signIn(ALICE, ALICE_PASSWORD);
        await().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("nav.folders")));
        assertThat(browser.driver.findElements(By.id("admin-link"))).isEmpty();
        assertThat(fetch(url("/admin")).statusCode()).isEqualTo(403);
        assertThat(fetch(url("/admin/accounts")).statusCode()).isEqualTo(403);

        mvc.perform(post("/admin/domains").param("name", "evil.test").with(user(ALICE).roles("USER")).with(csrf()))
                .andExpect(status().isForbidden());
        // an admin session without the CSRF token is refused too
        mvc.perform(post("/admin/domains").param("name", "evil.test").with(user(ROOT).roles("USER", "ADMIN")))
                .andExpect(status().isForbidden());
        assertThat(accounts.isLocalDomain("evil.test")).isFalse();
    }

    @Test
    void adminShouldCreateADomainAnAccountWithAQuotaAndSeeTheDnsRecords() {
        signInAsAdmin();
        open("/admin", "listeners");
        assertThat(browser.driver.findElement(By.id("account-count")).getText()).matches("\\d+");

        open("/admin/domains", "domain-name");
        browser.driver.findElement(By.id("domain-name")).sendKeys("shop.test");
        clickForNewPage(By.id("add-domain"));
        assertThat(flash()).contains("Domain shop.test added.");
        assertThat(accounts.isLocalDomain("shop.test")).isTrue();

        browser.driver.findElement(By.cssSelector("tr[data-domain='shop.test'] a")).click();
        await().until(ExpectedConditions.presenceOfElementLocated(By.id("dns-records")));
        assertThat(browser.driver.findElement(By.id("zone")).getText()).contains("shop.test. 3600 IN MX 10 mail.example.test.",
                "mailwright._domainkey.shop.test. 3600 IN TXT \"v=DKIM1; k=rsa; p=", "_dmarc.shop.test.");

        open("/admin/accounts", "create-account");
        browser.driver.findElement(By.id("new-address")).sendKeys("dave@shop.test");
        browser.driver.findElement(By.id("new-password")).sendKeys("dave-password");
        browser.driver.findElement(By.id("new-messages")).sendKeys("50");
        clickForNewPage(By.id("create-account-button"));
        assertThat(flash()).contains("Account dave@shop.test created.");
        AccountStore.Account dave = accounts.findAccount("dave@shop.test").orElseThrow();
        assertThat(encoder.matches("dave-password", dave.passwordHash())).isTrue();
        assertThat(accounts.quotaUsage(dave.id()).limits()).isEqualTo(new Quota(OptionalLong.empty(), OptionalLong.of(50)));

        WebElement row = browser.driver.findElement(By.cssSelector("tr[data-address='dave@shop.test']"));
        row.findElement(By.tagName("summary")).click();
        WebElement storage = row.findElement(By.cssSelector(".quota-storage"));
        storage.clear();
        storage.sendKeys("2MB");
        clickForNewPage(By.cssSelector("tr[data-address='dave@shop.test'] .save-quota"));
        assertThat(flash()).contains("Quota of dave@shop.test saved.");
        assertThat(accounts.quotaUsage(dave.id()).limits()).isEqualTo(new Quota(OptionalLong.of(2 * 1024 * 1024), OptionalLong.of(50)));
        assertThat(browser.driver.findElement(By.cssSelector("tr[data-address='dave@shop.test'] .storage")).getText())
                .isEqualTo("0 / 2097152 bytes");

        clickForNewPage(By.cssSelector("tr[data-address='dave@shop.test'] .toggle-enabled"));
        assertThat(accounts.findAccount(dave.id()).orElseThrow().enabled()).isFalse();

        browser.driver.findElement(By.id("new-address")).sendKeys("eve@nowhere.invalid");
        browser.driver.findElement(By.id("new-password")).sendKeys("eve-password");
        clickForNewPage(By.id("create-account-button"));
        assertThat(browser.driver.findElement(By.id("admin-error")).getText()).contains("is not one of this server's domains: add the domain first");
    }

    @Test
    void adminShouldAddAnAccountAliasAndAForward() {
        signInAsAdmin();
        open("/admin/aliases", "add-alias");
        browser.driver.findElement(By.id("alias-source")).sendKeys("help@example.test");
        browser.driver.findElement(By.id("alias-target")).sendKeys(ALICE);
        clickForNewPage(By.id("add-alias"));
        assertThat(flash()).contains("Alias help@example.test added.");
        assertThat(accounts.resolveRecipient("help@example.test")).contains(alice);

        browser.driver.findElement(By.id("alias-source")).sendKeys("outside@example.test");
        browser.driver.findElement(By.id("alias-target")).sendKeys("friend@far.invalid");
        clickForNewPage(By.id("add-alias"));
        assertThat(browser.driver.findElement(By.cssSelector("tr[data-source='outside@example.test'] .kind")).getText())
                .isEqualTo("forward");
        assertThat(accounts.resolveDestination("outside@example.test"))
                .contains(new AccountStore.Destination.Forward("friend@far.invalid"));

        clickForNewPage(By.cssSelector("tr[data-source='help@example.test'] .remove-alias"));
        assertThat(accounts.resolveRecipient("help@example.test")).isEmpty();
    }

    @Test
    void webmailShouldQueueMailToAForwardAliasForItsExternalTarget() throws Exception {
        String source = "relay-" + System.nanoTime() + "@example.test";
        accounts.addForward(source, "far-" + source.substring(0, source.indexOf('@')) + "@far.invalid");

        mvc.perform(multipart("/compose").param("to", source).param("subject", "forwarded").param("body", "x")
                        .param("action", "send").with(user(ALICE)).with(csrf()))
                .andExpect(status().is3xxRedirection());
        String target = "far-" + source.substring(0, source.indexOf('@')) + "@far.invalid";
        boolean queued = jdbc.queryForList("SELECT recipient FROM outbound_queue WHERE sender = ?", String.class, ALICE).contains(target);
        // the delivery worker of this context may already have tried it and bounced it (far.invalid does not exist)
        assertThat(queued || bouncedToAlice(target)).as("queued for " + target).isTrue();
    }

    private boolean bouncedToAlice(String target) {
        List<String> bounces = new java.util.ArrayList<>();
        store.forEachMeta(mailbox(alice, "INBOX").id(), dev.mailwright.store.UidSet.ALL, meta -> {
            try (java.io.InputStream in = store.openMessage(meta.blobHash())) {
                String raw = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
                if (raw.contains("Final-Recipient: rfc822;" + target) || raw.contains("Final-Recipient: rfc822; " + target)) {
                    bounces.add(raw);
                }
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        return !bounces.isEmpty();
    }

    @Test
    void adminShouldRetryAndDeleteQueueEntries() {
        Instant later = Instant.now().plus(3, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        long retry = queued("retry-me@far.invalid", later);
        long delete = queued("delete-me@far.invalid", later);

        signInAsAdmin();
        open("/admin/queue", "queue");
        // the next attempt as the reader's language writes a date, not an ISO timestamp
        String shown = browser.driver.findElement(By.cssSelector("tr[data-id='" + retry + "'] .next")).getText();
        assertThat(shown).as("next attempt").isNotBlank().doesNotContain(later.toString().substring(0, 10))
                .contains(String.valueOf(later.atZone(java.time.ZoneId.systemDefault()).getYear()));
        clickForNewPage(By.cssSelector("tr[data-id='" + retry + "'] .retry"));
        assertThat(flash()).contains("Entry " + retry + " will be tried now.");
        // due now: either still queued with an earlier attempt time, or already claimed by the delivery worker
        List<Timestamp> next = jdbc.queryForList("SELECT next_attempt_at FROM outbound_queue WHERE id = ? AND status = 'QUEUED'",
                Timestamp.class, retry);
        assertThat(next).allMatch(t -> t.toInstant().isBefore(later));

        clickForNewPage(By.cssSelector("tr[data-id='" + delete + "'] .delete"));
        assertThat(flash()).contains("Entry " + delete + " deleted.");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM outbound_queue WHERE id = ?", Long.class, delete)).isZero();
        assertThat(browser.driver.findElements(By.cssSelector("tr[data-id='" + delete + "']"))).isEmpty();
    }

    private long queued(String recipient, Instant next) {
        jdbc.update("INSERT INTO outbound_queue (blob_hash, sender, recipient, created_at, next_attempt_at, attempts, last_error, status) "
                + "VALUES ('0000', 'root@example.test', ?, ?, ?, 1, 'timeout', 'QUEUED')", recipient,
                Timestamp.from(Instant.now()), Timestamp.from(next));
        return jdbc.queryForObject("SELECT MAX(id) FROM outbound_queue WHERE recipient = ?", Long.class, recipient);
    }
}
