package dev.mailwright.bench;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Scenario 3: C clients for S seconds. Client i works in its own mailbox {@code mix<i>} of account u(3 + i % 8),
 * seeded before the clock starts, and loops over a fixed mix: body fetch 30 %, header fetch of the newest 20
 * 15 %, flag store 20 %, append 15 %, delete+expunge 15 %, logout/login/select 5 %. Each command is one operation.
 * {@code --relogin-percent=P} (default 5) gives logout/login/select P % and scales the rest to share 100 - P: 10 is the
 * share real clients that reconnect give LOGIN (issue 17), 0 the command path alone; either names the scenario
 * {@code imap-mixed-C-loginP}.
 */
final class ImapMixed {
    private ImapMixed() {
    }

    static void run(Target t) throws Exception {
        int clients = t.args().integer("clients", 10);
        int seconds = t.args().size("seconds", 30);
        int seed = t.args().integer("seed", 100);
        int relogin = t.args().integer("relogin-percent", 5);
        if (relogin < 0 || relogin > 100) {
            throw new IllegalArgumentException("--relogin-percent must be 0..100");
        }
        String pass = t.args().string("pass", "");   // "warm": the same load again on a server that has run it once
        String scenario = "imap-mixed-" + clients + (relogin == 5 ? "" : "-login" + relogin) + (pass.isEmpty() ? "" : "-" + pass);
        AtomicLong ops = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        CyclicBarrier ready = new CyclicBarrier(clients + 1);
        long[][] latencies = new long[clients][];
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            int client = i;
            threads.add(Thread.ofPlatform().name("mixed-" + i).start(() -> {
                try {
                    latencies[client] = new Worker(t, client, seed, relogin).run(ready, seconds, ops, errors);
                } catch (Exception e) {
                    failure.compareAndSet(null, e);
                    ready.reset();
                }
            }));
        }
        try {
            ready.await();
        } catch (BrokenBarrierException e) {
            // reported through failure below
        }
        long pid = Long.parseLong(t.args().string("jvm-pid", "0"));
        String prefix = t.args().string("proc-prefix", "");   // Dovecot: a process per connection, and its helpers
        long cpuBefore = pid > 0 ? SmtpIngest.cpuTicks(pid) : prefix.isEmpty() ? 0 : SmtpIngest.cpuTicksOfPrefix(prefix);
        String database = t.args().string("db-proc-prefix", "");   // PostgreSQL's processes, counted apart
        long dbBefore = database.isEmpty() ? 0 : SmtpIngest.cpuTicksOfPrefix(database);
        long start = System.nanoTime();
        for (Thread th : threads) {
            th.join();
        }
        double elapsedMs = Stats.millisSince(start);
        if (failure.get() != null) {
            throw new IOException(scenario + " failed", failure.get());
        }
        long[] all = Arrays.stream(latencies).flatMapToLong(Arrays::stream).toArray();
        t.out().emit(scenario, "ops_per_s", ops.get() / (elapsedMs / 1000), "op/s", Out.Better.HIGHER);
        t.out().emit(scenario, "p50_ms", Stats.percentileMillis(all, 50), "ms", Out.Better.LOWER);
        t.out().emit(scenario, "p99_ms", Stats.percentileMillis(all, 99), "ms", Out.Better.LOWER);
        t.out().emit(scenario, "errors", errors.get(), "count", Out.Better.LOWER);
        if ((pid > 0 || !prefix.isEmpty()) && ops.get() > 0) {
            // the server's CPU (user + system, all threads or processes) per operation; clock ticks are 10 ms on Linux
            long cpuAfter = pid > 0 ? SmtpIngest.cpuTicks(pid) : SmtpIngest.cpuTicksOfPrefix(prefix);
            t.out().emit(scenario, "cpu_ms_per_op", (cpuAfter - cpuBefore) * 10.0 / ops.get(), "ms", Out.Better.LOWER);
        }
        if (!database.isEmpty() && ops.get() > 0) {
            long dbAfter = SmtpIngest.cpuTicksOfPrefix(database);
            t.out().emit(scenario, "db_cpu_ms_per_op", (dbAfter - dbBefore) * 10.0 / ops.get(), "ms", Out.Better.LOWER);
        }
    }

    private static final class Worker {
        private final Target t;
        private final int user;
        private final String mailbox;
        private final Random random;
        private final int seed;
        private final int relogin;
        private final List<Long> uids = new ArrayList<>();
        private final byte[] message;
        private ImapClient c;
        private long[] lat = new long[1024];
        private int n;

        Worker(Target t, int client, int seed, int relogin) {
            this.t = t;
            this.relogin = relogin;
            this.user = 3 + client % 8;
            this.mailbox = "mix" + client;
            this.random = new Random(client);
            this.seed = seed;
            this.message = Corpus.message(client, 2048, "sender@bench.client.test", t.imapUser(user));
        }

        long[] run(CyclicBarrier ready, int seconds, AtomicLong ops, AtomicLong errors)
                throws Exception {
            c = t.imap(user);
            c.command("CREATE " + mailbox); // NO when it exists from an earlier run on the same server: fine
            for (int i = 0; i < seed; i++) {
                long uid = c.append(mailbox, "", message).require("APPEND seed").appendUid();
                ImapSingle.check(uid > 0, "the server must answer APPEND with APPENDUID (UIDPLUS)");
                uids.add(uid);
            }
            c.command("SELECT " + mailbox).require("SELECT");
            ready.await(120, java.util.concurrent.TimeUnit.SECONDS);
            long end = System.nanoTime() + seconds * 1_000_000_000L;
            while (System.nanoTime() < end) {
                long t0 = System.nanoTime();
                boolean ok = step();
                record(System.nanoTime() - t0);
                ops.incrementAndGet();
                if (!ok) {
                    errors.incrementAndGet();
                }
            }
            c.close();
            return Arrays.copyOf(lat, n);
        }

        private boolean step() throws IOException {
            int draw = random.nextInt(100);
            // the relogin share first; the other draws map onto the 95 % of the original mix (identity at 5 %)
            int r = draw < relogin ? 95 : (draw - relogin) * 95 / (100 - relogin);
            if (r < 30) {
                return c.command("UID FETCH " + anyUid() + " (BODY.PEEK[])").ok();
            } else if (r < 45) {
                long from = uids.get(Math.max(0, uids.size() - 20));
                return c.command("UID FETCH " + from + ":* (FLAGS ENVELOPE)").ok();
            } else if (r < 65) {
                return c.command("UID STORE " + anyUid() + (random.nextBoolean() ? " +" : " -") + "FLAGS (\\Seen)").ok();
            } else if (r < 80 || uids.size() < 10) {
                ImapClient.Response append = c.append(mailbox, "", message);
                if (append.appendUid() > 0) {
                    uids.add(append.appendUid());
                }
                return append.ok();
            } else if (r < 95) {
                long uid = uids.remove(random.nextInt(uids.size()));
                boolean stored = c.command("UID STORE " + uid + " +FLAGS.SILENT (\\Deleted)").ok();
                return c.command("EXPUNGE").ok() && stored;
            }
            c.close();
            c = t.imap(user);
            return c.command("SELECT " + mailbox).ok();
        }

        private long anyUid() {
            return uids.get(random.nextInt(uids.size()));
        }

        private void record(long nanos) {
            if (n == lat.length) {
                lat = Arrays.copyOf(lat, n * 2);
            }
            lat[n++] = nanos;
        }
    }
}
