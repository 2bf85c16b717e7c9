package dev.mailwright.imap.processor;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import dev.mailwright.config.MailwrightProperties.ImapLimits;
import dev.mailwright.imap.command.FetchItem;
import dev.mailwright.imap.command.ImapParser;
import dev.mailwright.imap.command.MailboxCommand.Append;
import dev.mailwright.imap.command.MailboxCommand.AppendContent;
import dev.mailwright.imap.command.MailboxCommand.AppendMessage;
import dev.mailwright.imap.command.MailboxCommand.CatenatePart;
import dev.mailwright.imap.session.ImapState;
import dev.mailwright.imap.session.SelectedMailbox;
import dev.mailwright.imap.session.SessionContext;
import dev.mailwright.imap.wire.ImapResponse.BodySource;
import dev.mailwright.imap.wire.LiteralData;
import dev.mailwright.store.AccountStore.Account;
import dev.mailwright.store.Flags;
import dev.mailwright.store.MailStore;
import dev.mailwright.store.MailboxId;
import dev.mailwright.store.MailboxInfo;
import dev.mailwright.store.MessageMeta;
import dev.mailwright.store.MessageSource;
import dev.mailwright.store.RangeInputStream;
import dev.mailwright.store.UidSet;

/**
 * APPEND of one message or several (MULTIAPPEND, RFC 3502: one store transaction, all or nothing, quota for the
 * total, {@code APPENDUID} with the UID set), each message a literal or assembled by CATENATE (RFC 4469) from
 * TEXT literals and URLs of messages in the user's own mailboxes. A CATENATE message is assembled in a spool
 * file; every count and size is bounded ({@code mailwright.imap-limits.*}) before any byte is copied. Ordinary
 * literals get CRLF line ends ({@link CrlfLiterals}); literal8 is kept as sent.
 */
final class AppendProcessor {
    private static final int CHUNK = 64 * 1024;

    private final MailStore store;
    private final BodySections sections;

    AppendProcessor(MailStore store) {
        this.store = store;
        this.sections = new BodySections(store);
    }

    Outcome append(Append command, ImapState state, Account account, SessionContext ctx) throws IOException {
        ImapLimits limits = ctx.properties().imapLimits();
        List<Path> assembled = new ArrayList<>();
        try {
            if (command.messages().size() > limits.maxAppendMessages()) {
                throw ImapException.no("LIMIT", "At most " + limits.maxAppendMessages() + " messages in one APPEND");
            }
            Path spool = ctx.properties().dataDir().resolve("spool");
            Budget budget = new Budget(ctx.appendLimit(), limits.maxAppendTotal().toBytes());
            List<MailStore.NewMessage> messages = new ArrayList<>(command.messages().size());
            for (AppendMessage message : command.messages()) {
                MessageSource source = switch (message.content()) {
                    case AppendContent.Literal literal ->
                            source(CrlfLiterals.normalised(literal.data(), literal.kind(), spool, assembled));
                    case AppendContent.Catenate catenate -> catenate(catenate, account, ctx, limits, spool, budget, assembled);
                };
                budget.count(source.size());
                messages.add(new MailStore.NewMessage(source, Flags.parse(message.flags()),
                        message.date().map(ZonedDateTime::toInstant)));
            }
            Optional<SelectedMailbox> selected = state.selectedMailbox();
            Optional<MailboxId> claimRecentIn = selected.flatMap(SelectedMailbox::recentClaimedByAppend);
            if (messages.size() == 1) {
                MailStore.NewMessage only = messages.getFirst();
                MailStore.Appended appended = store.append(account.id(), command.mailbox(), only.raw(), only.flags(),
                        only.internalDate(), claimRecentIn);
                selected.ifPresent(mailbox -> mailbox.claimedByAppend(appended.recentFrom()));
                return Outcome.ok(state, "APPENDUID " + appended.uidValidity() + " " + appended.uid(), "APPEND completed");
            }
            MailStore.AppendedAll appended = store.appendAll(account.id(), command.mailbox(), messages, claimRecentIn);
            selected.ifPresent(mailbox -> mailbox.claimedByAppend(appended.recentFrom()));
            return Outcome.ok(state, "APPENDUID " + appended.uidValidity() + " " + UidSet.of(appended.uids()).toImapString(),
                    "APPEND completed");
        } finally {
            for (AppendMessage message : command.messages()) {
                for (LiteralData literal : literals(message)) {
                    if (literal instanceof LiteralData.Spooled s) {
                        Files.deleteIfExists(s.file());
                    }
                }
            }
            for (Path file : assembled) {
                Files.deleteIfExists(file);
            }
        }
    }

    private static List<LiteralData> literals(AppendMessage message) {
        return switch (message.content()) {
            case AppendContent.Literal literal -> List.of(literal.data());
            case AppendContent.Catenate catenate -> catenate.parts().stream()
                    .flatMap(p -> p instanceof CatenatePart.Text t ? java.util.stream.Stream.of(t.data()) : java.util.stream.Stream.empty())
                    .toList();
        };
    }

    private static MessageSource source(LiteralData literal) {
        return switch (literal) {
            case LiteralData.InMemory m -> MessageSource.of(m.bytes());
            case LiteralData.Spooled s -> MessageSource.ofFile(s.file());
        };
    }

    /** The sizes of one APPEND: each message within the APPENDLIMIT, all together within max-append-total. */
    private static final class Budget {
        private final long perMessage;
        private final long total;
        private long used;

        Budget(long perMessage, long total) {
            this.perMessage = perMessage;
            this.total = total;
        }

