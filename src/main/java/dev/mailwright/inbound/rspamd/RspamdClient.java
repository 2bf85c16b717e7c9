package dev.mailwright.inbound.rspamd;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.mailwright.config.MailwrightProperties;
import dev.mailwright.net.ProtocolText;

/**
 * rspamd's HTTP protocol: {@code POST /checkv2} on the scanner (normal worker) with the envelope in request
 * headers, {@code POST /learnspam} and {@code /learnham} on the controller, each over {@link RspamdHttp} on the
 * caller's thread; every call bounded by {@code mailwright.spam.rspamd.timeout}.
 */
public final class RspamdClient {
    /** How many symbols the {@code X-Spam-Symbols} summary keeps (the highest scores). */
    private static final int MAX_SYMBOLS = 20;
    private static final int MAX_HEADER_VALUE = 255;

    /** What we know of the message's way in; {@code user} is the authenticated submitter, if any. */
    public record Envelope(InetAddress clientAddress, String helo, Optional<String> clientName, String sender,
                           List<String> recipients, Optional<String> user, String queueId) {
    }

    public enum Action {
        REJECT, SOFT_REJECT, REWRITE_SUBJECT, ADD_HEADER, GREYLIST, NO_ACTION;

        static Action parse(String text) {
            return switch (text.toLowerCase(Locale.ROOT)) {
                case "reject" -> REJECT;
                case "soft reject" -> SOFT_REJECT;
                case "rewrite subject" -> REWRITE_SUBJECT;
                case "add header" -> ADD_HEADER;
                case "greylist" -> GREYLIST;
                case "no action" -> NO_ACTION;
                default -> throw new IllegalArgumentException("unknown rspamd action: " + text);
            };
        }
    }

    /** {@code symbols}: names with their scores, highest first, at most {@value #MAX_SYMBOLS}. */
    public record Scan(Action action, double score, double requiredScore, List<String> symbols,
                       Optional<String> smtpMessage) {
    }

    /** rspamd could not be asked, did not answer in time, or answered something we cannot read. */
    public static final class Unavailable extends Exception {
        public Unavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final MailwrightProperties.Rspamd settings;
    private final JsonMapper json = JsonMapper.builder().build();

    public RspamdClient(MailwrightProperties.Rspamd settings) {
        this.settings = settings;
    }

    public Scan check(Supplier<InputStream> message, Envelope envelope) throws Unavailable {
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        headers.add(Map.entry("IP", envelope.clientAddress().getHostAddress()));
        headers.add(Map.entry("Helo", ProtocolText.printable(envelope.helo(), MAX_HEADER_VALUE)));
        headers.add(Map.entry("From", ProtocolText.printable(envelope.sender(), MAX_HEADER_VALUE)));
        headers.add(Map.entry("Queue-Id", ProtocolText.printable(envelope.queueId(), MAX_HEADER_VALUE)));
        envelope.clientName().ifPresent(name -> headers.add(Map.entry("Hostname", ProtocolText.printable(name, MAX_HEADER_VALUE))));
        envelope.user().ifPresent(user -> headers.add(Map.entry("User", ProtocolText.printable(user, MAX_HEADER_VALUE))));
        envelope.recipients().forEach(rcpt -> headers.add(Map.entry("Rcpt", ProtocolText.printable(rcpt, MAX_HEADER_VALUE))));
        RspamdHttp.Response response = post(settings.url(), "/checkv2", headers, message);
        if (response.status() != 200) {
            throw new Unavailable("rspamd answered HTTP " + response.status(), null);
        }
        try {
            return scan(json.readTree(response.body()));
        } catch (JacksonException | IllegalArgumentException e) {
            throw new Unavailable("cannot read rspamd's answer", e);
        }
    }

    /** Reports one message as spam or ham to the controller. True when learned (or learned already). */
    public boolean learn(boolean spam, Supplier<InputStream> message) throws Unavailable {
        RspamdHttp.Response response = post(settings.controllerUrl(), spam ? "/learnspam" : "/learnham",
                new ArrayList<>(), message);
        // 208: this very message was learned before, which is the state we wanted
        return response.status() == 200 || response.status() == 208;
    }

    private RspamdHttp.Response post(String base, String path, List<Map.Entry<String, String>> headers,
                                     Supplier<InputStream> message) throws Unavailable {
        if (!settings.password().isEmpty()) {
            headers.add(Map.entry("Password", settings.password()));
        }
        try {
            return RspamdHttp.post(endpoint(base, path), headers, message.get(), settings.timeout());
        } catch (RspamdHttp.Timeout e) {
            throw new Unavailable("rspamd did not answer within " + settings.timeout(), e);
        } catch (IOException | java.io.UncheckedIOException | IllegalArgumentException e) {
            throw new Unavailable("cannot reach rspamd: " + e.getMessage(), e);
        }
    }

    private static Scan scan(JsonNode root) {
        if (!root.hasNonNull("action")) {
            throw new IllegalArgumentException("no action in rspamd's answer");
        }
        List<Map.Entry<String, Double>> symbols = new ArrayList<>();
        JsonNode symbolNodes = root.path("symbols");
        for (Map.Entry<String, JsonNode> symbol : symbolNodes.properties()) {
            symbols.add(Map.entry(symbol.getKey(), symbol.getValue().path("score").asDouble()));
        }
        symbols.sort(Map.Entry.<String, Double>comparingByValue(Comparator.comparingDouble(Math::abs)).reversed()
                .thenComparing(Map.Entry.comparingByKey()));
        List<String> summary = symbols.stream().limit(MAX_SYMBOLS)
                .map(e -> e.getKey() + "(" + String.format(Locale.ROOT, "%.2f", e.getValue()) + ")").toList();
        JsonNode message = root.path("messages").path("smtp_message");
        return new Scan(Action.parse(root.path("action").asString()), root.path("score").asDouble(),
                root.path("required_score").asDouble(), summary,
                message.isString() ? Optional.of(message.asString()) : Optional.empty());
    }

    /** The few URLs this client posts to (a base URL from the settings and one of its paths), parsed once. */
    private final java.util.concurrent.ConcurrentHashMap<String, URI> endpoints = new java.util.concurrent.ConcurrentHashMap<>();

    private URI endpoint(String base, String path) {
        return endpoints.computeIfAbsent(base + "\n" + path, key -> {
            String trimmed = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
            return URI.create(trimmed + path);
        });
    }

}
