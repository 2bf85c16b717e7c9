package dev.mailwright.inbound.rspamd;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.mailwright.store.MailStore;

/**
 * Learn requests for the rspamd controller, off the IMAP and webmail threads: a bounded queue (a full queue drops the
 * request, logged) and one virtual thread that sends them in order. Failures are logged and counted, never retried:
 * a missed learn costs accuracy, not mail.
 */
public final class LearningQueue implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LearningQueue.class);

    private record Request(boolean spam, String blobHash) {
    }

    private final RspamdClient client;
    private final MailStore store;
    private final BlockingQueue<Request> queue;
    private final Thread worker;
    private final AtomicLong learned = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();

    public LearningQueue(RspamdClient client, MailStore store, int capacity) {
        this.client = client;
        this.store = store;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.worker = Thread.ofVirtual().name("rspamd-learning").start(this::work);
    }

    /** Never blocks. False when the queue is full (the request is dropped). */
    public boolean submit(boolean spam, String blobHash) {
        boolean queued = queue.offer(new Request(spam, blobHash));
        if (!queued) {
            failed.incrementAndGet();
            log.warn("rspamd learning queue full; {} not reported", spam ? "spam" : "ham");
        }
        return queued;
    }

    /** Requests rspamd accepted, and requests dropped or failed, since start. */
    public long learned() {
        return learned.get();
    }

    public long failed() {
        return failed.get();
    }

    private void work() {
        while (!Thread.currentThread().isInterrupted()) {
            Request request;
            try {
                request = queue.take();
            } catch (InterruptedException e) {
                return;
            }
            try {
                boolean ok = client.learn(request.spam(), () -> open(request.blobHash()));
                (ok ? learned : failed).incrementAndGet();
                if (!ok) {
                    log.warn("rspamd refused to learn a message as {}", request.spam() ? "spam" : "ham");
                }
            } catch (RspamdClient.Unavailable | RuntimeException e) {
                failed.incrementAndGet();
                log.warn("rspamd learning failed: {}", e.getMessage());
            }
        }
    }

    private InputStream open(String blobHash) {
        try {
            return store.openMessage(blobHash);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        worker.interrupt();
    }
}
