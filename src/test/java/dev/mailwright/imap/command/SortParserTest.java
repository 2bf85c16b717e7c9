package dev.mailwright.imap.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.mailwright.imap.command.MessageCommand.*;
import dev.mailwright.imap.command.SearchKey.*;
import dev.mailwright.imap.wire.FramePart;
import dev.mailwright.imap.wire.ImapEncoder.NameEncoding;

/** SORT and THREAD syntax (RFC 5256 §4, RFC 5957 §4). */
class SortParserTest {

    private static ImapCommand parse(String line) {
        return ImapParser.parse(List.of(new FramePart.Line(line)), NameEncoding.MODIFIED_UTF7);
    }

    @Test
    void sortShouldReadCriteriaCharsetAndSearchKeys() {
        assertThat(parse("a1 SORT (REVERSE DATE subject displayfrom) UTF-8 ALL")).isEqualTo(new Sort("a1", Numbering.SEQUENCE,
                List.of(new SortCriterion(SortKey.DATE, SortOrder.REVERSE), new SortCriterion(SortKey.SUBJECT, SortOrder.ASCENDING),
                        new SortCriterion(SortKey.DISPLAYFROM, SortOrder.ASCENDING)), "UTF-8", new All()));
    }

    @Test
    void uidSortShouldNumberByUidAndDropARepeatedKey() {
        Sort sort = (Sort) parse("a1 UID SORT (SIZE REVERSE SIZE ARRIVAL) \"US-ASCII\" SEEN DELETED");
        assertThat(sort.numbering()).isEqualTo(Numbering.UID);
        assertThat(sort.criteria()).containsExactly(new SortCriterion(SortKey.SIZE, SortOrder.ASCENDING),
                new SortCriterion(SortKey.ARRIVAL, SortOrder.ASCENDING));
        assertThat(sort.charset()).isEqualTo("US-ASCII");
        assertThat(sort.key()).isEqualTo(new And(List.of(new HasFlag("\\Seen"), new HasFlag("\\Deleted"))));
    }

    @Test
    void threadShouldReadAlgorithmCharsetAndSearchKeys() {
        assertThat(parse("a1 THREAD REFERENCES UTF-8 ALL"))
                .isEqualTo(new ThreadMessages("a1", Numbering.SEQUENCE, ThreadAlgorithm.REFERENCES, "UTF-8", new All()));
        assertThat(parse("a1 uid thread orderedsubject US-ASCII ALL"))
                .isEqualTo(new ThreadMessages("a1", Numbering.UID, ThreadAlgorithm.ORDEREDSUBJECT, "US-ASCII", new All()));
    }

    @Test
    void malformedSortAndThreadShouldBeDecodeErrors() {
        for (String line : List.of("a1 SORT", "a1 SORT () UTF-8 ALL", "a1 SORT (DATE", "a1 SORT (DATE) UTF-8",
                "a1 SORT (REVERSE) UTF-8 ALL", "a1 SORT (NAME) UTF-8 ALL", "a1 SORT DATE UTF-8 ALL", "a1 SORT (DATE)  UTF-8 ALL",
                "a1 THREAD", "a1 THREAD FLAT UTF-8 ALL", "a1 THREAD REFERENCES UTF-8", "a1 UID THREAD REFERENCES")) {
            assertThatThrownBy(() -> parse(line)).as(line).isInstanceOf(DecodeException.class);
        }
    }
}
