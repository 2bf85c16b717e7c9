package dev.mailwright.imap.processor;

import java.io.IOException;
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
import dev.mailwright.store.MessageSortKeys;
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
        Optional<String> charset = Optional.of(command.charset());
        ThreadForest threads = switch (command.algorithm()) {
            // base subject and date only: the narrower SORT projection, without the References text
            case ORDEREDSUBJECT -> OrderedSubjectThreads.build(SortProcessor.matchingRows(searches, store::forEachSortKeys,
                    MessageSortKeys::uid, charset, command.key(), state, ctx), number(command, MessageSortKeys::uid));
            case REFERENCES -> ReferenceThreads.build(SortProcessor.matchingRows(searches, store::forEachThreadLinks,
                            MessageThreadLinks::uid, charset, command.key(), state, ctx),
                    ctx.properties().imapLimits().maxThreadDepth(), number(command, MessageThreadLinks::uid));
        };
        ctx.send(new ImapResponse.ThreadResult(threads));
        return Outcome.ok(state, (command.numbering() == Numbering.UID ? "UID " : "") + "THREAD completed");
    }

    private static <K> ToLongFunction<Keyed<K>> number(ThreadMessages command, ToLongFunction<K> uidOf) {
        return switch (command.numbering()) {
            case UID -> k -> uidOf.applyAsLong(k.keys());
            case SEQUENCE -> Keyed::msn;
        };
    }
}
