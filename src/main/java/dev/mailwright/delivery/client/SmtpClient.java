package dev.mailwright.delivery.client;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

import dev.mailwright.store.MessageSource;

/**
 * The outbound SMTP client (RFC 5321): EHLO with HELO fallback, STARTTLS per {@link TlsPolicy}, AUTH
 * PLAIN when credentials are given, SIZE/8BITMIME/SMTPUTF8 parameters only when offered, pipelined
 * MAIL+RCPT when PIPELINING is offered, one connection reusable for several transactions (RSET between).
 * Timeouts follow RFC 5321 §4.5.3.2.
 */
public final class SmtpClient implements AutoCloseable {
    static final Duration GREETING_TIMEOUT = Duration.ofMinutes(5);
    static final Duration COMMAND_TIMEOUT = Duration.ofMinutes(5);
    static final Duration DATA_INIT_TIMEOUT = Duration.ofMinutes(2);
    static final Duration DATA_BLOCK_TIMEOUT = Duration.ofMinutes(3);
    static final Duration DATA_END_TIMEOUT = Duration.ofMinutes(10);
    private static final int MAX_REPLY_LINE = 4096;

    private final String host;
    private Socket socket;
    private InputStream in;
    private OutputStream out;
    private final Map<String, String> extensions = new HashMap<>();
    private boolean usedTransaction;

    private SmtpClient(String host, Socket socket) throws IOException {
        this.host = host;
        attach(socket);
    }

    /** Connects, reads the greeting, says EHLO, upgrades to TLS per policy and authenticates if asked. */
    public static SmtpClient connect(String host, int port, String heloName, TlsPolicy tls, SSLSocketFactory tlsFactory,
                                     Optional<Credentials> credentials, Duration connectTimeout) throws IOException {
        Socket plain = new Socket();
        try {
            plain.connect(new InetSocketAddress(host, port), (int) connectTimeout.toMillis());
            Socket socket = plain;
            if (tls == TlsPolicy.IMPLICIT) {
                socket = handshake(tlsFactory, plain, host, port);
            }
            SmtpClient client = new SmtpClient(host, socket);
            client.expect(client.readReply(GREETING_TIMEOUT), "greeting");
            client.hello(heloName);
            if (tls == TlsPolicy.OPPORTUNISTIC || tls == TlsPolicy.REQUIRED_STARTTLS) {
                if (client.extensions.containsKey("STARTTLS")) {
                    client.expect(client.command("STARTTLS", COMMAND_TIMEOUT), "STARTTLS");
                    client.attach(handshake(tlsFactory, client.socket, host, port));
                    client.extensions.clear();
                    client.hello(heloName);
                } else if (tls == TlsPolicy.REQUIRED_STARTTLS) {
                    throw new SmtpClientException(host + " does not offer STARTTLS, which is required", null);
                }
            }
            if (credentials.isPresent()) {
                client.authenticate(credentials.get());
            }
            return client;
        } catch (IOException | RuntimeException e) {
            plain.close();
            throw e;
        }
    }

    public String host() {
        return host;
    }

    public boolean supports(String extension) {
        return extensions.containsKey(extension.toUpperCase(Locale.ROOT));
    }

