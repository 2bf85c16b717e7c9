package dev.mailwright.delivery;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import dev.mailwright.config.MailwrightProperties;

/** Polls the outbound queue on a virtual thread while the application runs ({@code workers > 0}). */
final class OutboundQueueWorker implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(OutboundQueueWorker.class);

    private final OutboundDelivery delivery;
    private final MailwrightProperties.Delivery config;
    private volatile Thread thread;

    OutboundQueueWorker(OutboundDelivery delivery, MailwrightProperties.Delivery config) {
        this.delivery = delivery;
        this.config = config;
    }

    @Override
    public void start() {
        if (config.workers() <= 0) {
            log.info("Outbound delivery disabled on this node (mailwright.delivery.workers=0)");
            return;
        }
        thread = Thread.ofVirtual().name("outbound-queue").start(this::run);
    }

    private void run() {
        while (!Thread.currentThread().isInterrupted()) {
            try {
                if (delivery.deliverDue() == 0) {
                    Thread.sleep(config.pollInterval());
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                log.error("Outbound queue run failed; retrying after {}", config.pollInterval(), e);
                try {
                    Thread.sleep(config.pollInterval());
                } catch (InterruptedException interrupted) {
                    return;
                }
            }
        }
    }

    @Override
    public void stop() {
        Thread t = thread;
        thread = null;
        if (t != null) {
            t.interrupt();
            try {
                t.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return thread != null;
    }
}
