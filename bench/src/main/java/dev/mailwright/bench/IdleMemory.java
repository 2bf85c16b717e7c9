package dev.mailwright.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Scenario 5: N authenticated connections (accounts u3..u10, INBOX selected) sitting in IDLE. For a JVM
 * ({@code --jvm-pid}) it reports the live heap after a full GC (jcmd GC.run + GC.heap_info) and the RSS; for
 * multi-process servers ({@code --proc-prefix}, e.g. dovecot) the summed PSS of all processes whose command line
 * starts with the prefix. Baseline figures are taken before the first connection.
 */
final class IdleMemory {
    static final String SCENARIO = "idle-memory";
    private static final Pattern USED = Pattern.compile("used (\\d+)K");

    private IdleMemory() {
    }

    static void run(Target t) throws Exception {
        int connections = t.args().size("connections", 2000);
        long pid = Long.parseLong(t.args().string("jvm-pid", "0"));
        String prefix = t.args().string("proc-prefix", "");
        if (pid > 0) {
            t.out().emit(SCENARIO, "baseline_heap_mb", heapAfterGcMb(pid), "MB", Out.Better.LOWER);
            t.out().emit(SCENARIO, "baseline_rss_mb", rssMb(pid), "MB", Out.Better.LOWER);
        } else {
            t.out().emit(SCENARIO, "baseline_pss_mb", pssMb(prefix), "MB", Out.Better.LOWER);
        }
        List<ImapClient> open = Collections.synchronizedList(new ArrayList<>());
        try (ExecutorService pool = Executors.newFixedThreadPool(16)) {
            List<Future<?>> futures = new ArrayList<>();
            for (int i = 0; i < connections; i++) {
                int user = 3 + i % 8;
                futures.add(pool.submit(() -> {
                    ImapClient c = t.imap(user);
                    open.add(c);
                    c.command("SELECT INBOX").require("SELECT");
                    c.idle();
                    return null;
                }));
            }
            try {
                for (Future<?> f : futures) {
                    f.get();
                }
                Thread.sleep(2000);
                t.out().emit(SCENARIO, "connections", open.size(), "count", Out.Better.HIGHER);
                if (pid > 0) {
                    t.out().emit(SCENARIO, "heap_mb", heapAfterGcMb(pid), "MB", Out.Better.LOWER);
                    t.out().emit(SCENARIO, "rss_mb", rssMb(pid), "MB", Out.Better.LOWER);
                } else {
                    t.out().emit(SCENARIO, "pss_mb", pssMb(prefix), "MB", Out.Better.LOWER);
                }
            } finally {
                List<Future<?>> closing = new ArrayList<>();
                for (ImapClient c : List.copyOf(open)) {
                    closing.add(pool.submit(() -> {
                        c.sendRaw("DONE");
                        c.close();
                        return null;
                    }));
                }
                for (Future<?> f : closing) {
                    try {
                        f.get();
                    } catch (Exception e) {
                        System.err.println("closing an IDLE connection: " + e.getMessage());
                    }
                }
            }
        }
    }

    /** Live heap: a full GC first, then the "used" figure of GC.heap_info. */
    static double heapAfterGcMb(long pid) throws IOException, InterruptedException {
        jcmd(pid, "GC.run");
        String info = jcmd(pid, "GC.heap_info");
        Matcher m = USED.matcher(info);
        if (!m.find()) {
            throw new IOException("no heap figure in jcmd output: " + info);
        }
        return Long.parseLong(m.group(1)) / 1024.0;
    }

    private static String jcmd(long pid, String command) throws IOException, InterruptedException {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        Process p = new ProcessBuilder(jcmd.toString(), Long.toString(pid), command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("jcmd " + command + " failed: " + output);
        }
        return output;
    }

    static double rssMb(long pid) throws IOException {
        return statusKb(Path.of("/proc", Long.toString(pid), "status"), "VmRSS:") / 1024.0;
    }

    /** Summed proportional set size of every process whose command line starts with the prefix. */
    static double pssMb(String prefix) throws IOException {
        long kb = 0;
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path proc : procs.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
                try {
                    String cmdline = new String(Files.readAllBytes(proc.resolve("cmdline")), StandardCharsets.UTF_8);
                    if (!prefix.isEmpty() && cmdline.startsWith(prefix)) {
                        kb += statusKb(proc.resolve("smaps_rollup"), "Pss:");
                    }
                } catch (IOException e) {
                    // the process ended while we were reading it
                }
            }
        }
        return kb / 1024.0;
    }

    private static long statusKb(Path file, String key) throws IOException {
        for (String line : Files.readAllLines(file)) {
            if (line.startsWith(key)) {
                return Long.parseLong(line.substring(key.length()).trim().split("\\s+")[0]);
            }
        }
        throw new IOException(key + " not found in " + file);
    }
}
