package dev.mailwright.sieve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The extensions of issue 15's second round, compiled and run over real parsed messages, with the examples of
 * their RFCs: editheader (RFC 5293), duplicate (RFC 7352), include (RFC 6609), date and index (RFC 5260),
 * spamtest, spamtestplus and virustest (RFC 5235), regex (draft-ietf-sieve-regex), and their limits.
 */
class SieveExtensionsTest {
    private static final String MESSAGE = """
            Received: from mx.example.org by mail.example.com; Mon, 26 Feb 2007 09:30:00 -0500
            Received: from client.example.org by mx.example.org; Mon, 26 Feb 2007 08:45:00 -0500
            Date: Tue, 1 Apr 1997 09:06:31 -0800 (PST)
            From: coyote@desert.example.org
            To: roadrunner@acme.example.com
            Subject: I have a present for you
            Message-ID: <present-1@desert.example.org>
            List-ID: <acme-users.lists.example.org>
            X-Caffeine: C8H10N4O2

            Look, I'm sorry about the whole anvil thing.
            """.replace("\n", "\r\n");

    /** 2007-07-01 12:00 UTC, a Sunday: inside RFC 5260's vacation example's week. */
    private static final Instant NOW = Instant.parse("2007-07-01T12:00:00Z");

    private static SieveAction.Keep keep() {
        return new SieveAction.Keep(Set.of());
    }

    private static SieveAction.FileInto fileinto(String mailbox) {
        return new SieveAction.FileInto(mailbox, Set.of(), false);
    }

    private static ParsedSieveMessage message(String text) {
        return ParsedSieveMessage.of(text.getBytes(StandardCharsets.UTF_8), "coyote@desert.example.org",
                "roadrunner@acme.example.com", Optional.empty());
    }

    private static SieveEnvironment environment(Map<String, String> personal, Map<String, String> global, Set<String> seen) {
        return new SieveEnvironment(Clock.fixed(NOW, ZoneOffset.UTC), ZoneOffset.UTC, (location, name) ->
                Optional.ofNullable(location == SieveEnvironment.Location.PERSONAL ? personal.get(name) : global.get(name)),
                (key, now) -> seen.contains(key), "main");
    }

    private static SieveResult run(String script) throws SieveException {
        return run(script, MESSAGE);
    }

    private static SieveResult run(String script, String message) throws SieveException {
        return SieveScript.compile(script, SieveLimits.DEFAULTS).run(message(message), environment(Map.of(), Map.of(), Set.of()));
    }

    private static String edited(String script, String message) throws Exception {
        ParsedSieveMessage parsed = message(message);
        SieveResult result = SieveScript.compile(script, SieveLimits.DEFAULTS).run(parsed, SieveEnvironment.DETACHED);
        assertThat(result.error()).isEmpty();
        assertThat(result.headerEdits()).isPresent();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(parsed.writeEdited(result.headerEdits().get(),
                new ByteArrayInputStream(message.getBytes(StandardCharsets.UTF_8)), out)).isTrue();
        return out.toString(StandardCharsets.UTF_8);
    }

    // ---- editheader (RFC 5293) ----

    /** §4: addheader puts the field first, :last at the end; later tests see it (§7). */
    @Test
    void addheaderFirstOrLastAndVisibleToLaterTests() throws Exception {
        String script = """
                require ["editheader", "fileinto"];
                addheader "X-Source" "mail.example.com";
                addheader :last "X-Hobbit" "Bilbo";
                if allof (header :is "X-Source" "mail.example.com", header :is "x-hobbit" "Bilbo") { fileinto "seen"; }
                """;
        assertThat(run(script).actions()).containsExactly(fileinto("seen"));
        String stored = edited(script, MESSAGE);
        assertThat(stored).startsWith("X-Source: mail.example.com\r\nReceived: from mx.example.org");
        assertThat(stored).contains("X-Caffeine: C8H10N4O2\r\nX-Hobbit: Bilbo\r\n\r\nLook, I'm sorry");
    }

