package dev.mailwright.bench;

import java.io.IOException;

/** A minimal SMTP client: EHLO, MAIL, RCPT, DATA, no pipelining, the same for every server. */
final class SmtpClient implements AutoCloseable {
    private final Wire wire;

    SmtpClient(int port) throws IOException {
        wire = new Wire(port, 120_000);
        expect(220, "greeting");
        wire.write("EHLO bench.client.test\r\n");
        wire.flush();
        expect(250, "EHLO");
    }

    /** Sends one message; returns when the server's final 250 arrived. The body must be CRLF and dot-stuffed. */
    void send(String from, String to, byte[] stuffedBody) throws IOException {
        wire.write("MAIL FROM:<" + from + ">\r\n");
        wire.flush();
        expect(250, "MAIL");
        wire.write("RCPT TO:<" + to + ">\r\n");
        wire.flush();
        expect(250, "RCPT");
        wire.write("DATA\r\n");
        wire.flush();
        expect(354, "DATA");
        wire.write(stuffedBody);
        wire.write(".\r\n");
        wire.flush();
        expect(250, "end of data");
    }

    private void expect(int code, String what) throws IOException {
        String line;
        do {
            line = wire.readLine();
        } while (line.length() > 3 && line.charAt(3) == '-');
        if (!line.startsWith(Integer.toString(code))) {
            throw new IOException("SMTP " + what + ": expected " + code + " but got: " + line);
        }
    }

    @Override
    public void close() {
        try {
            wire.write("QUIT\r\n");
            wire.flush();
            wire.readLine();
        } catch (IOException e) {
            System.err.println("QUIT failed: " + e.getMessage());
        } finally {
            wire.close();
        }
    }
}
