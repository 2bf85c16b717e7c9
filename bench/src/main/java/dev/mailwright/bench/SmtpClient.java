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

    /** True when the server answers 250 to RCPT TO for this address; the transaction is reset, nothing is sent. */
    static boolean acceptsRecipient(int port, String address) throws IOException {
        try (SmtpClient c = new SmtpClient(port)) {
            c.wire.write("MAIL FROM:<probe@bench.client.test>\r\n");
            c.wire.flush();
            c.expect(250, "MAIL");
            c.wire.write("RCPT TO:<" + address + ">\r\n");
            c.wire.flush();
            String reply = c.reply();
            c.wire.write("RSET\r\n");
            c.wire.flush();
            c.expect(250, "RSET");
            return reply.startsWith("250");
        }
    }

    private String reply() throws IOException {
        String line;
        do {
            line = wire.readLine();
        } while (line.length() > 3 && line.charAt(3) == '-');
        return line;
    }

    private void expect(int code, String what) throws IOException {
        String line = reply();
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
