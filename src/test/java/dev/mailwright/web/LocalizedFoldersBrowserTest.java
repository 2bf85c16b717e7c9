package dev.mailwright.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/** Special folders: first, with icons, named in the browser's language (English and Korean bundles). */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class LocalizedFoldersBrowserTest extends WebmailBrowserSupport {

    private static List<String> labels(org.openqa.selenium.WebDriver driver) {
        return driver.findElements(By.cssSelector("nav.folders .label")).stream().map(WebElement::getText).toList();
    }

    @Test
    void specialFoldersShouldComeFirstWithIconsAndEnglishNames() {
        store.createMailbox(alice, "Aardvark" + System.nanoTime());
        signIn(ALICE, ALICE_PASSWORD);
        await().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("nav.folders")));
        assertThat(labels(browser.driver)).startsWith("Inbox", "Drafts", "Sent", "Archive", "Junk", "Trash");
        assertThat(labels(browser.driver).get(6)).startsWith("Aardvark");
        List<String> icons = browser.driver.findElements(By.cssSelector("nav.folders .icon")).stream().map(WebElement::getText).toList();
        assertThat(icons.subList(0, 6)).containsExactly("📥", "📝", "📤", "🗄", "⚠", "🗑");
        assertThat(browser.driver.findElement(By.tagName("html")).getDomAttribute("lang")).isEqualTo("en");
    }

    @Test
    void aKoreanBrowserShouldSeeKoreanSpecialFolderNamesAndOwnFoldersUnchanged() throws Exception {
        String own = "Projects" + System.nanoTime();
        store.createMailbox(alice, own);
        try (Browser korean = new Browser("ko")) {
            korean.driver.get(url("/login"));
            korean.driver.findElement(By.id("username")).sendKeys(ALICE);
            korean.driver.findElement(By.id("password")).sendKeys(ALICE_PASSWORD);
            korean.driver.findElement(By.cssSelector("button[type=submit]")).click();
            new WebDriverWait(korean.driver, Duration.ofSeconds(10))
                    .until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("nav.folders")));
            assertThat(labels(korean.driver)).startsWith("받은편지함", "임시보관함", "보낸편지함", "보관함", "스팸편지함", "휴지통");
            assertThat(labels(korean.driver)).contains(own);
            assertThat(korean.driver.findElement(By.tagName("html")).getDomAttribute("lang")).isEqualTo("ko");
            assertThat(korean.driver.getTitle()).contains("받은편지함");
        }
    }
}
