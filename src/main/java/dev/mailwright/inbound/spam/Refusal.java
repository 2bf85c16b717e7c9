package dev.mailwright.inbound.spam;

/** An SMTP refusal decided here and sent by the SMTP door; {@code closes}: the server ends the session after it (421). */
public record Refusal(int code, String enhancedStatus, String text, boolean closes) {
    static Refusal temporary(String enhancedStatus, String text) {
        return new Refusal(451, enhancedStatus, text, false);
    }

    static Refusal permanent(String enhancedStatus, String text) {
        return new Refusal(550, enhancedStatus, text, false);
    }

    static Refusal closing(String text) {
        return new Refusal(421, "4.7.0", text, true);
    }
}
