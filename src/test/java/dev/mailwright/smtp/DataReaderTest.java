package dev.mailwright.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DataReaderTest {
    private final DataReader reader = new DataReader(1000, 10_000);
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    private static InputStream wire(String s) {
        return new ByteArrayInputStream(s.getBytes(StandardCharsets.ISO_8859_1));
    }

    private static String rest(InputStream in) throws IOException {
        return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
    }

    @Test
    void messageShouldEndAtCrlfDotCrlfAndBeStoredWithoutTheTerminator() throws IOException {
        InputStream in = wire("Subject: hi\r\n\r\nbody\r\n.\r\nQUIT\r\n");

        DataOutcome outcome = reader.read(in, out);

        assertThat(outcome).isEqualTo(new DataOutcome.Received(21));
        assertThat(out.toString(StandardCharsets.ISO_8859_1)).isEqualTo("Subject: hi\r\n\r\nbody\r\n");
        assertThat(rest(in)).isEqualTo("QUIT\r\n");
    }

    @Test
    void leadingDotShouldBeRemovedExactlyOnce() throws IOException {
        DataOutcome outcome = reader.read(wire("..one\r\n...two\r\n..\r\n.x\r\n.\r\n"), out);

        assertThat(outcome).isInstanceOf(DataOutcome.Received.class);
        assertThat(out.toString(StandardCharsets.ISO_8859_1)).isEqualTo(".one\r\n..two\r\n.\r\nx\r\n");
    }

    @Test
    void emptyMessageShouldBeReceivedWithNoOctets() throws IOException {
        assertThat(reader.read(wire(".\r\n"), out)).isEqualTo(new DataOutcome.Received(0));
    }

    @Test
    void bareLfShouldRefuseTheMessageButReadToTheRealEnd() throws IOException {
        InputStream in = wire("a\nb\r\n.\r\nNEXT");

        assertThat(reader.read(in, out)).isEqualTo(new DataOutcome.BareLineEnding());
        assertThat(rest(in)).isEqualTo("NEXT");
    }

    /** Each pattern would end DATA early on a lenient server and smuggle "MAIL FROM" as a second message. */
    @ParameterizedTest
    @ValueSource(strings = {
            "a\r\n\n.\nMAIL FROM:<evil@x.test>\r\n",      // <LF>.<LF>
            "a\n.\r\nMAIL FROM:<evil@x.test>\r\n",        // <LF>.<CR><LF>
            "a\r.\rMAIL FROM:<evil@x.test>\r\n",          // <CR>.<CR>
            "a\r\n.\nMAIL FROM:<evil@x.test>\r\n",        // <CR><LF>.<LF>
            "a\r\n.\r MAIL FROM:<evil@x.test>\r\n",       // <CR><LF>.<CR>
            "a\r\n.\r\r\nMAIL FROM:<evil@x.test>\r\n",   // <CR><LF>.<CR><CR><LF> (found by SmtpCommandFuzzTest)
            "a\r\n\r.\r\nMAIL FROM:<evil@x.test>\r\n",   // <CR><LF><CR>.<CR><LF> (same defect)
    })
    void smugglingPatternsShouldNeverEndTheMessage(String smuggling) throws IOException {
        InputStream in = wire(smuggling + "more\r\n.\r\nQUIT\r\n");

        DataOutcome outcome = reader.read(in, out);

        assertThat(outcome).isEqualTo(new DataOutcome.BareLineEnding());
        assertThat(rest(in)).isEqualTo("QUIT\r\n");
    }

    @Test
    void lineOf998OctetsShouldBeAcceptedAnd999Refused() throws IOException {
        String ok = "x".repeat(998);
        assertThat(reader.read(wire(ok + "\r\n.\r\n"), out)).isInstanceOf(DataOutcome.Received.class);

        InputStream in = wire("." + "x".repeat(999) + "\r\n.\r\nNEXT");
        assertThat(new DataReader(1000, 10_000).read(in, new ByteArrayOutputStream())).isEqualTo(new DataOutcome.LineTooLong());
        assertThat(rest(in)).isEqualTo("NEXT");
    }

    @Test
    void stuffedDotShouldNotCountTowardsTheLineLimit() throws IOException {
        assertThat(reader.read(wire("." + ".".repeat(998) + "\r\n.\r\n"), out)).isInstanceOf(DataOutcome.Received.class);
    }

    @Test
    void messageOverTheSizeLimitShouldBeRefusedAfterReadingToTheEnd() throws IOException {
        InputStream in = wire("0123456789\r\n0123456789\r\n.\r\nNEXT");

        assertThat(new DataReader(1000, 15).read(in, out)).isEqualTo(new DataOutcome.TooLarge());
        assertThat(rest(in)).isEqualTo("NEXT");
    }

    @Test
    void messageOfExactlyTheSizeLimitShouldBeReceived() throws IOException {
        assertThat(new DataReader(1000, 12).read(wire("0123456789\r\n.\r\n"), out)).isEqualTo(new DataOutcome.Received(12));
    }

    @Test
    void closedConnectionShouldBeAnIoFailure() {
        assertThatThrownBy(() -> reader.read(wire("half a message\r\n"), out)).isInstanceOf(EOFException.class);
    }
}
