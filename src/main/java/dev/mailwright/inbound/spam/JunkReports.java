package dev.mailwright.inbound.spam;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.mailwright.inbound.rspamd.LearningQueue;
import dev.mailwright.store.AccountId;
import dev.mailwright.store.Flags;
import dev.mailwright.store.MailStore;
import dev.mailwright.store.MailboxId;
import dev.mailwright.store.MailboxInfo;
import dev.mailwright.store.SpecialUse;
import dev.mailwright.store.UidSet;

/**
 * A user's judgement, from IMAP COPY/MOVE and the webmail's Junk / Not junk buttons: messages filed into Junk get the
 * {@code $Junk} keyword and are reported to rspamd as spam; messages taken out of Junk (anywhere but Trash) get
 * {@code $NotJunk} and are reported as ham. Keywords go through the store, so every IMAP client sees them; reports go
 * through the learning queue, so the command that caused them never waits for rspamd.
 */
public final class JunkReports {
    private static final Logger log = LoggerFactory.getLogger(JunkReports.class);
    public static final String JUNK = "$Junk";
    public static final String NOT_JUNK = "$NotJunk";

    private final MailStore store;
    private final Optional<LearningQueue> learning;

    public JunkReports(MailStore store, Optional<LearningQueue> learning) {
        this.store = store;
        this.learning = learning;
    }

    /** Call after a committed copy or move from {@code source}; does nothing unless Junk is on exactly one side. */
    public void filed(AccountId account, MailboxId source, MailStore.Copied copied) {
        if (copied.targetUids().isEmpty()) {
            return;
        }
        try {
            judge(account, source, copied);
        } catch (RuntimeException e) {   // the move itself is committed: the user's command succeeded
            log.warn("Could not record a Junk judgement for account {}: {}", account, e.getMessage());
        }
    }

    private void judge(AccountId account, MailboxId source, MailStore.Copied copied) {
        boolean fromJunk = isUse(account, source, SpecialUse.JUNK);
        boolean toJunk = isUse(account, copied.target(), SpecialUse.JUNK);
        if (fromJunk == toJunk || fromJunk && isUse(account, copied.target(), SpecialUse.TRASH)) {
            return;
        }
        boolean spam = toJunk;
        UidSet uids = UidSet.of(copied.targetUids());
        Flags mark = new Flags(Set.of(), Set.of(spam ? JUNK : NOT_JUNK));
        Flags unmark = new Flags(Set.of(), Set.of(spam ? NOT_JUNK : JUNK));
        store.updateFlags(account, copied.target(), uids, MailStore.FlagChange.REMOVE, unmark, Optional.empty());
        store.updateFlags(account, copied.target(), uids, MailStore.FlagChange.ADD, mark, Optional.empty());
        learning.ifPresent(queue -> {
            List<String> blobs = new ArrayList<>();
            store.forEachMeta(copied.target(), uids, meta -> blobs.add(meta.blobHash()));
            blobs.forEach(blob -> queue.submit(spam, blob));
            log.debug("{} message(s) reported to rspamd as {}", blobs.size(), spam ? "spam" : "ham");
        });
    }

    private boolean isUse(AccountId account, MailboxId mailbox, SpecialUse use) {
        return store.mailbox(account, mailbox).flatMap(MailboxInfo::specialUse).filter(u -> u == use).isPresent();
    }

}
