package dev.mailwright.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class CommandLineReaderTest {

    private static InputStream wire(String s) {
        return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void linesShouldEndAtCrlfOrLf() throws IOException {
        InputStream in = wire("NOOP\r\nRSET\nQUIT\r\n");

        assertThat(CommandLineReader.read(in, 512)).isEqualTo(new CommandLine.Line("NOOP"));
        assertThat(CommandLineReader.read(in, 512)).isEqualTo(new CommandLine.Line("RSET"));
        assertThat(CommandLineReader.read(in, 512)).isEqualTo(new CommandLine.Line("QUIT"));
        assertThat(CommandLineReader.read(in, 512)).isEqualTo(new CommandLine.Closed());
    }

    @Test
    void limitShouldCountTheCrlf() throws IOException {
        assertThat(CommandLineReader.read(wire("x".repeat(10) + "\r\n"), 12)).isEqualTo(new CommandLine.Line("x".repeat(10)));
        assertThat(CommandLineReader.read(wire("x".repeat(11) + "\r\n"), 12)).isEqualTo(new CommandLine.TooLong());
    }

    @Test
    void tooLongLineShouldBeConsumedSoTheNextLineIsRead() throws IOException {
        InputStream in = wire("x".repeat(5000) + "\r\nNOOP\r\n");

        assertThat(CommandLineReader.read(in, 512)).isEqualTo(new CommandLine.TooLong());
        assertThat(CommandLineReader.read(in, 512)).isEqualTo(new CommandLine.Line("NOOP"));
    }
}
