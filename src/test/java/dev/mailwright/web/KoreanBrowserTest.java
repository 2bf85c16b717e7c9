package dev.mailwright.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.HashSet;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.support.ui.ExpectedConditions;

import dev.mailwright.store.MailboxInfo;

/**
 * A Korean browser ({@code Accept-Language: ko}) walks every page of the webmail: sign-in, message list (both views),
 * message, conversation, compose and reply, search, folders, settings, sender addresses, filters (list, rule, script
 * editor), vacation, contacts (list, form, groups, collected, import), the admin pages and the error pages, and a
 * notice after an action. No English of the bundles may remain on any of them: neither a whole English value that
 * the Korean bundle says differently, nor a single English word that occurs only in such values (never in a Korean
 * one, which rules out names such as Thunderbird). The page's visible text, its title and its title, placeholder and
 * aria-label attributes are looked at. Each page is photographed at 1280 and 390 pixels wide into
 * {@code target/screenshots}. Budget: about 90 s for the walk on a loaded machine (time-out 480 s for the class).
 */
@Timeout(480)

class KoreanBrowserTest extends WebmailBrowserSupport {
    static final Path SCREENSHOTS = Path.of("target/screenshots");
    static final Pattern WORD = Pattern.compile("[A-Za-z]{3,}");

    /** A reader of its own: other classes' messages to alice (English subjects) must not show on the walked pages. */
    static final String READER = "hana@example.test";
    static final String READER_PASSWORD = "hana-secret-password-1";

    @org.springframework.beans.factory.annotation.Autowired
    org.springframework.security.crypto.password.PasswordEncoder passwords;
    dev.mailwright.store.AccountId reader;

    @org.junit.jupiter.api.BeforeEach
    void readerOfItsOwn() {
        reader = accounts.findAccount(READER).map(dev.mailwright.store.AccountStore.Account::id)
                .orElseGet(() -> accounts.createAccount(READER, passwords.encode(READER_PASSWORD), false).id());
    }

    @BeforeAll
    static void koreanBrowser() throws IOException {
        browser.close();
        browser = new Browser("ko");
    }

    /** English bundle values that the Korean bundle says differently: none of them may show on a Korean page. */
    static List<String> englishOnlyTexts() throws IOException {
        Properties english = load("/messages.properties");
        Properties korean = load("/messages_ko.properties");
        List<String> texts = new ArrayList<>();
        for (String key : english.stringPropertyNames()) {
            String en = english.getProperty(key);
            String ko = korean.getProperty(key);
            assertThat(ko).as("Korean text for " + key).isNotBlank();
            if (en.equals(ko)) {
                continue;
            }
            // a text with placeholders is looked for piece by piece: "Folder {0} created." gives "Folder " and " created."
            for (String piece : en.split("\\{\\d+}")) {
                if (piece.strip().length() >= 4 && piece.codePoints().anyMatch(Character::isLetter)) {
                    texts.add(piece.strip());
                }
            }
        }
        return texts;
    }

    /** Words of three letters or more found in English-only values and in no Korean value (so not a product name). */
    static Set<String> englishOnlyWords() throws IOException {
        Properties english = load("/messages.properties");
        Properties korean = load("/messages_ko.properties");
        Set<String> inKorean = new HashSet<>();
        korean.values().forEach(v -> words(String.valueOf(v)).forEach(inKorean::add));
        Set<String> found = new TreeSet<>();
        for (String key : english.stringPropertyNames()) {
            if (!english.getProperty(key).equals(korean.getProperty(key))) {
                words(english.getProperty(key)).filter(w -> !inKorean.contains(w)).forEach(found::add);
            }
        }
        return found;
    }

    private static java.util.stream.Stream<String> words(String text) {
        return WORD.matcher(text).results().map(java.util.regex.MatchResult::group);
    }

    private static Properties load(String resource) throws IOException {
        Properties properties = new Properties();
        try (Reader in = new InputStreamReader(KoreanBrowserTest.class.getResourceAsStream(resource), StandardCharsets.UTF_8)) {
            properties.load(in);
        }
        return properties;
    }

    /**
     * Data that is no language and stays as it is: DNS record names and values ({@code p=none}).
     */
    static final String NOT_PROSE = "#dns-records td.mono, pre.zone";

    /** What a reader sees of the page: its text, its title and the texts of title, placeholder and aria-label. */
    private static String visibleText() {
        browser.driver.executeScript("document.querySelectorAll(arguments[0]).forEach(function (e) { e.style.visibility = 'hidden'; });",
                NOT_PROSE);
        String body = browser.driver.findElement(By.tagName("body")).getText();
        browser.driver.executeScript("document.querySelectorAll(arguments[0]).forEach(function (e) { e.style.visibility = ''; });",
                NOT_PROSE);
        Object attributes = browser.driver.executeScript("""
                var out = [document.title];
                document.querySelectorAll('[title],[placeholder],[aria-label]').forEach(function (e) {
                    ['title', 'placeholder', 'aria-label'].forEach(function (a) { if (e.getAttribute(a)) { out.push(e.getAttribute(a)); } });
                });
                return out.join('\\n');""");
        return body + "\n" + attributes;
    }

