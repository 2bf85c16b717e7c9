package dev.mailwright.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Scenario 6: from {@code --start-ms} (epoch milliseconds taken just before the server process was launched)
 * until every port in {@code --ports} accepts a TCP connection on 127.0.0.1; with {@code --ready-user} also until
 * the server accepts that account as an SMTP recipient ({@code --smtp-port}).
 */
final class WaitPorts {
    private WaitPorts() {
    }

    static void run(Args args, Out out) throws Exception {
        long startMs = Long.parseLong(args.required("start-ms"));
        long deadline = System.currentTimeMillis() + args.integer("timeout-seconds", 180) * 1000L;
        List<Integer> pending = new ArrayList<>(Arrays.stream(args.required("ports").split(","))
                .map(String::trim).map(Integer::parseInt).toList());
        while (!pending.isEmpty()) {
            pending.removeIf(WaitPorts::accepts);
            if (pending.isEmpty()) {
                break;
            }
            if (System.currentTimeMillis() > deadline) {
                throw new IOException("ports never accepted: " + pending);
            }
            Thread.sleep(10);
        }
        out.emit("startup", "startup_ms", System.currentTimeMillis() - startMs, "ms", Out.Better.LOWER);
        String readyUser = args.string("ready-user", "");
        if (readyUser.isEmpty()) {
            return;
        }
        // Accounts may be created after the listeners opened: wait until the last one is accepted as an SMTP
        // recipient. (Probing with IMAP LOGIN would count as failed logins and trip the brute-force throttle.)
        int smtpPort = args.integer("smtp-port", 2525);
        while (!SmtpClient.acceptsRecipient(smtpPort, readyUser)) {
            if (System.currentTimeMillis() > deadline) {
                throw new IOException(readyUser + " never became a valid recipient");
            }
            Thread.sleep(100);
        }
        out.emit("startup", "accounts_ready_ms", System.currentTimeMillis() - startMs, "ms", Out.Better.LOWER);
    }

    private static boolean accepts(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
