package dev.mailwright.store.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Date header parsing: comments (nested too) and odd spacing, and linear work on hostile headers (the old comment
 * regex rescanned to the end from every unclosed "(", the date regex split long blank runs many ways). Budget 20 s.
 */
class DateHeaderTest {

    @Test
    void parseShouldIgnoreNestedCommentsAndFoldedBlanks() {
        assertThat(DateHeader.parse("Mon, 7 Feb 1994 21:52:25 -0800 (PST (Pacific \\) time))"))
                .contains(Instant.parse("1994-02-08T05:52:25Z"));
        assertThat(DateHeader.parse("(sent) Thu,\r\n  05   Mar 2026\t12:00:00 GMT")).contains(Instant.parse("2026-03-05T12:00:00Z"));
        assertThat(DateHeader.parse("Mon, 7 Feb 1994 21:52:25 -0800 (unclosed")).contains(Instant.parse("1994-02-08T05:52:25Z"));
    }

    @Test
    void simplifiedShouldDropCommentsCollapseBlanksAndStopAtTheBound() {
        assertThat(DateHeader.simplified("  a (b (c) d)  e\t\r\n f ")).isEqualTo("a e f");
        assertThat(DateHeader.simplified("x".repeat(10_000))).hasSize(DateHeader.MAX_LENGTH);
    }

    @Test
    @Timeout(20)
    void parseShouldStayLinearOnUnclosedCommentsAndLongBlankRuns() {
        assertThat(DateHeader.parse("(".repeat(300_000))).isEmpty();
        assertThat(DateHeader.parse("1 (".repeat(100_000))).isEmpty();
        String blanks = " ".repeat(100_000);
        assertThat(DateHeader.parse("Mon," + blanks + "7" + blanks + "Feb" + blanks + "1994" + blanks + "x")).isEmpty();
        assertThat(DateHeader.parse("7" + blanks + "Feb" + blanks + "1994" + blanks + "21:52" + blanks + "GMT"))
                .contains(Instant.parse("1994-02-07T21:52:00Z"));
    }
}
