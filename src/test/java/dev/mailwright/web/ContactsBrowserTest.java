package dev.mailwright.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.springframework.beans.factory.annotation.Autowired;

import dev.mailwright.contacts.AddressBook;
import dev.mailwright.store.MessageMeta;

/**
 * The address book in the browser: create a contact, find it by autocomplete in compose (keyboard only) and send;
 * the recipient is collected; import a .vcf with a bad card and export the book back. Time budget: 240 s.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class ContactsBrowserTest extends WebmailBrowserSupport {
    @Autowired
    AddressBook book;

    @Test
    void aNewContactShouldBeOfferedByAutocompleteAndTheMailShouldReachIt() throws Exception {
        String family = "Nakamura" + (System.nanoTime() % 100000);
        String subject = "Autocompleted " + System.nanoTime();
        signIn(ALICE, ALICE_PASSWORD);
        clickForNewPage(By.id("contacts-link"));
        clickForNewPage(By.id("new-contact"));
        browser.driver.findElement(By.id("fullName")).sendKeys("Carol " + family);
        browser.driver.findElement(By.id("emails")).sendKeys("carol@example.test");
        browser.driver.findElement(By.id("phones")).sendKeys("+82 10 1234 5678");
        browser.driver.findElement(By.id("groups")).sendKeys("Team, Friends");
        clickForNewPage(By.id("save-contact"));
        assertThat(browser.driver.findElement(By.id("contacts-flash")).getText()).isEqualTo("Contact created.");
        assertThat(browser.driver.findElements(By.cssSelector("a.contact-name"))).extracting(WebElement::getText)
                .contains("Carol " + family);

        browser.driver.get(url("/compose"));
        WebElement to = browser.driver.findElement(By.id("to"));
        to.sendKeys(family.substring(0, 6));
        await().until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#to-suggestions li")));
        assertThat(browser.driver.findElement(By.cssSelector("#to-suggestions li")).getText()).contains("Carol " + family)
                .contains("carol@example.test");
        assertThat(to.getDomAttribute("aria-expanded")).isEqualTo("true");
        to.sendKeys(Keys.ENTER);
        assertThat(to.getDomProperty("value")).isEqualTo("Carol " + family + " <carol@example.test>, ");
        browser.driver.findElement(By.id("subject")).sendKeys(subject);
        clickForNewPage(By.id("send"));

        MessageMeta mail = store.metaPageBefore(mailbox(accounts.findAccount("carol@example.test").orElseThrow().id(), "INBOX").id(),
                Long.MAX_VALUE, 50).stream().filter(m -> subject.equals(m.subject())).findFirst().orElseThrow();
        String raw = new String(store.openMessage(mail.blobHash()).readAllBytes(), StandardCharsets.UTF_8);
        assertThat(raw).contains("To: Carol " + family + " <carol@example.test>");
        browser.driver.get(url("/contacts/collected"));
        assertThat(browser.driver.findElements(By.cssSelector("tr.collected"))).extracting(r -> r.getDomAttribute("data-address"))
                .contains("carol@example.test");

        org.openqa.selenium.Dimension desktop = browser.driver.manage().window().getSize();
        try {
            browser.driver.manage().window().setSize(new org.openqa.selenium.Dimension(390, 844));
            for (String page : java.util.List.of("/contacts", "/contacts/groups", "/contacts/collected", "/contacts/new", "/contacts/import")) {
                browser.driver.get(url(page));
                Object overflow = ((org.openqa.selenium.JavascriptExecutor) browser.driver).executeScript(
                        "return document.documentElement.scrollWidth - document.documentElement.clientWidth;");
                assertThat(((Number) overflow).intValue()).as("horizontal scroll at 390 px on " + page).isLessThanOrEqualTo(0);
            }
        } finally {
            browser.driver.manage().window().setSize(desktop);
        }
    }

    @Test
    void importingAVcfShouldReportTheBadCardAndExportShouldGiveTheCardsBack() throws Exception {
        String tag = String.valueOf(System.nanoTime());
        Path vcf = Files.createTempFile(dataDir, "contacts", ".vcf");
        Files.writeString(vcf, "BEGIN:VCARD\r\nVERSION:4.0\r\nUID:urn:uuid:" + java.util.UUID.randomUUID() + "\r\nFN:Imported One " + tag
                + "\r\nEMAIL:one-" + tag + "@example.org\r\nORG:Example Org\r\nEND:VCARD\r\n"
                + "BEGIN:VCARD\r\nVERSION:3.0\r\nN:Two;Imported;;;\r\nFN:Imported Two " + tag + "\r\nEMAIL;TYPE=INTERNET:two-" + tag
                + "@example.org\r\nTEL;TYPE=CELL:010-2222-3333\r\nEND:VCARD\r\n"
                + "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Broken " + tag + "\r\nEMAIL:no address here\r\nEND:VCARD\r\n", StandardCharsets.UTF_8);
        signIn(ALICE, ALICE_PASSWORD);
        browser.driver.get(url("/contacts"));
        clickForNewPage(By.id("nav-import"));
        browser.driver.findElement(By.id("vcf-file")).sendKeys(vcf.toString());
        clickForNewPage(By.id("import-button"));

        assertThat(browser.driver.findElement(By.id("import-summary")).getText()).isEqualTo("2 added, 0 updated, 1 not imported.");
        assertThat(browser.driver.findElement(By.cssSelector("li.import-problem")).getText())
                .isEqualTo("Card 3 Broken " + tag + ": An email address is not valid.");
        browser.driver.get(url("/contacts?q=" + tag));
        assertThat(browser.driver.findElements(By.cssSelector("a.contact-name"))).extracting(WebElement::getText)
                .containsExactly("Imported One " + tag, "Imported Two " + tag);

        HttpResponse<byte[]> export = fetch(url("/contacts/export.vcf"));
        String text = new String(export.body(), StandardCharsets.UTF_8);
        assertThat(export.statusCode()).isEqualTo(200);
        assertThat(export.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/vcard"));
        assertThat(text).contains("VERSION:4.0").contains("FN:Imported One " + tag).contains("ORG:Example Org")
                .contains("FN:Imported Two " + tag).contains("010-2222-3333").doesNotContain("Broken " + tag);
        assertThat(book.importCards(alice, text).added()).as("exported cards carry their UID: importing again updates").isZero();
    }

    @Test
    void anImportLargerThanTheLimitShouldBeRefusedWithAMessage() throws Exception {
        byte[] big = new byte[(int) book.limits().maxImportSize().toBytes() + 1];
        java.util.Arrays.fill(big, (byte) 'x');
        String page = mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart("/contacts/import")
                        .file(new org.springframework.mock.web.MockMultipartFile("file", "big.vcf", "text/vcard", big))
                        .with(user(ALICE)).with(org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf()))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);

        assertThat(page).contains("The file is larger than the import limit.").doesNotContain("import-summary");
    }

    @Test
    void theContactsPagesShouldSpeakKoreanAndSuggestOnlyTheOwnersContacts() throws Exception {
        String page = mvc.perform(get("/contacts").with(user(ALICE)).locale(Locale.KOREAN).header("Accept-Language", "ko"))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
        book.create(alice, new AddressBook.Form("Private Person", java.util.List.of("private@example.org"), java.util.List.of(), "",
                java.util.List.of()));
        String bobs = mvc.perform(get("/contacts/suggest").param("q", "private").with(user("bob@example.test")))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
        String alices = mvc.perform(get("/contacts/suggest").param("q", "private").with(user(ALICE)))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);

        assertThat(page).contains("새 연락처").contains("가져오기").doesNotContain("New contact");
        assertThat(bobs).isEqualTo("[]");
        assertThat(alices).contains("\"address\":\"private@example.org\"").contains("\"value\":\"Private Person <private@example.org>\"");
    }
}
