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
import java.util.Properties;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * A Korean browser ({@code Accept-Language: ko}) on the pages translated so far: sign-in, the page frame around the
 * inbox, compose and the error pages. No English text of the bundles may remain on them (every bundle value that
 * differs between the two languages is looked for in the page's visible text), and each page is photographed at 1280
 * and 390 pixels wide into {@code target/screenshots}. Budget: about 30 s.
 */
@Timeout(180)
class KoreanBrowserTest extends WebmailBrowserSupport {
    static final Path SCREENSHOTS = Path.of("target/screenshots");

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
            if (!en.equals(ko) && !en.contains("{") && en.length() >= 4) {
                texts.add(en);
            }
        }
        return texts;
    }

    private static Properties load(String resource) throws IOException {
        Properties properties = new Properties();
        try (Reader in = new InputStreamReader(KoreanBrowserTest.class.getResourceAsStream(resource), StandardCharsets.UTF_8)) {
            properties.load(in);
        }
        return properties;
    }

    private void assertKorean(String page) throws IOException {
        String text = browser.driver.findElement(By.tagName("body")).getText();
        for (String english : englishOnlyTexts()) {
            assertThat(text).as(page + " shows English '" + english + "'").doesNotContain(english);
        }
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

    @Test
    void koreanReaderShouldSeeNoEnglishOnTheTranslatedPages() throws IOException {
        browser.driver.get(url("/login"));
        await().until(ExpectedConditions.presenceOfElementLocated(By.id("username")));
        assertThat(browser.driver.findElement(By.cssSelector("label[for=password]")).getText()).isEqualTo("비밀번호");
        assertKorean("login");

        signIn(ALICE, ALICE_PASSWORD);
        await().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("nav.folders")));
        assertThat(browser.driver.findElement(By.cssSelector("header.topbar")).getText()).contains("편지 쓰기", "설정", "로그아웃");
        screenshot("inbox");

        browser.driver.get(url("/compose"));
        await().until(ExpectedConditions.presenceOfElementLocated(By.id("compose-form")));
        // the real limit: 50 MB messages leave about 36.5 MB for attachments once base64-encoded
        assertThat(browser.driver.findElement(By.cssSelector("label[for=attachments]")).getText())
                .isEqualTo("첨부 파일 (모두 합쳐 최대 36.5MB)");
        assertKorean("compose");

        browser.driver.get(url("/mail/987654321"));
        await().until(ExpectedConditions.presenceOfElementLocated(By.id("error-title")));
        assertThat(browser.driver.findElement(By.id("error-title")).getText()).isEqualTo("페이지를 찾을 수 없음");
        assertThat(browser.driver.getPageSource()).doesNotContain("Whitelabel");
        assertKorean("error-404");

        browser.driver.get(url("/admin"));
        await().until(ExpectedConditions.presenceOfElementLocated(By.id("error-title")));
        assertThat(browser.driver.findElement(By.id("error-title")).getText()).isEqualTo("허용되지 않음");
        assertKorean("error-403");
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
