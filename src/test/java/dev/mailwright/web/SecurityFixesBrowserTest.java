package dev.mailwright.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.test.context.TestPropertySource;

import com.sun.net.httpserver.HttpServer;

import dev.mailwright.store.AccountStore;
import dev.mailwright.store.MailboxInfo;

/**
 * The security fixes of issue #16 in a real browser: a refused cross-site POST leaves the session alone, attachment
 * names cannot hide their extension with bidi controls, and a demoted admin loses the actuator at once.
 *
 * <p>Its own application context (the property below only tells it apart): MockMvc's {@code csrf()} helper, which other
 * classes sharing the cached context use, swaps the running server's CSRF token repository for a plain session one.
 */
@Timeout(300)
@TestPropertySource(properties = "mailwright.webmail.max-search-results=199")
class SecurityFixesBrowserTest extends WebmailBrowserSupport {
    @Autowired
    PasswordEncoder encoder;

    /** An attacker's page on another site ({@code localhost} is not the same site as {@code 127.0.0.1}). */
    private HttpServer attackerPage(String html) throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            byte[] body = html.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        return server;
    }

    @Test
    void crossSitePostShouldBeRefusedWithoutSigningTheUserOut() throws Exception {
        signIn(ALICE, ALICE_PASSWORD);
        await().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("nav.folders")));
        String session = browser.driver.manage().getCookieNamed("JSESSIONID").getValue();

        String form = "<main><form method='post' action='" + url("/settings/signature") + "'>"
                + "<input name='signature' value='pwned'><input name='_csrf' value='forged'>"
                + "<button id='go' type='submit'>go</button></form></main>";
        for (String host : new String[] {"localhost", "127.0.0.1"}) {   // cross-site (no cookie), then same-site
            HttpServer attacker = attackerPage(form);
            try {
                browser.driver.get("http://" + host + ":" + attacker.getAddress().getPort() + "/");
                clickForNewPage(By.id("go"));
                await().until(d -> d.getCurrentUrl().startsWith(url("/settings/signature")));
            } finally {
                attacker.stop(0);
            }
            assertThat(browser.driver.manage().getCookieNamed("JSESSIONID").getValue()).as(host).isEqualTo(session);
            browser.driver.get(url("/settings"));
            await().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("nav.folders")));
            assertThat(browser.driver.getCurrentUrl()).as(host).doesNotContain("/login");
        }
        assertThat(accounts.signature(alice)).isNotEqualTo(java.util.Optional.of("pwned"));
    }

    @Test
    void attachmentNameWithBidiControlsShouldShowTheControlsAndStayIsolated() {
        String spoofed = "invoice\u202Efdp.exe";
        String encoded = "=?utf-8?B?" + Base64.getEncoder().encodeToString(spoofed.getBytes(StandardCharsets.UTF_8)) + "?=";
        long uid = deliver(TestMails.withAttachment("Mallory <mallory@evil.test>", ALICE, "Your invoice", encoded,
                "<p>hi</p>".getBytes(StandardCharsets.UTF_8)), alice);
        MailboxInfo inbox = mailbox(alice, "INBOX");
        signIn(ALICE, ALICE_PASSWORD);
        browser.driver.get(url("/mail/" + inbox.id().value() + "/" + uid));
        WebElement name = await().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("a.attachment bdi.filename")));
        assertThat(name.getText()).isEqualTo("invoice[U+202E]fdp.exe").doesNotContain("\u202E");
        // the download keeps the real name, for the file system to show
        assertThat(name.findElement(By.xpath("..")).getAttribute("download")).isNotNull();
    }

    @Test
    void demotedAdminShouldLoseTheActuatorAtOnce() throws Exception {
        String root = "boss@example.test";
        AccountStore.Account boss = accounts.findAccount(root)
                .orElseGet(() -> accounts.createAccount(root, encoder.encode("boss-secret-1"), true));
        accounts.setAdmin(boss.id(), true);
        signIn(root, "boss-secret-1");
        await().until(ExpectedConditions.presenceOfElementLocated(By.id("admin-link")));
        assertThat(fetch(url("/actuator/metrics")).statusCode()).isEqualTo(200);

        accounts.setAdmin(boss.id(), false);   // demoted while signed in
        assertThat(fetch(url("/actuator/metrics")).statusCode()).isEqualTo(403);
        assertThat(fetch(url("/actuator/info")).statusCode()).isEqualTo(403);
        assertThat(fetch(url("/admin")).statusCode()).isEqualTo(403);
        assertThat(fetch(url("/actuator/health")).statusCode()).isEqualTo(200);
    }
}
