package dev.mailwright.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

/**
 * Scenario 1: N parallel SMTP connections deliver M messages of a fixed size to local recipients. Measures the
 * server's acknowledgement (final 250 after DATA), which both Mailwright and Postfix give only once the message
 * is on disk. With {@code --maildir-root} it also waits until every message has reached a Maildir {@code new/}.
 * With {@code --jvm-pid} (Mailwright) it also reports the server's CPU time per message (user + system, all
 * threads, JIT included, from {@code /proc/<pid>/stat}): less sensitive to a shared machine than the rate; and the
 * part of it that the JVM's JIT compiler threads used (from {@code /proc/<pid>/task/}): what a pass still spends on
 * compiling rather than on mail.
 */
final class SmtpIngest {
    private SmtpIngest() {
    }

    static void run(Target t) throws Exception {
        int size = t.args().integer("size", 2048);
        int connections = t.args().integer("connections", 20);
        int messages = t.args().size("messages", 5000);
        long deadline = System.nanoTime() + t.args().integer("max-seconds", 900) * 1_000_000_000L;
        // --pass=warm / steady: the same run again on a server that has already taken one or two (its JIT compiling less
        // with every pass)
        String pass = t.args().string("pass", "");
        String scenario = "smtp-ingest-" + (size >= 1024 ? size / 1024 + "k" : size + "b") + (pass.isEmpty() ? "" : "-" + pass);
        String maildirRoot = t.args().string("maildir-root", "");
        long deliveredBefore = maildirRoot.isEmpty() ? 0 : countDelivered(Path.of(maildirRoot));

        byte[][] bodies = new byte[64][];
        for (int i = 0; i < bodies.length; i++) {
            bodies[i] = Corpus.message(i, size, "sender@bench.client.test", t.smtpRecipient(i));
        }
        long[] latency = new long[messages];
        AtomicInteger next = new AtomicInteger();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        CyclicBarrier ready = new CyclicBarrier(connections + 1);
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < connections; c++) {
            threads.add(Thread.ofPlatform().name("smtp-" + c).start(() -> {
                try (SmtpClient client = new SmtpClient(t.smtpPort())) {
                    ready.await();
                    int i;
                    while ((i = next.getAndIncrement()) < messages && failure.get() == null) {
                        if (System.nanoTime() > deadline) {
                            throw new IOException("time limit reached after " + i + " messages");
                        }
                        long t0 = System.nanoTime();
                        client.send("sender@bench.client.test", t.smtpRecipient(i), bodies[i % bodies.length]);
                        latency[i] = System.nanoTime() - t0;
                    }
                } catch (Exception e) {
                    failure.compareAndSet(null, e);
                    ready.reset();
                }
            }));
        }
        try {
            ready.await();
        } catch (java.util.concurrent.BrokenBarrierException e) {
            // a connection failed before the start; its cause is in failure and reported below
        }
        long pid = Long.parseLong(t.args().string("jvm-pid", "0"));
        long cpuBefore = pid > 0 ? cpuTicks(pid) : 0;
        long jitBefore = pid > 0 ? compilerTicks(pid) : 0;
        String database = t.args().string("db-proc-prefix", "");   // PostgreSQL's processes, counted apart
        long dbBefore = database.isEmpty() ? 0 : cpuTicksOfPrefix(database);
        long start = System.nanoTime();
        for (Thread th : threads) {
            th.join();
        }
        double elapsedMs = Stats.millisSince(start);
        if (failure.get() != null) {
            throw new IOException(scenario + " failed", failure.get());
        }
        t.out().emit(scenario, "msgs_per_s", messages / (elapsedMs / 1000), "msg/s", Out.Better.HIGHER);
        t.out().emit(scenario, "p50_ms", Stats.percentileMillis(latency, 50), "ms", Out.Better.LOWER);
        t.out().emit(scenario, "p99_ms", Stats.percentileMillis(latency, 99), "ms", Out.Better.LOWER);
        if (pid > 0) {
            // clock ticks are 10 ms on Linux (CLK_TCK = 100)
            t.out().emit(scenario, "cpu_ms_per_msg", (cpuTicks(pid) - cpuBefore) * 10.0 / messages, "ms", Out.Better.LOWER);
            t.out().emit(scenario, "jit_cpu_ms_per_msg", (compilerTicks(pid) - jitBefore) * 10.0 / messages, "ms",
                    Out.Better.LOWER);
        }
        if (!database.isEmpty()) {
            t.out().emit(scenario, "db_cpu_ms_per_msg", (cpuTicksOfPrefix(database) - dbBefore) * 10.0 / messages, "ms",
                    Out.Better.LOWER);
        }
        if (!maildirRoot.isEmpty()) {
            long target = deliveredBefore + messages;
            long deliveryDeadline = System.nanoTime() + t.args().integer("delivery-seconds", 120) * 1_000_000_000L;
            while (countDelivered(Path.of(maildirRoot)) < target) {
                if (System.nanoTime() > deliveryDeadline) {
                    throw new IOException("messages not delivered to " + maildirRoot + " in time");
                }
                Thread.sleep(20);
            }
            double deliveredMs = Stats.millisSince(start);
            t.out().emit(scenario, "delivered_msgs_per_s", messages / (deliveredMs / 1000), "msg/s",
                    Out.Better.HIGHER);
        }
    }

    /** utime + stime of a process, in clock ticks (fields 14 and 15 of /proc/<pid>/stat). */
    static long cpuTicks(long pid) throws IOException {
        return ownTicks(Files.readString(Path.of("/proc", Long.toString(pid), "stat")));
    }

    /** utime + stime of a {@code stat} line of a process or thread (the name in brackets may hold spaces). */
    private static long ownTicks(String stat) {
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }

    /**
     * utime + stime of the JVM's JIT compiler threads ("C1 CompilerThre…", "C2 CompilerThre…" in
     * {@code /proc/<pid>/task/<tid>/stat}). A compiler thread the JVM ends when its queue stays empty takes its ticks
     * with it; with the default thread count on two cores (one C1, one C2) none ends.
     */
    static long compilerTicks(long pid) throws IOException {
        long ticks = 0;
        try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : tasks.toList()) {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                    if (name.startsWith("C1 CompilerThre") || name.startsWith("C2 CompilerThre")) {
                        ticks += ownTicks(stat);
                    }
                } catch (IOException e) {
                    // the thread ended while we were reading it
                }
            }
        }
        return ticks;
    }

    /**
     * CPU clock ticks of a multi-process server: utime + stime + cutime + cstime of every process whose command line,
     * or whose program's file name, starts with {@code prefix}. A child that ended was reaped by its master, whose cutime/cstime then hold its whole
     * CPU, so the sum only grows and a difference of two readings is the server's CPU between them.
     */
    static long cpuTicksOfPrefix(String prefix) throws IOException {
        long ticks = 0;
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path proc : procs.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
                try {
                    String cmdline = new String(Files.readAllBytes(proc.resolve("cmdline")), java.nio.charset.StandardCharsets.UTF_8);
                    String program = cmdline.split("\u0000", 2)[0];
                    // children name themselves "dovecot/imap"; the master runs as /usr/sbin/dovecot
                    if (cmdline.startsWith(prefix) || program.substring(program.lastIndexOf('/') + 1).startsWith(prefix)) {
                        String stat = Files.readString(proc.resolve("stat"));
                        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                        ticks += Long.parseLong(fields[11]) + Long.parseLong(fields[12]) + Long.parseLong(fields[13])
                                + Long.parseLong(fields[14]);
                    }
                } catch (IOException e) {
                    // the process ended while we were reading it: its master's cutime holds it from now on
                }
            }
        }
        return ticks;
    }

    /** Files in every Maildir {@code new/} below root. */
    static long countDelivered(Path root) throws IOException {
        if (!Files.isDirectory(root)) {
            return 0;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(p -> p.getParent() != null && p.getParent().getFileName().toString().equals("new"))
                    .filter(Files::isRegularFile).count();
        }
    }
}
