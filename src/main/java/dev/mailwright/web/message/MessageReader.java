package dev.mailwright.web.message;

import java.io.IOException;
import java.io.InputStream;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.apache.james.mime4j.dom.address.Mailbox;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Service;
import org.springframework.web.util.UriUtils;

import dev.mailwright.config.MailwrightProperties;
import dev.mailwright.inbound.AuthenticationResults;
import dev.mailwright.inbound.InboundFilter;
import dev.mailwright.store.AccountStore.Account;
import dev.mailwright.store.MailStore;
import dev.mailwright.store.MailboxInfo;
import dev.mailwright.store.MessageMeta;
import dev.mailwright.store.SystemFlag;
import dev.mailwright.store.UidSet;
import dev.mailwright.store.ingest.MimePart;
import dev.mailwright.web.SizeFormat;
import dev.mailwright.web.message.HtmlSanitizer.RemoteContent;
import dev.mailwright.web.message.MessageStructure.Leaf;

/** Reads one stored message for display: headers, the chosen body, attachments and inline parts. */
@Service
public class MessageReader {
    /** The date line in the reader's language (a Korean reader gets 2026년 12월 5일 토요일 오후 3:04). */
    private static final SizeFormat SIZES = new SizeFormat();
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofLocalizedDateTime(FormatStyle.FULL, FormatStyle.SHORT);

    private final MailStore store;
    private final MessageBytes bytes;
    private final String authservId;
    private final int maxStyleChars;

    MessageReader(MailStore store, MessageBytes bytes, MailwrightProperties properties) {
        this.store = store;
        this.bytes = bytes;
        this.maxStyleChars = properties.webmailHtml().maxStyleChars();
        this.authservId = InboundFilter.authservId(properties);
    }

    public Optional<MessageMeta> meta(MailboxInfo mailbox, long uid) {
        if (uid < 1) {
            return Optional.empty();
        }
        List<MessageMeta> found = new ArrayList<>(1);
        store.forEachMeta(mailbox.id(), UidSet.of(uid), found::add);
        return found.stream().findFirst();
    }

    /** {@link #meta(MailboxInfo, long)} with {@code viewer}'s own \Seen (on someone else's shared folder). */
    public Optional<MessageMeta> meta(dev.mailwright.store.AccountId viewer, MailboxInfo mailbox, long uid) {
        if (uid < 1) {
            return Optional.empty();
        }
        List<MessageMeta> found = new ArrayList<>(1);
        store.forEachMeta(viewer, mailbox.id(), UidSet.of(uid), found::add);
        return found.stream().findFirst();
    }

    public MessageView view(Account account, MailboxInfo mailbox, MessageMeta meta) {
        MimePart root = MimePart.decode(meta.partTree());
        PartHeader header = bytes.header(meta.blobHash(), root);
        MessageStructure structure = structure(meta, root);
        MessageView.BodyKind kind = MessageView.BodyKind.NONE;
        String plainHtml = "";
        String text = "";
        int remote = 0;
        if (structure.body().isPresent()) {
            Leaf body = structure.body().get();
            String content = bytes.text(meta.blobHash(), body.part(), body.header());
            if (body.header().mimeType().equals("text/html")) {
                kind = MessageView.BodyKind.HTML;
                remote = HtmlSanitizer.clean(content, RemoteContent.BLOCKED, cid -> "", maxStyleChars).blockedImages();
                text = HtmlSanitizer.text(content);
            } else {
                kind = MessageView.BodyKind.PLAIN;
                plainHtml = PlainText.toHtml(content);
                text = content;
            }
        }
        List<Mailbox> from = header.addresses("From");
        List<Mailbox> to = header.addresses("To");
        List<Mailbox> cc = header.addresses("Cc");
        Set<String> replyAll = new LinkedHashSet<>();
        header.addresses("Reply-To").stream().findFirst().or(() -> from.stream().findFirst())
                .ifPresent(m -> replyAll.add(m.getAddress()));
        to.forEach(m -> replyAll.add(m.getAddress()));
        cc.forEach(m -> replyAll.add(m.getAddress()));
        replyAll.removeIf(a -> a.equalsIgnoreCase(account.address()));
        Optional<String> messageId = Optional.ofNullable(meta.messageId()).filter(id -> !id.isBlank());
        List<String> references = header.raw("References").map(r -> Arrays.stream(r.split("\\s+"))
                .map(MessageReader::stripBrackets).filter(s -> !s.isBlank()).toList()).orElse(List.of());
        var date = meta.sentDate() != null ? meta.sentDate() : meta.internalDate();
        List<MessageView.AttachmentView> attachments = structure.attachments().stream()
                .map(leaf -> new MessageView.AttachmentView(leaf.section(), filename(leaf), leaf.header().mimeType(),
                        approximateSize(leaf)))
                .toList();
        return new MessageView(mailbox.id().value(), mailbox.name(), meta.uid(),
                header.text("Subject").orElse(""), join(from), from.isEmpty() ? "" : from.getFirst().getAddress(),
                join(to), join(cc), join(header.addresses("Bcc")), DATE.withLocale(LocaleContextHolder.getLocale()).format(date.atZone(ZoneId.systemDefault())), messageId, references,
                List.copyOf(replyAll), meta.flags().has(SystemFlag.SEEN), meta.flags().has(SystemFlag.FLAGGED),
                meta.flags().has(SystemFlag.DELETED), meta.flags().has(SystemFlag.DRAFT), kind, plainHtml, text, remote,
                attachments, AuthenticationResults.senderVerdict(header.fields().stream()
                        .filter(f -> f.name().equalsIgnoreCase("Authentication-Results")).map(PartHeader.Field::value).toList(), authservId));
    }