    private void assertKorean(String page) throws IOException {
        String text = visibleText();
        assertThat(text).as(page + " has a page").isNotBlank();
        // addresses and links are no language: the profile's URL holds "settings/mail-app", the accounts page lists
        // "admin@..." accounts that other test classes created
        String prose = text.replaceAll("\\S+://\\S+", " ").replaceAll("\\S+@\\S+", " ");
        for (String english : englishOnlyTexts()) {
            // as a whole word: "Card" (of "Card {0}") is no English inside "vCard"
            Pattern whole = Pattern.compile("(?<![A-Za-z])" + Pattern.quote(english) + "(?![A-Za-z])");
            assertThat(whole.matcher(prose).find()).as(page + " shows English '" + english + "'").isFalse();
        }
        Set<String> englishWords = englishOnlyWords();
        List<String> seen = words(prose).filter(englishWords::contains).distinct().toList();
        assertThat(seen).as(page + " shows English words").isEmpty();
        assertThat(browser.driver.findElement(By.tagName("html")).getDomAttribute("lang")).as(page).isEqualTo("ko");
        screenshot(page);
    }

    private void screenshot(String page) throws IOException {
        Files.createDirectories(SCREENSHOTS);
        for (int width : new int[] {1280, 390}) {
            browser.driver.manage().window().setSize(new Dimension(width, width == 390 ? 844 : 900));
            Path shot = browser.driver.getScreenshotAs(OutputType.FILE).toPath();
            Files.copy(shot, SCREENSHOTS.resolve("ko-" + page + "-" + width + ".png"), StandardCopyOption.REPLACE_EXISTING);
        }
        browser.driver.manage().window().setSize(new Dimension(1280, 900));
    }

    private void page(String name, String path, By ready) throws IOException {
        browser.driver.get(url(path));
        await().until(ExpectedConditions.presenceOfElementLocated(ready));
        assertKorean(name);
    }

    @Test
    void checkShouldKnowEnglishWordsAndLeaveNamesAlone() throws IOException {
        Set<String> words = englishOnlyWords();
        assertThat(words).contains("Reply", "Delete", "Folders", "unread", "Undelivered", "Search");
        assertThat(words).doesNotContain("Thunderbird", "Outlook", "IMAP", "SMTP", "example", "alice");
        assertThat(englishOnlyTexts()).contains("Mark read", "Folder", "created.");
    }

