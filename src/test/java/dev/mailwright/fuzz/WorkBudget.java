package dev.mailwright.fuzz;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ClassLoadingMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicReference;

/**
 * "No input buys unbounded work", checked per fuzz input. The input runs on a thread of its own: if it has not
 * finished after {@link #HANG_SECONDS} of wall-clock time it is a hang and fails the target at once (Jazzer then
 * keeps the input as a finding; a JUnit timeout cannot do this, since it would also bound the whole fuzzing run,
 * and libFuzzer's own timeout does not cover the seeds replayed as JUnit invocations). Otherwise the CPU time it
 * used (not wall-clock time, which a loaded build machine stretches) must stay under a budget far above what any
 * linear parse of a few kilobytes needs, so that a backtracking regex or a quadratic loop fails too. An input during
 * which classes were loaded (the first ones in a JVM: loading and Jazzer's instrumentation cost seconds) is held to
 * the hang limit only.
 */
final class WorkBudget {
    static final long HANG_SECONDS = 30;
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final ClassLoadingMXBean CLASSES = ManagementFactory.getClassLoadingMXBean();

    private WorkBudget() {
    }

    /** Something a fuzz target does with one input. */
    @FunctionalInterface
    interface Work {
        void run() throws IOException;
    }

    /** Runs {@code work}; fails when it throws, hangs or uses more than {@code cpuBudgetMillis} of CPU. */
    static void run(String what, int inputLength, long cpuBudgetMillis, Work work) {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread worker = new Thread(() -> {
            long classesBefore = CLASSES.getTotalLoadedClassCount();
            long start = cpuNanos();
            try {
                work.run();
            } catch (IOException e) {
                failure.set(new UncheckedIOException(e));
                return;
            } catch (Throwable t) {
                failure.set(t);
                return;
            }
            long usedMillis = (cpuNanos() - start) / 1_000_000;
            // loading (and Jazzer instrumenting) classes is no work of the input's: such an input only has the hang limit
            boolean loadedClasses = CLASSES.getTotalLoadedClassCount() != classesBefore;
            if (usedMillis > cpuBudgetMillis && !loadedClasses) {
                failure.set(new AssertionError(what + " took " + usedMillis + " ms of CPU for " + inputLength
                        + " input bytes (budget " + cpuBudgetMillis + " ms)"));
            }
        }, "fuzz-input");
        worker.setDaemon(true);   // a hung input must not keep the JVM alive
        worker.start();
        try {
            worker.join(HANG_SECONDS * 1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while " + what, e);
        }
        if (worker.isAlive()) {
            AssertionError hang = new AssertionError(what + " still running after " + HANG_SECONDS + " s for "
                    + inputLength + " input bytes; it is at " + Arrays.toString(worker.getStackTrace()));
            hang.setStackTrace(worker.getStackTrace());
            throw hang;
        }
        Throwable t = failure.get();
        if (t instanceof RuntimeException r) {
            throw r;
        }
        if (t instanceof Error e) {
            throw e;
        }
    }

    private static long cpuNanos() {
        return THREADS.isCurrentThreadCpuTimeSupported() ? THREADS.getCurrentThreadCpuTime() : System.nanoTime();
    }
}
