package dev.mailwright.imap.processor;

import java.io.IOException;
import java.util.Optional;

import dev.mailwright.imap.session.ImapState;
import dev.mailwright.imap.session.SessionContext;
import dev.mailwright.imap.session.SessionContext.Extension;
import dev.mailwright.imap.wire.ImapResponse;
import dev.mailwright.imap.wire.Status;

/**
 * Enables CONDSTORE for a CONDSTORE enabling command (RFC 7162 §3.1: FETCH MODSEQ, CHANGEDSINCE, SEARCH MODSEQ,
 * UNCHANGEDSINCE, STATUS HIGHESTMODSEQ, ENABLE). The first one issued with a mailbox selected is also answered with
 * {@code OK [HIGHESTMODSEQ n]}, which SELECT did not send unasked.
 */
final class CondStoreEnabling {
    private CondStoreEnabling() {
    }

    static void enable(ImapState state, SessionContext ctx) throws IOException {
        if (ctx.enable(Extension.CONDSTORE) && state instanceof ImapState.Selected selected) {
            ctx.send(new ImapResponse.StatusLine(Status.OK,
                    Optional.of("HIGHESTMODSEQ " + selected.mailbox().highestModseqSeen()), "Highest"));
        }
    }
}
