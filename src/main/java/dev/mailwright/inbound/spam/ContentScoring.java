package dev.mailwright.inbound.spam;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.mailwright.config.MailwrightProperties;
import dev.mailwright.inbound.Assessment;
import dev.mailwright.inbound.InboundCheck;
import dev.mailwright.inbound.InboundMessage;
import dev.mailwright.inbound.SpamScore;
import dev.mailwright.inbound.rspamd.RspamdClient;
import dev.mailwright.net.ProtocolText;

/**
 * rspamd's verdict on a message's content, the last inbound check ({@link InboundCheck#CONTENT}): {@code reject} →
 * 550 5.7.1, {@code soft reject} (and {@code greylist}) → 451 4.7.1, {@code add header} / {@code rewrite subject} →
 * Junk, {@code no action} → INBOX; the {@code X-Spam-*} fields say why. rspamd down or slow never loses mail: the
 * message is accepted marked {@code X-Spam-Status: Unscanned} (or deferred with 451 when so configured).
 */
public final class ContentScoring implements InboundCheck {
    private static final Logger log = LoggerFactory.getLogger(ContentScoring.class);
    /** The id our own Received: field (always the first) gives the message. */
    private static final Pattern QUEUE_ID = Pattern.compile("\\bid ([A-Za-z0-9-]{1,64})");

    private final RspamdClient rspamd;
    private final MailwrightProperties.Rspamd settings;
    private final Function<InetAddress, Optional<String>> verifiedName;

    /** {@code verifiedName}: the client's forward-confirmed host name, if it has one (rspamd's Hostname header). */
    public ContentScoring(RspamdClient rspamd, MailwrightProperties.Rspamd settings,
                          Function<InetAddress, Optional<String>> verifiedName) {
        this.rspamd = rspamd;
        this.settings = settings;
        this.verifiedName = verifiedName;
    }

    @Override
    public void check(InboundMessage message, Assessment assessment) {
        if (message.raw().size() > settings.maxScanSize().toBytes()) {
            assessment.headerField("X-Spam-Status", "Unscanned, larger than the scan limit");
            return;
        }
        String queueId = message.header().first("Received").map(f -> QUEUE_ID.matcher(f.value()))
                .filter(Matcher::find).map(m -> m.group(1)).orElse("");
        RspamdClient.Envelope envelope = new RspamdClient.Envelope(message.client(), message.helo(),
                verifiedName.apply(message.client()), message.reversePath(),
                message.recipients(), message.authenticatedUser(), queueId);
        RspamdClient.Scan scan;
        long start = System.nanoTime();
        try {
            scan = rspamd.check(() -> open(message), envelope);
        } catch (RspamdClient.Unavailable e) {
            switch (settings.onFailure()) {
                case ACCEPT -> {
                    log.warn("{}: rspamd unavailable ({}); accepted unscanned", queueId, e.getMessage());
                    assessment.headerField("X-Spam-Status", "Unscanned, spam filter unavailable");
                }
                case TEMPFAIL -> {
                    log.warn("{}: rspamd unavailable ({}); deferred", queueId, e.getMessage());
                    assessment.defer(451, "4.7.1", "Spam filter temporarily unavailable, try again later");
                }
            }
            return;
        }
        // a clean message's scan at debug: a log line per MX message is the intake's (and rspamd keeps its own)
        if (scan.action() == RspamdClient.Action.NO_ACTION) {
            log.debug("{}: rspamd {} (score {}) in {} ms", queueId, scan.action(), scan.score(), (System.nanoTime() - start) / 1_000_000);
        } else {
            log.info("{}: rspamd {} (score {}) in {} ms", queueId, scan.action(), scan.score(), (System.nanoTime() - start) / 1_000_000);
        }
        assessment.record(SpamScore.class, SpamScore.of(scan.score(), scan.requiredScore()));
        switch (scan.action()) {
            case REJECT -> assessment.reject(550, "5.7.1", "Message refused as spam"
                    + scan.smtpMessage().map(m -> ": " + ProtocolText.printable(m, 900)).orElse(""));
            case SOFT_REJECT, GREYLIST -> assessment.defer(451, "4.7.1", "Message deferred by the spam filter, try again later");
            case ADD_HEADER, REWRITE_SUBJECT -> {
                spamFields(scan, true, assessment);
                assessment.junk("rspamd: " + action(scan) + ", score " + score(scan.score()));
            }
            case NO_ACTION -> spamFields(scan, false, assessment);
        }
    }

    private static void spamFields(RspamdClient.Scan scan, boolean spam, Assessment assessment) {
        assessment.headerField("X-Spam-Status", (spam ? "Yes" : "No") + ", score=" + score(scan.score())
                + " required=" + score(scan.requiredScore()) + " action=" + action(scan));
        if (spam) {
            assessment.headerField("X-Spam-Flag", "YES");
        }
        assessment.headerField("X-Spam-Score", score(scan.score()));
        if (!scan.symbols().isEmpty()) {
            assessment.headerField("X-Spam-Symbols", ProtocolText.printable(String.join(", ", scan.symbols()), 900));
        }
    }

    private static String action(RspamdClient.Scan scan) {
        return scan.action().name().toLowerCase(Locale.ROOT).replace('_', ' ');
    }

    private static String score(double score) {
        return String.format(Locale.ROOT, "%.2f", score);
    }

    private static InputStream open(InboundMessage message) {
        try {
            return message.raw().open();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

}
