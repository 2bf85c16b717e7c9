package dev.mailwright.delivery.client;

import java.util.List;

/** A reply from a remote SMTP server: the code and the text of each line (without the code). */
public record SmtpReply(int code, List<String> lines) {

    public boolean isPositive() {
        return code >= 200 && code < 400;
    }

    public boolean isTransient() {
        return code >= 400 && code < 500;
    }

    public boolean isPermanent() {
        return code >= 500;
    }

    /** One line for logs and bounces, e.g. {@code 550 5.1.1 no such user}. */
    public String summary() {
        return code + " " + String.join(" / ", lines);
    }
}