    /** A field name longer than a header line: the value is still encoded and folded, never an exception (fuzzing). */
    @Test
    void addheaderWithAVeryLongFieldNameStillEncodesTheValue() throws Exception {
        String name = "X-" + "q".repeat(90);
        String stored = edited("require \"editheader\";\naddheader \"" + name + "\" \"Grüße aus Köln\";", MESSAGE);
        assertThat(stored).startsWith(name + ":");
        assertThat(stored.substring(0, stored.indexOf("\r\nReceived:"))).contains("?Q?").doesNotContain("ü");
    }

    /** §5: deleteheader by name, by :index (from the end with :last), and by value patterns with a match type. */
    @Test
    void deleteheaderByNameIndexAndValue() throws Exception {
        String message = "X-Tag: one\r\nX-Tag: two\r\nX-Tag: three\r\nSubject: s\r\n\r\nbody\r\n";
        assertThat(edited("require \"editheader\";\ndeleteheader \"x-tag\";", message))
                .isEqualTo("Subject: s\r\n\r\nbody\r\n");
        assertThat(edited("require \"editheader\";\ndeleteheader :index 1 :last \"X-Tag\";", message))
                .isEqualTo("X-Tag: one\r\nX-Tag: two\r\nSubject: s\r\n\r\nbody\r\n");
        assertThat(edited("require \"editheader\";\ndeleteheader :index 2 \"X-Tag\";", message))
                .isEqualTo("X-Tag: one\r\nX-Tag: three\r\nSubject: s\r\n\r\nbody\r\n");
        assertThat(edited("require \"editheader\";\ndeleteheader :matches \"X-Tag\" \"t*\";", message))
                .isEqualTo("X-Tag: one\r\nSubject: s\r\n\r\nbody\r\n");
        assertThat(run("""
                require ["editheader", "fileinto"];
                deleteheader "subject";
                if not exists "subject" { fileinto "gone"; }
                """).actions()).containsExactly(fileinto("gone"));
    }

    /** §6: Received stays, Auto-Submitted can be neither added nor deleted; the script goes on. */
    @Test
    void protectedFieldsAreNotEdited() throws Exception {
        SieveResult result = run("""
                require ["editheader", "fileinto", "relational"];
                deleteheader "Received";
                addheader "Auto-Submitted" "no";
                if allof (header :count "eq" "Received" "2", not exists "auto-submitted") { fileinto "intact"; }
                """);
        assertThat(result.error()).isEmpty();
        assertThat(result.actions()).containsExactly(fileinto("intact"));
        assertThat(result.headerEdits()).isEmpty();
    }

    @Test
    void addedValuesAreEncodedAndFoldedAndNamesChecked() throws Exception {
        String long80 = "word ".repeat(30).strip();
        String stored = edited("require \"editheader\";\naddheader \"X-Note\" \"Grüße aus Köln\";\naddheader :last \"X-Long\" \""
                + long80 + "\";", "Subject: s\r\n\r\nbody\r\n");
        assertThat(stored).startsWith("X-Note: =?");
        assertThat(stored).doesNotContain("Grüße");
        for (String line : stored.split("\r\n")) {
            assertThat(line.length()).isLessThanOrEqualTo(78);
        }
        assertThat(message(stored).header("X-Note")).containsExactly("Grüße aus Köln");
        assertThat(message(stored).header("X-Long")).containsExactly(long80);
        assertThatThrownBy(() -> SieveScript.compile("require \"editheader\";\naddheader \"Bad Name\" \"x\";", SieveLimits.DEFAULTS))
                .hasMessageContaining("\"Bad Name\" is not a header field name");
        assertThatThrownBy(() -> SieveScript.compile("addheader \"X\" \"y\";", SieveLimits.DEFAULTS))
                .hasMessageContaining("needs require \"editheader\"");
        assertThatThrownBy(() -> SieveScript.compile("require \"editheader\";\ndeleteheader :last \"X\";", SieveLimits.DEFAULTS))
                .hasMessageContaining(":last needs :index");
    }

