package dev.mailwright.fuzz;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * "No input buys unbounded work", checked per fuzz input: the CPU time the current thread spent on one input
 * (not wall-clock time, which a loaded build machine stretches) must stay under a budget far above what any
 * linear parse of a few kilobytes needs, so that a backtracking regex or a runaway loop fails the target.
 */
final class WorkBudget {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final long limitNanos;
    private final long start;

    private WorkBudget(long limitMillis) {
        this.limitNanos = limitMillis * 1_000_000;
        this.start = cpuNanos();
    }

    static WorkBudget start(long limitMillis) {
        return new WorkBudget(limitMillis);
    }

    /** Fails when the work since {@link #start} exceeded the budget. */
    void check(String what, int inputLength) {
        long used = cpuNanos() - start;
        if (used > limitNanos) {
            throw new AssertionError(what + " took " + used / 1_000_000 + " ms of CPU for " + inputLength
                    + " input bytes (budget " + limitNanos / 1_000_000 + " ms)");
        }
    }

    private static long cpuNanos() {
        return THREADS.isCurrentThreadCpuTimeSupported() ? THREADS.getCurrentThreadCpuTime() : System.nanoTime();
    }
}
