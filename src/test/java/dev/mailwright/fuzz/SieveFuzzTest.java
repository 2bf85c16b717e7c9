package dev.mailwright.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;

import org.junit.jupiter.params.provider.MethodSource;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;

import dev.mailwright.sieve.SieveFuzzChecks;

/**
 * Arbitrary Sieve scripts run over arbitrary messages: the parser, the compiler's checks and one run of every
 * extension (editheader, include, duplicate, date, regex...). Must hold for every input (checked by
 * {@link SieveFuzzChecks}): the only exception compiling may throw is the positioned parse error; a run never
 * throws and a failed one keeps the message; an edited header can be written; and one input costs at most
 * {@link #CPU_BUDGET_MS} of CPU and ends within {@link WorkBudget#HANG_SECONDS} (a pathological {@code :regex}
 * included: the run's match budget ends it).
 *
 * <p>Input: the script, a NUL byte, the message. Seeds: RFC-style scripts joined with each {@code .eml} of the MIME
 * corpus. Budget: in {@code ./mvnw verify} 45 s of coverage-guided fuzzing (the {@code fuzz} execution in pom.xml).
 *
 * <p>Jazzer's regular-expression-injection detector is off for this target only: compiling the user's pattern is
 * what {@code :regex} is for, an invalid one is a compile error the user sees, and what that detector guards
 * against (unbounded matching) is bounded by the run's match budget and checked here by the CPU budget instead.
 */
class SieveFuzzTest {
    static {
        // read when Jazzer's agent starts, at this class's first fuzz test (one target per JVM in the fuzz execution)
        System.setProperty("jazzer.disabled_hooks", "com.code_intelligence.jazzer.sanitizers.RegexInjection");
    }

    private static final long CPU_BUDGET_MS = 3_000;
    private static final String[] SCRIPTS = {
        "require [\"fileinto\", \"variables\", \"regex\"];\nif header :regex \"subject\" \"^(re|fwd): (.*)$\" { fileinto \"x/${2}\"; }",
        "require [\"editheader\", \"index\"];\ndeleteheader :index 1 :last \"received\";\naddheader :last \"X-A\" \"b\";\nif header :index 1 \"x-a\" \"b\" { discard; }",
        "require [\"include\", \"variables\"];\nglobal \"g\";\nset \"g\" \"${g}x\";\ninclude :once \"main\";\nreturn;",
        "require [\"date\", \"relational\", \"duplicate\"];\nif allof (date :value \"ge\" :zone \"+0100\" \"date\" \"hour\" \"09\", duplicate :seconds 5) { stop; }",
        "require [\"spamtestplus\", \"virustest\", \"relational\", \"comparator-i;ascii-numeric\"];\nif spamtest :percent :value \"gt\" :comparator \"i;ascii-numeric\" \"50\" { discard; }",
    };

    static Stream<byte[]> seeds() {
        return Seeds.messages().flatMap(message -> Stream.of(SCRIPTS).map(script -> {
            byte[] head = (script + "\0").getBytes(StandardCharsets.UTF_8);
            byte[] input = new byte[head.length + message.length];
            System.arraycopy(head, 0, input, 0, head.length);
            System.arraycopy(message, 0, input, head.length, message.length);
            return input;
        }));
    }

    @MethodSource("seeds")
    @DictionaryEntries({"require", "if", "elsif", "else", "header", "address", "envelope", "exists", "size", "allof",
            "anyof", "not", "fileinto", "redirect", "keep", "discard", "stop", "set", "string", "addheader",
            "deleteheader", "include", "return", "global", "duplicate", "date", "currentdate", "spamtest", "virustest",
            ":regex", ":matches", ":contains", ":is", ":count", ":value", ":index", ":last", ":zone", ":originalzone",
            ":uniqueid", ":handle", ":seconds", ":once", ":optional", ":global", ":personal", ":percent", ":quoteregex",
            "\"editheader\"", "\"include\"", "\"regex\"", "\"date\"", "\"index\"", "\"variables\"", "\"duplicate\"",
            "${1}", "${global.", "text:", "[", "]", "{", "}", ";", "(", ")", "\"", "*", "\\\\", "(.*a){12}$"})
    @FuzzTest(maxDuration = "45s")
    void anyScriptOverAnyMessageShouldEndCheaplyAndKeepOnError(byte[] input) {
        WorkBudget.run("sieve", input.length, CPU_BUDGET_MS, () -> SieveFuzzChecks.check(input));
    }
}