    @Test
    void headerEditsAreBounded() throws Exception {
        SieveLimits two = withLimits(8, 32, 2);
        SieveResult result = SieveScript.compile("require \"editheader\";\naddheader \"A\" \"1\";\naddheader \"B\" \"2\";\naddheader \"C\" \"3\";", two)
                .run(message(MESSAGE));
        assertThat(result.actions()).containsExactly(keep());
        assertThat(result.error()).hasValueSatisfying(e -> assertThat(e).contains("more than 2 header edits"));
        assertThat(result.headerEdits()).isEmpty();
    }

    private static SieveLimits withLimits(int includeDepth, int includes, int headerEdits) {
        SieveLimits d = SieveLimits.DEFAULTS;
        return new SieveLimits(d.maxScriptBytes(), d.maxNesting(), d.maxActions(), d.maxRedirects(), d.maxMatchSteps(),
                d.maxVariableChars(), d.maxVariables(), includeDepth, includes, headerEdits, d.duplicatePeriod(), d.maxDuplicatePeriod());
    }

    // ---- duplicate (RFC 7352) ----

    /** §3's first example: a second copy of the same Message-ID goes to Trash/Duplicate. */
    @Test
    void duplicateByMessageId() throws Exception {
        SieveScript script = SieveScript.compile("""
                require ["duplicate", "fileinto", "mailbox"];
                if duplicate { fileinto :create "Trash/Duplicate"; }
                """, SieveLimits.DEFAULTS);
        Set<String> seen = new java.util.HashSet<>();
        SieveResult first = script.run(message(MESSAGE), environment(Map.of(), Map.of(), seen));
        assertThat(first.actions()).containsExactly(keep());
        assertThat(first.duplicates()).singleElement().satisfies(mark -> {
            assertThat(mark.expires()).isEqualTo(NOW.plus(SieveLimits.DEFAULTS.duplicatePeriod()));
            assertThat(mark.restart()).isFalse();
        });
        first.duplicates().forEach(mark -> seen.add(mark.key()));
        assertThat(script.run(message(MESSAGE), environment(Map.of(), Map.of(), seen)).actions())
                .containsExactly(new SieveAction.FileInto("Trash/Duplicate", Set.of(), true));
        // another message id is no duplicate; a message without one never is, and records nothing
        assertThat(script.run(message(MESSAGE.replace("present-1", "present-2")), environment(Map.of(), Map.of(), seen)).actions())
                .containsExactly(keep());
        SieveResult noId = script.run(message(MESSAGE.replace("Message-ID: <present-1@desert.example.org>\r\n", "")),
                environment(Map.of(), Map.of(), seen));
        assertThat(noId.actions()).containsExactly(keep());
        assertThat(noId.duplicates()).isEmpty();
    }

    /** §3's alert example: :uniqueid from a match variable, :seconds; handles keep separate records; :last. */
    @Test
    void duplicateWithUniqueIdSecondsHandleAndLast() throws Exception {
        String script = """
                require ["duplicate", "variables", "imap4flags", "fileinto"];
                if header :matches "subject" "ALERT: *" {
                    if duplicate :seconds 60 :uniqueid "${1}" { setflag "\\\\seen"; }
                    fileinto "Alerts";
                }
                """;
        String alert = MESSAGE.replace("Subject: I have a present for you", "Subject: ALERT: disk full");
        SieveResult first = run(script, alert);
        assertThat(first.actions()).containsExactly(fileinto("Alerts"));
        SieveResult.DuplicateMark mark = first.duplicates().getFirst();
        assertThat(mark.expires()).isEqualTo(NOW.plusSeconds(60));
        SieveResult again = SieveScript.compile(script, SieveLimits.DEFAULTS).run(message(alert.replace("present-1", "other")),
                environment(Map.of(), Map.of(), Set.of(mark.key())));
        assertThat(again.actions()).containsExactly(new SieveAction.FileInto("Alerts", Set.of("\\seen"), false));

        SieveResult handled = run("require \"duplicate\";\nif duplicate :handle \"a\" :header \"subject\" :last :seconds 99999999 { discard; }");
        assertThat(handled.duplicates().getFirst().key()).isNotEqualTo(mark.key());
        assertThat(handled.duplicates().getFirst().restart()).isTrue();
        // :seconds beyond the maximum is cut to it: the tracking table stays bounded
        assertThat(handled.duplicates().getFirst().expires()).isEqualTo(NOW.plus(SieveLimits.DEFAULTS.maxDuplicatePeriod()));
        assertThatThrownBy(() -> SieveScript.compile("require \"duplicate\";\nif duplicate :header \"a\" :uniqueid \"b\" { stop; }",
                SieveLimits.DEFAULTS)).hasMessageContaining("exclude each other");
    }

