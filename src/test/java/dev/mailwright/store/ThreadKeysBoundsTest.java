package dev.mailwright.store;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Subject normalisation reads each character once, however many reply prefixes a hostile subject stacks. Budget 15 s. */
class ThreadKeysBoundsTest {

    @Test
    @Timeout(15)
    void normalizeSubjectShouldStayLinearForHundredsOfThousandsOfPrefixes() {
        assertThat(ThreadKeys.normalizeSubject("Re: Fwd[2]: [list] ".repeat(100_000) + "Budget")).isEqualTo("budget");
        assertThat(ThreadKeys.normalizeSubject("Re: ".repeat(300_000) + "[unclosed " + "x ".repeat(100_000)))
                .startsWith("[unclosed x x");
        assertThat(ThreadKeys.normalizeSubject("Re:" + " ".repeat(300_000))).isEmpty();
    }

    @Test
    void normalizeSubjectShouldKeepTextThatOnlyLooksLikeAPrefix() {
        assertThat(ThreadKeys.normalizeSubject("Re: Report: done")).isEqualTo("report: done");
        assertThat(ThreadKeys.normalizeSubject("Fwd:Fw:re:  Hi")).isEqualTo("hi");
        assertThat(ThreadKeys.normalizeSubject("Reply")).isEqualTo("reply");
    }
}
