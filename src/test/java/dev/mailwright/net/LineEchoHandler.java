package dev.mailwright.net;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** A tiny line protocol for exercising the net layer without SMTP or IMAP. */
final class LineEchoHandler implements ConnectionHandler {
    private final Duration readTimeout;

    LineEchoHandler(Duration readTimeout) {
        this.readTimeout = readTimeout;
    }

    @Override
    public void serve(Connection connection) throws IOException {
        connection.setReadTimeout(readTimeout);
        send(connection, "HELLO " + connection.id() + " secure=" + connection.isSecure());
        while (true) {
            String line;
            try {
                line = readLine(connection.input());
            } catch (SocketTimeoutException e) {
                send(connection, "TIMEOUT");
                return;
            }
            if (line == null) {
                return;
            }
            switch (line) {
                case "QUIT" -> {
                    send(connection, "BYE");
                    return;
                }
                case "STARTTLS" -> {
                    if (connection.hasBufferedInput()) {
                        send(connection, "REFUSED");
                    } else {
                        send(connection, "GO");
                        connection.startTls();
                    }
                }
                case "INFO" -> send(connection, "INFO " + connection.id() + " loopback=" + connection.isLoopback()
                        + " secure=" + connection.isSecure());
                default -> send(connection, "ECHO " + line);
            }
        }
    }

    @Override
    public byte[] refusal() {
        return "LIMIT\r\n".getBytes(StandardCharsets.US_ASCII);
    }

    @Override
    public byte[] shutdownNotice() {
        return "STOPPING\r\n".getBytes(StandardCharsets.US_ASCII);
    }

    @Override
    public String protocol() {
        return "ECHO";
    }

    private static void send(Connection connection, String line) throws IOException {
        connection.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0) {
            if (b == '\n') {
                String s = line.toString(StandardCharsets.US_ASCII);
                return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
            }
            line.write(b);
        }
        return null;
    }
}
