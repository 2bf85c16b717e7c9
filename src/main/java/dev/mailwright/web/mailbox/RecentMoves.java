package dev.mailwright.web.mailbox;

import java.io.Serializable;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import jakarta.servlet.http.HttpSession;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

import dev.mailwright.config.MailwrightProperties;
import dev.mailwright.store.MailboxId;

/**
 * The moves of one browser session that can still be taken back. A move (and a delete, which is a move to Trash)
 * is remembered in the HTTP session under a random token with the UIDs the messages got in the target folder; undo
 * moves exactly those back. After {@code mailwright.webmail-moving.undo-window} the token is refused, and only the
 * newest {@code undo-entries} moves are kept, so a session holds a bounded amount.
 */
@Component
class RecentMoves {
    static final String ATTRIBUTE = RecentMoves.class.getName();

    private final SecureRandom random = new SecureRandom();
    private final Duration window;
    private final int entries;
    private final Clock clock;

    @Autowired
    RecentMoves(MailwrightProperties properties) {
        this(properties.webmailMoving().undoWindow(), properties.webmailMoving().undoEntries(), Clock.systemUTC());
    }

    RecentMoves(Duration window, int entries, Clock clock) {
        this.window = window;
        this.entries = entries;
        this.clock = clock;
    }

    Duration window() {
        return window;
    }

    /** Remembers a move for undo; returns its token. */
    String remember(HttpSession session, MailboxActions.Moved moved) {
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        Entry entry = new Entry(HexFormat.of().formatHex(bytes), moved.source().value(), moved.target().value(),
                moved.targetUidValidity(), moved.targetUids(), clock.instant().plus(window));
        synchronized (session) {
            List<Entry> kept = new ArrayList<>(entries(session));
            kept.addFirst(entry);
            while (kept.size() > entries) {
                kept.removeLast();
            }
            session.setAttribute(ATTRIBUTE, List.copyOf(kept));
        }
        return entry.token();
    }

    /** What asking to undo {@code token} finds: the move (taken out, so it is undone once), or why not. */
    Lookup take(HttpSession session, String token) {
        synchronized (session) {
            List<Entry> kept = entries(session);
            Optional<Entry> found = kept.stream().filter(e -> e.token().equals(token)).findFirst();
            if (found.isEmpty()) {
                return new Lookup.Unknown();
            }
            session.setAttribute(ATTRIBUTE, kept.stream().filter(e -> !e.token().equals(token)).toList());
            Entry entry = found.get();
            if (clock.instant().isAfter(entry.expires())) {
                return new Lookup.TooLate(new MailboxId(entry.source()), new MailboxId(entry.target()));
            }
            return new Lookup.Found(new MailboxActions.Moved(new MailboxId(entry.source()), new MailboxId(entry.target()),
                    entry.targetUidValidity(), entry.targetUids()));
        }
    }

    @SuppressWarnings("unchecked")
    private static List<Entry> entries(HttpSession session) {
        Object value = session.getAttribute(ATTRIBUTE);
        return value instanceof List<?> list ? (List<Entry>) list : List.of();
    }

    sealed interface Lookup {
        /** No such move in this session: undone already, pushed out by newer moves, or another session's. */
        record Unknown() implements Lookup {
        }

        /** The window has passed: the messages stay in {@code target}. */
        record TooLate(MailboxId source, MailboxId target) implements Lookup {
        }

        record Found(MailboxActions.Moved moved) implements Lookup {
        }
    }

    /** Session-serializable form of a move (ids as numbers). */
    record Entry(String token, long source, long target, long targetUidValidity, List<Long> targetUids, Instant expires)
            implements Serializable {
    }
}
