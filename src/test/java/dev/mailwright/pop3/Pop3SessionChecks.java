package dev.mailwright.pop3;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.slf4j.LoggerFactory;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.security.crypto.password.PasswordEncoder;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;

import dev.mailwright.MailwrightApplication;
import dev.mailwright.net.ListenerManager;
import dev.mailwright.net.TestPorts;
import dev.mailwright.store.AccountId;
import dev.mailwright.store.AccountStore;
import dev.mailwright.store.Flags;
import dev.mailwright.store.MailStore;
import dev.mailwright.store.MailboxInfo;
import dev.mailwright.store.MessageSource;
import dev.mailwright.store.SystemFlag;
import dev.mailwright.store.UidSet;

/**
 * The properties the POP3 fuzz target ({@code dev.mailwright.fuzz.Pop3SessionFuzzTest}) checks on arbitrary client
 * bytes: they go, as one connection, to the real POP3 listener of a real application (H2 store, the one
 * authenticator) whose account {@link #USER} has three messages in its INBOX: one with CRLF line ends, one stored
 * with bare LF and leading dots, one without a last line end. Each input gets a fresh copy of that INBOX.
 */
public final class Pop3SessionChecks {
    public static final String USER = "fuzz@example.test";
    public static final String PASSWORD = "fuzz-secret";
    private static final int READ_TIMEOUT_MILLIS = 20_000;
    private static final String STLS_OK = "+OK Begin TLS negotiation\r\n";
    private static final Pattern RETR_OK = Pattern.compile("\\+OK (\\d+) octets");
    private static final String[] MESSAGES = {
        "From: a@example.test\r\nSubject: one\r\n\r\nfirst body\r\n.leading dot\r\n",
        "From: b@example.test\nSubject: two\n\n..two dots\n.\nbare lf\n",
        "From: c@example.test\r\nSubject: three\r\n\r\nno last line end",
    };
    private static final Server SERVER = new Server();

    private Pop3SessionChecks() {
    }

    /** Starts the application (about a minute on a loaded machine): call it before the first input's time budget. */
    public static void start() {
        assertThat(SERVER.port).isPositive();
    }

    /** Fails with an AssertionError (or the unexpected exception) when one of the properties does not hold. */
    public static void check(byte[] input) throws IOException {
        SERVER.resetInbox();
        SERVER.errors.clear();
        String output = SERVER.session(input);
        assertThat(SERVER.errors).as("errors the server logged").isEmpty();
        checkOutput(output);
    }

    /**
     * The session answered in CRLF lines, greeted first, never said the maildrop was in use (no lock outlives its
     * session), and every RETR sent exactly the octets its {@code +OK} announced (RFC 1939 §5 and §11).
     */
    private static void checkOutput(String session) {
        assertThat(session).as("the greeting").startsWith("+OK ");
        // after STLS's +OK the bytes are TLS records (a handshake our input cannot complete)
        int tls = session.indexOf(STLS_OK);
        String output = tls < 0 ? session : session.substring(0, tls + STLS_OK.length());
        assertThat(output).as("the output ends with a line end").endsWith("\r\n");
        String[] lines = output.substring(0, output.length() - 2).split("\r\n", -1);
        for (String line : lines) {
            assertThat(line).as("a line without a bare CR or LF").doesNotContain("\r", "\n");
            assertThat(line).as("the maildrop lock of an earlier session").doesNotContain("[IN-USE]");
        }
        for (int i = 0; i < lines.length; i++) {
            Matcher retr = RETR_OK.matcher(lines[i]);
            if (!retr.matches()) {
                continue;
            }
            long announced = Long.parseLong(retr.group(1));
            long sent = 0;
            int j = i + 1;
            for (; j < lines.length && !lines[j].equals("."); j++) {
                String line = lines[j];
                sent += (line.startsWith(".") ? line.length() - 1 : line.length()) + 2;
            }
            assertThat(j).as("the terminating dot of the RETR at line %d", i).isLessThan(lines.length);
            assertThat(sent).as("octets sent after %s", lines[i]).isEqualTo(announced);
            i = j;
        }
    }

    /** The application, started once per JVM, with limits that let one client connect many times a second. */
    private static final class Server {
        final ConcurrentLinkedQueue<String> errors = new ConcurrentLinkedQueue<>();
        private final MailStore store;
        private final AccountId account;
        private final int port;

