package dev.mailwright.imap.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumSet;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import dev.mailwright.imap.command.MessageCommand.*;
import dev.mailwright.imap.command.SearchKey.*;
import dev.mailwright.imap.wire.FramePart;
import dev.mailwright.imap.wire.ImapEncoder.NameEncoding;

/** {@code $} (RFC 5182 §3), the RETURN options SAVE, UPDATE, CONTEXT and PARTIAL (RFC 5267 §5, RFC 9394 §4), CANCELUPDATE. */
class SearchResultOptionsParserTest {

    private static ImapCommand parse(String line) {
        return ImapParser.parse(List.of(new FramePart.Line(line)), NameEncoding.MODIFIED_UTF7);
    }

    private static final NumSet SAVED_BY_SEQUENCE = new NumSet.SavedResult(NumSet.Form.SEQUENCE);
    private static final NumSet SAVED_BY_UID = new NumSet.SavedResult(NumSet.Form.UID);

    @Test
    void dollarShouldStandForTheSavedResultInEveryCommandThatTakesASet() {
        assertThat(((Fetch) parse("a FETCH $ (UID)")).messages()).isEqualTo(SAVED_BY_SEQUENCE);
        assertThat(((Fetch) parse("a UID FETCH $ FLAGS")).messages()).isEqualTo(SAVED_BY_UID);
        assertThat(((Store) parse("a STORE $ +FLAGS (\\Seen)")).messages()).isEqualTo(SAVED_BY_SEQUENCE);
        assertThat(((Store) parse("a UID STORE $ -FLAGS.SILENT (\\Seen)")).messages()).isEqualTo(SAVED_BY_UID);
        assertThat(parse("a COPY $ Archive")).isEqualTo(new Copy("a", SAVED_BY_SEQUENCE, "Archive"));
        assertThat(parse("a UID MOVE $ Archive")).isEqualTo(new Move("a", SAVED_BY_UID, "Archive"));
        assertThat(parse("a UID EXPUNGE $")).isEqualTo(new Expunge("a", Optional.of(SAVED_BY_UID)));
        assertThat(((Search) parse("a SEARCH $ SEEN")).key())
                .isEqualTo(new And(List.of(new InSet(SAVED_BY_SEQUENCE), new HasFlag("\\Seen"))));
        assertThat(((Search) parse("a SEARCH NOT UID $")).key()).isEqualTo(new Not(new InSet(SAVED_BY_UID)));
    }

    @Test
    void dollarShouldStandAloneNeverInsideASequenceSet() {
        for (String line : List.of("a FETCH 1,$ (UID)", "a FETCH $,1 (UID)", "a FETCH $:3 (UID)", "a UID EXPUNGE $$",
                "a SEARCH 2:$")) {
            assertThatThrownBy(() -> parse(line)).as(line).isInstanceOf(DecodeException.class);
        }
    }

    @Test
    void returnOptionsShouldIncludeSaveUpdateContextAndPartial() {
        Search search = (Search) parse("a UID SEARCH RETURN (SAVE UPDATE CONTEXT COUNT PARTIAL -1:-100) UNSEEN");
        assertThat(search.returns()).contains(EnumSet.of(SearchReturn.SAVE, SearchReturn.UPDATE, SearchReturn.CONTEXT,
                SearchReturn.COUNT, SearchReturn.PARTIAL));
        assertThat(search.partial()).contains(new PartialRange(-1, -100));
        assertThat(((Search) parse("a SEARCH RETURN (partial 500:400) ALL")).partial()).contains(new PartialRange(500, 400));
        assertThat(((Search) parse("a SEARCH RETURN (CONTEXT) ALL")).returns())
                .contains(EnumSet.of(SearchReturn.CONTEXT, SearchReturn.ALL));
        assertThat(((Search) parse("a SEARCH RETURN (SAVE) ALL")).returns()).contains(EnumSet.of(SearchReturn.SAVE));
    }

    @Test
    void partialShouldRefuseRangesOutsideTheGrammarAndAnyRepeat() {
        for (String options : List.of("PARTIAL", "PARTIAL 0:5", "PARTIAL 1:0", "PARTIAL 1:*", "PARTIAL -1:5",
                "PARTIAL 1:-5", "PARTIAL 1", "PARTIAL 1:4294967296", "PARTIAL --1:-2", "PARTIAL 1:2 ALL",
                "ALL PARTIAL 1:2", "PARTIAL 1:2 PARTIAL 3:4", "SAVE SAVE", "UPDATE UPDATE", "MIN MIN")) {
            String line = "a SEARCH RETURN (" + options + ") ALL";
            assertThatThrownBy(() -> parse(line)).as(line).isInstanceOf(DecodeException.class);
        }
        assertThat(((Search) parse("a SEARCH RETURN (PARTIAL 1:4294967295) ALL")).partial())
                .contains(new PartialRange(1, 4_294_967_295L));
    }

    @Test
    void cancelUpdateShouldTakeOneOrMoreQuotedTags() {
        assertThat(parse("c CANCELUPDATE \"B01\"")).isEqualTo(new CancelUpdate("c", List.of("B01")));
        assertThat(parse("c CANCELUPDATE \"B01\" \"B02\"")).isEqualTo(new CancelUpdate("c", List.of("B01", "B02")));
        for (String line : List.of("c CANCELUPDATE", "c CANCELUPDATE B01", "c CANCELUPDATE \"B01\" B02",
                "c CANCELUPDATE \"B01\"  \"B02\"")) {
            assertThatThrownBy(() -> parse(line)).as(line).isInstanceOf(DecodeException.class);
        }
    }
}
