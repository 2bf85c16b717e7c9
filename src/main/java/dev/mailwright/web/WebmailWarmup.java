package dev.mailwright.web;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

import dev.mailwright.config.MailwrightProperties;

/**
 * Once the server is ready, requests the sign-in page from itself over loopback, on a virtual thread of its own: the
 * first render of a page after a start initialises the template engine, the security filter chain and the page's
 * template (230–470 ms on this project's bench machine, docs/BENCHMARKS.md stop 31), and it should not be the first
 * person's wait. Plain HTTP only (behind TLS the server would have to trust itself); a failure only costs the
 * warm-up. {@code mailwright.warmup.webmail}.
 */
@Component
class WebmailWarmup {
    private static final Logger log = LoggerFactory.getLogger(WebmailWarmup.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final boolean enabled;
    private final Environment environment;
    private final CompletableFuture<Integer> answered = new CompletableFuture<>();

    WebmailWarmup(MailwrightProperties properties, Environment environment) {
        this.enabled = properties.warmup().webmail();
        this.environment = environment;
    }

    @EventListener(ApplicationReadyEvent.class)
    void warm(ApplicationReadyEvent event) {
        if (!enabled || !(event.getApplicationContext() instanceof WebServerApplicationContext web) || web.getWebServer() == null
                || web.getWebServer().getPort() <= 0 || tls()) {
            answered.complete(0);
            return;
        }
        int port = web.getWebServer().getPort();
        Thread.ofVirtual().name("webmail-warm-up").start(() -> {
            URI login = URI.create("http://" + host(environment.getProperty("server.address")) + ":" + port + "/login");
            try (HttpClient client = HttpClient.newBuilder().connectTimeout(TIMEOUT).build()) {
                long started = System.nanoTime();
                int status = client.send(HttpRequest.newBuilder(login).timeout(TIMEOUT).GET().build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode();
                log.debug("Webmail warm-up: {} {} in {} ms", login, status, (System.nanoTime() - started) / 1_000_000);
                answered.complete(status);
            } catch (Exception e) {
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
                log.debug("Webmail warm-up failed: {}", e.toString());
                answered.complete(-1);
            }
        });
    }

    /** The warm-up request's HTTP status once it has answered; 0 when none was made, -1 when it failed (tests). */
    CompletableFuture<Integer> answered() {
        return answered;
    }

    private boolean tls() {
        boolean configured = environment.containsProperty("server.ssl.bundle") || environment.containsProperty("server.ssl.key-store")
                || environment.containsProperty("server.ssl.certificate");
        return environment.getProperty("server.ssl.enabled", Boolean.class, configured);
    }

    /** Where to reach the web server from here: its bound address, loopback when it listens on every address. */
    static String host(String address) {
        if (address == null || address.isBlank()) {
            return "127.0.0.1";
        }
        try {
            InetAddress bound = InetAddress.getByName(address.strip());
            if (bound.isAnyLocalAddress()) {
                return "127.0.0.1";
            }
            String literal = bound.getHostAddress();
            return literal.contains(":") ? "[" + literal + "]" : literal;
        } catch (UnknownHostException e) {
            return "127.0.0.1";
        }
    }
}
