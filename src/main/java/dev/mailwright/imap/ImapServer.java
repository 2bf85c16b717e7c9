package dev.mailwright.imap;

import dev.mailwright.config.MailwrightProperties.ImapLimits;
import dev.mailwright.imap.processor.AclProcessor;
import dev.mailwright.imap.processor.AuthProcessor;
import dev.mailwright.imap.processor.MailboxProcessor;
import dev.mailwright.imap.processor.MessageProcessor;
import dev.mailwright.imap.processor.QuotaProcessor;
import dev.mailwright.imap.processor.SessionProcessor;
import dev.mailwright.imap.session.SessionRegistry;

/** What every session shares: the processors, the registry and the limits. */
record ImapServer(String hostname, ImapLimits limits, SessionRegistry registry, SessionProcessor sessions,
                  AuthProcessor auth, MailboxProcessor mailboxes, MessageProcessor messages,
                  QuotaProcessor quotas, AclProcessor acls) {
}
