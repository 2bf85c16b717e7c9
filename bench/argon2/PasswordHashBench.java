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
 * with 1 and 2 threads. Run by bench/argon2/run.sh (it builds the class path); not a test, it asserts nothing.
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
        subjects.add(new Subject("spring-bc (before)", () -> check(legacy.matches(password, stored))));
        for (Argon2idEngine engine : Argon2idEngine.available()) {
            byte[] utf8 = password.getBytes(StandardCharsets.UTF_8);
            subjects.add(new Subject(engine.name(), () -> check(engine.verify(stored, utf8))));
        }
        System.out.println("| engine | threads | verifications/s | ms CPU per verification |");
        System.out.println("|---|---:|---:|---:|");
        for (int threads : new int[] {1, 2}) {
            for (Subject subject : subjects) {
                run(subject, threads, Math.min(2, seconds));   // warm-up
                Result r = run(subject, threads, seconds);
                System.out.printf(Locale.ROOT, "| %s | %d | %.1f | %.1f |%n", subject.name(), threads, r.perSecond(), r.cpuMsEach());
            }
        }
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
