package dev.mailwright.delivery.client;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * A tiny remote SMTP server for client tests: answers each command through a script function and keeps
 * a transcript of what the client sent, including the DATA content as received on the wire.
 */
public final class ScriptedSmtpServer implements AutoCloseable {
    public final List<String> received = new CopyOnWriteArrayList<>();
    public final List<String> messages = new CopyOnWriteArrayList<>();
    private final ServerSocket server;
    private final Thread thread;

    /** {@code script} maps a command line to the reply (without CRLF; may contain several lines joined by CRLF). */
    public ScriptedSmtpServer(String ehloReply, Function<String, String> script) throws IOException {
        server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
        thread = Thread.ofVirtual().start(() -> {
            while (!server.isClosed()) {
                try (Socket s = server.accept()) {
                    s.setSoTimeout(10_000);
                    serve(s, ehloReply, script);
                } catch (IOException e) {
                    return;
                }
            }
        });
    }

    public int port() {
        return server.getLocalPort();
    }

    private void serve(Socket s, String ehloReply, Function<String, String> script) throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
        OutputStream out = s.getOutputStream();
        out.write("220 remote.test ESMTP\r\n".getBytes(StandardCharsets.US_ASCII));
        String line;
        while ((line = in.readLine()) != null) {
            received.add(line);
            String upper = line.toUpperCase();
            String reply;
            if (upper.startsWith("EHLO")) {
                reply = ehloReply;
            } else if (upper.equals("DATA")) {
                String r = script.apply(line);
                out.write((r + "\r\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                if (!r.startsWith("354")) {
                    continue;
                }
                StringBuilder data = new StringBuilder();
                String dataLine;
                while ((dataLine = in.readLine()) != null && !dataLine.equals(".")) {
                    data.append(dataLine).append("\r\n");
                }
                messages.add(data.toString());
                reply = script.apply(".");
            } else if (upper.equals("QUIT")) {
                out.write("221 bye\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                return;
            } else {
                reply = script.apply(line);
            }
            out.write((reply + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        thread.interrupt();
    }
}
