package dev.mailwright.imap.processor;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import dev.mailwright.store.search.SearchText;

/** The header view SEARCH uses: address fields without comments, the day written in Date:, the whole header. */
class SearchableHeaderTest {

    private static SearchableHeader header(String text) {
        return SearchableHeader.parse(text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The store's exact header text (SearchText.headerLines, V27) read back with ofStored answers every question the
     * way the header parsed from the message does: field values, comments, RFC 2047 words, folded lines, repeated
     * and unknown fields, Sender/Reply-To (stored with a comment-free twin line that is no field), dates.
     */
    @Test
    void theStoredHeaderTextShouldAnswerLikeTheParsedHeader() {
        List<String> headers = List.of(
                "From: Joe Q (Sales) <joe (work)@ (main) example.org>\r\nTo: ann.b (x) . c@example.net\r\n"
                        + "Sender: Boss (big) <boss@example.org>\r\nReply-To: r (c) <r@x.test>\r\n\r\nbody\r\n",
                "Subject: =?UTF-8?Q?Gr=C3=BC=C3=9Fe?=\r\nX-Tracking: zebra42\r\n folded\r\nX-Tracking: second\r\n"
                        + "Date: (comment) Tue,  9 February 99 10:00 GMT\r\n\r\nbody zebra\r\n",
                "From: \"=?UTF-8?Q?J=C3=BCrgen?=\" <jurgen@example.test>\nCc: a@b.c, \"Quoted (not a comment)\" <q@r.s>\n"
                        + "Bcc: hidden@x.test\nSubject: ΟΔΟΣ Σ İstanbul KELVIN\u212A\nDate: Mon, 1 Jan 2024 23:30:00 -0800\n\n",
                "Subject: no body and no blank line\r\nFrom: x@y.z",
                " leading continuation: odd\r\nFrom: z@z.z\r\nno colon line\r\nTo:\r\n\r\n");
        List<String> needles = List.of("joe@example.org", "sales", "(work)", "ann.b.c@example.net", "boss@example.org",
                "big", "r@x.test", "(c)", "grüße", "zebra42 folded", "second", "x-tracking", "from: ", "jürgen",
                "not a comment", "q@r.s", "hidden", "οδος", "σ", "istanbul", "i̇stanbul", "kelvin", "kelvink", "x@y.z",
                "odd", "z@z.z", "no colon", "to: ", "body", "");
        List<String> fields = List.of("from", "to", "cc", "bcc", "sender", "reply-to", "subject", "x-tracking", "date",
                "absent");
        for (String raw : headers) {
            byte[] bytes = raw.getBytes(StandardCharsets.UTF_8);
            SearchText.Header stored = SearchText.headerLines(bytes);
            assertThat(stored.linesAreFields()).as(raw).isTrue();
            SearchableHeader parsed = SearchableHeader.parse(bytes);
            SearchableHeader fromStore = SearchableHeader.ofStored(stored.text());
            assertThat(fromStore.writtenDate()).as(raw).isEqualTo(parsed.writtenDate());
            for (String needle : needles) {
                assertThat(fromStore.anyFieldContains(needle)).as(raw + " / " + needle).isEqualTo(parsed.anyFieldContains(needle));
                assertThat(fromStore.indexedFieldsContain(needle)).as(raw + " / " + needle)
                        .isEqualTo(parsed.indexedFieldsContain(needle));
                for (String field : fields) {
                    assertThat(fromStore.fieldContains(field, needle)).as(raw + " / " + field + " / " + needle)
                            .isEqualTo(parsed.fieldContains(field, needle));
                }
            }
        }
    }

    @Test
    void aDecodedLineBreakShouldMakeTheStoredTextInexact() {
        String raw = "From: =?UTF-8?Q?Eve=0Afrom:_mallory?= <eve@example.org>\r\nSubject: x\r\n\r\n";
        assertThat(SearchText.headerLines(raw.getBytes(StandardCharsets.UTF_8)).linesAreFields()).isFalse();
        assertThat(SearchText.headerLines("Subject: =?UTF-8?Q?a=0Db?=\r\n\r\n".getBytes(StandardCharsets.UTF_8))
                .linesAreFields()).as("a lone CR splits no line").isTrue();
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
