package dev.mailwright.sieve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Sieve scripts compiled and run over real parsed messages: the examples of RFC 5228 (base), RFC 5229 (variables),
 * RFC 5232 (imap4flags), RFC 5231 (relational), RFC 5230/6131 (vacation), RFC 3894 (copy), RFC 5429 (reject), and
 * the limits that keep a hostile script cheap.
 */
class SieveScriptTest {
    private static final String MESSAGE = """
            Date: Tue, 1 Apr 1997 09:06:31 -0800 (PST)
            From: coyote@desert.example.org
            To: roadrunner@acme.example.com
            Subject: I have a present for you
            X-Caffeine: C8H10N4O2

            Look, I'm sorry about the whole anvil thing, and I really
            didn't mean to try and drop it on you from the top of the
            cliff.  I want to try to make it up to you.  I've got some
            great birdseed over here at my place--top of the line
            stuff--and if you come by, I'll have it all wrapped up
            for you.  I'm really sorry for all the problems I've caused
            for you over the years, but I know we can work this out.
            --
            Wile E. Coyote   "Super Genius"   coyote@desert.example.org
            """.replace("\n", "\r\n");

    private static SieveResult run(String script, String message) throws SieveException {
        return SieveScript.compile(script, SieveLimits.DEFAULTS).run(ParsedSieveMessage.of(
                message.getBytes(StandardCharsets.UTF_8), "coyote@desert.example.org", "roadrunner@acme.example.com",
                Optional.empty()));
    }

    private static SieveResult run(String script) throws SieveException {
        return run(script, MESSAGE);
    }

    private static SieveAction.Keep keep() {
        return new SieveAction.Keep(Set.of());
    }

    // ---- RFC 5228 ----

    @Test
    void emptyScriptKeeps() throws Exception {
        assertThat(run("").actions()).containsExactly(keep());
        assertThat(run("# nothing but a comment\r\n/* and a bracket\r\n comment */").actions()).containsExactly(keep());
    }

    /** RFC 5228 §2.10.2 and §3.1: if/elsif/else, header :contains, discard, fileinto. */
    @Test
    void rfc5228ExampleOfIfElsifElse() throws Exception {
        String script = """
                require "fileinto";
                if header :contains "from" "coyote" {
                    discard;
                } elsif header :contains ["subject"] ["$$$"] {
                    discard;
                } else {
                    fileinto "INBOX";
                }
                """;
        assertThat(run(script).actions()).containsExactly(new SieveAction.Discard());
        String other = MESSAGE.replace("coyote@desert", "wile@desert").replace("present", "$$$ present");
        assertThat(run(script, other).actions()).containsExactly(new SieveAction.Discard());
        String third = MESSAGE.replace("coyote@desert", "wile@desert");
        assertThat(run(script, third).actions()).containsExactly(new SieveAction.FileInto("INBOX", Set.of(), false));
    }

    /** RFC 5228 §5.1, §5.2, §5.4, §5.5, §5.6, §5.7, §5.8, §5.9. */
    @Test
    void baseTests() throws Exception {
        assertThat(discards("address :is :all \"from\" \"coyote@desert.example.org\"")).isTrue();
        assertThat(discards("address :localpart \"from\" \"COYOTE\"")).isTrue();
        assertThat(discards("address :domain :is \"to\" \"acme.example.com\"")).isTrue();
        assertThat(discards("address :comparator \"i;octet\" :localpart \"from\" \"COYOTE\"")).isFalse();
        assertThat(discards("header :matches \"subject\" \"I have a * for ?ou\"")).isTrue();
        assertThat(discards("header :is \"x-caffeine\" \"c8h10n4o2\"")).isTrue();
        assertThat(discards("exists [\"From\", \"Date\"]")).isTrue();
        assertThat(discards("exists [\"From\", \"Cc\"]")).isFalse();
        assertThat(discards("size :over 100")).isTrue();
        assertThat(discards("size :under 1K")).isTrue();
        assertThat(discards("not size :over 1M")).isTrue();
        assertThat(discards("allof (true, header :contains \"subject\" \"present\")")).isTrue();
        assertThat(discards("anyof (false, false)")).isFalse();
        assertThat(discards("header :contains \"subject\" \"\"")).isTrue();
    }

