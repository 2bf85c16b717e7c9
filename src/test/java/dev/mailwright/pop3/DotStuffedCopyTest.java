package dev.mailwright.pop3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/** The multi-line response form of a stored message (RFC 1939 §3), across buffer boundaries. */
class DotStuffedCopyTest {

    private static String retr(String message) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        DotStuffedCopy.message(new ByteArrayInputStream(message.getBytes(StandardCharsets.ISO_8859_1)), out);
        return out.toString(StandardCharsets.ISO_8859_1);
    }

    private static String top(String message, long lines) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        DotStuffedCopy.top(new ByteArrayInputStream(message.getBytes(StandardCharsets.ISO_8859_1)), out, lines);
        return out.toString(StandardCharsets.ISO_8859_1);
    }

    @Test
    void leadingDotsShouldBeDoubledAndTheResponseTerminated() throws IOException {
        assertThat(retr("A: b\r\n\r\n.\r\n..x\r\ny.\r\n")).isEqualTo("A: b\r\n\r\n..\r\n...x\r\ny.\r\n.\r\n");
    }

    @Test
    void bareCrAndLfShouldBecomeCrlfAndAMissingLastLineEndBeAdded() throws IOException {
        assertThat(retr("A: b\n\nx\ry\r\n.z")).isEqualTo("A: b\r\n\r\nx\r\ny\r\n..z\r\n.\r\n");
        assertThat(retr("")).isEqualTo(".\r\n");
    }

    @Test
    void aCrlfSplitAcrossReadBuffersShouldStayOneLineEnd() throws IOException {
        String head = "S: x\r\n\r\n";
        String filler = "a".repeat(16 * 1024 - head.length() - 1);
        String message = head + filler + "\r\n.dot\r\n";   // the CR is the buffer's last byte, the LF the next one's first
        assertThat(retr(message)).isEqualTo(head + filler + "\r\n..dot\r\n.\r\n");
    }

    @Test
    void topShouldSendTheHeaderTheEmptyLineAndNLinesOfTheBody() throws IOException {
        String message = "A: 1\r\nB: 2\r\n\r\nl1\r\n.l2\r\nl3\r\n";
        assertThat(top(message, 0)).isEqualTo("A: 1\r\nB: 2\r\n\r\n.\r\n");
        assertThat(top(message, 2)).isEqualTo("A: 1\r\nB: 2\r\n\r\nl1\r\n..l2\r\n.\r\n");
        assertThat(top(message, 99)).isEqualTo(message.replace(".l2", "..l2") + ".\r\n");
        assertThat(top("A: 1\r\nB: 2", 5)).as("no body at all").isEqualTo("A: 1\r\nB: 2\r\n.\r\n");
    }

    @Test
    void aSourceFailingMidwayShouldBeReportedNotEndedWithADot() {
        InputStream failing = new InputStream() {
            private int sent;

            @Override
            public int read() throws IOException {
                if (sent++ < 10) {
                    return 'x';
                }
                throw new IOException("blob vanished");
            }
        };
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThatThrownBy(() -> DotStuffedCopy.message(failing, out)).isInstanceOf(DotStuffedCopy.SourceFailed.class);
        assertThat(out.toString(StandardCharsets.ISO_8859_1)).doesNotContain(".\r\n");
    }

    @Test
    void octetsShouldCountWhatRetrSendsWithoutStuffingOrTerminator() throws IOException {
        for (String message : new String[] {"A: b\r\n\r\n.x\r\n", "A: b\n\nx\ry\r\n.z", "", "\r", ".\r\n..\n"}) {
            String sent = retr(message);
            String unstuffed = String.join("\r\n", java.util.Arrays.stream(sent.substring(0, sent.length() - 3).split("\r\n", -1))
                    .map(l -> l.startsWith(".") ? l.substring(1) : l).toList());
            long octets = DotStuffedCopy.octets(new ByteArrayInputStream(message.getBytes(StandardCharsets.ISO_8859_1)));
            assertThat(octets).as("octets of %s", message).isEqualTo(unstuffed.length());
        }
    }
}
