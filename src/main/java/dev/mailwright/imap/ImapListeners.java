package dev.mailwright.imap;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.mailwright.auth.Authenticator;
import dev.mailwright.config.MailwrightProperties;
import dev.mailwright.imap.processor.AclProcessor;
import dev.mailwright.imap.processor.AuthProcessor;
import dev.mailwright.imap.processor.MailboxProcessor;
import dev.mailwright.imap.processor.MessageProcessor;
import dev.mailwright.imap.processor.QuotaProcessor;
import dev.mailwright.imap.processor.SessionProcessor;
import dev.mailwright.imap.session.SessionContext.TlsOffer;
import dev.mailwright.imap.session.SessionRegistry;
import dev.mailwright.inbound.spam.JunkReports;
import dev.mailwright.net.ListenerSpec;
import dev.mailwright.net.TlsMode;
import dev.mailwright.store.AccountStore;
import dev.mailwright.store.MailStore;

/** The two IMAP listeners: {@code imap} (plaintext with STARTTLS) and {@code imaps} (implicit TLS). */
@Configuration(proxyBeanMethods = false)
class ImapListeners {

    @Bean
    ImapServer imapServer(MailwrightProperties properties, MailStore store, AccountStore accounts, Authenticator authenticator,
                          SessionRegistry registry, JunkReports junkReports)
            throws IOException {
        removeSpoolLeftovers(properties.dataDir().resolve("spool"));
        return new ImapServer(properties.hostname(), properties.imapLimits(), registry, new SessionProcessor(),
                new AuthProcessor(authenticator, registry), new MailboxProcessor(store, registry),
                new MessageProcessor(store, registry, junkReports), new QuotaProcessor(accounts, store),
                new AclProcessor(store));
    }

    @Bean
    ListenerSpec imapListener(MailwrightProperties properties, ImapServer server) {
        return new ListenerSpec("imap", properties.imap().bind(), properties.imap().port(), TlsMode.PLAIN,
                new ImapConnectionHandler(server, properties, TlsOffer.STARTTLS_AVAILABLE),
                properties.imap().maxConnections(), properties.imap().maxUnauthenticated());
    }

    @Bean
    ListenerSpec imapsListener(MailwrightProperties properties, ImapServer server) {
        return new ListenerSpec("imaps", properties.imaps().bind(), properties.imaps().port(), TlsMode.IMPLICIT,
                new ImapConnectionHandler(server, properties, TlsOffer.NONE),
                properties.imaps().maxConnections(), properties.imaps().maxUnauthenticated());
    }

    /** APPEND spool files a crash left behind; runs while beans are created, before any listener accepts. */
    static void removeSpoolLeftovers(Path spool) throws IOException {
        if (!Files.isDirectory(spool)) {
            return;
        }
        try (DirectoryStream<Path> leftovers = Files.newDirectoryStream(spool, "append-*.eml")) {
            for (Path file : leftovers) {
                Files.deleteIfExists(file);
            }
        }
    }
}