    @Test
    void envelopeTests() throws Exception {
        String script = "require \"envelope\";\nif envelope :domain :is \"from\" \"desert.example.org\" { discard; }";
        assertThat(run(script).actions()).containsExactly(new SieveAction.Discard());
        assertThat(run("require \"envelope\";\nif envelope :localpart \"to\" \"roadrunner\" { discard; }").actions())
                .containsExactly(new SieveAction.Discard());
        SieveResult nullSender = SieveScript.compile("require \"envelope\";\nif envelope :is \"from\" \"\" { discard; }",
                SieveLimits.DEFAULTS).run(ParsedSieveMessage.of(MESSAGE.getBytes(StandardCharsets.UTF_8), "", "x@y", Optional.empty()));
        assertThat(nullSender.actions()).containsExactly(new SieveAction.Discard());
    }

    private static boolean discards(String test) throws SieveException {
        return run("if " + test + " { discard; }").actions().contains(new SieveAction.Discard());
    }

    /** RFC 5228 §3.3: stop ends the script; the implicit keep still happens. */
    @Test
    void stopEndsTheScriptWithTheImplicitKeep() throws Exception {
        assertThat(run("require \"fileinto\";\nstop;\nfileinto \"Never\";").actions()).containsExactly(keep());
    }

    /** RFC 5228 §2.10.3: the same fileinto twice is done once; keep and fileinto both happen. */
    @Test
    void duplicateActionsAreDoneOnce() throws Exception {
        assertThat(run("require \"fileinto\";\nfileinto \"A\";\nfileinto \"A\";\nkeep;").actions())
                .containsExactly(new SieveAction.FileInto("A", Set.of(), false), keep());
    }

    @Test
    void multiLineStringsAndDotStuffing() throws Exception {
        SieveResult result = run("""
                require "reject";
                reject text:
                line one
                ..starts with a dot
                .
                ;
                """);
        assertThat(result.actions()).containsExactly(new SieveAction.Reject("line one\r\n.starts with a dot\r\n", false));
    }

    // ---- errors with positions ----

    @Test
    void compileErrorsSayWhere() {
        assertThatThrownBy(() -> SieveScript.compile("keep;\nfileinto \"x\";", SieveLimits.DEFAULTS))
                .isInstanceOf(SieveException.class).hasMessage("line 2, column 1: fileinto needs require \"fileinto\"");
        assertThatThrownBy(() -> SieveScript.compile("if true {\n  keep;\n", SieveLimits.DEFAULTS))
                .hasMessageStartingWith("line 1, column 9: block opened here is never closed");
        assertThatThrownBy(() -> SieveScript.compile("require \"fileinto\";\nfileinto;", SieveLimits.DEFAULTS))
                .hasMessageContaining("line 2").hasMessageContaining("fileinto takes 1 argument");
        assertThatThrownBy(() -> SieveScript.compile("if header :is \"a\" { keep; }", SieveLimits.DEFAULTS))
                .hasMessageContaining("header takes 2 argument");
        assertThatThrownBy(() -> SieveScript.compile("keep;\nrequire \"fileinto\";", SieveLimits.DEFAULTS))
                .hasMessageContaining("require must come before");
        assertThatThrownBy(() -> SieveScript.compile("require \"x-unknown\";", SieveLimits.DEFAULTS))
                .hasMessageContaining("\"x-unknown\" is not supported");
        assertThatThrownBy(() -> SieveScript.compile("frobnicate;", SieveLimits.DEFAULTS))
                .hasMessage("line 1, column 1: unknown command frobnicate");
        assertThatThrownBy(() -> SieveScript.compile("if header :is :contains \"a\" \"b\" { keep; }", SieveLimits.DEFAULTS))
                .hasMessageContaining("exclude each other");
        assertThatThrownBy(() -> SieveScript.compile("else { keep; }", SieveLimits.DEFAULTS))
                .hasMessageContaining("else must follow if or elsif");
        assertThatThrownBy(() -> SieveScript.compile("keep \"x\" \"y\";", SieveLimits.DEFAULTS))
                .hasMessageContaining("keep takes 0 argument");
        assertThatThrownBy(() -> SieveScript.compile("if size 10 { keep; }", SieveLimits.DEFAULTS))
                .hasMessageContaining("size needs :over or :under");
        assertThatThrownBy(() -> SieveScript.compile("if header :value \"gt\" \"a\" \"b\" { keep; }", SieveLimits.DEFAULTS))
                .hasMessageContaining("need require \"relational\"");
        assertThatThrownBy(() -> SieveScript.compile("\"unterminated", SieveLimits.DEFAULTS))
                .hasMessageContaining("line 1, column 1");
    }

