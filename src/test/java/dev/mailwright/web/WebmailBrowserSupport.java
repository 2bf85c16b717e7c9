package dev.mailwright.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedCondition;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;

import com.sun.net.httpserver.HttpServer;

import dev.mailwright.store.AccountId;
import dev.mailwright.store.AccountStore;
import dev.mailwright.store.MailStore;
import dev.mailwright.store.MailboxInfo;
import dev.mailwright.store.MessageMeta;
import dev.mailwright.store.MessageSource;
import dev.mailwright.store.SpecialUse;
import dev.mailwright.store.SystemFlag;
import dev.mailwright.store.UidSet;

/**
 * What the browser tests share: one application context (same configuration, so Spring caches it across the
 * classes), one headless Chromium per class, sign-in and store helpers.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "mailwright.smtp.port=0", "mailwright.submission.port=0", "mailwright.submissions.port=0",
        "mailwright.imap.port=0", "mailwright.imaps.port=0",
        "mailwright.hostname=mail.example.test", "mailwright.domains=example.test",
        "mailwright.bootstrap.accounts[0].address=alice@example.test",
        "mailwright.bootstrap.accounts[0].password=alice-secret-1",
        "mailwright.bootstrap.accounts[1].address=bob@example.test",
        "mailwright.bootstrap.accounts[1].password=bob-secret-1",
        "mailwright.bootstrap.accounts[2].address=carol@example.test",
        "mailwright.bootstrap.accounts[2].password=carol-secret-1"})
@AutoConfigureMockMvc
abstract class WebmailBrowserSupport {
    static final String ALICE = "alice@example.test";
    static final String ALICE_PASSWORD = "alice-secret-1";
    static Path dataDir;
    static Browser browser;

    @LocalServerPort
    int port;
    @Autowired
    MailStore store;
    @Autowired
    AccountStore accounts;
    @Autowired
    MockMvc mvc;

    AccountId alice;
    AccountId bob;

    @DynamicPropertySource
    static void dataDir(DynamicPropertyRegistry registry) throws IOException {
        dataDir = Files.createTempDirectory("mailwright-web-test");
        registry.add("mailwright.data-dir", () -> dataDir.toString());
    }

    @BeforeAll
    static void startBrowser() throws IOException {
        browser = new Browser();
    }

    @AfterAll
    static void stopBrowser() throws IOException {
        browser.close();
    }

    @BeforeEach
    void resolveAccounts() {
        alice = accounts.findAccount(ALICE).orElseThrow().id();
        bob = accounts.findAccount("bob@example.test").orElseThrow().id();
        browser.driver.manage().deleteAllCookies();
    }

    String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    void signIn(String address, String password) {
        browser.driver.get(url("/login"));
        browser.driver.findElement(By.id("username")).sendKeys(address);
        browser.driver.findElement(By.id("password")).sendKeys(password);
        browser.driver.findElement(By.cssSelector("button[type=submit]")).click();
        // the password check takes a moment (and a failure is answered after a delay): wait for its answer, a page
        // past the login form or the form again with the error, before the test looks at the page
        await().until(d -> {
            String url = d.getCurrentUrl();
            return url != null && (url.contains("/login?error") || !url.contains("/login"));
        });
    }

    WebDriverWait await() {
        return new WebDriverWait(browser.driver, Duration.ofSeconds(10));
    }

    /** Clicks a button that submits a form and waits until the answer's page has replaced this one. */
    void clickForNewPage(By button) {
        WebElement old = browser.driver.findElement(By.tagName("main"));
        browser.driver.findElement(button).click();
        await().until(gone(old));
    }

    /**
     * The element's page has been replaced. Selenium's own staleness check only knows the stale-element answer;
     * Chromium sometimes answers a node of the page being unloaded with an inspector error instead ("Node with
     * given id does not belong to the document"), which means the same thing.
     */
    static ExpectedCondition<Boolean> gone(WebElement element) {
        return driver -> {
            try {
                element.isEnabled();
                return false;
            } catch (StaleElementReferenceException stale) {
                return true;
            } catch (WebDriverException e) {
                if (String.valueOf(e.getMessage()).contains("does not belong to the document")) {
                    return true;
                }
                throw e;
            }
        };
    }

    long deliver(MessageSource raw, AccountId to) {
        return store.deliver(raw, List.of(to)).deliveries().getFirst().uid();
    }

    MailboxInfo mailbox(AccountId account, String name) {
        return store.mailbox(account, name).orElseThrow();
    }

    Optional<MessageMeta> meta(MailboxInfo mailbox, long uid) {
        List<MessageMeta> found = new ArrayList<>();
        store.forEachMeta(mailbox.id(), UidSet.of(uid), found::add);
        return found.stream().findFirst();
    }

    WebElement row(long uid) {
        return browser.driver.findElement(By.cssSelector("tr.message-row[data-uid='" + uid + "']"));
    }

    /** A GET with the browser's session cookie, to look at headers Selenium cannot see. */
    HttpResponse<byte[]> fetch(String href) throws Exception {
        String session = browser.driver.manage().getCookieNamed("JSESSIONID").getValue();
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        return client.send(HttpRequest.newBuilder(URI.create(href)).timeout(Duration.ofSeconds(10))
                .header("Cookie", "JSESSIONID=" + session).build(), HttpResponse.BodyHandlers.ofByteArray());
    }
}
