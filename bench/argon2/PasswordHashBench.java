import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;

import dev.mailwright.auth.Argon2idEngine;

/**
 * Argon2id verifications per second at Mailwright's parameters (m=16 MiB, t=2, p=1): the encoder Mailwright used
 * before (Spring Security over Bouncy Castle, "before") and every engine of dev.mailwright.auth this machine has,
 * with 1 and 2 threads, in interleaved rounds (medians). Run by bench/argon2/run.sh (it builds the class path); not a test, it asserts nothing.
 * Besides wall-clock throughput it prints the CPU milliseconds of the process per verification (all threads,
 * garbage collection included), which is the fairer figure on a machine shared with other work.
 */
public class PasswordHashBench {
    public static void main(String[] args) throws Exception {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 10;
        String password = "bench-password";
        Argon2PasswordEncoder legacy = Argon2PasswordEncoder.defaultsForSpringSecurity_v5_8();
        String stored = legacy.encode(password);   // a hash as the old code stored it
        List<Subject> subjects = new ArrayList<>();
        subjects.add(new Subject("before: Spring Security + Bouncy Castle", () -> check(legacy.matches(password, stored))));
        for (Argon2idEngine engine : Argon2idEngine.available()) {
            if (engine.name().equals("pure-java")) {
                continue;   // the same code as "before" (Spring's encoder at the same parameters)
            }
            byte[] utf8 = password.getBytes(StandardCharsets.UTF_8);
            subjects.add(new Subject(engine.name(), () -> check(engine.verify(stored, utf8))));
        }
        for (Subject subject : subjects) {
            run(subject, 2, 3);   // warm-up: JIT, and the native libraries' first allocations
        }
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        System.out.printf(Locale.ROOT, "median of %d interleaved rounds of %.0f s each, %d processors%n", rounds, seconds,
                Runtime.getRuntime().availableProcessors());
        System.out.println("| engine | threads | verifications/s | ms CPU per verification |");
        System.out.println("|---|---:|---:|---:|");
        for (int threads : new int[] {1, 2}) {
            double[][] perSecond = new double[subjects.size()][rounds];
            double[][] cpu = new double[subjects.size()][rounds];
            for (int round = 0; round < rounds; round++) {
                for (int i = 0; i < subjects.size(); i++) {
                    Result r = run(subjects.get(i), threads, seconds);
                    perSecond[i][round] = r.perSecond();
                    cpu[i][round] = r.cpuMsEach();
                }
            }
            for (int i = 0; i < subjects.size(); i++) {
                System.out.printf(Locale.ROOT, "| %s | %d | %.1f | %.1f |%n", subjects.get(i).name(), threads,
                        median(perSecond[i]), median(cpu[i]));
            }
        }
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        java.util.Arrays.sort(sorted);
        return sorted.length % 2 == 1 ? sorted[sorted.length / 2] : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
    }

    private static void check(boolean ok) {
        if (!ok) {
            throw new IllegalStateException("the stored hash did not verify");
        }
    }

    record Subject(String name, Runnable verify) {
    }

    record Result(double perSecond, double cpuMsEach) {
    }

    private static Result run(Subject subject, int threads, double seconds) throws InterruptedException {
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        AtomicLong done = new AtomicLong();
        long deadline = System.nanoTime() + (long) (seconds * 1e9);
        CountDownLatch finished = new CountDownLatch(threads);
        long cpuBefore = os.getProcessCpuTime();
        long start = System.nanoTime();
        for (int t = 0; t < threads; t++) {
            Thread.ofPlatform().start(() -> {
                while (System.nanoTime() < deadline) {
                    subject.verify().run();
                    done.incrementAndGet();
                }
                finished.countDown();
            });
        }
        finished.await();
        double elapsed = (System.nanoTime() - start) / 1e9;
        double cpuMs = (os.getProcessCpuTime() - cpuBefore) / 1e6;
        return new Result(done.get() / elapsed, cpuMs / done.get());
    }
}