    @Test
    void aFailedRunRecordsNoDuplicate() throws Exception {
        SieveResult failed = run("require [\"duplicate\", \"fileinto\"];\nif duplicate { stop; }\nfileinto \"\";");
        assertThat(failed.error()).isPresent();
        assertThat(failed.duplicates()).isEmpty();
    }

    // ---- include (RFC 6609) ----

    /** §3.1's example: personal and global scripts, each with its own requires, actions collected. */
    @Test
    void includePersonalAndGlobal() throws Exception {
        Map<String, String> personal = Map.of(
                "always_allow", "if address :is \"from\" \"boss@example.com\" { keep; stop; }",
                "spam_tests", "require \"fileinto\";\nif header :contains \"subject\" \"present\" { fileinto \"Suspicious\"; }",
                "mailing_lists", "require \"fileinto\";\nif exists \"list-id\" { fileinto \"Lists\"; }");
        Map<String, String> global = Map.of("spam_tests", "require \"fileinto\";\nif header :contains \"x-spam-flag\" \"yes\" { fileinto \"Junk\"; }");
        String script = """
                require ["include"];
                include :personal "always_allow";
                include :global "spam_tests";
                include :personal "spam_tests";
                include :personal "mailing_lists";
                """;
        SieveResult result = SieveScript.compile(script, SieveLimits.DEFAULTS).run(message(MESSAGE), environment(personal, global, Set.of()));
        assertThat(result.error()).isEmpty();
        assertThat(result.actions()).containsExactly(fileinto("Suspicious"), fileinto("Lists"));
        SieveResult boss = SieveScript.compile(script, SieveLimits.DEFAULTS).run(
                message(MESSAGE.replace("From: coyote@desert.example.org", "From: boss@example.com")), environment(personal, global, Set.of()));
        assertThat(boss.actions()).containsExactly(keep());
    }

    /** §3.3's example: a variable declared global in both scripts is shared; the global. namespace reaches it too. */
    @Test
    void globalVariablesAreSharedAndLocalOnesAreNot() throws Exception {
        Map<String, String> personal = Map.of("subject_tests", """
                require ["include", "variables", "fileinto"];
                global "test";
                if header :contains "Subject" "${test}" { fileinto "spam"; }
                set "local" "leaked";
                set "global.result" "done";
                """);
        SieveResult result = SieveScript.compile("""
                require ["include", "variables", "fileinto"];
                global "test";
                set "test" "present";
                set "local" "mine";
                include "subject_tests";
                if allof (string :is "${local}" "mine", string :is "${global.result}" "done") { fileinto "checked"; }
                """, SieveLimits.DEFAULTS).run(message(MESSAGE), environment(personal, Map.of(), Set.of()));
        assertThat(result.error()).isEmpty();
        assertThat(result.actions()).containsExactly(fileinto("spam"), fileinto("checked"));
    }

    /** §3.2: return ends the included script only; :once includes once; :optional skips a missing script. */
    @Test
    void returnOnceAndOptional() throws Exception {
        Map<String, String> personal = Map.of("part", "require [\"include\", \"fileinto\"];\nfileinto \"A\";\nreturn;\nfileinto \"never\";",
                "counter", "require [\"fileinto\", \"variables\", \"include\"];\nglobal \"n\";\nset \"n\" \"${n}x\";\nfileinto \"n${n}\";");
        SieveResult result = SieveScript.compile("""
                require ["include", "fileinto"];
                include "part";
                include :once "counter";
                include :once "counter";
                include :optional "not-there";
                fileinto "B";
                """, SieveLimits.DEFAULTS).run(message(MESSAGE), environment(personal, Map.of(), Set.of()));
        assertThat(result.error()).isEmpty();
        assertThat(result.actions()).containsExactly(fileinto("A"), fileinto("nx"), fileinto("B"));

        SieveResult missing = SieveScript.compile("require \"include\";\ninclude \"not-there\";", SieveLimits.DEFAULTS)
                .run(message(MESSAGE), environment(personal, Map.of(), Set.of()));
        assertThat(missing.actions()).containsExactly(keep());
        assertThat(missing.error()).hasValueSatisfying(e -> assertThat(e).contains("does not exist"));
    }

