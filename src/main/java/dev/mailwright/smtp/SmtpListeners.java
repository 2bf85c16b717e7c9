package dev.mailwright.smtp;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.mailwright.auth.Authenticator;
import dev.mailwright.config.MailwrightProperties;
import dev.mailwright.delivery.LocalDelivery;
import dev.mailwright.inbound.InboundFilter;
import dev.mailwright.inbound.spam.MxDefence;
import dev.mailwright.net.ListenerSpec;
import dev.mailwright.net.TlsMode;
import dev.mailwright.store.AccountStore;
import dev.mailwright.store.MailStore;

/**
 * The three SMTP listeners: {@code smtp} (MX, plaintext with STARTTLS), {@code submission} (STARTTLS, AUTH
 * required) and {@code submissions} (implicit TLS, AUTH required, RFC 8314). A port of 0 disables one.
 */
@Configuration(proxyBeanMethods = false)
class SmtpListeners {
    private static final Logger log = LoggerFactory.getLogger(SmtpListeners.class);
    private static final Duration LEFTOVER_AGE = Duration.ofHours(1);

    /** Settings shared by the three listeners; spool files left by an earlier run are removed once, here. */
    @Bean
    SmtpSettings smtpSettings(MailwrightProperties properties) {
        SmtpSettings settings = SmtpSettings.from(properties);
        removeLeftovers(settings.spoolDirectory());
        warnIfMxSessionCannotHoldTheLargestMessage(settings);
        return settings;
    }

    @Bean
    ListenerSpec smtpListener(MailwrightProperties properties, SmtpSettings settings, MailStore store,
                              AccountStore accounts, Authenticator authenticator, InboundFilter filter,
                              MxDefence defence, LocalDelivery localDelivery) {
        return spec("smtp", properties.smtp(), TlsMode.PLAIN,
                handler(SmtpService.MX, properties, settings, store, accounts, authenticator, filter, Optional.of(defence), localDelivery));
    }

    @Bean
    ListenerSpec submissionListener(MailwrightProperties properties, SmtpSettings settings, MailStore store,
                                    AccountStore accounts, Authenticator authenticator, InboundFilter filter, LocalDelivery localDelivery) {
        return spec("submission", properties.submission(), TlsMode.PLAIN,
                handler(SmtpService.SUBMISSION, properties, settings, store, accounts, authenticator, filter, Optional.empty(), localDelivery));
    }

    @Bean
    ListenerSpec submissionsListener(MailwrightProperties properties, SmtpSettings settings, MailStore store,
                                     AccountStore accounts, Authenticator authenticator, InboundFilter filter, LocalDelivery localDelivery) {
        return spec("submissions", properties.submissions(), TlsMode.IMPLICIT,
                handler(SmtpService.SUBMISSION, properties, settings, store, accounts, authenticator, filter, Optional.empty(), localDelivery));
    }

    private static ListenerSpec spec(String name, MailwrightProperties.Listener listener, TlsMode mode, SmtpHandler handler) {
        return new ListenerSpec(name, listener.bind(), listener.port(), mode, handler, listener.maxConnections(),
                listener.maxUnauthenticated());
    }

    private static SmtpHandler handler(SmtpService service, MailwrightProperties properties, SmtpSettings settings,
                                       MailStore store, AccountStore accounts, Authenticator authenticator,
                                       InboundFilter filter, Optional<MxDefence> defence, LocalDelivery localDelivery) {
        Clock clock = Clock.systemUTC();
        return new SmtpHandler(service, settings,
                new EnvelopeCommands(settings, new SmtpPolicy(accounts, properties.primaryDomain()), defence),
                new MessageIntake(settings, store, localDelivery, filter, defence, clock, new AuthorCheck(accounts)), new AuthExchange(authenticator), clock, defence);
    }

    /** A sender at the minimum rate must be able to send the largest message within one MX session. */
    private static void warnIfMxSessionCannotHoldTheLargestMessage(SmtpSettings settings) {
        Duration slowest = settings.limits().transferGrace()
                .plusSeconds(settings.maxMessageSize() / Math.max(1, settings.limits().minTransferRate().toBytes()));
        if (settings.limits().mxSessionTime().compareTo(slowest) < 0) {
            log.warn("mailwright.smtp-limits.mx-session-time ({}) is shorter than a max-message-size message takes at "
                    + "min-transfer-rate ({}): such messages cannot reach MX", settings.limits().mxSessionTime(), slowest);
        }
    }

    /**
     * Spool files left by a crash were never acknowledged with 250, so the client sends them again. Only files
     * older than {@link #LEFTOVER_AGE} go, in case another instance shares the data dir and is receiving now.
     */
    private static void removeLeftovers(Path spool) {
        if (!Files.isDirectory(spool)) {
            return;
        }
        Instant cutoff = Instant.now().minus(LEFTOVER_AGE);
        try (DirectoryStream<Path> files = Files.newDirectoryStream(spool, "smtp-*.eml")) {
            for (Path file : files) {
                if (Files.getLastModifiedTime(file).toInstant().isBefore(cutoff)) {
                    Files.deleteIfExists(file);
                    log.info("Removed unacknowledged spool file {}", file);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot clean the spool directory " + spool, e);
        }
    }
}
