package dev.mailwright.web.filters;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.mailwright.config.MailwrightProperties;
import dev.mailwright.sieve.ParsedSieveMessage;
import dev.mailwright.sieve.SieveAction;
import dev.mailwright.sieve.SieveLimits;
import dev.mailwright.sieve.SieveResult;
import dev.mailwright.sieve.SieveScript;
import dev.mailwright.web.filters.FilterRule.Actions;
import dev.mailwright.web.filters.FilterRule.Condition;
import dev.mailwright.web.filters.FilterRule.Field;
import dev.mailwright.web.filters.FilterRule.Match;
import dev.mailwright.web.filters.FilterRule.Operator;
import dev.mailwright.web.filters.WebmailScript.VacationInScript;

/**
 * The script the Filters and Vacation pages write: it compiles with the real interpreter, does what the rules say
 * when run over a real message, reads back to the same settings, and a hand edit makes it someone else's.
 */
class WebmailScriptTest {
    private static final MailwrightProperties.WebmailFilters LIMITS =
            new MailwrightProperties.WebmailFilters(100, 10, 500, 4000, 20);

    private static final FilterRule NEWSLETTER = new FilterRule("Newsletter \"weekly\"", true, Match.ALL,
            List.of(new Condition(Field.SUBJECT, Operator.CONTAINS, "", "Weekly \\ news")),
            new Actions("Lists/News", true, false, "", false, false, ""));
    private static final FilterRule BIG_OR_SPAM = new FilterRule("Big or spam", true, Match.ANY,
            List.of(new Condition(Field.SIZE_OVER, Operator.CONTAINS, "", "2M"),
                    new Condition(Field.SPAM, Operator.CONTAINS, "", "")),
            new Actions("Junk", false, true, "", false, false, ""));
    private static final FilterRule BOSS = new FilterRule("Boss", true, Match.ALL,
            List.of(new Condition(Field.FROM, Operator.CONTAINS, "", "boss@example.test"),
                    new Condition(Field.HEADER, Operator.NOT_IS, "X-Priority", "5")),
            new Actions("", false, true, "phone@remote.example", true, false, ""));
    private static final FilterRule OFF = new FilterRule("Old", false, Match.ALL,
            List.of(new Condition(Field.TO, Operator.IS, "", "old@example.test")),
            new Actions("", false, false, "", false, false, "Gone"));

    private static String message(String subject, String extraHeaders) {
        return ("From: Someone <someone@remote.example>\r\nTo: alice@example.test\r\nSubject: " + subject + "\r\n"
                + extraHeaders + "Message-ID: <1@remote.example>\r\n\r\nHello.\r\n");
    }

    private static SieveResult run(String script, String message) throws Exception {
        return SieveScript.compile(script, SieveLimits.DEFAULTS).run(ParsedSieveMessage.of(
                message.getBytes(StandardCharsets.UTF_8), "someone@remote.example", "alice@example.test", Optional.empty()));
    }

    @Test
    void rulesBecomeAReadableScriptThatFilesMarksAndStops() throws Exception {
        String text = new WebmailScript(List.of(NEWSLETTER, BIG_OR_SPAM, BOSS, OFF), VacationReply.OFF, VacationInScript.OMITTED).text();
        assertThat(text).contains("require [\"copy\", \"fileinto\", \"imap4flags\"];")
                .contains("# Rule 1: Newsletter \"weekly\"\nif header :contains \"subject\" \"Weekly \\\\ news\" {\n"
                        + "    fileinto :flags [\"\\\\Seen\"] \"Lists/News\";\n    stop;\n}\n")
                .contains("if anyof (size :over 2M, header :is \"X-Spam-Flag\" \"YES\") {")
                .contains("redirect :copy \"phone@remote.example\";\n    keep :flags [\"\\\\Flagged\"];")
                .contains("# Rule 4 (disabled): Old\n")
                .doesNotContain("reject \"Gone\"");   // the disabled rule generates nothing

        assertThat(run(text, message("Your weekly \\ NEWS", "")).actions())
                .containsExactly(new SieveAction.FileInto("Lists/News", Set.of("\\Seen"), false));
        assertThat(run(text, message("Offer", "X-Spam-Flag: YES\r\n")).actions())
                .containsExactly(new SieveAction.FileInto("Junk", Set.of("\\Flagged"), false));
        assertThat(run(text, message("Hello", "")).actions()).containsExactly(new SieveAction.Keep(Set.of()));
    }

