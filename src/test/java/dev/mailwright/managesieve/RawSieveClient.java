package dev.mailwright.managesieve;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.mailwright.net.LineClient;

/**
 * A ManageSieve client on a plain socket: it sends what it is told, byte for byte, and reads responses with literals
 * (RFC 5804 §4) over a {@link LineClient} that insists on CRLF.
 */
final class RawSieveClient implements AutoCloseable {
    private static final Pattern LITERAL_END = Pattern.compile("\\{(\\d+)}$");
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final LineClient client;

    RawSieveClient(int port) throws IOException {
        this(port, "127.0.0.1");
    }

    /** Connects from {@code sourceAddress} (any 127.0.0.x), to look like another host to per-address limits. */
    RawSieveClient(int port, String sourceAddress) throws IOException {
        client = LineClient.connect(port, sourceAddress, TIMEOUT, LineClient.LineEnds.CRLF_ONLY);
    }

    /**
     * A response: the lines before the status line (a literal's octets are joined into the line that announced it,
     * after a newline) and the status line ({@code OK ...}, {@code NO ...} or {@code BYE ...}).
     */
    record Response(List<String> lines, String status) {
        boolean ok() {
            return status.startsWith("OK");
        }
    }

    void startTls() throws IOException {
        client.startTls();
    }

    void timeout(int millis) throws IOException {
        client.timeout(millis);
    }

    void send(String raw) throws IOException {
        client.send(raw);
    }

    void send(byte[] raw) throws IOException {
        client.send(raw);
    }

    /** Sends {@code command} and CRLF, reads the response. */
    Response command(String command) throws IOException {
        send(command + "\r\n");
        return response();
    }

    /** Reads lines up to and including the next OK, NO or BYE line. */
    Response response() throws IOException {
        List<String> lines = new ArrayList<>();
        while (true) {
            String line = line();
            if (line.startsWith("OK") || line.startsWith("NO") || line.startsWith("BYE")) {
                return new Response(lines, line);
            }
            lines.add(line);
        }
    }

    /** One line without its CRLF; a literal it announces is read and joined to it after a newline. */
    String line() throws IOException {
        String line = rawLine();
        Matcher literal = LITERAL_END.matcher(line);
        if (literal.find()) {
            byte[] octets = client.octets(Integer.parseInt(literal.group(1)));
            String rest = rawLine();
            return line + "\n" + new String(octets, StandardCharsets.UTF_8) + rest;
        }
        return line;
    }

    /** One line without its CRLF; throws EOFException at end of stream. */
    String rawLine() throws IOException {
        return client.line();
    }

    /** Reads until the server closes; returns what it said meanwhile. */
    String rest() throws IOException {
        return client.rest();
    }

    @Override
    public void close() throws IOException {
        client.close();
    }
}
