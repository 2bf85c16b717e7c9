package dev.mailwright.web.mailbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Once ready, the server renders the message list's template with made-up rows in its own process (the test-wide
 * default turns this off; here it is on). The render goes through the real view, so a change of the template or of
 * what the controller gives it that the warm-up's model does not follow fails here rather than silently warming
 * nothing.
 */
@Timeout(120)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "mailwright.smtp.port=0", "mailwright.submission.port=0", "mailwright.submissions.port=0",
        "mailwright.imap.port=0", "mailwright.imaps.port=0", "mailwright.hostname=mail.example.test",
        "mailwright.domains=example.test", "mailwright.warmup.webmail=true", "server.address=127.0.0.1"})
class MailboxListWarmupTest {
    @Autowired
    MailboxListWarmup warmup;

    @DynamicPropertySource
    static void dataDir(DynamicPropertyRegistry registry) throws IOException {
        var dir = Files.createTempDirectory("mailwright-list-warmup-test");
        registry.add("mailwright.data-dir", dir::toString);
    }

    @Test
    void theListShouldHaveBeenRenderedBeforeAnyoneAsksAndStopWithinItsBounds() throws Exception {
        int renders = warmup.rendered().get(60, TimeUnit.SECONDS);
        assertThat(renders).isBetween(1, MailboxListWarmup.MAX_RENDERS);
    }

    @Test
    void aWarmUpRenderShouldBeTheWholeListPageWithEveryKindOfRow() throws Exception {
        String html = warmup.render();
        assertThat(Pattern.compile("<tr class=\"message-row").matcher(html).results().count()).isEqualTo(MessageList.PAGE_SIZE);
        assertThat(html)
                .contains("href=\"/mail/1/5000\"", "Subject of message 4951", "The first words of message 4990")
                .contains("class=\"marker unread-dot\"", "class=\"marker flag\"", "class=\"marker attachment\"")
                .contains("name=\"_csrf\" value=\"warm-up\"")   // the forms' hidden field, as for a signed-in person
                .contains("warm-up@localhost", ">Mailwright<", "rel=\"next\"")
                .contains("</html>");
    }
}
