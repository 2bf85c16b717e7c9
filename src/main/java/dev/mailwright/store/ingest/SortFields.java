package dev.mailwright.store.ingest;

import java.util.List;
import java.util.Optional;

/**
 * The sort and thread keys of RFC 5256 §3 and RFC 5957 §3 that the store keeps per message, computed once from
 * what ingest already produced (the decoded Subject and the ENVELOPE). Text keys are case-mapped for the
 * {@code i;ascii-casemap} comparator (ASCII letters to upper case, nothing else changed) and cut to
 * {@link #MAX_LENGTH} characters.
 *
 * @param baseSubject    the base subject (RFC 5256 §2.1), case-mapped
 * @param replyOrForward whether the subject was a reply or forward (extraction removed something)
 * @param fromMailbox    addr-mailbox of the first From address, case-mapped; empty when there is none
 * @param toMailbox      addr-mailbox of the first To address
 * @param ccMailbox      addr-mailbox of the first Cc address
 * @param displayFrom    RFC 5957 display value of the first From address (decoded name, else mailbox@host)
 * @param displayTo      the same for the first To address
 */
public record SortFields(String baseSubject, boolean replyOrForward, String fromMailbox, String toMailbox,
                         String ccMailbox, String displayFrom, String displayTo) {
    public static final int MAX_LENGTH = 512;

    /** {@code decodedSubject}: the Subject with encoded words decoded, as {@link ParsedMessage#subject()}. */
    public static SortFields of(String decodedSubject, String envelope) {
        BaseSubject base = BaseSubject.of(decodedSubject);
        EnvelopeReader.Addresses a = EnvelopeReader.read(envelope);
        return new SortFields(key(base.text()), base.replyOrForward(), key(mailbox(a.from())), key(mailbox(a.to())),
                key(mailbox(a.cc())), key(display(a.from())), key(display(a.to())));
    }

    private static String mailbox(List<EnvelopeReader.Address> list) {
        return list.isEmpty() ? "" : list.getFirst().mailbox().orElse("");
    }

    /** RFC 5957 §3: the decoded display name when not empty, else mailbox@host, else the mailbox, else empty. */
    private static String display(List<EnvelopeReader.Address> list) {
        if (list.isEmpty()) {
            return "";
        }
        EnvelopeReader.Address first = list.getFirst();
        Optional<String> name = first.name().map(Mime4jMessageParser::decodeWords).map(String::strip).filter(n -> !n.isEmpty());
        if (name.isPresent()) {
            return name.get();
        }
        if (first.mailbox().isPresent() && first.host().isPresent()) {
            return first.mailbox().get() + "@" + first.host().get();
        }
        return first.mailbox().orElse("");
    }

    /** i;ascii-casemap (RFC 4790 §9.2): only a-z change. */
    public static String casemap(String s) {
        char[] out = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 'a' && c <= 'z') {
                if (out == null) {
                    out = s.toCharArray();
                }
                out[i] = (char) (c - 32);
            }
        }
        return out == null ? s : new String(out);
    }

    private static String key(String s) {
        String cut = s.length() <= MAX_LENGTH ? s : s.substring(0, Character.isHighSurrogate(s.charAt(MAX_LENGTH - 1))
                ? MAX_LENGTH - 1 : MAX_LENGTH);
        return casemap(cut);
    }
}
