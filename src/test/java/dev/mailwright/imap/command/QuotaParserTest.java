package dev.mailwright.imap.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.mailwright.imap.command.QuotaCommand.ResourceLimit;
import dev.mailwright.imap.wire.FramePart;
import dev.mailwright.imap.wire.ImapEncoder.NameEncoding;

/** RFC 9208 §4.1 commands decode to their records; anything else is a DecodeException (BAD). */
class QuotaParserTest {

    private static ImapCommand parse(String line) {
        return ImapParser.parse(List.of(new FramePart.Line(line)), NameEncoding.MODIFIED_UTF7);
    }

    @Test
    void quotaCommandsShouldDecodeToTheirRecords() {
        assertThat(parse("a1 getquotaroot inbox")).isEqualTo(new QuotaCommand.GetQuotaRoot("a1", "INBOX"));
        assertThat(parse("a2 GETQUOTAROOT \"Entw&APw-rfe\"")).isEqualTo(new QuotaCommand.GetQuotaRoot("a2", "Entwürfe"));
        assertThat(parse("a3 GETQUOTA \"\"")).isEqualTo(new QuotaCommand.GetQuota("a3", ""));
        assertThat(parse("a4 SETQUOTA \"\" (storage 512 MESSAGE 1000)")).isEqualTo(new QuotaCommand.SetQuota("a4", "",
                List.of(new ResourceLimit("STORAGE", 512), new ResourceLimit("MESSAGE", 1000))));
        assertThat(parse("a5 SETQUOTA \"\" ()")).isEqualTo(new QuotaCommand.SetQuota("a5", "", List.of()));
    }

    @Test
    void malformedQuotaCommandsShouldBeRefused() {
        for (String bad : List.of("a1 GETQUOTA", "a1 GETQUOTAROOT", "a1 SETQUOTA \"\" STORAGE 5", "a1 SETQUOTA \"\" (STORAGE)",
                "a1 SETQUOTA \"\" (STORAGE -1)", "a1 SETQUOTA \"\" (STORAGE 5", "a1 GETQUOTA \"\" extra")) {
            assertThatThrownBy(() -> parse(bad)).as(bad).isInstanceOf(DecodeException.class);
        }
    }
}
