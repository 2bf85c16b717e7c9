package dev.mailwright.store.ingest;

/**
 * The base subject of RFC 5256 §2.1, extracted from a decoded Subject: blanks collapsed, {@code (fwd)} trailers,
 * {@code Re:}/{@code Fw:}/{@code Fwd:} leaders with their {@code [blob]}s, leading blobs and the {@code [fwd: ...]}
 * wrapper removed. One pass with moving indices and no regex: every character is looked at a bounded number of
 * times, however many prefixes or blobs an attacker stacks.
 *
 * @param text            the base subject as written (not case-mapped)
 * @param replyOrForward  whether extraction removed a leader, a trailer or the wrapper (RFC 5256 §2.1, used by
 *                        THREAD=REFERENCES when it merges threads by subject)
 */
public record BaseSubject(String text, boolean replyOrForward) {

    public static BaseSubject of(String decodedSubject) {
        String s = collapseBlanks(decodedSubject == null ? "" : decodedSubject);
        int start = 0;
        int end = s.length();
        boolean reply = false;
        while (true) {
            // (2) trailers: "(fwd)" and blanks at the end
            boolean trimmed = true;
            while (trimmed) {
                trimmed = false;
                while (end > start && s.charAt(end - 1) == ' ') {
                    end--;
                }
                if (end - start >= 5 && s.regionMatches(true, end - 5, "(fwd)", 0, 5)) {
                    end -= 5;
                    reply = true;
                    trimmed = true;
                }
            }
            // (3)-(5) leaders and leading blobs until nothing changes
            boolean changed = true;
            while (changed) {
                changed = false;
                while (start < end && s.charAt(start) == ' ') {
                    start++;
                }
                int afterBlobs = skipBlobs(s, start, end);
                int afterLeader = refwd(s, afterBlobs, end);
                if (afterLeader >= 0) {
                    start = afterLeader;
                    reply = true;
                    changed = true;
                    continue;
                }
                // (4) a leading blob goes when something is left after it; no leader follows these blobs (checked
                // above, and removing blobs does not change what follows them), so they go together
                int p = start;
                while (p < afterBlobs) {
                    int next = skipBlob(s, p, end);
                    if (next >= end) {
                        break;
                    }
                    p = next;
                }
                if (p != start) {
                    start = p;
                    changed = true;
                }
            }
            // (6) "[fwd: ...]" wrapper, then again from (2)
            if (end - start >= 6 && s.regionMatches(true, start, "[fwd:", 0, 5) && s.charAt(end - 1) == ']') {
                start += 5;
                end -= 1;
                reply = true;
                continue;
            }
            return new BaseSubject(s.substring(start, end), reply);
        }
    }

    /** (1) tabs, line breaks and runs of blanks become one space. */
    private static String collapseBlanks(String raw) {
        StringBuilder out = new StringBuilder(raw.length());
        boolean blank = false;
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
                blank = true;
                continue;
            }
            if (blank && !out.isEmpty()) {
                out.append(' ');
            }
            blank = false;
            out.append(c);
        }
        return out.toString();
    }

    /** The position after {@code *subj-blob} from {@code p}. */
    private static int skipBlobs(String s, int p, int end) {
        int next;
        while ((next = skipBlob(s, p, end)) > p) {
            p = next;
        }
        return p;
    }

    /** The position after one {@code subj-blob} ({@code "[" *BLOBCHAR "]" *WSP}) at {@code p}, else {@code p}. */
    private static int skipBlob(String s, int p, int end) {
        if (p >= end || s.charAt(p) != '[') {
            return p;
        }
        int i = p + 1;
        while (i < end && s.charAt(i) != ']' && s.charAt(i) != '[') {
            i++;
        }
        if (i >= end || s.charAt(i) != ']') {
            return p;
        }
        i++;
        while (i < end && s.charAt(i) == ' ') {
            i++;
        }
        return i;
    }

    /** The position after {@code subj-refwd} ({@code ("re" / "fw" ["d"]) *WSP [subj-blob] ":"}) at {@code p}, else -1. */
    private static int refwd(String s, int p, int end) {
        int i;
        if (end - p >= 2 && s.regionMatches(true, p, "re", 0, 2)) {
            i = p + 2;
        } else if (end - p >= 2 && s.regionMatches(true, p, "fw", 0, 2)) {
            i = p + 2;
            if (i < end && (s.charAt(i) == 'd' || s.charAt(i) == 'D')) {
                i++;
            }
        } else {
            return -1;
        }
        while (i < end && s.charAt(i) == ' ') {
            i++;
        }
        i = skipBlob(s, i, end);
        return i < end && s.charAt(i) == ':' ? i + 1 : -1;
    }
}
