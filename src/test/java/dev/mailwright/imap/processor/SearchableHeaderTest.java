package dev.mailwright.imap.processor;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import dev.mailwright.store.search.SearchText;

/** The header view SEARCH uses: address fields without comments, the day written in Date:, the whole header. */
class SearchableHeaderTest {

    private static SearchableHeader header(String text) {
        return SearchableHeader.parse(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void addressWithCommentsShouldMatchAsPlainAddressAndByDisplayName() {
        SearchableHeader h = header("From: Joe Q (Sales) <joe (work)@ (main) example.org>\r\n"
                + "To: ann.b (x) . c@example.net\r\n\r\nbody\r\n");
        assertThat(h.fieldContains("FROM", "joe@example.org")).isTrue();
        assertThat(h.fieldContains("from", "joe q")).isTrue();
        assertThat(h.fieldContains("from", "sales")).isTrue();   // the text as written still matches
        assertThat(h.fieldContains("to", "ann.b.c@example.net")).isTrue();
        assertThat(h.fieldContains("from", "body")).isFalse();
    }

    @Test
    void commentsShouldNotBeStrippedInsideQuotedStrings() {
        assertThat(SearchText.withoutComments("\"a (b) @ c\" <x (y)@z>")).isEqualTo("\"a (b) @ c\" <x@z>");
        assertThat(SearchText.withoutComments("a ((nested) \\) still) b")).isEqualTo("a b");
    }

    @Test
    void writtenDateShouldIgnoreTimeAndZone() {
        assertThat(header("Date: Mon, 1 Jan 2024 23:30:00 -0800\r\n\r\n").writtenDate())
                .contains(LocalDate.of(2024, 1, 1));
        assertThat(header("Date: 2 Jan 2024 00:30:00 +0100 (CET)\r\n\r\n").writtenDate())
                .contains(LocalDate.of(2024, 1, 2));
        assertThat(header("Date: (comment) Tue,  9 February 99 10:00 GMT\r\n\r\n").writtenDate())
                .contains(LocalDate.of(1999, 2, 9));
        assertThat(header("Date: yesterday\r\n\r\n").writtenDate()).isEqualTo(Optional.empty());
        assertThat(header("Date: 31 Feb 2024 10:00 +0000\r\n\r\n").writtenDate()).isEqualTo(Optional.empty());
        assertThat(header("Subject: none\r\n\r\n").writtenDate()).isEqualTo(Optional.empty());
    }

    @Test
    void wholeHeaderShouldIncludeEveryFieldNameAndDecodedValue() {
        SearchableHeader h = header("Subject: =?UTF-8?Q?Gr=C3=BC=C3=9Fe?=\r\nX-Tracking: zebra42\r\n folded\r\n\r\nbody zebra\r\n");
        assertThat(h.anyFieldContains("zebra42 folded")).isTrue();
        assertThat(h.anyFieldContains("x-tracking")).isTrue();
        assertThat(h.anyFieldContains("grüße")).isTrue();
        assertThat(h.anyFieldContains("body")).isFalse();
        assertThat(h.indexedFieldsContain("zebra")).isFalse();
        assertThat(h.indexedFieldsContain("grüße")).isTrue();
    }

    /** Bounded work: a header of 200,000 nested comment openers is one linear pass. */
    @Test
    void deeplyNestedCommentsShouldTakeLinearTime() {
        String value = "(".repeat(200_000) + "x";
        long start = System.nanoTime();
        assertThat(SearchText.withoutComments(value)).isEmpty();
        assertThat(header("From: " + value + "\r\n\r\n").fieldContains("from", "x@y")).isFalse();
        assertThat(System.nanoTime() - start).isLessThan(5_000_000_000L);
    }

    @Test
    void bodyOnlyCopyShouldDropIndexedFieldsWithTheirFoldedLines() {
        String raw = "From: a@b\r\nSubject: budget\r\n  more budget\r\nX-Keep: yes\r\n\r\nSubject: in body\r\n";
        String out = new String(SearchProcessor.withoutIndexedFields(raw.getBytes(StandardCharsets.ISO_8859_1)),
                StandardCharsets.ISO_8859_1);
        assertThat(out).isEqualTo("X-Keep: yes\r\n\r\nSubject: in body\r\n");
    }
}
