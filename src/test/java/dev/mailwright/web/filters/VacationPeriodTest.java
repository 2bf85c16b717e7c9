package dev.mailwright.web.filters;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.mailwright.config.MailwrightProperties;
import dev.mailwright.store.AccountId;
import dev.mailwright.store.AccountStore;
import dev.mailwright.store.SieveScripts;

/**
 * The vacation period kept without a date test in the interpreter, over the real store (H2): the script carries
 * the reply only on the days of its period, the periodic check rewrites it when the day crosses the start or the
 * end, and the pages still read the script as theirs on every day. Once the interpreter tests dates, the first test
 * checks that the period went into the script instead. Budget: one application context (about 30 s, 2 min loaded).
 */
@SpringBootTest(properties = {"mailwright.smtp.port=0", "mailwright.submission.port=0", "mailwright.submissions.port=0",
        "mailwright.imap.port=0", "mailwright.imaps.port=0", "server.port=0", "mailwright.domains=example.test"})
class VacationPeriodTest {
    @Autowired
    SieveScripts scripts;
    @Autowired
    AccountStore accounts;
    @Autowired
    MailwrightProperties properties;

    @DynamicPropertySource
    static void dataDir(DynamicPropertyRegistry registry) throws java.io.IOException {
        String dir = Files.createTempDirectory("mailwright-vacation-test").toString();
        registry.add("mailwright.data-dir", () -> dir);
    }

    private WebmailFilters on(String day) {
        Clock clock = Clock.fixed(Instant.parse(day + "T12:00:00Z"), ZoneOffset.UTC);
        return new WebmailFilters(scripts, WebmailFilters.limits(properties.sieve()), clock);
    }

    @Test
    void theReplyIsInTheScriptOnlyOnTheDaysOfItsPeriodAndTheCheckSwitchesIt() {
        AccountId account = accounts.createAccount("vacation-" + UUID.randomUUID().toString().substring(0, 8) + "@example.test",
                "{noop}x", false).id();
        VacationReply christmas = new VacationReply(true, "2026-12-24", "2026-12-26", "Away", "Back after Christmas.", List.of(), 7);
        assertThat(on("2026-12-20").save(account, List.of(), christmas)).isTrue();
        String before = scripts.active(account).orElseThrow().content();
        if (WebmailFilters.DATE_TESTS) {
            assertThat(before).contains("currentdate");
            return;
        }
        assertThat(before).doesNotContain("vacation :days");
        assertThat(on("2026-12-23").refreshVacation(account)).isFalse();

        assertThat(on("2026-12-24").refreshVacations()).isGreaterThanOrEqualTo(1);
        assertThat(scripts.active(account).orElseThrow().content()).contains("vacation :days 7 :subject \"Away\"");
        assertThat(on("2026-12-25").refreshVacation(account)).isFalse();
        WebmailFilters.Status status = on("2026-12-25").status(account);
        assertThat(status.editable()).isTrue();
        assertThat(status.settings().vacation()).isEqualTo(christmas);

        assertThat(on("2026-12-27").refreshVacation(account)).isTrue();
        assertThat(scripts.active(account).orElseThrow().content()).doesNotContain("vacation :days");
        assertThat(on("2026-12-27").status(account).editable()).isTrue();
    }

    @Test
    void aScriptEditedByHandIsNeverRewrittenByTheCheck() {
        AccountId account = accounts.createAccount("edited-" + UUID.randomUUID().toString().substring(0, 8) + "@example.test",
                "{noop}x", false).id();
        VacationReply later = new VacationReply(true, "2026-12-24", "", "", "Away.", List.of(), 7);
        on("2026-12-20").save(account, List.of(), later);
        String edited = scripts.get(account, WebmailScript.NAME).orElseThrow().content().replaceFirst("\n", "\n# my note\n");
        scripts.put(account, WebmailScript.NAME, edited);
        assertThat(on("2026-12-24").refreshVacation(account)).isFalse();
        assertThat(scripts.get(account, WebmailScript.NAME).orElseThrow().content()).isEqualTo(edited);
        assertThat(on("2026-12-24").status(account).foreign()).map(SieveScripts.Script::name).isEqualTo(Optional.of(WebmailScript.NAME));
        assertThat(on("2026-12-24").save(account, List.of(), later)).isFalse();
    }
}
