package dev.mailwright.store.ingest;

import dev.mailwright.config.MailwrightProperties;
import dev.mailwright.store.MessageSource;
import dev.mailwright.store.ingest.AddressList.Mailbox;
import org.apache.james.mime4j.codec.DecodeMonitor;
import org.apache.james.mime4j.codec.DecoderUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Parses a message once, in one streaming pass: {@link MimeScanner} finds the MIME tree with exact byte
 * offsets; ENVELOPE and BODYSTRUCTURE are written from the raw header values; mime4j's codecs decode
 * encoded words, base64, quoted-printable and charsets for display and search. Only the first bytes of
 * text parts are kept in memory.
 */
@Component
public class Mime4jMessageParser implements MessageParser {
    private static final Logger log = LoggerFactory.getLogger(Mime4jMessageParser.class);

    private final ParseLimits limits;

    @Autowired
    public Mime4jMessageParser(MailwrightProperties properties) {
        this(ParseLimits.of(properties.ingest()));
    }

    public Mime4jMessageParser(ParseLimits limits) {
        this.limits = limits;
    }

    /** With {@link ParseLimits#DEFAULTS}. */
    public Mime4jMessageParser() {
        this(ParseLimits.DEFAULTS);
    }

    @Override
    public ParsedMessage parse(MessageSource raw) {
        try {
            return parseStrictly(raw);
        } catch (UncheckedIOException e) {
            throw e;
        } catch (RuntimeException e) {
            // a defect of ours must not bounce mail: keep the bytes, describe them as one text part
            log.warn("message structure could not be described, storing it as text/plain", e);
            return plainFallback(raw.size());
        }
    }

    /** Like {@link #parse} but without the safety net, so that tests see any defect. */
    ParsedMessage parseStrictly(MessageSource raw) {
        Entity root;
        try (InputStream in = raw.open()) {
            root = new MimeScanner(limits).scan(in, raw.size());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read message source", e);
        }
        return describe(root);
    }

    private ParsedMessage describe(Entity root) {
        HeaderBlock h = root.header;
        String envelope = StructureWriter.envelope(root);
        String bodyStructure = StructureWriter.body(root, StructureWriter.Extensions.INCLUDED);
        String body = StructureWriter.body(root, StructureWriter.Extensions.OMITTED);
        List<TextExtractor.Text> texts = TextExtractor.texts(root);
        String subject = h.get("subject").map(Mime4jMessageParser::decodeWords).orElse("");
        List<Mailbox> from = StructureWriter.addresses(h, "from").mailboxes();
        return new ParsedMessage(envelope, bodyStructure, body, root.toMimePart(), subject,
                from.isEmpty() ? "" : display(from.getFirst()), recipients(h),
                h.get("date").flatMap(DateHeader::parse), TextExtractor.preview(texts, limits.previewLength()), hasAttachments(root),
                h.get("message-id").flatMap(v -> MessageIds.parse(v).stream().findFirst()),
                h.get("in-reply-to").flatMap(v -> MessageIds.parse(v).stream().findFirst()),
                h.get("references").map(MessageIds::parse).orElse(List.of()), searchText(h, texts, limits.searchTextLength()));
    }

    private static ParsedMessage plainFallback(long size) {
        MimePart part = new MimePart("text", "plain", 0, 0, size, List.of(), Optional.empty());
        String basic = "(\"text\" \"plain\" (\"charset\" \"us-ascii\") NIL NIL \"7BIT\" " + size + " 0";
        return new ParsedMessage("(NIL NIL NIL NIL NIL NIL NIL NIL NIL NIL)", basic + " NIL NIL NIL NIL)",
                basic + ")", part, "", "", List.of(), Optional.empty(), "", false, Optional.empty(),
                Optional.empty(), List.of(), "");
    }

    static String decodeWords(String raw) {
        return DecoderUtil.decodeEncodedWords(raw, DecodeMonitor.SILENT);
    }

    private static String display(Mailbox m) {
        String addr = m.addrSpec();
        return m.name().map(n -> decodeWords(n) + " <" + addr + ">").orElse(addr);
    }

    private static List<String> recipients(HeaderBlock h) {
        Set<String> out = new LinkedHashSet<>();
        for (String field : List.of("to", "cc")) {
            for (Mailbox m : StructureWriter.addresses(h, field).mailboxes()) {
                if (!m.local().isEmpty()) {
                    out.add(m.host().isEmpty() ? m.local() : m.local() + "@" + m.host().toLowerCase(Locale.ROOT));
                }
            }
        }
        return List.copyOf(out);
    }

    private static boolean hasAttachments(Entity e) {
        return switch (e.kind) {
            case MULTIPART -> e.children.stream().anyMatch(Mime4jMessageParser::hasAttachments);
            case MESSAGE -> namedOrAttached(e) || hasAttachments(e.message);
            case LEAF -> namedOrAttached(e);
        };
    }

    private static boolean namedOrAttached(Entity e) {
        return e.info.isAttachment() || (!e.info.type().equals("text") && e.info.filename().isPresent());
    }

    private static String searchText(HeaderBlock h, List<TextExtractor.Text> texts, int max) {
        StringBuilder sb = new StringBuilder();
        for (String field : List.of("from", "to", "cc", "bcc", "subject")) {
            h.get(field).ifPresent(v -> sb.append(decodeWords(v)).append('\n'));
        }
        for (TextExtractor.Text t : texts) {
            if (sb.length() >= max) {
                break;
            }
            sb.append(t.content()).append('\n');
        }
        return TextExtractor.truncate(sb.toString(), max);
    }

    /** Message-ID style lists: the ids between angle brackets, or a lone bare id. */
    static final class MessageIds {
        private MessageIds() {
        }

        static List<String> parse(String raw) {
            List<String> ids = new ArrayList<>();
            int i = raw.indexOf('<');
            while (i >= 0) {
                int close = raw.indexOf('>', i + 1);
                if (close < 0) {
                    break;
                }
                String id = raw.substring(i + 1, close).strip();
                if (!id.isEmpty()) {
                    ids.add(id);
                }
                i = raw.indexOf('<', close + 1);
            }
            String bare = raw.strip();
            if (ids.isEmpty() && !bare.isEmpty() && bare.indexOf(' ') < 0 && bare.indexOf('<') < 0) {
                ids.add(bare);
            }
            return ids;
        }
    }
}
