package dev.mailwright.inbound;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What the checks found about one message so far; each {@link InboundCheck} reads it and adds to it. Not
 * thread-safe: the checks of one message run one after another.
 */
public final class Assessment {
    private static final Pattern FIELD_NAME = Pattern.compile("[!-9;-~]{1,76}");

    private final List<AuthResult> results = new ArrayList<>();
    private final List<String> headerFields = new ArrayList<>();
    private final Map<Class<?>, Object> findings = new HashMap<>();
    private final List<String> junkReasons = new ArrayList<>();
    private InboundVerdict refusal;

    /** A result for our {@code Authentication-Results:} field. */
    public void result(AuthResult result) {
        results.add(result);
    }

    /** One more header field to prepend ({@code X-Spam-Status}, ...); the value may not contain line breaks. */
    public void headerField(String name, String value) {
        if (!FIELD_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("not a header field name: " + name);
        }
        headerFields.add(name + ": " + value.replaceAll("[\\r\\n]+", " ") + "\r\n");
    }

    /** Keeps a check's typed result for later checks (DMARC reads SPF's and DKIM's). One per type. */
    public <T> void record(Class<T> type, T finding) {
        findings.put(type, type.cast(finding));
    }

    public <T> Optional<T> finding(Class<T> type) {
        return Optional.ofNullable(findings.get(type)).map(type::cast);
    }

    /** Deliver to Junk instead of the INBOX (unless refused). */
    public void junk(String reason) {
        junkReasons.add(reason);
    }

    /** Refuse permanently (5xx); later checks do not run. */
    public void reject(int code, String enhancedStatus, String text) {
        if (code < 500 || code > 599) {
            throw new IllegalArgumentException("a rejection is a 5xx reply");
        }
        refusal = new InboundVerdict.Reject(code, enhancedStatus, text);
    }

    /** Refuse temporarily (4xx); later checks do not run. */
    public void defer(int code, String enhancedStatus, String text) {
        if (code < 400 || code > 499) {
            throw new IllegalArgumentException("a deferral is a 4xx reply");
        }
        refusal = new InboundVerdict.Defer(code, enhancedStatus, text);
    }

    public boolean refused() {
        return refusal != null;
    }

    public List<AuthResult> results() {
        return List.copyOf(results);
    }

    public List<String> junkReasons() {
        return List.copyOf(junkReasons);
    }

    Optional<InboundVerdict> refusal() {
        return Optional.ofNullable(refusal);
    }

    List<String> headerFields() {
        return List.copyOf(headerFields);
    }
}
