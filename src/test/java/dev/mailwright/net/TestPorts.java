package dev.mailwright.net;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Ports for listeners that tests start on a fixed number. A port the kernel hands out for {@code new ServerSocket(0)}
 * lies in the ephemeral range, so between the moment a test learns it and the moment its server binds it, any outgoing
 * connection of the same JVM (a JDBC pool, a client of another test) may take it as its local port, and the server
 * then fails to start. The ports here come from just below the ephemeral range, which the kernel never assigns to
 * outgoing connections, and each one is handed out once per JVM, so a listener a previous test left closing is never
 * asked for again. Surefire's parallel forks (system property {@code mailwright.test.fork}, 1, 2, ...) start in
 * different quarters of the span, so two JVMs never probe the same ports at the same time.
 */
public final class TestPorts {
    private static final int SPAN = 10_000;
    private static final int FIRST = firstPort();
    private static final AtomicInteger NEXT = new AtomicInteger(firstOffset());

    private TestPorts() {
    }

    /** A port no socket was bound to a moment ago, outside the kernel's ephemeral range. */
    public static int freePort() {
        for (int attempt = 0; attempt < SPAN; attempt++) {
            int port = FIRST + Math.floorMod(NEXT.getAndIncrement(), SPAN);
            if (bindable(port)) {
                return port;
            }
        }
        throw new IllegalStateException("no free port between " + FIRST + " and " + (FIRST + SPAN));
    }

    private static boolean bindable(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Where this JVM starts in the span: its fork's quarter, or a spot derived from the pid outside surefire. */
    private static int firstOffset() {
        String fork = System.getProperty("mailwright.test.fork", "");
        if (!fork.isBlank() && fork.chars().allMatch(Character::isDigit) && fork.length() < 4) {
            return Math.floorMod((Integer.parseInt(fork) - 1) * (SPAN / 4), SPAN);
        }
        return (int) Math.floorMod(ProcessHandle.current().pid() * 211, SPAN);
    }

    /** The {@link #SPAN} ports just below the ephemeral range (Linux: its lower bound; elsewhere 32768). */
    private static int firstPort() {
        int ephemeralStart = 32_768;
        Path range = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
        try {
            if (Files.isReadable(range)) {
                ephemeralStart = Integer.parseInt(Files.readString(range).trim().split("\\s+")[0]);
            }
        } catch (IOException | RuntimeException e) {
            throw new UncheckedIOException(new IOException("cannot read " + range, e));
        }
        return Math.max(1_024, ephemeralStart - SPAN);
    }
}