    @Test
    void koreanReaderShouldSeeNoEnglishOnAnyPage() throws IOException {
        browser.driver.get(url("/login"));
        await().until(ExpectedConditions.presenceOfElementLocated(By.id("username")));
        assertThat(browser.driver.findElement(By.cssSelector("label[for=password]")).getText()).isEqualTo("비밀번호");
        assertKorean("login");

        MailboxInfo inbox = mailbox(reader, "INBOX");
        long first = deliver(TestMails.plain("김철수 <kim@example.test>", READER, "회의 일정", "다음 주 회의는 화요일입니다."), reader);
        // the mail's own words are Korean too, so that any English on the page comes from the webmail
        deliver(TestMails.raw("From: 이영희 <lee@example.test>\r\nTo: " + READER + "\r\nSubject: 보고서\r\n"
                + "Date: Thu, 26 Nov 2026 12:00:00 +0000\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"mix\"\r\n\r\n"
                + "--mix\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n첨부한 보고서를 보세요.\r\n"
                + "--mix\r\nContent-Type: application/pdf; name=\"report.pdf\"\r\nContent-Transfer-Encoding: base64\r\n"
                + "Content-Disposition: attachment; filename=\"report.pdf\"\r\n\r\nJVBERi0xLjQK\r\n--mix--\r\n"), reader);

        signIn(READER, READER_PASSWORD);
        await().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("nav.folders")));
        assertThat(browser.driver.findElement(By.cssSelector("header.topbar")).getText()).contains("편지 쓰기", "설정", "로그아웃");

        page("inbox", "/mail/" + inbox.id().value(), By.cssSelector("tr.message-row"));
        assertThat(browser.driver.findElement(By.cssSelector("th.sort-from")).getText()).contains("보낸 사람");
        page("inbox-threads", "/mail/" + inbox.id().value() + "?view=threads", By.cssSelector("tr.message-row"));
        page("message", "/mail/" + inbox.id().value() + "/" + first, By.id("reply"));
        assertThat(browser.driver.findElement(By.id("reply")).getText()).isEqualTo("답장");
        page("conversation", "/mail/" + inbox.id().value() + "/" + first + "/conversation", By.cssSelector("article.conversation-message"));
        page("compose", "/compose", By.id("compose-form"));
        // the real limit: 50 MB messages leave about 36.5 MB for attachments once base64-encoded
        assertThat(browser.driver.findElement(By.cssSelector("label[for=attachments]")).getText())
                .isEqualTo("첨부 파일 (모두 합쳐 최대 36.5MB)");
        page("reply", "/compose?mode=reply&mailbox=" + inbox.id().value() + "&uid=" + first, By.id("compose-form"));
        page("search", "/search?text=" + java.net.URLEncoder.encode("회의", StandardCharsets.UTF_8), By.cssSelector("tr.result-row"));
        page("search-bad-date", "/search?since=yesterday", By.cssSelector("p.error"));
        page("folders", "/folders", By.id("create-folder"));
        page("settings", "/settings", By.id("save-name"));
        page("identities", "/settings/identities", By.tagName("main"));
        page("filters", "/settings/filters", By.tagName("main"));
        page("filter-rule", "/settings/filters/rules/new", By.id("rule-form"));
        page("filters-raw", "/settings/filters/raw", By.tagName("main"));
        page("vacation", "/settings/vacation", By.tagName("main"));
        page("contacts", "/contacts", By.tagName("main"));
        page("contact-new", "/contacts/new", By.tagName("form"));
        page("contact-groups", "/contacts/groups", By.tagName("main"));
        page("contacts-collected", "/contacts/collected", By.tagName("main"));
        page("contacts-import", "/contacts/import", By.tagName("main"));

        // a notice after an action is in Korean too
        browser.driver.get(url("/mail/" + inbox.id().value()));
        await().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("tr.message-row")));
        row(first).findElement(By.cssSelector("input[type=checkbox]")).click();
        clickForNewPage(By.cssSelector("button[value=READ]"));
        assertThat(browser.driver.findElement(By.cssSelector("p.flash")).getText()).isEqualTo("1개를 읽음으로 표시했습니다.");
        assertKorean("notice");

        page("error-404", "/mail/987654321", By.id("error-title"));
        assertThat(browser.driver.findElement(By.id("error-title")).getText()).isEqualTo("페이지를 찾을 수 없음");
        assertThat(browser.driver.getPageSource()).doesNotContain("Whitelabel");
        page("error-403", "/admin", By.id("error-title"));
        assertThat(browser.driver.findElement(By.id("error-title")).getText()).isEqualTo("허용되지 않음");

        accounts.setAdmin(reader, true);
        try {
            page("admin", "/admin", By.id("listeners"));
            // the integrity check at start, in Korean words with a date
            assertThat(browser.driver.findElement(By.id("integrity")).getText()).contains("검사했습니다")
                    .contains(String.valueOf(java.time.Year.now().getValue()));
            page("admin-domains", "/admin/domains", By.id("domains"));
            page("admin-dns", "/admin/domains/example.test", By.id("dns-records"));
            page("admin-accounts", "/admin/accounts", By.id("accounts"));
            page("admin-aliases", "/admin/aliases", By.id("aliases"));
            page("admin-queue", "/admin/queue", By.id("nav-queue"));
            // a refusal of the page itself, in Korean
            browser.driver.get(url("/admin/accounts"));
            clickForNewPage(By.cssSelector("tr[data-address='" + READER + "'] .toggle-enabled"));
            assertThat(browser.driver.findElement(By.id("admin-error")).getText()).isEqualTo("자신의 계정은 사용 중지할 수 없습니다");
            assertKorean("admin-refusal");
            // a refusal of the operation (the store's reason), in Korean
            browser.driver.findElement(By.id("new-address")).sendKeys("eve@nowhere.invalid");
            browser.driver.findElement(By.id("new-password")).sendKeys("eve-password");
            clickForNewPage(By.id("create-account-button"));
            assertThat(browser.driver.findElement(By.id("admin-error")).getText())
                    .isEqualTo("eve@nowhere.invalid의 도메인은 이 서버의 도메인이 아닙니다. 먼저 도메인을 추가하세요.");
            assertKorean("admin-operation-refusal");
        } finally {
            accounts.setAdmin(reader, false);
        }
    }

    /** A GET as a browser asks for a page (Accept: text/html), with the browser's session. */
    private java.net.http.HttpResponse<byte[]> fetchPage(String href) throws Exception {
        String session = browser.driver.manage().getCookieNamed("JSESSIONID").getValue();
        return java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(href))
                .timeout(java.time.Duration.ofSeconds(10)).header("Accept", "text/html").header("Accept-Language", "en")
                .header("Cookie", "JSESSIONID=" + session).build(), java.net.http.HttpResponse.BodyHandlers.ofByteArray());
    }

    @Test
    void errorPagesShouldBeStyledAndEnglishForAnEnglishReader() throws Exception {
        signIn(ALICE, ALICE_PASSWORD);
        await().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("nav.folders")));
        var missing = fetchPage(url("/mail/987654321"));
        assertThat(missing.statusCode()).isEqualTo(404);
        String page = new String(missing.body(), StandardCharsets.UTF_8);
        assertThat(page).contains("Page not found", "/css/app.css").doesNotContain("Whitelabel");
        var forbidden = fetchPage(url("/admin"));
        assertThat(forbidden.statusCode()).isEqualTo(403);
        assertThat(new String(forbidden.body(), StandardCharsets.UTF_8)).contains("Not allowed").doesNotContain("Whitelabel");
    }
}
