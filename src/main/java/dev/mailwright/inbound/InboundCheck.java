package dev.mailwright.inbound;

/**
 * One check of a received MX message. Every bean of this type runs, in {@link org.springframework.core.annotation.Order}
 * order, for each message: it reads the message and what earlier checks found (the {@link Assessment}) and adds
 * its own findings, results, header fields and decision. Adding a check means adding a bean, nothing else.
 *
 * <p>The orders used: {@link #SPF}, {@link #DKIM}, {@link #ARC}, {@link #DMARC}, {@link #FORGERY}, then
 * {@link #CONTENT} for scorers that want all authentication results. After a check refuses the message
 * ({@link Assessment#reject}, {@link Assessment#defer}) no later check runs.
 *
 * <p>A check must bound its own work (DNS time-outs, sizes). A check that throws is logged and skipped; the
 * message goes on with the others' results.
 */
public interface InboundCheck {
    int SPF = 200;
    int DKIM = 300;
    int ARC = 400;
    int DMARC = 500;
    int FORGERY = 600;
    int CONTENT = 700;

    void check(InboundMessage message, Assessment assessment);
}
