package dev.mailwright.faults;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** SMTP and IMAP at the line level over a real loopback socket, every read with a time-out. */
final class LineClient implements AutoCloseable {
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    LineClient(int port, int timeoutMillis) throws IOException {
        socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(timeoutMillis);
        in = new BufferedInputStream(socket.getInputStream());
        out = socket.getOutputStream();
    }

    void send(String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    String line() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0) {
            if (b == '\n') {
                String s = line.toString(StandardCharsets.UTF_8);
                return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
            }
            line.write(b);
        }
        throw new IOException("connection closed after: " + line.toString(StandardCharsets.UTF_8));
    }

    /** The last line of an SMTP reply (multi-line replies have {@code 250-} continuation lines). */
    String reply() throws IOException {
        String l = line();
        while (l.length() > 3 && l.charAt(3) == '-') {
            l = line();
        }
        return l;
    }

    String command(String smtp) throws IOException {
        send(smtp + "\r\n");
        return reply();
    }

    /** IMAP: lines up to and including the tagged response. */
    List<String> until(String tag) throws IOException {
        List<String> lines = new ArrayList<>();
        while (true) {
            String l = line();
            lines.add(l);
            if (l.startsWith(tag + " ")) {
                return lines;
            }
        }
    }

    String tagged(String tag, String command) throws IOException {
        send(tag + " " + command + "\r\n");
        return until(tag).getLast();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    /** One SMTP transaction on a fresh connection; the reply to the end of DATA (or the first refusal). */
    static String deliver(int port, String recipient, String body) throws IOException {
        try (LineClient smtp = new LineClient(port, 60_000)) {
            smtp.reply();
            smtp.command("EHLO faults.test");
            String mail = smtp.command("MAIL FROM:<sender@elsewhere.test>");
            if (!mail.startsWith("250")) {
                return mail;
            }
            String rcpt = smtp.command("RCPT TO:<" + recipient + ">");
            if (!rcpt.startsWith("250")) {
                return rcpt;
            }
            String data = smtp.command("DATA");
            if (!data.startsWith("354")) {
                return data;
            }
            smtp.send("From: sender@elsewhere.test\r\nSubject: fault\r\n\r\n" + body + "\r\n.\r\n");
            String reply = smtp.reply();
            smtp.command("QUIT");
            return reply;
        }
    }
}
