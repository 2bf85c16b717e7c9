package dev.mailwright.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Scenario 6: from {@code --start-ms} (epoch milliseconds taken just before the server process was launched)
 * until every port in {@code --ports} accepts a TCP connection on 127.0.0.1.
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