    /** §3.1: a loop is an error (the message is kept), also through the active script itself. */
    @Test
    void includeLoopsAreDetected() throws Exception {
        Map<String, String> personal = Map.of("a", "require \"include\";\ninclude \"b\";", "b", "require \"include\";\ninclude \"a\";",
                "back", "require \"include\";\ninclude \"main\";");
        SieveResult loop = SieveScript.compile("require \"include\";\ninclude \"a\";", SieveLimits.DEFAULTS)
                .run(message(MESSAGE), environment(personal, Map.of(), Set.of()));
        assertThat(loop.actions()).containsExactly(keep());
        assertThat(loop.error()).hasValueSatisfying(e -> assertThat(e).contains("include loop"));
        SieveResult viaMain = SieveScript.compile("require \"include\";\ninclude \"back\";", SieveLimits.DEFAULTS)
                .run(message(MESSAGE), environment(personal, Map.of(), Set.of()));
        assertThat(viaMain.error()).hasValueSatisfying(e -> assertThat(e).contains("include loop"));
    }

    @Test
    void includeDepthAndCountAreBounded() throws Exception {
        Map<String, String> chain = new HashMap<>();
        for (int i = 0; i < 5; i++) {
            chain.put("s" + i, "require \"include\";\ninclude \"s" + (i + 1) + "\";");
        }
        chain.put("s5", "keep;");
        SieveScript script = SieveScript.compile("require \"include\";\ninclude \"s0\";", withLimits(3, 32, 64));
        assertThat(script.run(message(MESSAGE), environment(chain, Map.of(), Set.of())).error())
                .hasValueSatisfying(e -> assertThat(e).contains("nested deeper than 3"));
        SieveScript deepEnough = SieveScript.compile("require \"include\";\ninclude \"s0\";", withLimits(6, 32, 64));
        assertThat(deepEnough.run(message(MESSAGE), environment(chain, Map.of(), Set.of())).error()).isEmpty();

        Map<String, String> leaf = Map.of("leaf", "keep;");
        SieveScript many = SieveScript.compile("require \"include\";\n" + "include \"leaf\";\n".repeat(5), withLimits(8, 4, 64));
        assertThat(many.run(message(MESSAGE), environment(leaf, Map.of(), Set.of())).error())
                .hasValueSatisfying(e -> assertThat(e).contains("more than 4 includes"));
        assertThatThrownBy(() -> SieveScript.compile("require \"include\";\ninclude \"../etc/passwd\";", SieveLimits.DEFAULTS))
                .hasMessageContaining("without '/'");
        assertThatThrownBy(() -> SieveScript.compile("require \"include\";\nglobal \"x\";", SieveLimits.DEFAULTS))
                .hasMessageContaining("global needs require \"variables\"");
    }

    // ---- date and index (RFC 5260) ----

