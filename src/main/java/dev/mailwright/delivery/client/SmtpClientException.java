package dev.mailwright.delivery.client;

/**
 * A failed exchange with a remote server. {@code reply} is present when the server answered with an
 * error; absent for network failures and protocol violations (both temporary).
 */
public class SmtpClientException extends java.io.IOException {
    private final transient SmtpReply reply;

    public SmtpClientException(String message, SmtpReply reply) {
        super(message + (reply == null ? "" : ": " + reply.summary()));
        this.reply = reply;
    }

    public java.util.Optional<SmtpReply> reply() {
        return java.util.Optional.ofNullable(reply);
    }

    /** Permanent only when the server said 5xx; everything else is worth retrying. */
    public boolean isPermanent() {
        return reply != null && reply.isPermanent();
    }
}
