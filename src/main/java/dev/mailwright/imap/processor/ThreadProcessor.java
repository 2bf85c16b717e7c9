package dev.mailwright.imap.processor;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.function.ToLongFunction;

import dev.mailwright.imap.command.MessageCommand.Numbering;
import dev.mailwright.imap.command.MessageCommand.ThreadMessages;
import dev.mailwright.imap.processor.SortProcessor.Keyed;
import dev.mailwright.imap.session.ImapState;
import dev.mailwright.imap.session.SessionContext;
import dev.mailwright.imap.wire.ImapResponse;
import dev.mailwright.imap.wire.ThreadForest;
import dev.mailwright.store.MailStore;
import dev.mailwright.store.MessageThreadLinks;

/** THREAD and UID THREAD (RFC 5256 §3) over the messages SEARCH would find, from keys stored at ingest. */
final class ThreadProcessor {
    private final MailStore store;
    private final SearchProcessor searches;

    ThreadProcessor(MailStore store, SearchProcessor searches) {
        this.store = store;
        this.searches = searches;
    }

    Outcome thread(ThreadMessages command, ImapState.Selected state, SessionContext ctx) throws IOException {
        List<Keyed<MessageThreadLinks>> rows = SortProcessor.matchingRows(searches, store::forEachThreadLinks,
                MessageThreadLinks::uid, Optional.of(command.charset()), command.key(), state, ctx);
        ToLongFunction<Keyed<MessageThreadLinks>> number = switch (command.numbering()) {
            case UID -> k -> k.keys().uid();
            case SEQUENCE -> Keyed::msn;
        };
        ThreadForest threads = switch (command.algorithm()) {
            case ORDEREDSUBJECT -> OrderedSubjectThreads.build(rows, number);
            case REFERENCES -> ReferenceThreads.build(rows, ctx.properties().imapLimits().maxThreadDepth(), number);
        };
        ctx.send(new ImapResponse.ThreadResult(threads));
        return Outcome.ok(state, (command.numbering() == Numbering.UID ? "UID " : "") + "THREAD completed");
    }
}