    /** §4's examples: the hour in the Date field's own zone, the weekday of a Received field, the zone part. */
    @Test
    void dateTest() throws Exception {
        assertThat(run("""
                require ["date", "relational", "fileinto"];
                if allof (header :is "from" "coyote@desert.example.org",
                          date :value "ge" :originalzone "date" "hour" "09",
                          date :value "lt" :originalzone "date" "hour" "17")
                { fileinto "urgent"; }
                """).actions()).containsExactly(fileinto("urgent"));
        // the same instant in UTC is 17:06: outside office hours
        assertThat(run("require [\"date\", \"relational\"];\nif date :value \"ge\" :zone \"+0000\" \"date\" \"hour\" \"17\" { discard; }")
                .actions()).containsExactly(new SieveAction.Discard());
        assertThat(run("""
                require ["date", "relational", "fileinto"];
                if anyof (date :is "received" "weekday" "0", date :is "received" "weekday" "6") { fileinto "weekend"; }
                elsif date :is "received" "weekday" "1" { fileinto "monday"; }
                """).actions()).containsExactly(fileinto("monday"));
        assertThat(run("require \"date\";\nif allof (date :is :originalzone \"date\" \"zone\" \"-0800\", date :is \"date\" \"date\" \"1997-04-01\","
                + " date :is :originalzone \"date\" \"julian\" \"50539\", date :is :originalzone \"date\" \"iso8601\" \"1997-04-01T09:06:31-08:00\","
                + " date :is \"date\" \"std11\" \"Tue, 01 Apr 1997 17:06:31 +0000\", date :is \"date\" \"time\" \"17:06:31\") { discard; }")
                .actions()).containsExactly(new SieveAction.Discard());
        // a field that holds no date: the test is false, not an error
        SieveResult noDate = run("require \"date\";\nif date :matches \"subject\" \"year\" \"*\" { discard; }");
        assertThat(noDate.actions()).containsExactly(keep());
        assertThat(noDate.error()).isEmpty();
        assertThatThrownBy(() -> SieveScript.compile("require \"date\";\nif date \"date\" \"fortnight\" \"1\" { stop; }", SieveLimits.DEFAULTS))
                .hasMessageContaining("unknown date part \"fortnight\"");
        assertThatThrownBy(() -> SieveScript.compile("require \"date\";\nif date :zone \"CET\" \"date\" \"hour\" \"1\" { stop; }", SieveLimits.DEFAULTS))
                .hasMessageContaining("not of the form +hhmm");
    }

    /** §5's examples: a vacation for one week of July, and a folder per month with variables. */
    @Test
    void currentdateTest() throws Exception {
        SieveResult away = run("""
                require ["date", "relational", "vacation"];
                if allof (currentdate :value "ge" "date" "2007-06-30", currentdate :value "le" "date" "2007-07-07")
                { vacation :days 7 "I'm away during the first week in July."; }
                """);
        assertThat(away.actions().getFirst()).isInstanceOf(SieveAction.Vacation.class);
        assertThat(run("""
                require ["date", "variables", "fileinto"];
                if currentdate :matches "month" "*" { set "month" "${1}"; }
                if currentdate :matches "year" "*" { set "year" "${1}"; }
                fileinto "${month}-${year}";
                """).actions()).containsExactly(fileinto("07-2007"));
        assertThat(run("require [\"date\", \"fileinto\"];\nif currentdate :zone \"-1300\" \"weekday\" \"6\" { fileinto \"saturday-there\"; }")
                .actions()).containsExactly(fileinto("saturday-there"));
    }

    /** §6's example: :index picks the n-th field, :last counts from the end; header and address take it too. */
    @Test
    void indexTest() throws Exception {
        assertThat(run("""
                require ["date", "relational", "index"];
                if date :value "gt" :index 2 :zone "-0500" "received" "iso8601" "2007-02-26T09:00:00-05:00"
                { redirect "aftertwo@example.com"; }
                """).actions()).containsExactly(keep());
        assertThat(run("""
                require ["date", "relational", "index"];
                if date :value "gt" :index 1 :zone "-0500" "received" "iso8601" "2007-02-26T09:00:00-05:00"
                { redirect "afterone@example.com"; }
                """).actions()).containsExactly(new SieveAction.Redirect("afterone@example.com"));
        assertThat(run("require [\"index\", \"fileinto\"];\nif header :index 1 :last :contains \"received\" \"client.example.org\" { fileinto \"first-hop\"; }")
                .actions()).containsExactly(fileinto("first-hop"));
        assertThat(run("require \"index\";\nif header :index 3 :contains \"received\" \"example\" { discard; }").actions())
                .containsExactly(keep());
        assertThatThrownBy(() -> SieveScript.compile("if header :index 1 \"a\" \"b\" { stop; }", SieveLimits.DEFAULTS))
                .hasMessageContaining(":index needs require \"index\"");
        assertThatThrownBy(() -> SieveScript.compile("require \"index\";\nif header :last \"a\" \"b\" { stop; }", SieveLimits.DEFAULTS))
                .hasMessageContaining(":last needs :index");
    }

