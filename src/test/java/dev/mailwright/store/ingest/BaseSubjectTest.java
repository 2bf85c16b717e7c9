package dev.mailwright.store.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

/** RFC 5256 §2.1 base subject extraction, and its cost on subjects built to make it slow. */
class BaseSubjectTest {

    @Test
    void baseSubjectShouldDropReplyAndForwardLeadersWithTheirBlobs() {
        assertThat(BaseSubject.of("Re: hello")).isEqualTo(new BaseSubject("hello", true));
        assertThat(BaseSubject.of("RE:  Fwd: FW:re[2]: hello")).isEqualTo(new BaseSubject("hello", true));
        assertThat(BaseSubject.of("[list] Re: [other] hello")).isEqualTo(new BaseSubject("hello", true));
        assertThat(BaseSubject.of("Re [3]: hello")).isEqualTo(new BaseSubject("hello", true));
    }

    @Test
    void baseSubjectShouldDropFwdTrailersAndTheFwdWrapper() {
        assertThat(BaseSubject.of("hello (fwd)  (FWD)")).isEqualTo(new BaseSubject("hello", true));
        assertThat(BaseSubject.of("[Fwd: Re: hello (fwd)]")).isEqualTo(new BaseSubject("hello", true));
    }

    @Test
    void baseSubjectShouldCollapseBlanksAndKeepWhatIsNoLeader() {
        assertThat(BaseSubject.of("  hello \t\r\n  world  ")).isEqualTo(new BaseSubject("hello world", false));
        assertThat(BaseSubject.of("Reply to all")).isEqualTo(new BaseSubject("Reply to all", false));
        assertThat(BaseSubject.of("Fwd")).isEqualTo(new BaseSubject("Fwd", false));
        assertThat(BaseSubject.of("Re:")).isEqualTo(new BaseSubject("", true));
        assertThat(BaseSubject.of("")).isEqualTo(new BaseSubject("", false));
        assertThat(BaseSubject.of(null)).isEqualTo(new BaseSubject("", false));
    }

    @Test
    void baseSubjectShouldKeepALoneBlobButDropLeadingBlobsBeforeText() {
        assertThat(BaseSubject.of("[only]")).isEqualTo(new BaseSubject("[only]", false));
        assertThat(BaseSubject.of("[a] [b] text")).isEqualTo(new BaseSubject("text", false));
        assertThat(BaseSubject.of("[a][b]")).isEqualTo(new BaseSubject("[b]", false));
        assertThat(BaseSubject.of("[unclosed text")).isEqualTo(new BaseSubject("[unclosed text", false));
    }

    @Test
    void baseSubjectShouldStayLinearOnStackedLeadersAndBlobs() {
        String[] hostile = {"Re: ".repeat(100_000) + "x", "[a]".repeat(100_000) + "x", "[a]".repeat(100_000),
                "[".repeat(200_000), "x" + " (fwd)".repeat(100_000), "[fwd: ".repeat(50_000) + "]".repeat(50_000)};
        for (String subject : hostile) {
            long start = System.nanoTime();
            BaseSubject.of(subject);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).as("one hostile subject").isLessThan(Duration.ofSeconds(5));
        }
    }
}