    // ---- limits ----

    @Test
    void nestingAndSizeAreBounded() {
        String deep = "if true { ".repeat(40) + "keep;" + " }".repeat(40);
        assertThatThrownBy(() -> SieveScript.compile(deep, SieveLimits.DEFAULTS)).hasMessageContaining("nested deeper than 32");
        String deepTests = "if " + "not ".repeat(10_000) + "true { keep; }";
        assertThatThrownBy(() -> SieveScript.compile(deepTests, SieveLimits.DEFAULTS)).hasMessageContaining("nested deeper than 32");
        String big = "# " + "x".repeat(70_000);
        assertThatThrownBy(() -> SieveScript.compile(big, SieveLimits.DEFAULTS)).hasMessageContaining("larger than 65536 bytes");
    }

    @Test
    void actionsAndRedirectsAreBoundedAndAnErrorKeeps() throws Exception {
        StringBuilder many = new StringBuilder("require \"fileinto\";\n");
        for (int i = 0; i < 40; i++) {
            many.append("fileinto \"f").append(i).append("\";\n");
        }
        SieveResult tooMany = run(many.toString());
        assertThat(tooMany.actions()).containsExactly(keep());
        assertThat(tooMany.error()).hasValueSatisfying(e -> assertThat(e).contains("more than 32 actions"));

        SieveResult redirects = run("redirect \"a@x.test\";\nredirect \"b@x.test\";\nredirect \"c@x.test\";\n"
                + "redirect \"d@x.test\";\nredirect \"e@x.test\";");
        assertThat(redirects.actions()).containsExactly(keep());
        assertThat(redirects.error()).hasValueSatisfying(e -> assertThat(e).contains("more than 4 redirects"));
    }