    // ---- spamtest, spamtestplus, virustest (RFC 5235) ----

    private static SieveResult rated(String script, SieveRatings ratings) throws SieveException {
        return SieveScript.compile(script, SieveLimits.DEFAULTS).run(ParsedSieveMessage.of(MESSAGE.getBytes(StandardCharsets.UTF_8),
                "a@b", "c@d", Optional.of(ratings)));
    }

    /** §3.2's first example: not tested (0), tested and clean (1), spam from 3 up. */
    @Test
    void spamtestExample() throws Exception {
        String script = """
                require ["spamtest", "fileinto", "relational", "comparator-i;ascii-numeric"];
                if spamtest :value "eq" :comparator "i;ascii-numeric" "0" { fileinto "INBOX.unclassified"; }
                elsif spamtest :value "ge" :comparator "i;ascii-numeric" "3" { fileinto "INBOX.spam-trap"; }
                """;
        assertThat(rated(script, SieveRatings.NOT_TESTED).actions()).containsExactly(fileinto("INBOX.unclassified"));
        assertThat(rated(script, SieveRatings.spam(0)).actions()).containsExactly(keep());
        assertThat(rated(script, SieveRatings.spam(40)).actions()).containsExactly(fileinto("INBOX.spam-trap"));
    }

    /** §3.2's spamtestplus example with :percent. */
    @Test
    void spamtestPercentExample() throws Exception {
        String script = """
                require ["spamtestplus", "fileinto", "relational", "comparator-i;ascii-numeric"];
                if spamtest :value "eq" :comparator "i;ascii-numeric" "0" { fileinto "INBOX.unclassified"; }
                elsif spamtest :percent :value "eq" :comparator "i;ascii-numeric" "0" { fileinto "INBOX.not-spam"; }
                elsif spamtest :percent :value "lt" :comparator "i;ascii-numeric" "37" { fileinto "INBOX.spam-trap"; }
                else { discard; }
                """;
        assertThat(rated(script, SieveRatings.NOT_TESTED).actions()).containsExactly(fileinto("INBOX.unclassified"));
        assertThat(rated(script, SieveRatings.spam(0)).actions()).containsExactly(fileinto("INBOX.not-spam"));
        assertThat(rated(script, SieveRatings.spam(20)).actions()).containsExactly(fileinto("INBOX.spam-trap"));
        assertThat(rated(script, SieveRatings.spam(90)).actions()).containsExactly(new SieveAction.Discard());
        assertThatThrownBy(() -> SieveScript.compile("require \"spamtest\";\nif spamtest :percent \"1\" { stop; }", SieveLimits.DEFAULTS))
                .hasMessageContaining(":percent needs require \"spamtestplus\"");
    }

    /** §3.3's values: 0 not tested (what every message gets while no virus scanner runs), 4 and 5 infected. */
    @Test
    void virustestExample() throws Exception {
        String script = """
                require ["virustest", "fileinto", "relational", "comparator-i;ascii-numeric"];
                if virustest :value "eq" :comparator "i;ascii-numeric" "0" { fileinto "INBOX.unscanned"; }
                elsif virustest :value "eq" :comparator "i;ascii-numeric" "4" { fileinto "INBOX.quarantine"; }
                elsif virustest :value "eq" :comparator "i;ascii-numeric" "5" { discard; }
                """;
        assertThat(rated(script, SieveRatings.spam(0)).actions()).containsExactly(fileinto("INBOX.unscanned"));
        assertThat(rated(script, new SieveRatings(Optional.empty(), Optional.of(4))).actions()).containsExactly(fileinto("INBOX.quarantine"));
        assertThat(rated(script, new SieveRatings(Optional.empty(), Optional.of(1))).actions()).containsExactly(keep());
    }

    // ---- regex (draft-ietf-sieve-regex) ----