    @Test
    void aScriptReadsBackToTheSameSettingsAndIsWrittenTheSameEveryTime() {
        VacationReply vacation = new VacationReply(true, "2026-12-20", "2027-01-03", "Away", "Back in January.\nRegards",
                List.of("sales@example.test"), 5);
        WebmailScript script = new WebmailScript(List.of(NEWSLETTER, BOSS, OFF), vacation, VacationInScript.ALWAYS);
        String text = script.text();
        assertThat(WebmailScript.read(text)).contains(script);
        assertThat(script.text()).isEqualTo(text);
        assertThat(text).contains("vacation :days 5 :subject \"Away\" :addresses [\"sales@example.test\"] \"Back in January.\nRegards\";");
    }

    @Test
    void aHandEditedScriptIsNoLongerThePages() {
        String text = new WebmailScript(List.of(NEWSLETTER), VacationReply.OFF, VacationInScript.OMITTED).text();
        assertThat(WebmailScript.read(text.replace("stop;", "keep;\n    stop;"))).isEmpty();
        assertThat(WebmailScript.read("require \"fileinto\";\nfileinto \"X\";\n")).isEmpty();
        assertThat(WebmailScript.read(text.replace("\"version\":1", "\"version\":2"))).isEmpty();
        assertThat(WebmailScript.read(text.substring(0, text.lastIndexOf(WebmailScript.DATA_PREFIX)) + WebmailScript.DATA_PREFIX + "{nope\n")).isEmpty();
    }

    @Test
    void theVacationReplyComesBeforeTheRulesAndCompiles() throws Exception {
        VacationReply vacation = new VacationReply(true, "", "", "", "I am away.", List.of(), 7);
        String text = new WebmailScript(List.of(NEWSLETTER), vacation, VacationInScript.ALWAYS).text();
        List<SieveAction> actions = run(text, message("Weekly \\ news", "")).actions();
        assertThat(actions).hasSize(2);
        assertThat(actions.get(0)).isInstanceOf(SieveAction.Vacation.class);
        assertThat(actions.get(1)).isEqualTo(new SieveAction.FileInto("Lists/News", Set.of("\\Seen"), false));
    }

    @Test
    void aVacationWithAPeriodIsDatedWithoutOneAlwaysOnAndOffOmitted() {
        VacationReply december = new VacationReply(true, "2026-12-20", "2026-12-31", "", "Away", List.of(), 7);
        VacationReply open = new VacationReply(true, "", "", "", "Away", List.of(), 7);
        assertThat(WebmailFilters.vacationInScript(december)).isEqualTo(VacationInScript.DATED);
        assertThat(WebmailFilters.vacationInScript(open)).isEqualTo(VacationInScript.ALWAYS);
        assertThat(WebmailFilters.vacationInScript(VacationReply.OFF)).isEqualTo(VacationInScript.OMITTED);
    }

    @Test
    void aDatedVacationTestsTheCurrentDate() {
        VacationReply december = new VacationReply(true, "2026-12-20", "2026-12-31", "", "Away", List.of(), 7);
        String text = new WebmailScript(List.of(), december, VacationInScript.DATED).text();
        assertThat(text).contains("require [\"date\", \"relational\", \"vacation\"];")
                .contains("if allof (currentdate :value \"ge\" \"date\" \"2026-12-20\", currentdate :value \"le\" \"date\" \"2026-12-31\") {\n"
                        + "    vacation :days 7 \"Away\";\n}");
    }