    /** A pattern of many stars against a long value: linear backtracking, well inside the time-out. */
    @Test
    @Timeout(10)
    void wildcardPatternsCannotBacktrackExponentially() throws Exception {
        String value = "a".repeat(3_000);
        String message = "Subject: " + value + "\r\n\r\nbody\r\n";
        String pattern = "*a".repeat(200) + "b";
        long start = System.nanoTime();
        SieveResult result = run("if header :matches \"subject\" \"" + pattern + "\" { discard; }", message);
        assertThat(result.actions()).containsExactly(keep());
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void theComparisonBudgetEndsARunawayScript() throws Exception {
        SieveLimits tight = new SieveLimits(64 * 1024, 32, 32, 4, 1_000, 4_000, 128);
        String message = "Subject: " + "a".repeat(3_000) + "\r\n\r\nbody\r\n";
        SieveResult result = SieveScript.compile("if header :matches \"subject\" \"*b\" { discard; }", tight)
                .run(ParsedSieveMessage.of(message.getBytes(StandardCharsets.UTF_8), "a@b", "c@d", Optional.empty()));
        assertThat(result.actions()).containsExactly(keep());
        assertThat(result.error()).hasValueSatisfying(e -> assertThat(e).contains("budget"));
    }

    // ---- extensions ----

    /** RFC 5229 §3.2's example: each wildcard as short as possible, left to right. */
    @Test
    void variablesAndMatchVariables() throws Exception {
        String message = "List-ID: <acme-users.lists.example.org>\r\nSubject: [acme-users] [fwd] version 1.0 is out\r\n\r\nx\r\n";
        SieveResult result = run("""
                require ["fileinto", "variables"];
                if header :matches "Subject" "[*] *" {
                    set :lower "list" "${1}";
                    fileinto "lists/${list}";
                }
                """, message);
        assertThat(result.actions()).containsExactly(new SieveAction.FileInto("lists/acme-users", Set.of(), false));

        SieveResult second = run("""
                require ["fileinto", "variables"];
                if header :matches "Subject" "[*] *" { set "rest" "${2}"; }
                set :upperfirst "greeting" "hello";
                set :length "n" "${rest}";
                if allof (string :is "${rest}" "[fwd] version 1.0 is out", string :is "${greeting}" "Hello",
                          string :is "${n}" "24", string :is "${unknown}" "") {
                    fileinto "ok";
                }
                """, message);
        assertThat(second.actions()).containsExactly(new SieveAction.FileInto("ok", Set.of(), false));
    }

    /** RFC 5232: the internal flags variable, addflag/removeflag/hasflag, :flags on fileinto and the implicit keep. */
    @Test
    void imap4flags() throws Exception {
        SieveResult result = run("""
                require ["imap4flags", "fileinto"];
                addflag "\\\\Flagged";
                addflag ["\\\\Seen", "$Work Important"];
                removeflag "important";
                if hasflag :is "\\\\seen" { fileinto :flags "\\\\Answered" "Done"; }
                """);
        assertThat(result.actions()).containsExactly(new SieveAction.FileInto("Done", Set.of("\\Answered"), false));

        SieveResult implicitKeep = run("require \"imap4flags\";\nsetflag \"\\\\Deleted\";\naddflag \"$Junk\";");
        assertThat(implicitKeep.actions()).containsExactly(new SieveAction.Keep(Set.of("\\Deleted", "$Junk")));
    }

    /** RFC 5231: :count and :value with relations and i;ascii-numeric. */
    @Test
    void relationalTests() throws Exception {
        String message = "To: a@x.test, b@x.test\r\nCc: c@x.test\r\nX-Priority: 12\r\n\r\nbody\r\n";
        String base = "require [\"relational\", \"comparator-i;ascii-numeric\"];\nif %s { discard; }";
        assertThat(run(base.formatted("address :count \"ge\" :comparator \"i;ascii-numeric\" [\"to\", \"cc\"] \"3\""), message)
                .actions()).containsExactly(new SieveAction.Discard());
        assertThat(run(base.formatted("address :count \"gt\" :comparator \"i;ascii-numeric\" [\"to\", \"cc\"] \"3\""), message)
                .actions()).containsExactly(keep());
        assertThat(run(base.formatted("header :value \"gt\" :comparator \"i;ascii-numeric\" \"x-priority\" \"9\""), message)
                .actions()).containsExactly(new SieveAction.Discard());
        // as text, "12" sorts before "9"
        assertThat(run(base.formatted("header :value \"gt\" \"x-priority\" \"9\""), message).actions()).containsExactly(keep());
    }

    /** RFC 3894 :copy keeps the implicit keep; RFC 5490 :create is passed on. */
    @Test
    void copyAndCreate() throws Exception {
        SieveResult result = run("require [\"fileinto\", \"copy\", \"mailbox\"];\nfileinto :copy :create \"Archive/2026\";\nredirect :copy \"other@x.test\";");
        assertThat(result.actions()).containsExactly(new SieveAction.FileInto("Archive/2026", Set.of(), true),
                new SieveAction.Redirect("other@x.test"), keep());
        assertThatThrownBy(() -> SieveScript.compile("require \"fileinto\";\nfileinto :copy \"x\";", SieveLimits.DEFAULTS))
                .hasMessageContaining(":copy needs require \"copy\"");
    }

    /** RFC 5429: reject and ereject cancel the keep and cannot be combined with filing. */
    @Test
    void rejectAndEreject() throws Exception {
        assertThat(run("require \"ereject\";\nereject \"no thanks\";").actions())
                .containsExactly(new SieveAction.Reject("no thanks", true));
        SieveResult combined = run("require [\"reject\", \"fileinto\"];\nfileinto \"x\";\nreject \"no\";");
        assertThat(combined.actions()).containsExactly(keep());
        assertThat(combined.error()).isPresent();
    }

    /** RFC 5230 / RFC 6131: days clamped to 1..30, seconds allowed, handle derived from the arguments. */
    @Test
    void vacation() throws Exception {
        SieveResult result = run("""
                require "vacation";
                vacation :days 60 :subject "Away" :addresses ["roadrunner@acme.example.com"] "I am away until Monday.";
                """);
        assertThat(result.actions()).hasSize(2);
        SieveAction.Vacation vacation = (SieveAction.Vacation) result.actions().getFirst();
        assertThat(vacation.periodSeconds()).isEqualTo(30 * 86_400L);
        assertThat(vacation.subject()).contains("Away");
        assertThat(vacation.handle()).hasSize(32);
        assertThat(result.actions().get(1)).isEqualTo(keep());

        SieveResult seconds = run("require [\"vacation\", \"vacation-seconds\"];\nvacation :seconds 300 :handle \"h\" \"brb\";");
        assertThat(((SieveAction.Vacation) seconds.actions().getFirst()).periodSeconds()).isEqualTo(300);
        assertThat(((SieveAction.Vacation) seconds.actions().getFirst()).handle()).isEqualTo("h");
        assertThatThrownBy(() -> SieveScript.compile("require \"vacation\";\nvacation :days 1 :seconds 2 \"x\";", SieveLimits.DEFAULTS))
                .hasMessageContaining("exclude each other");
    }

    /** RFC 5173: :text looks into decoded text parts (here base64), :raw at the undecoded body. */
    @Test
    void bodyTest() throws Exception {
        String message = """
                From: a@x.test
                MIME-Version: 1.0
                Content-Type: multipart/mixed; boundary="b"

                --b
                Content-Type: text/plain; charset=utf-8
                Content-Transfer-Encoding: base64

                SGVsbG8sIGJpcmRzZWVkIGZvciBzYWxlIQ==
                --b--
                """.replace("\n", "\r\n");
        assertThat(run("require \"body\";\nif body :text :contains \"birdseed\" { discard; }", message).actions())
                .containsExactly(new SieveAction.Discard());
        assertThat(run("require \"body\";\nif body :raw :contains \"birdseed\" { discard; }", message).actions())
                .containsExactly(keep());
        assertThat(run("require \"body\";\nif body :raw :contains \"SGVsbG8\" { discard; }", message).actions())
                .containsExactly(new SieveAction.Discard());
    }

    /** RFC 5235: spamtest is fed by the inbound verdict; no verdict counts as 0 (not tested). */
    @Test
    void spamtest() throws Exception {
        String script = "require [\"spamtest\", \"relational\", \"comparator-i;ascii-numeric\", \"fileinto\"];\n"
                + "if spamtest :value \"ge\" :comparator \"i;ascii-numeric\" \"6\" { fileinto \"Junk\"; }";
        SieveScript compiled = SieveScript.compile(script, SieveLimits.DEFAULTS);
        byte[] raw = MESSAGE.getBytes(StandardCharsets.UTF_8);
        assertThat(compiled.run(ParsedSieveMessage.of(raw, "a@b", "c@d", Optional.of(SieveRatings.spam(80)))).actions())
                .containsExactly(new SieveAction.FileInto("Junk", Set.of(), false));
        assertThat(compiled.run(ParsedSieveMessage.of(raw, "a@b", "c@d", Optional.empty())).actions()).containsExactly(keep());
    }

    @Test
    void encodedWordsAreDecodedBeforeComparison() throws Exception {
        String message = "Subject: =?UTF-8?B?7JWI64WV7ZWY7IS47JqU?=\r\nFrom: =?UTF-8?Q?J=C3=BCrgen?= <j@x.test>\r\n\r\nbody\r\n";
        assertThat(run("if header :contains \"subject\" \"안녕\" { discard; }", message).actions())
                .containsExactly(new SieveAction.Discard());
        assertThat(run("if header :contains \"from\" \"Jürgen\" { discard; }", message).actions())
                .containsExactly(new SieveAction.Discard());
    }

    @Test
    void theSupportedExtensionsAreListed() {
        assertThat(SieveScript.EXTENSIONS).contains("fileinto", "vacation", "imap4flags", "variables", "relational");
        assertThat(List.copyOf(SieveScript.EXTENSIONS)).doesNotHaveDuplicates();
    }
}
