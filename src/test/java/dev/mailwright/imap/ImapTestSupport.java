package dev.mailwright.imap;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

import org.springframework.test.context.DynamicPropertyRegistry;
import dev.mailwright.net.TestPorts;

/** Property wiring shared by the IMAP Spring tests: a fresh data dir, listeners off unless asked for. */
final class ImapTestSupport {
    private ImapTestSupport() {
    }

    static Path common(DynamicPropertyRegistry registry) {
        Path dir;
        try {
            dir = Files.createTempDirectory("mailwright-imap-test-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        registry.add("mailwright.data-dir", dir::toString);
        registry.add("mailwright.domains", () -> "example.test");
        for (String listener : new String[] {"smtp", "submission", "submissions", "imap", "imaps"}) {
            registry.add("mailwright." + listener + ".port", () -> "0");
        }
        registry.add("server.port", () -> "0");
        registry.add("mailwright.security.allow-plaintext-auth", () -> "true");
        return dir;
    }

    /** Turns a listener on, on a free port of the loopback address only; returns the port. */
    static int loopbackListener(DynamicPropertyRegistry registry, String listener) {
        int port = TestPorts.freePort();
        registry.add("mailwright." + listener + ".port", () -> Integer.toString(port));
        registry.add("mailwright." + listener + ".bind", () -> "127.0.0.1");
        return port;
    }


    static String uniqueAddress(String user) {
        return user + "-" + UUID.randomUUID().toString().substring(0, 8) + "@example.test";
    }
}