        /** Whether {@code bytes} more in the message being built (now {@code messageSoFar}) would still fit. */
        void require(long messageSoFar, long bytes) {
            if (messageSoFar + bytes > perMessage) {
                throw ImapException.no("TOOBIG", "Message exceeds the APPENDLIMIT of " + perMessage + " bytes");
            }
            if (used + messageSoFar + bytes > total) {
                throw ImapException.no("TOOBIG", "The messages of one APPEND exceed " + total + " bytes together");
            }
        }

        void count(long messageBytes) {
            require(0, messageBytes);
            used += messageBytes;
        }
    }

    /** RFC 4469 §5: the parts in order, written into one spool file. */
    private MessageSource catenate(AppendContent.Catenate catenate, Account account, SessionContext ctx, ImapLimits limits,
                                   Path spool, Budget budget, List<Path> assembled) throws IOException {
        if (catenate.parts().size() > limits.maxCatenateParts()) {
            throw ImapException.no("LIMIT", "At most " + limits.maxCatenateParts() + " parts in one CATENATE");
        }
        List<BodySource> sources = new ArrayList<>(catenate.parts().size());
        long size = 0;
        for (CatenatePart part : catenate.parts()) {
            BodySource source = switch (part) {
                case CatenatePart.Text text -> literalSource(CrlfLiterals.normalised(text.data(), text.kind(), spool, assembled));
                case CatenatePart.Url url -> resolve(url.url(), account, ctx);
            };
            budget.require(size, source.length());
            size += source.length();
            sources.add(source);
        }
        Files.createDirectories(spool);
        Path file = Files.createTempFile(spool, "append-", ".eml");
        assembled.add(file);
        try (OutputStream out = Files.newOutputStream(file)) {
            byte[] buf = new byte[CHUNK];
            for (BodySource source : sources) {
                long left = source.length();
                try (InputStream in = source.open()) {
                    while (left > 0) {
                        int r = in.read(buf, 0, (int) Math.min(buf.length, left));
                        if (r < 0) {
                            throw ImapException.no("UNAVAILABLE", "A referenced message could not be read, try again");
                        }
                        out.write(buf, 0, r);
                        left -= r;
                    }
                }
            }
        }
        return MessageSource.ofFile(file);
    }

    private static BodySource literalSource(LiteralData data) {
        return new BodySource() {
            @Override
            public long length() {
                return data.size();
            }

            @Override
            public InputStream open() throws IOException {
                return data.open();
            }
        };
    }

    /**
     * A CATENATE URL (RFC 4469 §5, RFC 5092): a message or section in one of the user's own mailboxes on this
     * server, else {@code NO [BADURL url]}.
     */
    private BodySource resolve(String url, Account account, SessionContext ctx) {
        ImapUrl parsed = ImapUrl.parse(url).orElseThrow(() -> badUrl(url, "Not an IMAP URL of a message or section"));
        if (parsed.host().isPresent() && !isThisServer(parsed.host().get(), ctx)) {
            throw badUrl(url, "URL of another server");
        }
        if (parsed.user().isPresent() && !parsed.user().get().equalsIgnoreCase(account.address())) {
            throw badUrl(url, "URL of another user");
        }
        String name = parsed.mailbox().equalsIgnoreCase("INBOX") ? "INBOX" : parsed.mailbox();
        MailboxInfo mailbox = store.mailbox(account.id(), name).orElseThrow(() -> badUrl(url, "No such mailbox"));
        if (parsed.uidValidity().isPresent() && parsed.uidValidity().get() != mailbox.uidValidity()) {
            throw badUrl(url, "UIDVALIDITY does not match");
        }
        List<MessageMeta> found = new ArrayList<>(1);
        store.forEachMeta(mailbox.id(), UidSet.of(parsed.uid()), found::add);
        if (found.isEmpty()) {
            throw badUrl(url, "No such message");
        }
        MessageMeta meta = found.getFirst();
        if (!store.hasMessageBytes(meta.blobHash())) {
            throw badUrl(url, "The message's contents are missing from the store");
        }
        FetchItem.Section section = parsed.section().isEmpty()
                ? new FetchItem.Section(FetchItem.Peek.PEEK, List.of(), FetchItem.SectionText.WHOLE, List.of(), Optional.empty())
                : ImapParser.section(parsed.section().get()).orElseThrow(() -> badUrl(url, "Bad section"));
        BodySource body;
        try {
            body = sections.section(meta, section).orElseThrow(() -> badUrl(url, "No such section"));
        } catch (IOException e) {
            throw badUrl(url, "The section could not be read");
        }
        if (parsed.partialOffset().isEmpty()) {
            return body;
        }
        long from = Math.min(parsed.partialOffset().get(), body.length());
        long length = Math.min(parsed.partialLength().orElse(Long.MAX_VALUE), body.length() - from);
        return new BodySource() {
            @Override
            public long length() {
                return length;
            }

            @Override
            public InputStream open() throws IOException {
                return RangeInputStream.slice(body.open(), from, length);
            }
        };
    }

    /** The host of an absolute URL: our hostname, or the name the server is published under. */
    private static boolean isThisServer(String host, SessionContext ctx) {
        String published = ctx.properties().published().hostname();
        return host.equalsIgnoreCase(ctx.properties().hostname()) || (!published.isEmpty() && host.equalsIgnoreCase(published));
    }

    /** RFC 4469 §5: {@code BADURL} takes the URL as text up to the {@code ]} of the code. */
    private static ImapException badUrl(String url, String reason) {
        StringBuilder text = new StringBuilder(Math.min(url.length(), 1024));
        for (int i = 0; i < url.length() && text.length() < 1024; i++) {
            char c = url.charAt(i);
            text.append(c == ']' || c < 0x20 || c == 0x7f ? '?' : c);
        }
        return ImapException.no("BADURL " + text, reason);
    }
}