    /** The draft's examples: a list's name from List-ID into a folder, and an address pattern. */
    @Test
    void regexMatchesAndCaptures() throws Exception {
        assertThat(run("""
                require ["regex", "variables", "fileinto"];
                if header :regex "list-id" "<([a-z_-]+)[.]" { fileinto "lists.${1}"; stop; }
                """).actions()).containsExactly(fileinto("lists.acme-users"));
        assertThat(run("""
                require ["regex", "fileinto"];
                if address :regex :localpart "to" "^road[[:alpha:]]+$" { fileinto "runner"; }
                """).actions()).containsExactly(fileinto("runner"));
        // i;ascii-casemap (the default) ignores case, i;octet does not
        assertThat(run("require \"regex\";\nif header :regex \"subject\" \"PRESENT\" { discard; }").actions())
                .containsExactly(new SieveAction.Discard());
        assertThat(run("require \"regex\";\nif header :regex :comparator \"i;octet\" \"subject\" \"PRESENT\" { discard; }").actions())
                .containsExactly(keep());
        assertThat(run("require [\"regex\", \"variables\"];\nset :quoteregex \"q\" \"a.b*\";\nif string :regex \"a.b*c\" \"^${q}\" { discard; }")
                .actions()).containsExactly(new SieveAction.Discard());
        assertThatThrownBy(() -> SieveScript.compile("require \"regex\";\nif header :regex \"subject\" \"(unclosed\" { stop; }", SieveLimits.DEFAULTS))
                .hasMessageContaining("not a valid regular expression");
        assertThatThrownBy(() -> SieveScript.compile("if header :regex \"subject\" \"x\" { stop; }", SieveLimits.DEFAULTS))
                .hasMessageContaining(":regex needs require \"regex\"");
    }

    /**
     * A catastrophically backtracking pattern against a value built to trigger it (about 40-choose-12 ways to split
     * the value, which the JDK's matcher would try one by one): the run spends its match budget and ends with an
     * error, the message kept, within a fraction of a second. Budget: 20 s.
     */
    @Test
    @Timeout(20)
    void aPathologicalRegexEndsOnTheBudget() throws Exception {
        String message = "Subject: " + "a".repeat(40) + "!\r\n\r\nbody\r\n";
        long start = System.nanoTime();
        SieveResult result = run("require \"regex\";\nif header :regex \"subject\" \"(.*a){12}$\" { discard; }", message);
        assertThat(result.actions()).containsExactly(keep());
        assertThat(result.error()).hasValueSatisfying(e -> assertThat(e).contains("budget"));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));

        // the budget is a limit of its own: a tight one stops even an ordinary search over a long value
        SieveLimits d = SieveLimits.DEFAULTS;
        SieveLimits tight = new SieveLimits(d.maxScriptBytes(), d.maxNesting(), d.maxActions(), d.maxRedirects(), 20,
                d.maxVariableChars(), d.maxVariables());
        SieveResult stopped = SieveScript.compile("require \"regex\";\nif header :regex \"subject\" \"z\" { discard; }", tight)
                .run(message(message));
        assertThat(stopped.error()).hasValueSatisfying(e -> assertThat(e).contains("budget"));
        assertThat(SieveScript.compile("require \"regex\";\nif header :regex \"subject\" \"z\" { discard; }", d)
                .run(message(message)).error()).isEmpty();
    }

    // ---- the list ManageSieve announces ----

    @Test
    void everyExtensionIsAnnouncedAndRequireRefusesOthers() throws Exception {
        assertThat(SieveScript.EXTENSIONS).contains("editheader", "duplicate", "include", "date", "index", "spamtest",
                "spamtestplus", "virustest", "regex");
        SieveScript.compile("require " + SieveScript.EXTENSIONS.stream().map(e -> "\"" + e + "\"")
                .collect(java.util.stream.Collectors.joining(", ", "[", "]")) + ";", SieveLimits.DEFAULTS);
        assertThatThrownBy(() -> SieveScript.compile("require \"foreverypurpose\";", SieveLimits.DEFAULTS))
                .hasMessageContaining("is not supported");
        assertThat(List.copyOf(SieveScript.EXTENSIONS)).doesNotHaveDuplicates();
    }
}
