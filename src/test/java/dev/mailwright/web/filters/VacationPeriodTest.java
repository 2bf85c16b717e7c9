package dev.mailwright.web.filters;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
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

import dev.mailwright.sieve.ParsedSieveMessage;
import dev.mailwright.sieve.SieveAction;
import dev.mailwright.sieve.SieveEnvironment;
import dev.mailwright.sieve.SieveException;
import dev.mailwright.sieve.SieveLimits;
import dev.mailwright.sieve.SieveScript;
import dev.mailwright.store.AccountId;
import dev.mailwright.store.AccountStore;
import dev.mailwright.store.SieveScripts;

/**
 * The vacation period over the real store (H2): the pages write the period into the script as {@code currentdate}
 * tests, and the stored script answers only on the days of its period (the interpreter's clock fixed to each day);
 * the pages read the script as theirs on every day, and a hand edit makes it foreign. Budget: one application
 * context (about 30 s, 2 min loaded).
 */
@SpringBootTest(properties = {"mailwright.smtp.port=0", "mailwright.submission.port=0", "mailwright.submissions.port=0",
        "mailwright.imap.port=0", "mailwright.imaps.port=0", "server.port=0", "mailwright.domains=example.test"})
class VacationPeriodTest {
    @Autowired
    SieveScripts scripts;
    @Autowired
    AccountStore accounts;
    @Autowired
    SieveLimits sieveLimits;

    @DynamicPropertySource
    static void dataDir(DynamicPropertyRegistry registry) throws java.io.IOException {
        String dir = Files.createTempDirectory("mailwright-vacation-test").toString();
        registry.add("mailwright.data-dir", () -> dir);
    }

    private static Clock noonOf(String day) {
        return Clock.fixed(Instant.parse(day + "T12:00:00Z"), ZoneOffset.UTC);
    }

    private WebmailFilters on(String day) {
        return new WebmailFilters(scripts, sieveLimits, noonOf(day));
    }

    /** Whether the account's active script answers a message from a stranger at noon (UTC) of {@code day}. */
    private boolean answersOn(AccountId account, String day) throws SieveException {
        SieveScript script = SieveScript.compile(scripts.active(account).orElseThrow().content(),
                sieveLimits);
        ParsedSieveMessage message = ParsedSieveMessage.of(("From: someone@remote.example\r\nTo: me@example.test\r\n"
                + "Subject: hello\r\nMessage-ID: <v@remote.example>\r\n\r\nHi.\r\n").getBytes(StandardCharsets.UTF_8),
                "someone@remote.example", "me@example.test", Optional.empty());
        SieveEnvironment environment = new SieveEnvironment(noonOf(day), ZoneOffset.UTC,
                SieveEnvironment.DETACHED.includes(), SieveEnvironment.DETACHED.duplicates(), WebmailScript.NAME);
        return script.run(message, environment).actions().stream().anyMatch(SieveAction.Vacation.class::isInstance);
    }

    @Test
    void theStoredScriptAnswersOnlyOnTheDaysOfItsPeriod() throws Exception {
        AccountId account = accounts.createAccount("vacation-" + UUID.randomUUID().toString().substring(0, 8) + "@example.test",
                "{noop}x", false).id();
        VacationReply christmas = new VacationReply(true, "2026-12-24", "2026-12-26", "Away", "Back after Christmas.", List.of(), 7);
        assertThat(on("2026-12-20").save(account, List.of(), christmas)).isTrue();
        assertThat(scripts.active(account).orElseThrow().content()).contains("currentdate");

        assertThat(answersOn(account, "2026-12-23")).isFalse();
        assertThat(answersOn(account, "2026-12-24")).isTrue();
        assertThat(answersOn(account, "2026-12-26")).isTrue();
        assertThat(answersOn(account, "2026-12-27")).isFalse();
        WebmailFilters.Status status = on("2026-12-25").status(account);
        assertThat(status.editable()).isTrue();
        assertThat(status.settings().vacation()).isEqualTo(christmas);
    }

    @Test
    void aScriptEditedByHandIsForeignAndNotOverwritten() {
        AccountId account = accounts.createAccount("edited-" + UUID.randomUUID().toString().substring(0, 8) + "@example.test",
                "{noop}x", false).id();
        VacationReply later = new VacationReply(true, "2026-12-24", "", "", "Away.", List.of(), 7);
        on("2026-12-20").save(account, List.of(), later);
        String edited = scripts.get(account, WebmailScript.NAME).orElseThrow().content().replaceFirst("\n", "\n# my note\n");
        scripts.put(account, WebmailScript.NAME, edited);
        assertThat(on("2026-12-24").status(account).foreign()).map(SieveScripts.Script::name).isEqualTo(Optional.of(WebmailScript.NAME));
        assertThat(on("2026-12-24").save(account, List.of(), later)).isFalse();
        assertThat(scripts.get(account, WebmailScript.NAME).orElseThrow().content()).isEqualTo(edited);
    }
}
