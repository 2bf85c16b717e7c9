package dev.mailwright.admin;

import java.util.List;
import java.util.NoSuchElementException;

import org.springframework.stereotype.Component;

import dev.mailwright.net.ListenerManager;
import dev.mailwright.net.ListenerSpec;
import dev.mailwright.store.AccountStore;
import dev.mailwright.store.OutboundQueue;

/** What the server is doing now: listeners and their ports, open connections, queue size, storage used. */
@Component
public class ServerStatus {
    private final List<ListenerSpec> listeners;
    private final ListenerManager manager;
    private final OutboundQueue queue;
    private final AccountStore accounts;

    ServerStatus(List<ListenerSpec> listeners, ListenerManager manager, OutboundQueue queue, AccountStore accounts) {
        this.listeners = listeners;
        this.manager = manager;
        this.queue = queue;
        this.accounts = accounts;
    }

    /** {@code port} 0: the listener is disabled (or not bound on this node). */
    public record Listener(String name, String protocol, String bind, int port, String tls) {
        public boolean enabled() {
            return port > 0;
        }
    }

    public record Snapshot(List<Listener> listeners, int openConnections, long queued, int accounts, long storedBytes,
                           long storedMessages) {
    }

    public Snapshot now() {
        List<Listener> rows = listeners.stream().map(spec -> new Listener(spec.name(), spec.handler().protocol(),
                spec.bindAddress(), spec.port() > 0 ? bound(spec.name()) : 0, spec.tlsMode().name())).toList();
        long bytes = 0;
        long messages = 0;
        List<AccountStore.Account> all = accounts.accounts();
        for (AccountStore.Account a : all) {
            var usage = accounts.quotaUsage(a.id());
            bytes += usage.storageBytes();
            messages += usage.messages();
        }
        return new Snapshot(rows, manager.openConnections(), queue.size(), all.size(), bytes, messages);
    }

    private int bound(String name) {
        try {
            return manager.boundPort(name);
        } catch (NoSuchElementException notBound) {
            return 0;
        }
    }
}
