package dev.mailwright.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.crypto.password.PasswordEncoder;

import dev.mailwright.store.AccountId;
import dev.mailwright.store.MailboxInfo;
import dev.mailwright.store.SpecialUse;

/**
 * Every page at phone width (390 × 844, an iPhone 12 to 15): no horizontal scroll, the folder list as a drawer that a
 * button opens over the content, a message list that shows sender, subject and preview, and the actions in reach.
 * Each page is photographed into {@code target/screenshots} ({@code phone-<page>.png}, and {@code desktop-<page>.png}
 * at 1280 × 900 for the README; docs/screenshots.sh copies the chosen ones). Budget: about 60 s (four minutes on a loaded 2-core machine).
 */
@Timeout(value = 600, unit = TimeUnit.SECONDS)
class PhoneWidthBrowserTest extends WebmailBrowserSupport {
    static final Path SCREENSHOTS = Path.of("target/screenshots");
    static final String ADMIN = "phone-admin@example.test";
    static final String ADMIN_PASSWORD = "phone-admin-secret-1";

    /** The widest elements sticking out of the viewport, to say what overflows when the check fails. */
    static final String OVERFLOWING = """
            const width = window.innerWidth;
            const out = [];
            for (const e of document.body.querySelectorAll('*')) {
                const r = e.getBoundingClientRect();
                if (r.width > 0 && r.right > width + 0.5) {
                    out.push(e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + (e.className && e.className.baseVal === undefined
                        ? '.' + String(e.className).trim().replace(/\\s+/g, '.') : '') + ' right=' + Math.round(r.right));
                }
            }
            return out.slice(0, 12).join(', ');""";

    @Autowired
    PasswordEncoder encoder;

    @AfterEach
    void desktopAgain() {
        browser.driver.manage().window().setSize(new Dimension(1280, 900));
    }

    private AccountId admin() {
        return accounts.findAccount(ADMIN).orElseGet(() -> accounts.createAccount(ADMIN, encoder.encode(ADMIN_PASSWORD), true)).id();
    }