    /** The SIZE limit the server announced, if any (RFC 1870); 0 means "no fixed limit". */
    public Optional<Long> sizeLimit() {
        String value = extensions.get("SIZE");
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Long.parseLong(value.trim()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    public boolean isSecure() {
        return socket instanceof SSLSocket;
    }

    /**
     * One mail transaction. Returns the reply for each recipient, in order; the message is sent when at
     * least one recipient was accepted, and then the final reply applies to every accepted recipient.
     * Throws when the whole transaction fails (MAIL refused, DATA refused, connection lost).
     */
    public List<SmtpReply> send(String sender, List<String> recipients, MessageSource message, MessageTraits traits)
            throws IOException {
        if (usedTransaction) {
            expect(command("RSET", COMMAND_TIMEOUT), "RSET");
        }
        usedTransaction = true;
        StringBuilder mail = new StringBuilder("MAIL FROM:<").append(sender).append('>');
        if (supports("SIZE")) {
            mail.append(" SIZE=").append(message.size());
        }
        if (traits.eightBit()) {
            if (!supports("8BITMIME")) {   // RFC 6152 §3: convert or return; we return it to the sender
                throw new SmtpClientException(host + " does not accept 8-bit content", new SmtpReply(554,
                        List.of("5.6.3 remote server does not support 8BITMIME; message has 8-bit content")));
            }
            mail.append(" BODY=8BITMIME");
        }
        if (traits.internationalized()) {
            if (!supports("SMTPUTF8")) {
                throw new SmtpClientException(host + " does not support SMTPUTF8", new SmtpReply(553,
                        List.of("5.6.7 remote server cannot receive internationalized addresses")));
            }
            mail.append(" SMTPUTF8");
        }
        List<SmtpReply> rcptReplies = new ArrayList<>();
        SmtpReply mailReply;
        if (supports("PIPELINING")) {
            StringBuilder batch = new StringBuilder(mail).append("\r\n");
            for (String rcpt : recipients) {
                batch.append("RCPT TO:<").append(rcpt).append(">\r\n");
            }
            write(batch.toString());
            mailReply = readReply(COMMAND_TIMEOUT);
            for (int i = 0; i < recipients.size(); i++) {
                rcptReplies.add(readReply(COMMAND_TIMEOUT));
            }
            expect(mailReply, "MAIL FROM");
        } else {
            expect(command(mail.toString(), COMMAND_TIMEOUT), "MAIL FROM");
            for (String rcpt : recipients) {
                rcptReplies.add(command("RCPT TO:<" + rcpt + ">", COMMAND_TIMEOUT));
            }
        }
        if (rcptReplies.stream().noneMatch(SmtpReply::isPositive)) {
            return rcptReplies;
        }
        SmtpReply dataReply = command("DATA", DATA_INIT_TIMEOUT);
        if (dataReply.code() != 354) {
            throw new SmtpClientException("DATA refused by " + host, dataReply);
        }
        socket.setSoTimeout((int) DATA_BLOCK_TIMEOUT.toMillis());
        try (InputStream body = message.open()) {
            DotStuffing.write(body, out);
        }
        out.write(".\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        SmtpReply finalReply = readReply(DATA_END_TIMEOUT);
        List<SmtpReply> result = new ArrayList<>();
        for (SmtpReply r : rcptReplies) {
            result.add(r.isPositive() ? finalReply : r);
        }
        return result;
    }

    @Override
    public void close() {
        try {
            if (!socket.isClosed()) {
                write("QUIT\r\n");
                readReply(Duration.ofSeconds(10));
            }
        } catch (IOException ignored) {
            // the server may already have closed; QUIT is a courtesy
        } finally {
            try {
                socket.close();
            } catch (IOException ignored) {
                // nothing left to release
            }
        }
    }

    private void hello(String heloName) throws IOException {
        SmtpReply ehlo = command("EHLO " + heloName, COMMAND_TIMEOUT);
        if (ehlo.code() == 250) {
            for (String line : ehlo.lines().subList(1, ehlo.lines().size())) {
                String[] parts = line.trim().split(" ", 2);
                extensions.put(parts[0].toUpperCase(Locale.ROOT), parts.length > 1 ? parts[1] : "");
            }
            return;
        }
        expect(command("HELO " + heloName, COMMAND_TIMEOUT), "HELO");
    }

    private void authenticate(Credentials credentials) throws IOException {
        String auth = extensions.getOrDefault("AUTH", "").toUpperCase(Locale.ROOT);
        if (!List.of(auth.split(" ")).contains("PLAIN")) {
            throw new SmtpClientException(host + " offers no AUTH PLAIN", null);
        }
        String token = Base64.getEncoder().encodeToString(("\0" + credentials.username() + "\0" + credentials.password())
                .getBytes(StandardCharsets.UTF_8));
        expect(command("AUTH PLAIN " + token, COMMAND_TIMEOUT), "AUTH");
    }

    private SmtpReply command(String line, Duration timeout) throws IOException {
        write(line + "\r\n");
        return readReply(timeout);
    }

    private void write(String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private void expect(SmtpReply reply, String step) throws SmtpClientException {
        if (!reply.isPositive()) {
            throw new SmtpClientException(step + " refused by " + host, reply);
        }
    }

    SmtpReply readReply(Duration timeout) throws IOException {
        socket.setSoTimeout((int) timeout.toMillis());
        List<String> lines = new ArrayList<>();
        while (true) {
            String line = readLine();
            if (line.length() < 3 || !Character.isDigit(line.charAt(0)) || !Character.isDigit(line.charAt(1))
                    || !Character.isDigit(line.charAt(2)) || (line.length() > 3 && line.charAt(3) != ' ' && line.charAt(3) != '-')) {
                throw new SmtpClientException("malformed reply from " + host + ": " + line, null);
            }
            int code = Integer.parseInt(line.substring(0, 3));
            lines.add(line.length() > 4 ? line.substring(4) : "");
            if (line.length() == 3 || line.charAt(3) == ' ') {
                return new SmtpReply(code, List.copyOf(lines));
            }
        }
    }

    private String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(128);
        int b;
        while ((b = in.read()) != -1) {
            if (b == '\n') {
                byte[] bytes = line.toByteArray();
                int len = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, len, StandardCharsets.UTF_8);
            }
            if (line.size() >= MAX_REPLY_LINE) {
                throw new SmtpClientException("reply line too long from " + host, null);
            }
            line.write(b);
        }
        throw new SmtpClientException("connection closed by " + host, null);
    }

    private void attach(Socket s) throws IOException {
        this.socket = s;
        this.in = new BufferedInputStream(s.getInputStream());
        this.out = new BufferedOutputStream(s.getOutputStream());
    }

    private static SSLSocket handshake(SSLSocketFactory factory, Socket plain, String host, int port) throws IOException {
        SSLSocket tls = (SSLSocket) factory.createSocket(plain, host, port, true);
        tls.setUseClientMode(true);
        tls.startHandshake();
        return tls;
    }

    /** Login for a smarthost or a route. */
    public record Credentials(String username, String password) {
        @Override
        public String toString() {
            return "Credentials[" + username + "]";
        }
    }

    /** What the message needs from the remote server. */
    public record MessageTraits(boolean eightBit, boolean internationalized) {
        public static final MessageTraits SEVEN_BIT = new MessageTraits(false, false);
    }
}
