package dev.mailwright.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Once ready, the server asks itself for the sign-in page over loopback (the test-wide default turns this off; here
 * it is on): the request reaches the real web port and is answered 200, so the page's first render is behind it
 * before anyone signs in.
 */
@Timeout(120)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "mailwright.smtp.port=0", "mailwright.submission.port=0", "mailwright.submissions.port=0",
        "mailwright.imap.port=0", "mailwright.imaps.port=0", "mailwright.hostname=mail.example.test",
        "mailwright.domains=example.test", "mailwright.warmup.webmail=true", "server.address=127.0.0.1"})
class WebmailWarmupTest {
    @Autowired
    WebmailWarmup warmup;

    @DynamicPropertySource
    static void dataDir(DynamicPropertyRegistry registry) throws IOException {
        var dir = Files.createTempDirectory("mailwright-warmup-test");
        registry.add("mailwright.data-dir", dir::toString);
    }

    @Test
    void theSignInPageShouldHaveBeenRenderedOnceBeforeAnyoneAsks() throws Exception {
        assertThat(warmup.answered().get(60, TimeUnit.SECONDS)).isEqualTo(200);
    }

    @Test
    void theWarmUpShouldReachTheServerWhereverItListens() {
        assertThat(WebmailWarmup.host(null)).isEqualTo("127.0.0.1");
        assertThat(WebmailWarmup.host("0.0.0.0")).isEqualTo("127.0.0.1");
        assertThat(WebmailWarmup.host("::")).isEqualTo("127.0.0.1");
        assertThat(WebmailWarmup.host("127.0.0.2")).isEqualTo("127.0.0.2");
        assertThat(WebmailWarmup.host("::1")).isEqualTo("[0:0:0:0:0:0:0:1]");
    }
}
