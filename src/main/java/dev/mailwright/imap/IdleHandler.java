package dev.mailwright.imap;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.mailwright.config.MailwrightProperties.ImapLimits;
import dev.mailwright.imap.command.Idle;
import dev.mailwright.imap.processor.ImapException;
import dev.mailwright.imap.processor.NotifyProcessor;
import dev.mailwright.imap.processor.Outcome;
import dev.mailwright.imap.session.ImapState;
import dev.mailwright.imap.session.SelectedMailbox;
import dev.mailwright.imap.session.SelectedMailbox.ExpungeAnnouncement;
import dev.mailwright.imap.session.SessionContext;
import dev.mailwright.imap.wire.ImapFramer;
import dev.mailwright.imap.wire.ImapResponse;

/**
 * IDLE (RFC 2177). While the session's thread blocks reading {@code DONE}, a virtual thread of the session
 * writes changes as they arrive. The event thread itself only queues; it never touches the socket.
 */
final class IdleHandler {
    private static final Logger log = LoggerFactory.getLogger(IdleHandler.class);
    private static final long POLL_MILLIS = 1000;

    private final SessionContext ctx;
    private final ImapFramer framer;
    private final ImapLimits limits;
    private final NotifyProcessor notifications;
    private final Semaphore notifySignal = new Semaphore(0);

    IdleHandler(SessionContext ctx, ImapFramer framer, ImapLimits limits, NotifyProcessor notifications) {
        this.ctx = ctx;
        this.framer = framer;
        this.limits = limits;
        this.notifications = notifications;
    }

    Outcome idle(Idle command, ImapState state) throws IOException {
        ctx.send(new ImapResponse.Continuation("idling"));
        ctx.flush();
        Optional<SelectedMailbox> mailbox = state.selectedMailbox();
        // NOTIFY events wake the writer too: through the selected mailbox's signal, or one of IDLE's own
        Runnable waker = mailbox.<Runnable>map(m -> m::wake).orElse(notifySignal::release);
        ctx.notifyWatch().ifPresent(w -> w.wakeOnEvent(Optional.of(waker)));
        AtomicBoolean running = new AtomicBoolean(true);
        CountDownLatch stopped = new CountDownLatch(1);
        Thread pusher = Thread.ofVirtual().name(ctx.connection().id() + "-idle").start(() -> push(state, mailbox, running, stopped));
        ctx.connection().setReadTimeout(limits.idleCommandTimeout());
        ctx.connection().expectCommand(limits.commandTimeout());
        Optional<ImapFramer.LineResult> line;
        try {
            line = framer.readLine();
        } catch (SocketTimeoutException e) {
            line = Optional.empty();
        } finally {
            running.set(false);
            stopped.countDown();
            mailbox.ifPresent(SelectedMailbox::wake);
            notifySignal.release();
            try {
                pusher.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while ending IDLE", e);
            } finally {
                ctx.notifyWatch().ifPresent(w -> w.wakeOnEvent(Optional.empty()));
            }
        }
        if (line.isEmpty()) {
            ctx.send(new ImapResponse.StatusLine(dev.mailwright.imap.wire.Status.BYE, Optional.empty(), "IDLE timed out"));
            return Outcome.ok(new ImapState.LoggedOut(), "IDLE ended");
        }
        if (!(line.get() instanceof ImapFramer.LineResult.Text t) || !t.text().trim().equalsIgnoreCase("DONE")) {
            throw ImapException.bad("Expected DONE");
        }
        return Outcome.ok(state, "IDLE terminated");
    }

    /** Runs on the session's IDLE thread: the only writer while the session's own thread is reading. */
    private void push(ImapState state, Optional<SelectedMailbox> mailbox, AtomicBoolean running, CountDownLatch stopped) {
        try {
            while (running.get()) {
                if (mailbox.isEmpty() && ctx.notifyWatch().isEmpty()) {
                    stopped.await();
                    return;
                }
                if (mailbox.isPresent()) {
                    mailbox.get().awaitEvent(POLL_MILLIS);
                } else {
                    notifySignal.tryAcquire(POLL_MILLIS, TimeUnit.MILLISECONDS);
                    notifySignal.drainPermits();
                }
                if (!running.get()) {
                    return;
                }
                List<ImapResponse.Untagged> updates = new ArrayList<>(notifications.pending(state, ctx));
                long knownMaxUid = mailbox.map(m -> m.numbers().maxUid()).orElse(0L);
                mailbox.ifPresent(m -> updates.addAll(m.drain(ExpungeAnnouncement.ANNOUNCE, ImapSession.modseqs(ctx), ctx.expungeForm())));
                ctx.sendAll(updates);
                notifications.fetchNew(state, knownMaxUid, ctx);
                ctx.flush();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException | UncheckedIOException e) {
            log.debug("{}: IDLE push ended: {}", ctx.connection().id(), e.toString());
        } catch (RuntimeException e) {
            log.error("{}: IDLE push failed", ctx.connection().id(), e);
        }
    }
}
