package dev.mailwright.admin;

import java.util.List;
import java.util.NoSuchElementException;

import org.springframework.stereotype.Component;

import dev.mailwright.net.ListenerManager;
import dev.mailwright.net.ListenerSpec;
import dev.mailwright.store.AccountStore;
import dev.mailwright.store.MissingBlobs;
import dev.mailwright.store.OutboundQueue;
import dev.mailwright.store.integrity.IntegrityCheck;
import dev.mailwright.store.integrity.IntegrityReport;

/** What the server is doing now: listeners and their ports, open connections, queue size, storage used. */
@Component
public class ServerStatus {
    private final List<ListenerSpec> listeners;
    private final ListenerManager manager;
    private final OutboundQueue queue;
    private final AccountStore accounts;
    private final IntegrityCheck integrity;
    private final MissingBlobs missingBlobs;

    ServerStatus(List<ListenerSpec> listeners, ListenerManager manager, OutboundQueue queue, AccountStore accounts,
                 IntegrityCheck integrity, MissingBlobs missingBlobs) {
        this.integrity = integrity;
        this.missingBlobs = missingBlobs;
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

    /**
     * @param integrity        the last integrity check's report, null when none ran in this process
     * @param unreadableBlobs  messages the last check found without readable bytes, plus blobs missing on read since
     */
    public record Snapshot(List<Listener> listeners, int openConnections, long queued, int accounts, long storedBytes,
                           long storedMessages, IntegrityReport integrity, long unreadableBlobs) {
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
        var report = integrity.lastReport();
        return new Snapshot(rows, manager.openConnections(), queue.size(), all.size(), bytes, messages,
                report.orElse(null),
                report.map(r -> r.unreadableBlobs()).orElse(0L) + missingBlobs.count());
    }

    private int bound(String name) {
        try {
            return manager.boundPort(name);
        } catch (NoSuchElementException notBound) {
            return 0;
        }
    }
}
