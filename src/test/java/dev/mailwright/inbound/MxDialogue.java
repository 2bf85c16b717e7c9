package dev.mailwright.inbound;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A raw SMTP client for the MX port that sends one message and returns the final reply line. It can bind its
 * socket to any 127.0.0.x address, so a test can play a sending host whose address SPF does or does not allow.
 * Every read times out, so a broken server fails the test instead of hanging it.
 */
final class MxDialogue implements AutoCloseable {
    private static final int TIMEOUT_MILLIS = 60_000;

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    private MxDialogue(Socket socket) throws IOException {
        this.socket = socket;
        socket.setSoTimeout(TIMEOUT_MILLIS);
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
    }

    static MxDialogue connect(String sourceAddress, int port) throws IOException {
        Socket socket = new Socket();
        socket.bind(new InetSocketAddress(InetAddress.getByName(sourceAddress), 0));
        socket.connect(new InetSocketAddress("127.0.0.1", port), TIMEOUT_MILLIS);
        MxDialogue dialogue = new MxDialogue(socket);
        dialogue.read();
        return dialogue;
    }

    /** Sends one whole transaction; returns the last reply (the answer to the end of DATA, or the first refusal). */
    static String send(String sourceAddress, int port, String helo, String mailFrom, String rcptTo, String message) throws IOException {
        try (MxDialogue mx = connect(sourceAddress, port)) {
            return mx.transaction(helo, mailFrom, rcptTo, message);
        }
    }

    String transaction(String helo, String mailFrom, String rcptTo, String message) throws IOException {
        String reply = command("EHLO " + helo);
        for (String step : new String[] {"MAIL FROM:<" + mailFrom + ">", "RCPT TO:<" + rcptTo + ">", "DATA"}) {
            reply = command(step);
            if (!reply.startsWith("2") && !reply.startsWith("3")) {
                return reply;
            }
        }
        String body = message.replace("\r\n.", "\r\n..");
        return command(body + (body.endsWith("\r\n") ? "" : "\r\n") + ".");
    }

    String command(String line) throws IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
        return read();
    }

    /** The last line of one (possibly multi-line) reply. */
    String read() throws IOException {
        while (true) {
            String line = readLine();
            if (line.length() < 4 || line.charAt(3) != '-') {
                return line;
            }
        }
    }

    private String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0) {
            if (b == '\n') {
                break;
            }
            if (b != '\r') {
                line.write(b);
            }
        }
        if (b < 0 && line.size() == 0) {
            throw new IOException("connection closed");
        }
        return line.toString(StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws IOException {
        try {
            command("QUIT");
        } catch (IOException ignored) {
            // the server may have closed first: the socket is closed below either way
        }
        socket.close();
    }
}
