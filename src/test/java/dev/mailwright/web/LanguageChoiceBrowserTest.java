package dev.mailwright.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

/** Settings → Language: the account's choice beats the browser's Accept-Language (English here), across sign-ins. */
@Timeout(180)
class LanguageChoiceBrowserTest extends WebmailBrowserSupport {

    private String topbar() {
        return browser.driver.findElement(By.cssSelector("header.topbar")).getText();
    }

    private void choose(String language) {
        browser.driver.get(url("/settings"));
        await().until(ExpectedConditions.presenceOfElementLocated(By.id("language-choice")));
        new Select(browser.driver.findElement(By.id("language-choice"))).selectByValue(language);
        clickForNewPage(By.id("save-language"));
        await().until(ExpectedConditions.presenceOfElementLocated(By.id("language-choice")));
    }

    @Test
    void languageChosenInSettingsShouldOverrideTheBrowserAndLastAcrossSignIns() {
        signIn(ALICE, ALICE_PASSWORD);
        await().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("nav.folders")));
        assertThat(topbar()).contains("Settings", "Sign out");
        try {
            choose("ko");
            assertThat(topbar()).contains("설정", "로그아웃").doesNotContain("Settings");
            assertThat(browser.driver.findElement(By.tagName("html")).getDomAttribute("lang")).isEqualTo("ko");
            assertThat(accounts.language(ALICE)).contains("ko");

            clickForNewPage(By.cssSelector("header.topbar button.link"));   // sign out
            signIn(ALICE, ALICE_PASSWORD);
            await().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("nav.folders")));
            assertThat(topbar()).contains("편지 쓰기");

            choose("");   // back to what the browser asks for
            assertThat(topbar()).contains("Settings");
            assertThat(accounts.language(ALICE)).isEmpty();
        } finally {
            accounts.updateLanguage(alice, "");
        }
    }

    @Test
    void unknownLanguageShouldBeRefused() throws Exception {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> accounts.updateLanguage(alice, "ko'; drop"))
                .isInstanceOf(IllegalArgumentException.class);
        mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post("/settings/language")
                        .param("language", "xx")
                        .with(org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user(ALICE))
                        .with(org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf()))
                .andExpect(org.springframework.test.web.servlet.result.MockMvcResultMatchers.status().isBadRequest());
        assertThat(accounts.language(ALICE)).isEmpty();
    }
}
