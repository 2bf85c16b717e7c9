package dev.mailwright.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;

import dev.mailwright.store.Flags;
import dev.mailwright.store.MailboxInfo;

/** Sorting the message list by its column headers, keyset-paged, in a real browser. */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class MessageListSortBrowserTest extends WebmailBrowserSupport {

    private long append(String folder, String from, String subject, String date, String body) {
        String text = "From: " + from + "\r\nTo: " + ALICE + "\r\nSubject: " + subject + "\r\nDate: " + date
                + "\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n" + body + "\r\n";
        return store.append(alice, folder, TestMails.raw(text), Flags.NONE, Optional.empty()).uid();
    }

    private List<Long> rowUids() {
        return browser.driver.findElements(By.cssSelector("tr.message-row")).stream()
                .map(r -> Long.parseLong(r.getAttribute("data-uid"))).toList();
    }

    private void clickHeader(String sort, String expectedUrlPart) {
        browser.driver.findElement(By.cssSelector("th a.sort[data-sort='" + sort + "']")).click();
        await().until(ExpectedConditions.urlContains(expectedUrlPart));
        await().until(ExpectedConditions.attributeContains(By.cssSelector("th a.sort[data-sort='" + sort + "']"), "class", "active"));
    }

    @Test
    void clickingColumnHeadersShouldSortByDateSenderSubjectAndSizeBothWaysAndKeepItInTheUrl() {
        String name = "Sorting" + System.nanoTime();
        MailboxInfo folder = store.createMailbox(alice, name);
        long carol = append(name, "Carol <carol@example.test>", "banana split", "Tue, 24 Nov 2026 09:00:00 +0000", "x".repeat(3000));
        long adam = append(name, "adam <adam@example.test>", "Cherry pie", "Thu, 26 Nov 2026 09:00:00 +0000", "short");
        long bea = append(name, "Bea <bea@example.test>", "apple tart", "Wed, 25 Nov 2026 09:00:00 +0000", "x".repeat(900));
        signIn(ALICE, ALICE_PASSWORD);
        await().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("nav.folders")));
        browser.driver.get(url("/mail/" + folder.id().value()));
        assertThat(rowUids()).containsExactly(bea, adam, carol);   // arrival order, newest first

        clickHeader("subject", "sort=subject&dir=asc");
        assertThat(rowUids()).containsExactly(bea, carol, adam);
        assertThat(browser.driver.findElement(By.cssSelector("th.sort-subject")).getAttribute("aria-sort")).isEqualTo("ascending");
        clickHeader("subject", "sort=subject&dir=desc");
        assertThat(rowUids()).containsExactly(adam, carol, bea);

        clickHeader("from", "sort=from&dir=asc");
        assertThat(rowUids()).containsExactly(adam, bea, carol);   // case-insensitive

        clickHeader("date", "sort=date&dir=desc");
        assertThat(rowUids()).containsExactly(adam, bea, carol);
        clickHeader("date", "sort=date&dir=asc");
        assertThat(rowUids()).containsExactly(carol, bea, adam);

        clickHeader("size", "sort=size&dir=desc");
        assertThat(rowUids()).containsExactly(carol, bea, adam);
        assertThat(row(carol).findElement(By.cssSelector("td.size")).getText()).isEqualTo("3.1 KB");

        browser.driver.navigate().refresh();   // the order lives in the URL
        await().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("tr.message-row")));
        assertThat(rowUids()).containsExactly(carol, bea, adam);
    }

    @Test
    void aSortedListShouldPageByKeysetWithoutRepeatingOrSkippingMessages() throws Exception {
        String name = "SortPaging" + System.nanoTime();
        MailboxInfo folder = store.createMailbox(alice, name);
        record Appended(long uid, String subject) {
        }
        List<Appended> appended = new ArrayList<>();
        for (int i = 0; i < 55; i++) {
            // every subject twice (ties on the key), appended in an order unrelated to the subject
            String subject = String.format("Item %02d", ((i * 17) % 55) / 2);
            appended.add(new Appended(append(name, "bot@example.test", subject, "Thu, 26 Nov 2026 09:00:00 +0000", "n" + i), subject));
        }
        List<Long> sortedExpected = appended.stream()
                .sorted(java.util.Comparator.comparing(Appended::subject).thenComparingLong(Appended::uid))
                .map(Appended::uid).toList();
        signIn(ALICE, ALICE_PASSWORD);
        await().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("nav.folders")));
        browser.driver.get(url("/mail/" + folder.id().value() + "?sort=subject&dir=asc"));
        List<Long> first = rowUids();
        assertThat(first).hasSize(50);
        browser.driver.findElement(By.cssSelector("a.older")).click();
        await().until(ExpectedConditions.urlContains("after="));
        assertThat(browser.driver.getCurrentUrl()).contains("sort=subject").contains("dir=asc").contains("key=");
        List<Long> second = rowUids();
        assertThat(second).hasSize(5);
        List<Long> all = new ArrayList<>(first);
        all.addAll(second);
        assertThat(all).isEqualTo(sortedExpected);
        assertThat(browser.driver.findElements(By.cssSelector("a.older"))).isEmpty();

        assertThat(fetch(url("/mail/" + folder.id().value() + "?sort=date&dir=desc&after=5&key=not-a-date")).statusCode())
                .isEqualTo(400);
    }

    @Test
    void actuatorEndpointsOtherThanHealthShouldRequireAnAdminAccount() throws Exception {
        signIn(ALICE, ALICE_PASSWORD);
        await().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("nav.folders")));
        assertThat(fetch(url("/actuator/metrics")).statusCode()).isEqualTo(403);
        assertThat(fetch(url("/actuator/info")).statusCode()).isEqualTo(403);
        assertThat(fetch(url("/admin/anything")).statusCode()).isEqualTo(403);
        assertThat(fetch(url("/actuator/health")).statusCode()).isEqualTo(200);

        String admin = "root-" + System.nanoTime() + "@example.test";
        accounts.createAccount(admin, passwords.encode("root-secret-1"), true);
        browser.driver.manage().deleteAllCookies();
        signIn(admin, "root-secret-1");
        await().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("nav.folders")));
        var metrics = fetch(url("/actuator/metrics"));
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(new String(metrics.body(), java.nio.charset.StandardCharsets.UTF_8)).contains("\"names\"");
    }

    @org.springframework.beans.factory.annotation.Autowired
    org.springframework.security.crypto.password.PasswordEncoder passwords;
}