    @Test
    void theRuleFormRefusesWhatCannotBecomeARule() {
        List<Problem> problems = new ArrayList<>();
        RuleForm form = new RuleForm("", true, "ALL", List.of("SUBJECT", "HEADER", "SIZE_OVER", "FROM"),
                List.of("CONTAINS", "IS", "CONTAINS", "CONTAINS"), List.of("", "Bad:Name", "", ""),
                List.of("x\ny", "v", "12Q", ""), "Nowhere", true, false, "not-an-address", false, true, "");
        form.toRule(Set.of("INBOX", "Lists"), LIMITS, problems);
        assertThat(problems).extracting(Problem::code).containsExactly("filters.error.nameMissing",
                "filters.error.valueInvalid", "filters.error.headerInvalid", "filters.error.sizeInvalid",
                "filters.error.folderUnknown", "filters.error.forwardInvalid", "filters.error.discardAlone");

        problems.clear();
        FilterRule rule = new RuleForm("Lists", true, "ANY", List.of("SUBJECT", "FROM", "SIZE_UNDER"),
                List.of("CONTAINS", "CONTAINS", "CONTAINS"), List.of("", "", ""), List.of("[list]", "", "10k"),
                "Lists", true, false, "", false, false, "").toRule(Set.of("INBOX", "Lists"), LIMITS, problems);
        assertThat(problems).isEmpty();
        assertThat(rule).isEqualTo(new FilterRule("Lists", true, Match.ANY, List.of(
                new Condition(Field.SUBJECT, Operator.CONTAINS, "", "[list]"),
                new Condition(Field.SIZE_UNDER, Operator.CONTAINS, "", "10K")),
                new Actions("Lists", true, false, "", false, false, "")));
    }

    @Test
    void theVacationFormChecksDatesAddressesAndDays() {
        List<Problem> problems = new ArrayList<>();
        new VacationForm(true, "2026-12-31", "2026-12-01", "Away", "", "ok@example.test, bad", "0").toReply(LIMITS, problems);
        assertThat(problems).extracting(Problem::code).containsExactly("vacation.error.endBeforeStart",
                "vacation.error.textMissing", "vacation.error.addressInvalid", "vacation.error.daysInvalid");
        problems.clear();
        VacationReply reply = new VacationForm(true, "", "2026-12-31", " Away ", "Back soon.\r\n", "A@Example.test\nb@example.test",
                "3").toReply(LIMITS, problems);
        assertThat(problems).isEmpty();
        assertThat(reply).isEqualTo(new VacationReply(true, "", "2026-12-31", "Away", "Back soon.",
                List.of("a@example.test", "b@example.test"), 3));
    }

    @Test
    void theConfiguredLimitsBoundTheForms() {
        MailwrightProperties.WebmailFilters small = new MailwrightProperties.WebmailFilters(1, 2, 10, 20, 1);
        List<Problem> problems = new ArrayList<>();
        new RuleForm("a name that is too long", true, "ALL", List.of("SUBJECT", "SUBJECT", "SUBJECT"),
                List.of("CONTAINS", "CONTAINS", "CONTAINS"), List.of("", "", ""), List.of("a", "b", "c"),
                "", false, false, "", false, false, "r".repeat(21)).toRule(Set.of("INBOX"), small, problems);
        assertThat(problems).extracting(Problem::code).containsExactly("filters.error.nameInvalid",
                "filters.error.tooManyConditions", "filters.error.rejectInvalid");
        problems.clear();
        new VacationForm(true, "", "", "", "t".repeat(21), "a@example.test\nb@example.test", "7").toReply(small, problems);
        assertThat(problems).extracting(Problem::code).containsExactly("vacation.error.textInvalid", "vacation.error.tooManyAddresses");
    }

    @Test
    void limitsThatCannotWorkAreRefusedAtStart() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new MailwrightProperties.WebmailFilters(0, 10, 500, 4000, 20))
                .isInstanceOf(IllegalArgumentException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new MailwrightProperties.WebmailFilters(100, 10, 500, 4000, -1))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
