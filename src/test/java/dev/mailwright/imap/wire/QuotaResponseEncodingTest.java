package dev.mailwright.imap.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.mailwright.imap.wire.ImapEncoder.NameEncoding;
import dev.mailwright.imap.wire.ImapResponse.Quota;
import dev.mailwright.imap.wire.ImapResponse.QuotaResource;
import dev.mailwright.imap.wire.ImapResponse.QuotaRoot;

/** RFC 9208 §5: QUOTAROOT names the mailbox as sent (modified UTF-7) and each root; QUOTA lists usage and limit. */
class QuotaResponseEncodingTest {

    private static String encode(ImapResponse response, NameEncoding names) {
        return new String(ImapEncoder.toBytes(response, names), StandardCharsets.UTF_8);
    }

    @Test
    void quotaRootAndQuotaShouldBeWrittenAsRfc9208Shows() {
        assertThat(encode(new QuotaRoot("Entwürfe", List.of("")), NameEncoding.MODIFIED_UTF7))
                .isEqualTo("* QUOTAROOT \"Entw&APw-rfe\" \"\"\r\n");
        assertThat(encode(new QuotaRoot("INBOX", List.of()), NameEncoding.UTF8)).isEqualTo("* QUOTAROOT \"INBOX\"\r\n");
        assertThat(encode(new Quota("", List.of(new QuotaResource("STORAGE", 10, 512), new QuotaResource("MESSAGE", 1, 100))),
                NameEncoding.UTF8)).isEqualTo("* QUOTA \"\" (STORAGE 10 512 MESSAGE 1 100)\r\n");
    }
}
