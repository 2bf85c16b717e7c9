package dev.mailwright.imap.processor;

import java.io.IOException;
import java.util.ArrayList;
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
import dev.mailwright.store.MessageSortKeys;
import dev.mailwright.store.MessageThreadLinks;

/** THREAD and UID THREAD (RFC 5256 §3) over the messages SEARCH would find, from keys stored at ingest. */
final class ThreadProcessor {
    private final MailStore store;
    private final SearchProcessor searches;
    private final ThreadShapes shapes = new ThreadShapes();

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
            case REFERENCES -> references(command, charset, state, ctx);
        };
        ctx.send(new ImapResponse.ThreadResult(threads));
        return Outcome.ok(state, (command.numbering() == Numbering.UID ? "UID " : "") + "THREAD completed");
    }

    /**
     * REFERENCES: the shape over the matching rows (kept in {@link ThreadShapes} while the same messages match), then
     * numbered for this answer.
     */
    private ThreadForest references(ThreadMessages command, Optional<String> charset, ImapState.Selected state,
                                    SessionContext ctx) throws IOException {
        List<Keyed<MessageThreadLinks>> rows = SortProcessor.matchingRows(searches, store::forEachThreadLinks,
                MessageThreadLinks::uid, charset, command.key(), state, ctx);
        long[] uids = new long[rows.size()];
        List<MessageThreadLinks> links = new ArrayList<>(rows.size());
        for (int i = 0; i < uids.length; i++) {
            MessageThreadLinks row = rows.get(i).keys();
            uids[i] = row.uid();
            links.add(row);
        }
        int maxDepth = ctx.properties().imapLimits().maxThreadDepth();
        ThreadForest shape = shapes.shape(state.mailbox().id().value(), state.mailbox().uidValidity(), maxDepth, uids,
                ctx.properties().sortCache().maxMessages(), () -> ReferenceThreads.build(links, maxDepth));
        return switch (command.numbering()) {
            case UID -> shape.renumbered(n -> uids[(int) n - 1]);
            case SEQUENCE -> shape.renumbered(n -> rows.get((int) n - 1).msn());
        };
    }

    private static <K> ToLongFunction<Keyed<K>> number(ThreadMessages command, ToLongFunction<K> uidOf) {
        return switch (command.numbering()) {
            case UID -> k -> uidOf.applyAsLong(k.keys());
            case SEQUENCE -> Keyed::msn;
        };
    }
}