    /** The sanitized HTML body as a complete document for the sandboxed frame. */
    public String htmlDocument(MailboxInfo mailbox, MessageMeta meta, RemoteContent remote) {
        MimePart root = MimePart.decode(meta.partTree());
        MessageStructure structure = structure(meta, root);
        Leaf body = structure.body().filter(b -> b.header().mimeType().equals("text/html"))
                .orElseThrow(() -> new IllegalStateException("no HTML body"));
        String html = bytes.text(meta.blobHash(), body.part(), body.header());
        String base = "/mail/" + mailbox.id().value() + "/" + meta.uid() + "/cid/";
        HtmlSanitizer.Cleaned cleaned = HtmlSanitizer.clean(html, remote,
                cid -> base + UriUtils.encodePathSegment(cid, java.nio.charset.StandardCharsets.UTF_8), maxStyleChars);
        // mail that sets no colours of its own may follow the reader's dark theme; styled mail keeps its light page
        return "<!DOCTYPE html><html" + (cleaned.styled() ? "" : " class=\"unstyled\"") + "><head><meta charset=\"utf-8\"><meta name=\"referrer\" content=\"no-referrer\">"
                + "<link rel=\"stylesheet\" href=\"/css/frame.css\"></head><body>" + cleaned.html() + "</body></html>";
    }

    /**
     * The HTML body of a draft as the compose editor takes it back: cleaned with the sending safelist (no
     * script, handler, style or form). Empty for a plain text message.
     */
    public Optional<String> editableHtml(MessageMeta meta) {
        MimePart root = MimePart.decode(meta.partTree());
        return structure(meta, root).body().filter(b -> b.header().mimeType().equals("text/html"))
                .map(body -> HtmlSanitizer.forSending(bytes.text(meta.blobHash(), body.part(), body.header())));
    }

    /** A leaf part by section, for download. */
    public Optional<Part> part(MessageMeta meta, String section) {
        MimePart root = MimePart.decode(meta.partTree());
        return MessageStructure.section(section).flatMap(root::section).filter(p -> !p.isMultipart())
                .map(p -> new Part(p, bytes.header(meta.blobHash(), p)));
    }

    /** An inline part by Content-ID. */
    public Optional<Part> inline(MessageMeta meta, String contentId) {
        MimePart root = MimePart.decode(meta.partTree());
        MessageStructure structure = structure(meta, root);
        return java.util.stream.Stream.concat(structure.inline().stream(), structure.attachments().stream())
                .filter(l -> l.header().contentId().filter(contentId::equals).isPresent())
                .findFirst().map(l -> new Part(l.part(), l.header()));
    }

    public InputStream open(MessageMeta meta, Part part) throws IOException {
        if (part.part().message().isPresent() || part.header().mimeType().equals("message/rfc822")) {
            return bytes.range(meta.blobHash(), part.part().bodyStart(), part.part().bodyEnd());
        }
        return bytes.decodedBody(meta.blobHash(), part.part(), part.header());
    }

    public InputStream raw(MessageMeta meta) throws IOException {
        return store.openMessage(meta.blobHash());
    }

    public record Part(MimePart part, PartHeader header) {
        public String filename() {
            return header.filename().orElse(header.mimeType().equals("message/rfc822") ? "message.eml" : "attachment");
        }
    }

    private MessageStructure structure(MessageMeta meta, MimePart root) {
        return MessageStructure.of(root, part -> bytes.header(meta.blobHash(), part));
    }

    private static String filename(Leaf leaf) {
        return new Part(leaf.part(), leaf.header()).filename();
    }

    private static String approximateSize(Leaf leaf) {
        long raw = leaf.part().bodyEnd() - leaf.part().bodyStart();
        long size = leaf.header().transferEncoding().equals("base64") ? raw * 3 / 4 : raw;
        return SIZES.format(size, LocaleContextHolder.getLocale());

    }

    private static String join(List<Mailbox> mailboxes) {
        return mailboxes.stream().map(m -> m.getName() == null || m.getName().isBlank() ? m.getAddress()
                : m.getName() + " <" + m.getAddress() + ">").collect(Collectors.joining(", "));
    }

    private static String stripBrackets(String id) {
        String s = id.strip();
        return s.startsWith("<") && s.endsWith(">") ? s.substring(1, s.length() - 1) : s;
    }
}
