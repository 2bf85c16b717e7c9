package dev.mailwright.inbound;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;

/** A raw SMTP client on a real socket, bound to a chosen loopback source address to play one of many hosts. */
final class MxClient implements AutoCloseable {
    private static final int TIMEOUT_MILLIS = 30_000;

    record Reply(int code, String text) {
    }

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    private MxClient(Socket socket) throws IOException {
        this.socket = socket;
        socket.setSoTimeout(TIMEOUT_MILLIS);
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
    }

    /** Connects from {@code source} (e.g. 127.0.0.23) and reads the greeting. */
    static MxClient connect(String source, int port) throws IOException {
        Socket socket = new Socket();
        socket.bind(new InetSocketAddress(InetAddress.getByName(source), 0));
        socket.connect(new InetSocketAddress("127.0.0.1", port), TIMEOUT_MILLIS);
        return new MxClient(socket);
    }

    Reply command(String line) throws IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
        return read();
    }

    /** DATA, the message (dot-stuffed), the final dot; the reply to the end of data. */
    Reply data(String message) throws IOException {
        Reply start = command("DATA");
        if (start.code() != 354) {
            return start;
        }
        String stuffed = message.replace("\r\n.", "\r\n..");
        out.write((stuffed + (stuffed.endsWith("\r\n") ? "" : "\r\n") + ".\r\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
        return read();
    }

    /** EHLO, MAIL, one RCPT, DATA; the first refusal or the reply to the end of data. */
    Reply send(String sender, String recipient, String message) throws IOException {
        for (String line : new String[] {"EHLO client.test", "MAIL FROM:<" + sender + ">", "RCPT TO:<" + recipient + ">"}) {
            Reply reply = command(line);
            if (reply.code() >= 400) {
                return reply;
            }
        }
        return data(message);
    }

    Reply read() throws IOException {
        StringBuilder text = new StringBuilder();
        while (true) {
            String line = readLine();
            if (line == null) {
                throw new IOException("connection closed while waiting for a reply; got " + text);
            }
            text.append(line).append('\n');
            if (line.length() == 3 || line.length() > 3 && line.charAt(3) == ' ') {
                return new Reply(Integer.parseInt(line.substring(0, 3)), text.toString().trim());
            }
        }
    }

    /** True when the server closed the connection before sending anything more. */
    boolean closedByServer() throws IOException {
        try {
            return in.read() < 0;
        } catch (SocketException e) {
            return true;
        }
    }

    private String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0) {
            if (b == '\n') {
                String s = line.toString(StandardCharsets.UTF_8);
                return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
            }
            line.write(b);
        }
        return line.size() == 0 ? null : line.toString(StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
