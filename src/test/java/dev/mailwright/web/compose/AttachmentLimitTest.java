package dev.mailwright.web.compose;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;

import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

class AttachmentLimitTest {
    @Test
    void limitShouldBeWhatStillFitsAfterBase64() {
        DataSize max = DataSize.ofMegabytes(50);
        long limit = AttachmentLimit.attachmentBytes(max);
        // about three quarters of the message size, never more
        assertThat(limit).isBetween(38_000_000L, 38_400_000L);
        byte[] file = new byte[(int) limit];
        int encoded = Base64.getMimeEncoder().encode(file).length;   // 76 characters and CRLF per line
        assertThat(encoded + AttachmentLimit.ROOM_FOR_TEXT).isLessThanOrEqualTo(max.toBytes());
        // one line more would no longer leave the room for the text
        assertThat(Base64.getMimeEncoder().encode(new byte[(int) limit + 57 * 900]).length + AttachmentLimit.ROOM_FOR_TEXT)
                .isGreaterThan(max.toBytes());
    }

    @Test
    void tinyLimitShouldAllowNoAttachmentRatherThanANegativeOne() {
        assertThat(AttachmentLimit.attachmentBytes(DataSize.ofKilobytes(10))).isZero();
    }
}
