package dev.mailwright.net;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.scheduling.concurrent.SimpleAsyncTaskScheduler;
import org.springframework.integration.ip.tcp.connection.TcpNetServerConnectionFactory;
import org.springframework.stereotype.Component;

import dev.mailwright.config.MailwrightProperties;

/**
 * Binds every {@link ListenerSpec} bean with a port above 0: one spring-integration-ip
 * {@link TcpNetServerConnectionFactory} each, one virtual thread per connection, connection limits shared by
 * all listeners and caps of each listener's own ({@link ConnectionLimiter}). Stops before anything else does (default {@link SmartLifecycle} phase).
 */
@Component
public class ListenerManager implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(ListenerManager.class);
    private static final Duration BIND_TIMEOUT = Duration.ofSeconds(10);
    /** How long a session busy with a command may take to finish it before the stop closes it unannounced. */
    private static final Duration SHUTDOWN_PATIENCE = Duration.ofSeconds(1);
    private static final Duration SHUTDOWN_NOTICE_TIMEOUT = Duration.ofSeconds(2);

    private final ApplicationContext context;
    private final List<ListenerSpec> specs;
    private final MailwrightProperties.Connections limits;
    private final TlsContextSource tls;
    private final ConnectionLimiter limiter;
    private final Set<MailConnection> open = ConcurrentHashMap.newKeySet();
    private final Map<String, TcpNetServerConnectionFactory> factories = new LinkedHashMap<>();
    private final SimpleAsyncTaskScheduler scheduler = new SimpleAsyncTaskScheduler();
    private volatile boolean running;

    @Autowired
    ListenerManager(ObjectProvider<ListenerSpec> specs, MailwrightProperties properties, TlsContextSource tls,
                    ApplicationContext context) {
        this(specs.orderedStream().toList(), properties.connections(), tls, context);
    }

    /** {@code context}: bean factory and event publisher the spring-integration-ip factories require. */
    public ListenerManager(List<ListenerSpec> specs, MailwrightProperties.Connections limits, TlsContextSource tls,
                           ApplicationContext context) {
        this.context = context;
        this.specs = List.copyOf(specs);
        this.limits = limits;
        this.tls = tls;
        this.limiter = new ConnectionLimiter(limits.maxTotal(), limits.maxPerIp(), limits.maxUnauthenticatedPerIp());
        scheduler.setVirtualThreads(true);
        scheduler.setThreadNamePrefix("listener-events-");
    }

    @Override
    public synchronized void start() {
        try {
            for (ListenerSpec spec : specs) {
                if (spec.port() > 0) {
                    bind(spec);
                }
            }
        } catch (RuntimeException e) {
            stop();
            throw e;
        }
        running = true;
    }

    private void bind(ListenerSpec spec) {
        if (factories.containsKey(spec.name())) {
            throw new IllegalStateException("Two listeners named '" + spec.name() + "'");
        }
        TcpNetServerConnectionFactory factory = new TcpNetServerConnectionFactory(spec.port());
        factory.setBeanName("listener-" + spec.name());
        factory.setBeanFactory(context.getAutowireCapableBeanFactory());
        factory.setApplicationEventPublisher(context);
        factory.setTaskScheduler(scheduler);
        factory.setLocalAddress(spec.bindAddress());
        factory.setBacklog(limits.backlog());
        factory.setLookupHost(false);
        // every answer is written whole and flushed at once; Nagle's algorithm would hold a short answer written
        // while the client's delayed ACK of the previous one is pending (40 ms on Linux, per synchronizing literal)
        factory.setSoTcpNoDelay(true);
        SimpleAsyncTaskExecutor executor = new SimpleAsyncTaskExecutor(spec.name() + "-");
        executor.setVirtualThreads(true);
        factory.setTaskExecutor(executor);
        factory.setTcpNetConnectionSupport(new MailConnectionSupport(
                new ListenerContext(spec, limiter, limiter.gate(spec.name(), spec.maxConnections(), spec.maxUnauthenticated()),
                        tls, limits.handshakeTimeout(), open, new AtomicLong())));
        // Sessions read their sockets themselves; the factory only insists on a listener before it accepts.
        factory.registerListener(message -> { });
        factory.start();
        factories.put(spec.name(), factory);
        awaitListening(spec, factory);
        log.info("{} listener '{}' on {}:{} ({})", spec.handler().protocol(), spec.name(), spec.bindAddress(),
                boundPort(spec.name()), spec.tlsMode());
    }

    private static void awaitListening(ListenerSpec spec, TcpNetServerConnectionFactory factory) {
        long deadline = System.nanoTime() + BIND_TIMEOUT.toNanos();
        while (!factory.isListening()) {
            if (!factory.isRunning() || System.nanoTime() > deadline) {
                throw new IllegalStateException("Cannot listen on " + spec.bindAddress() + ":" + spec.port()
                        + " for '" + spec.name() + "' (port in use or not permitted?)");
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while binding '" + spec.name() + "'", e);
            }
        }
    }

    /** The port a listener actually listens on. */
    public synchronized int boundPort(String name) {
        TcpNetServerConnectionFactory factory = factories.get(name);
        if (factory == null || !(factory.getServerSocketAddress() instanceof InetSocketAddress address)) {
            throw new NoSuchElementException("No bound listener named '" + name + "'");
        }
        return address.getPort();
    }

    /** Connections currently open over all listeners (including ones being refused). */
    public int openConnections() {
        return open.size();
    }

    /**
     * Tells every client whose session waits for its input that the server is going away ({@code 421} /
     * {@code * BYE}), stops accepting, then closes every connection. A client that does not read its socket
     * cannot hold the stop up longer than {@link #SHUTDOWN_NOTICE_TIMEOUT}: closing unblocks the writer.
     */
    @Override
    public synchronized void stop() {
        running = false;
        announceShutdown();   // first: stopping a factory closes the connections it accepted
        factories.values().forEach(TcpNetServerConnectionFactory::stop);
        factories.clear();
        open.forEach(MailConnection::close);
    }

    private void announceShutdown() {
        List<Thread> notices = open.stream()
                .map(connection -> Thread.ofVirtual().name("shutdown-notice-" + connection.id())
                        .start(() -> connection.announceShutdown(SHUTDOWN_PATIENCE)))
                .toList();
        long deadline = System.nanoTime() + SHUTDOWN_NOTICE_TIMEOUT.toNanos();
        for (Thread notice : notices) {
            try {
                if (!notice.join(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())))) {
                    break;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
