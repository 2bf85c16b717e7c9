package dev.mailwright.fuzz;

import java.util.stream.Stream;

import org.junit.jupiter.params.provider.MethodSource;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;

import dev.mailwright.smtp.SmtpInputChecks;

/**
 * Arbitrary client bytes through the SMTP command line reader, command parser, DATA reader and BDAT reader, as
 * a session reads them. Must hold for every input (checked by {@link SmtpInputChecks}): the parser never throws
 * and is a pure function; parsed paths, domains and parameters are within the grammar; an error reply has no
 * line break but its CRLF; only CRLF.CRLF ends DATA; an accepted body has only CRLF line ends, stays within the
 * limits and reads back the same after dot-stuffing it again; a BDAT chunk is exactly its octets; at most one
 * command per input byte; and one input costs at most {@link #CPU_BUDGET_MS} of CPU
 * and ends within {@link WorkBudget#HANG_SECONDS}.
 *
 * <p>Budget: in {@code ./mvnw verify} 45 s of coverage-guided fuzzing (the {@code fuzz} execution in pom.xml);
 * in {@code ./mvnw test -Dtest=SmtpCommandFuzzTest} only the seeds and the kept inputs run.
 */
class SmtpCommandFuzzTest {
    private static final long CPU_BUDGET_MS = 2_000;

    static Stream<byte[]> seeds() {
        return Seeds.clientSides("smtp");
    }

    @MethodSource("seeds")
    @DictionaryEntries({"EHLO ", "HELO ", "MAIL FROM:<", "RCPT TO:<", ">", "@", "DATA", "RSET", "QUIT",
            "BDAT ", " LAST", "AUTH PLAIN ", "SIZE=", "BODY=8BITMIME", "SMTPUTF8", "\"", "\\", "@a,@b:", "postmaster"})
    @FuzzTest(maxDuration = "45s")
    void sessionInputShouldYieldCommandsOrCleanReplies(byte[] input) {
        WorkBudget.run("SMTP command and data reading", input.length, CPU_BUDGET_MS, () -> SmtpInputChecks.check(input));
    }
}
