package dev.mailwright.fuzz;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;

import org.junit.jupiter.params.provider.MethodSource;

import com.code_intelligence.jazzer.api.BugDetectors;
import com.code_intelligence.jazzer.api.SilentCloseable;
import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;

import dev.mailwright.pop3.Pop3SessionChecks;

/**
 * Arbitrary client bytes as one POP3 connection to the real listener of a real application (RFC 1939, 2449, 5034,
 * 2595): the command line reader, every command in both states, USER/PASS and AUTH PLAIN against the one
 * authenticator, the maildrop snapshot and its octet counts, RETR/TOP streaming and dot-stuffing, DELE/RSET and QUIT's
 * expunge through the store. Must hold for every input (checked by {@link Pop3SessionChecks}): the server logs no
 * error (a session that fails with an exception is logged as one), answers in CRLF lines, never finds the maildrop
 * locked by an earlier session, sends exactly the octets each RETR announces, and closes when the input ends; and
 * one input costs at most {@link #CPU_BUDGET_MS} of this thread's CPU and ends within {@link WorkBudget#HANG_SECONDS}.
 *
 * <p>The application starts once per JVM, at the first input (20 s to a minute on the 2-core machine, counted in the
 * fuzzing time). Jazzer's network detector allows this target's loopback connections only. Budget: in {@code ./mvnw verify} 45 s of
 * coverage-guided fuzzing (the {@code fuzz} execution in pom.xml); in {@code ./mvnw test} only the seeds and the
 * kept inputs run.
 */
class Pop3SessionFuzzTest {
    private static final long CPU_BUDGET_MS = 3_000;
    private static final String LOGIN = "USER " + Pop3SessionChecks.USER + "\r\nPASS " + Pop3SessionChecks.PASSWORD + "\r\n";
    private static final String[] SESSIONS = {
        "CAPA\r\n" + LOGIN + "STAT\r\nLIST\r\nUIDL\r\nRETR 1\r\nRETR 2\r\nRETR 3\r\nQUIT\r\n",
        LOGIN + "TOP 2 1\r\nTOP 1 0\r\nLIST 3\r\nUIDL 2\r\nDELE 1\r\nLIST\r\nRSET\r\nDELE 2\r\nNOOP\r\nQUIT\r\n",
        "AUTH\r\nAUTH PLAIN ZnV6ekBleGFtcGxlLnRlc3QAZnV6ZkBleGFtcGxlLnRlc3QAZnV6ei1zZWNyZXQ=\r\nAUTH PLAIN\r\n"
                + "AGZ1enpAZXhhbXBsZS50ZXN0AGZ1enotc2VjcmV0\r\nRETR 3\r\nDELE 3\r\nRETR 3\r\nQUIT\r\n",
        "USER\r\nPASS x\r\nUSER nobody@example.test\r\nPASS wrong\r\nRETR 1\r\nAUTH PLAIN =\r\nAUTH LOGIN\r\nSTLS x\r\nQUIT\r\n",
        LOGIN + "LIST 0\r\nRETR 4\r\nTOP 1\r\nDELE 99999999999\r\nSTAT x\r\nUSER a\r\n" + "X".repeat(1100) + "\r\nQUIT\r\n",
        "STLS\r\n",
    };

    static Stream<byte[]> seeds() {
        return Stream.of(SESSIONS).map(s -> s.getBytes(StandardCharsets.UTF_8));
    }

    @MethodSource("seeds")
    // no CR or LF in dictionary entries: Jazzer 0.30 writes them unescaped and libFuzzer then rejects the file
    @DictionaryEntries({"USER ", "PASS ", "AUTH PLAIN ", "CAPA", "STAT", "LIST ", "UIDL ", "RETR ", "TOP ", "DELE ",
            "RSET", "NOOP", "QUIT", "STLS", "fuzz@example.test", "fuzz-secret", "AGZ1enpAZXhhbXBsZS50ZXN0AGZ1enotc2VjcmV0",
            "=", "*", "4294967296", "999999999"})
    @FuzzTest(maxDuration = "45s")
    void sessionInputShouldGetCleanAnswersAndExactOctetCounts(byte[] input) {
        startOnce();
        WorkBudget.run("POP3 session", input.length, CPU_BUDGET_MS, () -> {
            // the detector's permission belongs to the thread that connects: the input's own
            try (SilentCloseable allowed = allowLoopbackConnections()) {
                Pop3SessionChecks.check(input);
            }
        });
    }

    private static boolean started;

    /**
     * Once Jazzer's agent runs (at the first input: classes loaded before it would not be instrumented): the
     * detector allows this target's own loopback connections (any other is still a finding), and the application
     * starts, outside the first input's hang limit.
     */
    private static synchronized void startOnce() {
        if (!started) {
            allowLoopbackConnections();
            Pop3SessionChecks.start();
            started = true;
        }
    }

    private static SilentCloseable allowLoopbackConnections() {
        return BugDetectors.allowNetworkConnections((host, port) -> isLoopback(host));
    }

    private static boolean isLoopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
