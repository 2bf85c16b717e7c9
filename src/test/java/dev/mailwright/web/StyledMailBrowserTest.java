package dev.mailwright.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

import com.sun.net.httpserver.HttpServer;

import dev.mailwright.store.MailboxInfo;

/**
 * HTML mail with the sender's CSS, remote content for trusted senders, and dark mode, in headless Chromium. Remote
 * images come from a loopback HTTP server that counts what the browser asks for.
 */
class StyledMailBrowserTest extends WebmailBrowserSupport {
    private static final byte[] PNG = Base64.getDecoder().decode(
            "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==");
    private static final String VERIFIED = "Authentication-Results: mail.example.test; spf=pass smtp.mailfrom=news@shop.test;"
            + " dkim=none; dmarc=pass header.from=shop.test\r\n";
    private static final String FAILED = "Authentication-Results: mail.example.test; spf=fail smtp.mailfrom=news@shop.test;"
            + " dkim=none; dmarc=fail (p=none dis=none) header.from=shop.test\r\n";

    private HttpServer images;
    private final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();

    @BeforeEach
    void startImageServer() throws IOException {
        images = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        images.createContext("/", exchange -> {
            hits.computeIfAbsent(exchange.getRequestURI().getPath(), p -> new AtomicInteger()).incrementAndGet();
            exchange.getResponseHeaders().add("Content-Type", "image/png");
            exchange.sendResponseHeaders(200, PNG.length);
            exchange.getResponseBody().write(PNG);
            exchange.close();
        });
        images.start();
    }

    @AfterEach
    void stopImageServer() {
        images.stop(0);
    }

    private String image(String name) {
        return "http://127.0.0.1:" + images.getAddress().getPort() + "/" + name;
    }

    private int hitsOf(String name) {
        return hits.getOrDefault("/" + name, new AtomicInteger()).get();
    }

    private long deliverHtml(String authenticationResults, String subject, String html) {
        return deliver(TestMails.raw(authenticationResults + "From: Shop <news@shop.test>\r\nTo: " + ALICE + "\r\nSubject: " + subject
                + "\r\nDate: Thu, 26 Nov 2026 11:00:00 +0000\r\nMIME-Version: 1.0\r\nContent-Type: text/html; charset=utf-8\r\n\r\n"
                + html + "\r\n"), alice);
    }

    private String styledNewsletter(String logo, String background) {
        return "<html><head><style>body { background-color: #fdf6e3 } .banner { color: #c0392b; font-size: 24px }"
                + " @import url(" + image("import.css") + "); .banner { position: fixed; top: 0 }</style></head><body>"
                + "<p class=\"banner\"  style=\"font-weight: bold; border: 2px solid rgb(0, 128, 0); width: expression(alert(1))\">Sale</p>"
                + "<img class=\"logo\" src=\"" + logo + "\" alt=\"logo\">"
                + "<div class=\"hero\" style=\"background-image: url(" + background + "); height: 10px\">hero</div></body></html>";
    }

