package dev.mailwright.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;

import org.junit.jupiter.params.provider.MethodSource;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;

import dev.mailwright.managesieve.ManageSieveInputChecks;

/**
 * Arbitrary client bytes through the ManageSieve command reader (atoms, quoted strings, literals {@code {n+}} and
 * {@code {n}}) and the command decoder (RFC 5804 §4), command after command, as a session reads them. Must hold for
 * every input (checked by {@link ManageSieveInputChecks}): at most one frame per input byte and no exception but I/O;
 * the same frames when the bytes arrive one at a time; a string's octet count is its UTF-8 length; a literal too
 * large is refused before its octets are read; decoding never throws and is a pure function; a command written
 * again with literals reads back the same; and one input costs at most {@link #CPU_BUDGET_MS} of CPU and ends within
 * {@link WorkBudget#HANG_SECONDS}.
 *
 * <p>Seeds: a client's side of the RFC 5804 examples, below. Budget: in {@code ./mvnw verify} 45 s of coverage-guided
 * fuzzing (the {@code fuzz} execution in pom.xml); in {@code ./mvnw test} only the seeds and the kept inputs run.
 */
class ManageSieveCommandFuzzTest {
    private static final long CPU_BUDGET_MS = 2_000;
    private static final String[] SESSIONS = {
        "CAPABILITY\r\nSTARTTLS\r\nAUTHENTICATE \"PLAIN\" \"AGFsaWNlQGV4YW1wbGUudGVzdABzZWNyZXQ=\"\r\nLOGOUT\r\n",
        "AUTHENTICATE \"PLAIN\" {44+}\r\nAGFsaWNlQGV4YW1wbGUudGVzdABzZWNyZXQ=\r\nLISTSCRIPTS\r\n",
        "PUTSCRIPT \"mysievescript\" {110+}\r\nrequire [\"fileinto\"];\r\n\r\nif envelope :contains \"to\" \"tmartin+sent\"\r\n"
                + "{\r\n  fileinto \"INBOX.sent\";\r\n}\r\nSETACTIVE \"mysievescript\"\r\n",
        "HAVESPACE \"myscript\" 999999\r\nHAVESPACE \"foobar\" 435\r\nGETSCRIPT \"myscript\"\r\n",
        "RENAMESCRIPT \"a\" \"b\\\"c\\\\\"\r\nDELETESCRIPT {3}\r\nabc\r\nCHECKSCRIPT \"keep;\"\r\nNOOP \"STARTTLS-SYNC-42\"\r\n",
        "UNAUTHENTICATE\r\nSETACTIVE \"\"\r\nPUTSCRIPT \"x\" {99999999999+}\r\n",
    };

    static Stream<byte[]> seeds() {
        return Stream.of(SESSIONS).map(s -> s.getBytes(StandardCharsets.UTF_8));
    }

    @MethodSource("seeds")
    // no CR or LF in dictionary entries: Jazzer 0.30 writes them unescaped and libFuzzer then rejects the file
    @DictionaryEntries({"{", "+}", "}", "\"", "\\", "AUTHENTICATE ", "PUTSCRIPT ", "CHECKSCRIPT ", "HAVESPACE ",
            "SETACTIVE ", "GETSCRIPT ", "DELETESCRIPT ", "RENAMESCRIPT ", "NOOP ", "LOGOUT", "STARTTLS",
            "UNAUTHENTICATE", "LISTSCRIPTS", "CAPABILITY", "4294967296", "99999999999"})
    @FuzzTest(maxDuration = "45s")
    void commandReadingAndDecodingShouldYieldCommandsOrCleanRefusals(byte[] input) {
        WorkBudget.run("ManageSieve command reading", input.length, CPU_BUDGET_MS, () -> ManageSieveInputChecks.check(input));
    }
}
