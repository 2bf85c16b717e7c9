package dev.mailwright.sieve;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;

/**
 * What must hold for any script and any message (the fuzz target {@code dev.mailwright.fuzz.SieveFuzzTest} calls
 * this): compiling either succeeds or throws {@link SieveException}, nothing else; a compiled script's run never
 * throws and always decides something (an error comes with the single keep); a header it edited can be written out
 * and read back. Every include names the script itself, so loops and depth limits are exercised too. The limits are
 * tighter than the defaults so that one input stays cheap under the fuzzer's instrumentation.
 */
public final class SieveFuzzChecks {
    static final SieveLimits LIMITS = new SieveLimits(16 * 1024, 16, 16, 2, 200_000, 1_000, 32, 3, 8, 16,
            Duration.ofHours(1), Duration.ofDays(1));

    private SieveFuzzChecks() {
    }

    public static void check(String scriptText, byte[] message) {
        SieveScript script;
        try {
            script = SieveScript.compile(scriptText, LIMITS);
        } catch (SieveException e) {
            if (e.getMessage() == null || !e.getMessage().startsWith("line ")) {
                throw new AssertionError("a compile error without its position: " + e.getMessage());
            }
            return;
        }
        ParsedSieveMessage parsed = ParsedSieveMessage.of(message, "sender@example.test", "rcpt@example.test",
                Optional.of(new SieveRatings(Optional.of(message.length % 101), Optional.empty())));
        SieveEnvironment environment = new SieveEnvironment(Clock.fixed(Instant.parse("2026-12-05T03:00:00Z"), ZoneOffset.UTC),
                ZoneOffset.UTC, (location, name) -> Optional.of(scriptText), (key, now) -> key.hashCode() % 2 == 0, "main");
        SieveResult result = script.run(parsed, environment);
        if (result.actions().isEmpty()) {
            throw new AssertionError("a run must decide something (at least the implicit keep)");
        }
        if (result.error().isPresent() && !result.actions().equals(java.util.List.of(new SieveAction.Keep(java.util.Set.of())))) {
            throw new AssertionError("a failed run must end in the single keep, not " + result.actions());
        }
        if (result.headerEdits().isPresent()) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try {
                if (parsed.writeEdited(result.headerEdits().get(), new ByteArrayInputStream(message), out)) {
                    ParsedSieveMessage.of(out.toByteArray(), "", "", Optional.empty()).fields();
                }
            } catch (IOException e) {
                throw new AssertionError("writing an edited header from memory failed", e);
            }
        }
    }

    /** The fuzzer's single input as a script and a message: split at the first NUL (a script holds none). */
    public static void check(byte[] input) {
        int split = 0;
        while (split < input.length && input[split] != 0) {
            split++;
        }
        String script = new String(input, 0, split, StandardCharsets.UTF_8);
        byte[] message = split < input.length ? java.util.Arrays.copyOfRange(input, split + 1, input.length) : new byte[0];
        check(script, message);
    }
}
