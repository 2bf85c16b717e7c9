package dev.mailwright.web.live;

import java.io.IOException;
import java.security.Principal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import dev.mailwright.store.AccountId;
import dev.mailwright.store.MailStore;
import dev.mailwright.store.MailboxEvent;
import dev.mailwright.store.MailboxInfo;
import dev.mailwright.web.CurrentAccount;

/**
 * Server-sent events for the signed-in account's mailboxes. Store events arrive after commit on the
 * committing thread; they are handed to a virtual thread at once, so a slow browser never delays a
 * delivery or an IMAP command.
 */
@RestController
class LiveUpdates {
    private static final Logger log = LoggerFactory.getLogger(LiveUpdates.class);
    private static final Duration STREAM_LIFETIME = Duration.ofMinutes(30);

    private final CurrentAccount current;
    private final MailStore store;
    private final Map<AccountId, Set<SseEmitter>> streams = new ConcurrentHashMap<>();
    private final ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor();

    LiveUpdates(CurrentAccount current, MailStore store) {
        this.current = current;
        this.store = store;
    }

    @GetMapping(value = "/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    SseEmitter events(Principal principal) {
        AccountId account = current.of(principal).id();
        SseEmitter emitter = new SseEmitter(STREAM_LIFETIME.toMillis());
        Set<SseEmitter> set = streams.computeIfAbsent(account, a -> new CopyOnWriteArraySet<>());
        set.add(emitter);
        Runnable remove = () -> set.remove(emitter);
        emitter.onCompletion(remove);
        emitter.onTimeout(remove);
        emitter.onError(e -> remove.run());
        return emitter;
    }

    @EventListener
    void on(MailboxEvent event) {
        Set<SseEmitter> set = streams.get(event.account());
        if (set == null || set.isEmpty()) {
            return;
        }
        senders.execute(() -> send(event, set));
    }

    /** Open streams would hold up Tomcat's graceful shutdown until its timeout: end them first. */
    @EventListener(ContextClosedEvent.class)
    void closeStreams() {
        streams.values().forEach(set -> set.forEach(SseEmitter::complete));
        streams.clear();
        senders.shutdown();
    }

    /** Number of open streams of an account (for tests and metrics). */
    int openStreams(AccountId account) {
        return streams.getOrDefault(account, Set.of()).size();
    }

    private void send(MailboxEvent event, Set<SseEmitter> set) {
        String kind = switch (event) {
            case MailboxEvent.MessagesAdded added -> "added";
            case MailboxEvent.FlagsChanged flags -> "flags";
            case MailboxEvent.MessagesExpunged expunged -> "expunged";
            case MailboxEvent.MailboxChanged changed -> "folders";
            case MailboxEvent.MailboxCreated created -> "folders";
            case MailboxEvent.SubscriptionChanged subscription -> "folders";
        };
        MailboxInfo info = store.mailbox(event.account(), event.mailbox()).orElse(null);
        String json = "{\"mailbox\":" + event.mailbox().value() + ",\"kind\":\"" + kind + "\""
                + (info == null ? "" : ",\"unseen\":" + info.unseen() + ",\"name\":\"" + jsonEscape(info.name()) + "\"")
                + "}";
        for (SseEmitter emitter : List.copyOf(set)) {
            try {
                emitter.send(SseEmitter.event().name("mailbox").data(json, MediaType.APPLICATION_JSON));
            } catch (IOException | IllegalStateException e) {
                log.debug("live update stream closed: {}", e.toString());
                set.remove(emitter);
                emitter.completeWithError(e);
            }
        }
    }

    private static String jsonEscape(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (c < 0x20 || c == '<' || c == '>' || c == '&') {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }
}
