package dev.mailwright.sieve;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiPredicate;

import org.apache.james.mime4j.codec.EncoderUtil;

/**
 * The header as a run sees it: the message's fields, changed by {@code addheader} and {@code deleteheader} (RFC
 * 5293), so later tests see the changes and the stored copy gets them ({@link #edits}).
 *
 * <p>Some fields are not the script's to change (RFC 5293 §6): {@code Received} (the trace) cannot be deleted and
 * {@code Auto-Submitted} (what stops auto-reply loops) can be neither added nor deleted. Such an edit is skipped
 * without failing the script, so the rest of the user's filter still runs.
 */
final class HeaderView {
    private static final Set<String> UNDELETABLE = Set.of("received", "auto-submitted");
    private static final Set<String> UNADDABLE = Set.of("auto-submitted");
    /** RFC 5322 §2.1.1: lines SHOULD stay within 78 characters; added values are folded there. */
    private static final int FOLD_AT = 78;
    /** An added value longer than this is cut: a header field is no place for a document. */
    static final int MAX_ADDED_VALUE = 4_000;

    private record Entry(String name, String value, HeaderEdits.Field origin) {
    }

    private final List<Entry> entries = new ArrayList<>();
    private boolean edited;

    HeaderView(List<SieveMessage.HeaderField> fields) {
        for (SieveMessage.HeaderField field : fields) {
            entries.add(new Entry(field.name(), field.value(), new HeaderEdits.Original(field.index())));
        }
    }

    /** RFC 5322 §3.6.8: printable US-ASCII except the colon. */
    static boolean validName(String name) {
        if (name.isEmpty() || name.length() > 997) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c < 33 || c > 126 || c == ':') {
                return false;
            }
        }
        return true;
    }

    List<String> values(String name) {
        List<String> values = new ArrayList<>();
        for (Entry entry : entries) {
            if (entry.name().equalsIgnoreCase(name)) {
                values.add(entry.value());
            }
        }
        return values;
    }

    /** False when the field is protected and nothing was added. */
    boolean add(String name, String value, boolean last) {
        if (UNADDABLE.contains(name.toLowerCase(Locale.ROOT))) {
            return false;
        }
        String oneLine = value.replaceAll("[\r\n]+", " ");
        if (oneLine.length() > MAX_ADDED_VALUE) {
            oneLine = oneLine.substring(0, MAX_ADDED_VALUE);
        }
        // mime4j takes at most 50 characters already used on the line; a longer field name starts the value on a
        // folded line anyway (found by SieveFuzzTest: a long addheader name threw IllegalArgumentException)
        int used = Math.min(name.length() + 2, 50);
        String encoded = fold(EncoderUtil.encodeIfNecessary(oneLine, EncoderUtil.Usage.TEXT_TOKEN, used), name.length() + 2);
        Entry entry = new Entry(name, oneLine, new HeaderEdits.Added(name, encoded));
        if (last) {
            entries.add(entry);
        } else {
            entries.addFirst(entry);
        }
        edited = true;
        return true;
    }

    /**
     * Deletes the occurrences of {@code name} that {@code index} picks (1-based, counted from the end when
     * {@code fromEnd}; empty: every occurrence) and whose value {@code matches} accepts. Returns how many went.
     */
    int delete(String name, Optional<Long> index, boolean fromEnd, BiPredicate<String, Integer> matches) {
        if (UNDELETABLE.contains(name.toLowerCase(Locale.ROOT))) {
            return 0;
        }
        List<Integer> occurrences = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            if (entries.get(i).name().equalsIgnoreCase(name)) {
                occurrences.add(i);
            }
        }
        List<Integer> chosen = new ArrayList<>();
        if (index.isPresent()) {
            long n = index.get();
            if (n >= 1 && n <= occurrences.size()) {
                chosen.add(occurrences.get(fromEnd ? occurrences.size() - (int) n : (int) n - 1));
            }
        } else {
            chosen.addAll(occurrences);
        }
        int deleted = 0;
        for (int i = chosen.size() - 1; i >= 0; i--) {
            int at = chosen.get(i);
            if (matches.test(entries.get(at).value(), at)) {
                entries.remove(at);
                deleted++;
            }
        }
        if (deleted > 0) {
            edited = true;
        }
        return deleted;
    }

    Optional<HeaderEdits> edits() {
        return edited ? Optional.of(new HeaderEdits(entries.stream().map(Entry::origin).toList())) : Optional.empty();
    }

    /** Breaks a line that would pass {@link #FOLD_AT} at its last space before that, as often as needed. */
    private static String fold(String value, int used) {
        StringBuilder folded = new StringBuilder(value.length() + 16);
        int lineLength = used;
        int start = 0;
        while (value.length() - start + lineLength > FOLD_AT) {
            int limit = Math.min(value.length() - 1, start + FOLD_AT - lineLength);
            int space = value.lastIndexOf(' ', limit);
            if (space <= start) {
                space = value.indexOf(' ', limit);
                if (space < 0) {
                    break;
                }
            }
            folded.append(value, start, space).append("\r\n");
            start = space;   // the space starts the continuation line
            lineLength = 0;
        }
        return folded.append(value, start, value.length()).toString();
    }
}
