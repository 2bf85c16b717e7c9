package dev.mailwright.imap;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import dev.mailwright.net.ConnectionHandler;

/**
 * Runs a transcript (STYLE §7) against in-process sessions. {@code SESSION n} switches to session n,
 * opening and logging it in on first use ({@code SESSION n NOAUTH}: only the greeting is read).
 * {@code C:} lines go to the server, fed whole or byte by byte; {@code S:} lines must match the next
 * server line, where {@code {any}} matches any text; {@code S: ...} skips untagged lines until the next
 * expected one. {@code {user}} and {@code {password}} are replaced everywhere.
 */
final class TranscriptRunner {
    enum Feed { WHOLE, BYTE_BY_BYTE }

    private static final long TIMEOUT_MILLIS = 5000;

    private final ConnectionHandler handler;
    private final Map<String, String> variables;
    private final Feed feed;
    private final Map<Integer, Client> sessions = new LinkedHashMap<>();

    TranscriptRunner(ConnectionHandler handler, Map<String, String> variables, Feed feed) {
        this.handler = handler;
        this.variables = variables;
        this.feed = feed;
    }

    private record Client(PipeConnection connection, Thread thread) {
    }

    void run(String name, List<String> lines) throws Exception {
        Client current = null;
        boolean skipping = false;
        try {
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i);
                String where = name + ":" + (i + 1);
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                if (line.startsWith("SESSION ")) {
                    String[] words = line.split(" ");
                    int n = Integer.parseInt(words[1]);
                    boolean login = !(words.length > 2 && words[2].equals("NOAUTH"));
                    current = sessions.containsKey(n) ? sessions.get(n) : open(n, login, where);
                    skipping = false;
                } else if (line.startsWith("C:")) {
                    current = current != null ? current : open(1, true, where);
                    send(current, substitute(line.startsWith("C: ") ? line.substring(3) : line.substring(2)));
                } else if (line.equals("S: ...")) {
                    skipping = true;
                } else if (line.startsWith("S:")) {
                    current = current != null ? current : open(1, true, where);
                    expect(current, substitute(line.length() > 3 ? line.substring(3) : ""), skipping, where);
                    skipping = false;
                } else {
                    fail(where + ": unknown transcript line: " + line);
                }
            }
        } finally {
            for (Client c : sessions.values()) {
                c.connection().toServer.close();
                c.thread().join(TIMEOUT_MILLIS);
                c.connection().close();
            }
        }
    }

    private Client open(int n, boolean login, String where) throws Exception {
        PipeConnection connection = new PipeConnection("transcript-" + n);
        Thread thread = Thread.ofVirtual().name("imap-transcript-" + n).start(() -> {
            try {
                handler.serve(connection);
            } catch (IOException e) {
                // the session ended because its pipe closed; nothing to report
                return;
            } finally {
                connection.toClient.close();
            }
        });
        Client client = new Client(connection, thread);
        sessions.put(n, client);
        expect(client, "* OK [CAPABILITY {any}] {any}", false, where + " (greeting)");
        if (login) {
            send(client, "L0 LOGIN \"" + variables.get("user") + "\" \"" + variables.get("password") + "\"");
            expect(client, "L0 OK {any}", false, where + " (login)");
        }
        return client;
    }

    private void send(Client client, String text) throws IOException {
        byte[] bytes = (text + "\r\n").getBytes(StandardCharsets.UTF_8);
        switch (feed) {
            case WHOLE -> client.connection().toServer.write(bytes);
            case BYTE_BY_BYTE -> {
                for (byte b : bytes) {
                    client.connection().toServer.write(new byte[] {b});
                    Thread.yield();
                }
            }
        }
    }

    private void expect(Client client, String pattern, boolean skipping, String where) throws IOException {
        Pattern regex = compile(pattern);
        while (true) {
            Optional<String> got;
            try {
                got = client.connection().toClient.readLine(TIMEOUT_MILLIS);
            } catch (java.net.SocketTimeoutException e) {
                fail(where + ": timed out waiting for: " + pattern);
                return;
            }
            if (got.isEmpty()) {
                fail(where + ": connection closed, expected: " + pattern);
                return;
            }
            if (regex.matcher(got.get()).matches()) {
                return;
            }
            if (!(skipping && got.get().startsWith("* "))) {
                fail(where + ": expected [" + pattern + "] but server sent [" + got.get() + "]");
            }
        }
    }

    private String substitute(String text) {
        String out = text;
        for (Map.Entry<String, String> v : variables.entrySet()) {
            out = out.replace("{" + v.getKey() + "}", v.getValue());
        }
        return out;
    }

    static Pattern compile(String pattern) {
        StringBuilder regex = new StringBuilder();
        List<String> pieces = List.of(pattern.split("\\{any}", -1));
        for (int i = 0; i < pieces.size(); i++) {
            if (i > 0) {
                regex.append(".*");
            }
            regex.append(Pattern.quote(pieces.get(i)));
        }
        return Pattern.compile(regex.toString());
    }
}