        Server() {
            int pop3 = TestPorts.freePort();
            Map<String, Object> properties = new HashMap<>();
            try {
                properties.put("mailwright.data-dir", Files.createTempDirectory("mailwright-pop3-fuzz-").toString());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            properties.put("mailwright.domains", "example.test");
            for (String listener : new String[] {"smtp", "submission", "submissions", "imap", "imaps", "pop3s", "managesieve"}) {
                properties.put("mailwright." + listener + ".port", "0");
            }
            properties.put("mailwright.pop3.port", Integer.toString(pop3));
            properties.put("mailwright.pop3.bind", "127.0.0.1");
            properties.put("mailwright.security.allow-plaintext-auth", "true");
            properties.put("server.port", "0");
            properties.put("logging.level.root", "WARN");
            // one client connecting many times a second, failing logins on purpose: no caps, no throttle, no delay
            for (String unlimited : new String[] {"pop3.max-connections", "pop3.max-unauthenticated", "connections.max-per-ip",
                    "connections.max-unauthenticated-per-ip", "security.max-auth-failures-per-ip",
                    "security.max-auth-failures-per-account", "security.max-auth-failures-per-account-all-networks"}) {
                properties.put("mailwright." + unlimited, "100000000");
            }
            properties.put("mailwright.security.auth-failure-delay", "0s");
            properties.put("mailwright.security.max-auth-failure-delay", "0s");
            // as arguments: they take precedence over application.properties (builder properties would not)
            String[] arguments = properties.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue())
                    .toArray(String[]::new);
            ConfigurableApplicationContext context = new SpringApplicationBuilder(MailwrightApplication.class).run(arguments);
            Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
            AppenderBase<ILoggingEvent> appender = new AppenderBase<>() {
                @Override
                protected void append(ILoggingEvent event) {
                    if (event.getLevel().isGreaterOrEqual(Level.ERROR)) {
                        errors.add(event.getLoggerName() + ": " + event.getFormattedMessage()
                                + Optional.ofNullable(event.getThrowableProxy()).map(t -> " " + t.getClassName() + ": " + t.getMessage()).orElse(""));
                    }
                }
            };
            appender.setContext(root.getLoggerContext());
            appender.start();
            root.addAppender(appender);
            store = context.getBean(MailStore.class);
            AccountStore accounts = context.getBean(AccountStore.class);
            account = accounts.createAccount(USER, context.getBean(PasswordEncoder.class).encode(PASSWORD), false).id();
            port = context.getBean(ListenerManager.class).boundPort("pop3");
        }

        /** The INBOX holds the three messages again (a QUIT after DELE removed some). */
        void resetInbox() {
            MailboxInfo inbox = store.mailbox(account, "INBOX").orElseThrow();
            List<Long> uids = new ArrayList<>();
            store.forEachMeta(inbox.id(), UidSet.ALL, meta -> uids.add(meta.uid()));
            if (uids.size() == MESSAGES.length) {
                return;
            }
            if (!uids.isEmpty()) {
                store.updateFlags(account, inbox.id(), UidSet.of(uids), MailStore.FlagChange.ADD, Flags.of(SystemFlag.DELETED),
                        Optional.empty());
                store.expunge(account, inbox.id(), Optional.of(UidSet.of(uids)));
            }
            for (String message : MESSAGES) {
                store.deliver(MessageSource.of(message.getBytes(StandardCharsets.UTF_8)), List.of(account));
            }
        }

        /** Sends {@code input}, closes the sending side and returns all the server said until it closed. */
        String session(byte[] input) throws IOException {
            try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
                socket.setSoTimeout(READ_TIMEOUT_MILLIS);
                ByteArrayOutputStream received = new ByteArrayOutputStream();
                InputStream in = socket.getInputStream();
                Thread reader = Thread.ofVirtual().start(() -> {
                    try {
                        in.transferTo(received);
                    } catch (IOException ignored) {
                        // a reset after the server closed: what arrived before it is what is checked
                    }
                });
                OutputStream out = socket.getOutputStream();
                try {
                    out.write(input);
                    out.flush();
                    socket.shutdownOutput();
                } catch (IOException ignored) {
                    // the server closed first (too many bad commands, STLS): its answers so far are checked
                }
                try {
                    reader.join();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted", e);
                }
                return received.toString(StandardCharsets.ISO_8859_1);
            }
        }
    }
}