    private void open(MailboxInfo inbox, long uid) {
        browser.driver.get(url("/mail/" + inbox.id().value() + "/" + uid));
        await().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("h1.subject")));
    }

    /** Into the message frame once its document (our sanitized HTML, always inside div.mw-mail) has loaded. */
    private void intoFrame() {
        await().until(ExpectedConditions.frameToBeAvailableAndSwitchToIt(By.id("mailbody")));
        await().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("div.mw-mail")));
    }

    private String css(WebElement element, String property) {
        return element.getCssValue(property);
    }

    @Test
    void aStyledMailShouldKeepItsColoursAndLoadRemoteImagesOnlyOnceItsVerifiedSenderIsTrusted() {
        long verified = deliverHtml(VERIFIED, "Autumn sale", styledNewsletter(image("logo.png"), image("hero.png")));
        long forged = deliverHtml(FAILED, "Autumn sale (forged)", styledNewsletter(image("forged-logo.png"), image("forged-hero.png")));
        MailboxInfo inbox = mailbox(alice, "INBOX");
        signIn(ALICE, ALICE_PASSWORD);

        open(inbox, verified);
        assertThat(browser.driver.findElement(By.cssSelector(".remote-notice")).getText()).contains("2");
        intoFrame();
        WebElement banner = browser.driver.findElement(By.cssSelector("p.banner"));
        assertThat(css(banner, "color")).isEqualTo("rgba(192, 57, 43, 1)");
        assertThat(css(banner, "font-size")).isEqualTo("24px");
        assertThat(css(banner, "font-weight")).isEqualTo("700");
        assertThat(css(banner, "border-top-color")).isEqualTo("rgba(0, 128, 0, 1)");
        assertThat(css(banner, "position")).as("position: fixed dropped").isEqualTo("static");
        assertThat(css(browser.driver.findElement(By.cssSelector("div.mw-mail")), "background-color"))
                .as("the sender's body background, on the message container").isEqualTo("rgba(253, 246, 227, 1)");
        assertThat(browser.driver.findElement(By.cssSelector("img.logo")).getAttribute("src")).isNullOrEmpty();
        browser.driver.switchTo().defaultContent();
        assertThat(hitsOf("logo.png") + hitsOf("hero.png") + hitsOf("import.css")).as("nothing remote before trust").isZero();

        clickForNewPage(By.id("trust-sender"));
        assertThat(browser.driver.findElement(By.cssSelector("p.flash")).getText()).contains("news@shop.test");
        assertThat(browser.driver.findElements(By.id("trusted-sender-note"))).hasSize(1);
        await().until(d -> hitsOf("logo.png") > 0 && hitsOf("hero.png") > 0);
        intoFrame();
        await().until(d -> Long.valueOf(1).equals(browser.driver.executeScript(
                "return document.querySelector('img.logo').naturalWidth;")));
        browser.driver.switchTo().defaultContent();

        // the same From address on a message that failed our checks: still blocked, and no way to trust it from there
        open(inbox, forged);
        assertThat(browser.driver.findElement(By.id("sender-verdict")).getText()).isEqualTo("could not verify this sender");
        assertThat(browser.driver.findElements(By.id("show-remote"))).hasSize(1);
        assertThat(browser.driver.findElements(By.id("trust-sender"))).isEmpty();
        assertThat(browser.driver.findElements(By.id("trusted-sender-note"))).isEmpty();
        intoFrame();
        assertThat(browser.driver.findElement(By.cssSelector("img.logo")).getAttribute("src")).isNullOrEmpty();
        browser.driver.switchTo().defaultContent();
        assertThat(hitsOf("forged-logo.png") + hitsOf("forged-hero.png")).isZero();
        assertThat(hitsOf("import.css")).as("@import never loads").isZero();

        // Settings lists the sender; removing it blocks remote content again
        browser.driver.get(url("/settings/trusted-senders"));
        assertThat(browser.driver.findElement(By.id("trusted-senders")).getText()).contains("news@shop.test");
        clickForNewPage(By.cssSelector("button.remove-trusted"));
        assertThat(browser.driver.findElements(By.id("no-trusted-senders"))).hasSize(1);
        int before = hitsOf("logo.png");
        open(inbox, verified);
        assertThat(browser.driver.findElements(By.id("trust-sender"))).hasSize(1);
        intoFrame();
        assertThat(browser.driver.findElement(By.cssSelector("img.logo")).getAttribute("src")).isNullOrEmpty();
        browser.driver.switchTo().defaultContent();
        assertThat(hitsOf("logo.png")).isEqualTo(before);
    }

    @Test
    void inDarkModeUnstyledMailShouldFollowTheThemeAndStyledMailKeepItsLightPage() {
        long plain = deliverHtml(VERIFIED, "Plain note", "<p class=\"text\">Just text, no colours.</p>");
        long styled = deliverHtml(VERIFIED, "Styled note", "<body bgcolor=\"#ffffff\"><p class=\"text\" style=\"color: #333333\">Dark on light.</p></body>");
        MailboxInfo inbox = mailbox(alice, "INBOX");
        signIn(ALICE, ALICE_PASSWORD);
        browser.driver.executeCdpCommand("Emulation.setEmulatedMedia",
                Map.of("features", List.of(Map.of("name", "prefers-color-scheme", "value", "dark"))));
        try {
            open(inbox, plain);
            intoFrame();
            assertThat(css(browser.driver.findElement(By.tagName("body")), "background-color")).isEqualTo("rgba(28, 32, 39, 1)");
            assertThat(css(browser.driver.findElement(By.cssSelector("p.text")), "color")).isEqualTo("rgba(230, 233, 239, 1)");
            browser.driver.switchTo().defaultContent();

            open(inbox, styled);
            intoFrame();
            assertThat(css(browser.driver.findElement(By.tagName("body")), "background-color")).isEqualTo("rgba(255, 255, 255, 1)");
            assertThat(css(browser.driver.findElement(By.cssSelector("div.mw-mail")), "background-color")).isEqualTo("rgba(255, 255, 255, 1)");
            assertThat(css(browser.driver.findElement(By.cssSelector("p.text")), "color")).isEqualTo("rgba(51, 51, 51, 1)");
            browser.driver.switchTo().defaultContent();
        } finally {
            browser.driver.executeCdpCommand("Emulation.setEmulatedMedia", Map.of("features", List.of()));
        }
    }
}
