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
 * expected one. {@code {user}} and {@code {password}} are replaced everywhere; {@code {set:name}} in an
 * {@code S:} line captures one word of the server's line as variable {@code name} for later lines.
 */
final class TranscriptRunner {
    enum Feed { WHOLE, BYTE_BY_BYTE }

    private static final long TIMEOUT_MILLIS = 5000;

    private final Opener opener;
    private final Map<String, String> variables;
    private final Feed feed;
    private final Map<Integer, Client> sessions = new LinkedHashMap<>();

    TranscriptRunner(Opener opener, Map<String, String> variables, Feed feed) {
        this.opener = opener;
        this.variables = new java.util.HashMap<>(variables);
        this.feed = feed;
    }

    /** The client end of one session: in process over pipes, or a real socket. */
    interface Client {
        void write(byte[] bytes) throws IOException;

        Optional<String> readLine(long timeoutMillis) throws IOException;

        void close() throws Exception;
    }

    @FunctionalInterface
    interface Opener {
        Client open(int session) throws IOException;
    }

    /** Runs the session on a virtual thread of this JVM, connected by pipes. */
    static Opener inProcess(ConnectionHandler handler) {
        return n -> {
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
            return new Client() {
                @Override
                public void write(byte[] bytes) throws IOException {
                    connection.toServer.write(bytes);
                }

                @Override
                public Optional<String> readLine(long timeoutMillis) throws IOException {
                    return connection.toClient.readLine(timeoutMillis);
                }

                @Override
                public void close() throws Exception {
                    connection.toServer.close();
                    thread.join(TIMEOUT_MILLIS);
                    connection.close();
                }
            };
        };
    }

    /** Connects to a real listener on loopback. */
    static Opener overSocket(int port) {
        return n -> {
            java.net.Socket socket = new java.net.Socket("127.0.0.1", port);
            socket.setSoTimeout((int) TIMEOUT_MILLIS);
            java.io.InputStream in = new java.io.BufferedInputStream(socket.getInputStream());
            java.io.OutputStream out = socket.getOutputStream();
            return new Client() {
                @Override
                public void write(byte[] bytes) throws IOException {
                    out.write(bytes);
                    out.flush();
                }

                @Override
                public Optional<String> readLine(long timeoutMillis) throws IOException {
                    java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream();
                    int b;
                    while ((b = in.read()) >= 0) {
                        if (b == '\n') {
                            String text = line.toString(StandardCharsets.UTF_8);
                            return Optional.of(text.endsWith("\r") ? text.substring(0, text.length() - 1) : text);
                        }
                        line.write(b);
                    }
                    return line.size() == 0 ? Optional.empty() : Optional.of(line.toString(StandardCharsets.UTF_8));
                }

                @Override
                public void close() throws IOException {
                    socket.close();
                }
            };
        };
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
                c.close();
            }
        }
    }

    private Client open(int n, boolean login, String where) throws Exception {
        Client client = opener.open(n);
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
            case WHOLE -> client.write(bytes);
            case BYTE_BY_BYTE -> {
                for (byte b : bytes) {
                    client.write(new byte[] {b});
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
                got = client.readLine(TIMEOUT_MILLIS);
            } catch (java.net.SocketTimeoutException e) {
                fail(where + ": timed out waiting for: " + pattern);
                return;
            }
            if (got.isEmpty()) {
                fail(where + ": connection closed, expected: " + pattern);
                return;
            }
            java.util.regex.Matcher m = regex.matcher(got.get());
            if (m.matches()) {
                java.util.regex.Matcher names = CAPTURE.matcher(pattern);
                while (names.find()) {
                    variables.put(names.group(1), m.group(names.group(1)));
                }
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

    private static final Pattern CAPTURE = Pattern.compile("\\{set:([A-Za-z][A-Za-z0-9]*)}");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{any}|\\{set:([A-Za-z][A-Za-z0-9]*)}");

    static Pattern compile(String pattern) {
        StringBuilder regex = new StringBuilder();
        java.util.regex.Matcher m = PLACEHOLDER.matcher(pattern);
        int last = 0;
        while (m.find()) {
            regex.append(Pattern.quote(pattern.substring(last, m.start())));
            regex.append(m.group(1) == null ? ".*" : "(?<" + m.group(1) + ">[^ \\])]+)");
            last = m.end();
        }
        regex.append(Pattern.quote(pattern.substring(last)));
        return Pattern.compile(regex.toString());
    }
}
