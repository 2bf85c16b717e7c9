package dev.mailwright.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;

/**
 * The properties the SMTP fuzz target ({@code dev.mailwright.fuzz.SmtpCommandFuzzTest}) checks on arbitrary
 * client bytes, here because the SMTP framing and grammar are package-private. The bytes are read as a session
 * reads them: command lines, a DATA body after {@code DATA}, the announced octets after {@code BDAT}.
 */
public final class SmtpInputChecks {
    private static final int MAX_COMMAND_LINE = 100;
    private static final int MAX_TEXT_LINE = 80;
    private static final long MAX_SIZE = 300;

    private SmtpInputChecks() {
    }

    /** Fails with an AssertionError (or the unexpected exception) when one of the properties does not hold. */
    public static void check(byte[] input) throws IOException {
        CommandParser parser = new CommandParser(MAX_COMMAND_LINE);
        DataReader data = new DataReader(MAX_TEXT_LINE, MAX_SIZE);
        ByteArrayInputStream in = new ByteArrayInputStream(input);
        for (int count = 0; ; count++) {
            assertThat(count).as("command lines in %d bytes", input.length).isLessThanOrEqualTo(input.length);
            switch (CommandLineReader.read(in, parser.readerLimit())) {
                case CommandLine.Closed closed -> {
                    assertThat(in.available()).isZero();
                    return;
                }
                case CommandLine.TooLong tooLong -> {
                }
                case CommandLine.Line line -> {
                    assertThat(line.text()).doesNotContain("\n");
                    assertThat(line.text().getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(parser.readerLimit());
                    SmtpCommand command = parser.parse(line.text());
                    assertThat(parser.parse(line.text())).as("the parser is a pure function").isEqualTo(command);
                    checkCommand(command, line.text());
                    if (command instanceof SmtpCommand.Data && !data(in, data, input)) {
                        return;
                    }
                    if (command instanceof SmtpCommand.Bdat bdat && !bdat(in, bdat.octets())) {
                        return;
                    }
                }
            }
        }
    }

    private static void checkCommand(SmtpCommand command, String line) {
        switch (command) {
            case SmtpCommand.Ehlo e -> assertDomain(e.domain());
            case SmtpCommand.Helo h -> assertDomain(h.domain());
            case SmtpCommand.Mail m -> {
                if (!m.sender().isEmpty()) {
                    assertPath(m.sender());
                }
                assertParameters(m.parameters());
            }
            case SmtpCommand.Rcpt r -> {
                if (!r.recipient().equalsIgnoreCase("postmaster")) {   // RFC 5321 §4.5.1: <Postmaster> without a domain
                    assertPath(r.recipient());
                }
                assertParameters(r.parameters());
            }
            case SmtpCommand.Bdat b -> assertThat(b.octets()).isNotNegative();
            case SmtpCommand.Vrfy v -> assertThat(v.argument()).isNotBlank();
            case SmtpCommand.Auth a -> {
                assertThat(a.mechanism()).isNotEmpty().doesNotContain(" ").isEqualTo(a.mechanism().toUpperCase(Locale.ROOT));
                a.initialResponse().ifPresent(r -> assertThat(r).isNotEmpty().doesNotContain(" "));
            }
            case SmtpCommand.Unknown u -> assertThat(u.verb()).isEqualTo(line.split(" ", 2)[0].toUpperCase(Locale.ROOT));
            case SmtpCommand.Invalid i -> {
                // no client byte may break the reply line: one CRLF, at its end
                String reply = new String(i.reply().encode(), StandardCharsets.UTF_8);
                assertThat(reply).endsWith("\r\n");
                assertThat(reply.substring(0, reply.length() - 2)).doesNotContain("\r", "\n");
                assertThat(i.reply().code()).isBetween(500, 599);
            }
            case SmtpCommand.Data d -> {
            }
            case SmtpCommand.Rset r -> {
            }
            case SmtpCommand.Noop n -> {
            }
            case SmtpCommand.Quit q -> {
            }
            case SmtpCommand.Help h -> {
            }
            case SmtpCommand.StartTls s -> {
            }
        }
    }

    private static void assertDomain(String domain) {
        assertThat(domain).isNotEmpty();
        assertThat(domain.chars().noneMatch(c -> c <= ' ' || c == 0x7f)).as("domain %s", domain).isTrue();
    }

    private static void assertPath(String path) {
        assertThat(path).contains("@").doesNotContain("<", ">", "\r", "\n", "\0");
        assertThat(path.length()).isLessThanOrEqualTo(254);
    }

    private static void assertParameters(Map<String, String> parameters) {
        parameters.forEach((key, value) -> {
            assertThat(key).matches("[A-Z0-9][A-Z0-9-]*");
            assertThat(value).doesNotContain(" ", "\r", "\n");
        });
    }

    /**
     * A DATA body: what is accepted is within the limits and has only CRLF line ends, and dot-stuffing it again
     * reads back the same bytes; only CRLF.CRLF ended it. Returns false at the end of the input.
     */
    private static boolean data(ByteArrayInputStream in, DataReader reader, byte[] input) throws IOException {
        int start = input.length - in.available();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        DataOutcome outcome;
        try {
            outcome = reader.read(in, out);
        } catch (EOFException e) {
            return false;   // the client closed during DATA: the session ends
        }
        int end = input.length - in.available();
        String tail = new String(input, Math.max(start, end - 5), end - Math.max(start, end - 5), StandardCharsets.ISO_8859_1);
        assertThat(tail.equals(".\r\n") && end - start == 3 || tail.equals("\r\n.\r\n"))
                .as("only CRLF.CRLF ends DATA, not %s", tail.replace("\r", "<CR>").replace("\n", "<LF>")).isTrue();
        if (!(outcome instanceof DataOutcome.Received received)) {
            return true;
        }
        byte[] body = out.toByteArray();
        assertThat(received.size()).isEqualTo(body.length).isLessThanOrEqualTo(MAX_SIZE);
        int lineStart = 0;
        for (int i = 0; i < body.length; i++) {
            if (body[i] == '\r') {
                assertThat(i + 1 < body.length && body[i + 1] == '\n').as("CR at %d is followed by LF", i).isTrue();
            }
            if (body[i] == '\n') {
                assertThat(i > 0 && body[i - 1] == '\r').as("LF at %d follows CR", i).isTrue();
                assertThat(i + 1 - lineStart).as("line length with CRLF").isLessThanOrEqualTo(MAX_TEXT_LINE);
                lineStart = i + 1;
            }
        }
        assertThat(lineStart).as("the body ends with a line end").isEqualTo(body.length);
        ByteArrayOutputStream reread = new ByteArrayOutputStream();
        assertThat(reader.read(new ByteArrayInputStream(stuff(body)), reread)).isEqualTo(received);
        assertThat(reread.toByteArray()).as("dot-stuffed again and read back").isEqualTo(body);
        return true;
    }

    /** Dot-stuffs a body with CRLF line ends and appends the end of data. */
    private static byte[] stuff(byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        boolean lineStart = true;
        for (byte b : body) {
            if (lineStart && b == '.') {
                out.write('.');
            }
            out.write(b);
            lineStart = b == '\n';
        }
        out.writeBytes(".\r\n".getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    /** A BDAT chunk is exactly its octets; false at the end of the input. */
    private static boolean bdat(ByteArrayInputStream in, long octets) throws IOException {
        long available = in.available();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            BdatReader.copy(in, octets, out);
        } catch (EOFException e) {
            assertThat(octets).isGreaterThan(available);
            return false;
        }
        assertThat((long) out.size()).isEqualTo(octets);
        assertThat((long) in.available()).isEqualTo(available - octets);
        return true;
    }
}
