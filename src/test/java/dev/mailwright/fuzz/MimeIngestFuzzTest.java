package dev.mailwright.fuzz;

import java.util.stream.Stream;

import org.junit.jupiter.params.provider.MethodSource;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;

import dev.mailwright.store.ingest.IngestChecks;

/**
 * Arbitrary message bytes through what ingest does once per message: the MIME scanner, ENVELOPE, BODYSTRUCTURE
 * and BODY generation, text extraction for preview and search, the MIME tree's stored text form. Must hold for
 * every input (checked by {@link IngestChecks}, on the strict entry point without the text/plain safety net): no
 * exception; ENVELOPE, BODYSTRUCTURE and BODY are well-formed IMAP data of the tree's shape with body sizes that
 * match the offsets; offsets nest inside the message; the parts, nesting, preview and search text stay within
 * the limits; the same bytes parse the same twice; and one input costs at most {@link #CPU_BUDGET_MS} of CPU
 * and ends within {@link WorkBudget#HANG_SECONDS}.
 *
 * <p>Seeds: every {@code .eml} under {@code src/test/resources/mime}. Budget: in {@code ./mvnw verify} 45 s of
 * coverage-guided fuzzing (the {@code fuzz} execution in pom.xml).
 */
class MimeIngestFuzzTest {
    private static final long CPU_BUDGET_MS = 3_000;

    static Stream<byte[]> seeds() {
        return Seeds.messages();
    }

    @MethodSource("seeds")
    @DictionaryEntries({"Content-Type: ", "multipart/mixed; boundary=", "message/rfc822",
            "multipart/digest", "text/html", "--", "Content-Transfer-Encoding: ", "base64", "quoted-printable",
            "Content-Disposition: attachment; filename*=", "=?utf-8?q?", "=?iso-8859-1?b?", "?=", "From: ", "To: ",
            "Subject: ", "Date: ", "Message-ID: <", "References: ", ";", "\"", "(", ")", "<", ">", "@", ":"})
    @FuzzTest(maxDuration = "45s")
    void anyMessageShouldBeDescribedConsistently(byte[] input) {
        WorkBudget.run("ingest", input.length, CPU_BUDGET_MS, () -> IngestChecks.check(input));
    }
}