    private void screenshot(String name) throws IOException {
        Files.createDirectories(SCREENSHOTS);
        Path shot = browser.driver.getScreenshotAs(OutputType.FILE).toPath();
        Files.copy(shot, SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }

    private long width(String expression) {
        return ((Number) browser.driver.executeScript("return " + expression)).longValue();
    }

    /** Opens the page and checks it fits: the document is no wider than the window. */
    private void fits(String page, String path) throws IOException {
        browser.driver.get(url(path));
        await().until(ExpectedConditions.presenceOfElementLocated(By.tagName("main")));
        long scrollWidth = width("document.documentElement.scrollWidth");
        long innerWidth = width("window.innerWidth");
        assertThat(innerWidth).as("the window is phone-wide").isBetween(380L, 400L);
        assertThat(scrollWidth).as(page + " scrolls sideways; sticking out: " + browser.driver.executeScript(OVERFLOWING))
                .isLessThanOrEqualTo(innerWidth);
        screenshot("phone-" + page);
    }

    private void inReach(WebElement element, String what) {
        long innerWidth = width("window.innerWidth");
        assertThat(element.isDisplayed()).as(what + " is shown").isTrue();
        assertThat(element.getRect().getX()).as(what + " starts inside the window").isGreaterThanOrEqualTo(0);
        assertThat(element.getRect().getX() + element.getRect().getWidth()).as(what + " ends inside the window")
                .isLessThanOrEqualTo((int) innerWidth);
    }

    @Test
    void everyPageShouldFitAPhoneAndTheFolderDrawerShouldReachEveryFolder() throws IOException {
        AccountId me = admin();
        MailboxInfo inbox = mailbox(me, "INBOX");
        deliver(TestMails.plain("Minji Kim <minji.kim@example.test>", ADMIN, "Team lunch on Friday",
                "Shall we try the new noodle place near the station? I can book a table for six at 12:30."), me);
        deliver(TestMails.plain("Build robot <ci-notifications-with-a-very-long-local-part@builds.example.test>", ADMIN,
                "Build 4711 passed: all 1,284 tests green on main (commit 9f1c2e7d4b1a0e6f5c3d2b1a0f9e8d7c6b5a4f3e)",
                "https://builds.example.test/projects/mailwright/pipelines/4711/jobs/tests/artifacts/report-with-a-long-name.html"),
                me);
        long uid = deliver(TestMails.plain("Dora Lee <dora@example.test>", ADMIN, "Quarterly report draft",
                "Hi,\n\nthe draft of the quarterly report is ready for review. Comments by Thursday, please.\n\nDora"), me);
        MailboxInfo trash = store.mailbox(me, SpecialUse.TRASH).orElseThrow();

        signIn(ADMIN, ADMIN_PASSWORD);
        browser.driver.manage().window().setSize(new Dimension(390, 844));

        fits("inbox", "/mail/" + inbox.id().value());
        // the list shows who, what and the first words of each message, and its actions are in reach
        WebElement row = row(uid);
        inReach(row.findElement(By.cssSelector("td.from")), "sender");
        inReach(row.findElement(By.cssSelector("a.open")), "subject");
        WebElement preview = row.findElement(By.cssSelector(".preview"));
        inReach(preview, "preview");
        assertThat(preview.getText()).startsWith("Hi,");
        inReach(browser.driver.findElement(By.id("delete-selected")), "Delete");
        inReach(browser.driver.findElement(By.cssSelector("button[value=MOVE]")), "Move");

        // the folder list is a drawer: hidden until its button opens it over the content
        WebElement drawer = browser.driver.findElement(By.id("folder-drawer"));
        assertThat(drawer.isDisplayed()).as("drawer closed").isFalse();
        WebElement toggle = browser.driver.findElement(By.id("drawer-toggle"));
        inReach(toggle, "drawer button");
        toggle.click();
        await().until(ExpectedConditions.visibilityOf(drawer));
        inReach(browser.driver.findElement(By.id("drawer-close")), "the drawer's close button");
        browser.driver.findElement(By.id("drawer-close")).click();
        await().until(ExpectedConditions.invisibilityOf(drawer));
        assertThat(toggle.getDomAttribute("aria-expanded")).isEqualTo("false");
        toggle.click();
        await().until(ExpectedConditions.visibilityOf(drawer));
        assertThat(toggle.getDomAttribute("aria-expanded")).isEqualTo("true");
        WebElement trashLink = drawer.findElement(By.cssSelector("a[data-folder='" + trash.id().value() + "']"));
        await().until(d -> trashLink.getRect().getX() >= 0);
        inReach(trashLink, "Trash in the drawer");
        assertThat(width("document.documentElement.scrollWidth")).isLessThanOrEqualTo(width("window.innerWidth"));
        screenshot("phone-drawer");
        WebElement page = browser.driver.findElement(By.tagName("main"));
        trashLink.click();
        await().until(gone(page));
        assertThat(browser.driver.getCurrentUrl()).endsWith("/mail/" + trash.id().value());
        assertThat(browser.driver.findElement(By.tagName("h1")).getText()).isEqualTo("Trash");
        assertThat(browser.driver.findElement(By.id("folder-drawer")).isDisplayed()).as("closed on the new page").isFalse();

        fits("message", "/mail/" + inbox.id().value() + "/" + uid);
        inReach(browser.driver.findElement(By.id("reply")), "Reply");
        inReach(browser.driver.findElement(By.id("delete")), "Delete on the message");

        Map<String, String> pages = new LinkedHashMap<>();
        pages.put("conversation", "/mail/" + inbox.id().value() + "/" + uid + "/conversation");
        pages.put("compose", "/compose");
        pages.put("search", "/search?text=report");
        pages.put("settings", "/settings");
        pages.put("filters", "/settings/filters");
        pages.put("filter-rule", "/settings/filters/rules/new");
        pages.put("vacation", "/settings/vacation");
        pages.put("identities", "/settings/identities");
        pages.put("contacts", "/contacts");
        pages.put("contact-new", "/contacts/new");
        pages.put("folders", "/folders");
        pages.put("admin", "/admin");
        pages.put("admin-domains", "/admin/domains");
        pages.put("admin-accounts", "/admin/accounts");
        pages.put("admin-queue", "/admin/queue");
        pages.put("not-found", "/mail/987654321");
        List<String> failures = new ArrayList<>();
        for (Map.Entry<String, String> p : pages.entrySet()) {
            try {
                fits(p.getKey(), p.getValue());
            } catch (AssertionError e) {
                failures.add(e.getMessage());
            }
        }
        browser.driver.manage().deleteAllCookies();
        try {
            fits("login", "/login");
        } catch (AssertionError e) {
            failures.add(e.getMessage());
        }
        assertThat(failures).as("pages wider than a phone").isEmpty();
        signIn(ADMIN, ADMIN_PASSWORD);

        // the same pages on a desktop, for the README
        browser.driver.manage().window().setSize(new Dimension(1280, 900));
        for (String name : List.of("inbox", "message", "compose", "contacts", "filters")) {
            String path = switch (name) {
                case "inbox" -> "/mail/" + inbox.id().value();
                case "message" -> "/mail/" + inbox.id().value() + "/" + uid;
                default -> pages.get(name);
            };
            browser.driver.get(url(path));
            await().until(ExpectedConditions.presenceOfElementLocated(By.tagName("main")));
            // on a desktop the folder list stands beside the content, without the drawer's buttons
            assertThat(browser.driver.findElement(By.id("folder-drawer")).isDisplayed()).as(name).isTrue();
            assertThat(browser.driver.findElement(By.id("drawer-toggle")).isDisplayed()).as(name).isFalse();
            assertThat(browser.driver.findElement(By.id("drawer-close")).isDisplayed()).as(name).isFalse();
            screenshot("desktop-" + name);
        }
    }
}
