package dev.mailwright.web.message;

/**
 * A sender-chosen name (an attachment's file name) as the page shows it: the invisible characters that reorder or
 * hide text (bidi embeddings, overrides, isolates and marks, and C0/C1 controls) are replaced by a visible
 * {@code [U+202E]}, so {@code "invoice\u202Efdp.exe"} cannot pass for {@code invoice.exe...pdf}. The template also
 * isolates the name ({@code <bdi>}) so it cannot reorder the text around it.
 */
public final class VisibleControls {
    private VisibleControls() {
    }

    public static String reveal(String name) {
        StringBuilder out = new StringBuilder(name.length());
        name.codePoints().forEach(c -> {
            if (hidesOrReorders(c)) {
                out.append(String.format("[U+%04X]", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        return out.toString();
    }

    static boolean hidesOrReorders(int c) {
        return c < 0x20 || (c >= 0x7F && c <= 0x9F)
                || c == 0x061C                       // ARABIC LETTER MARK
                || c == 0x200E || c == 0x200F        // LRM, RLM
                || (c >= 0x202A && c <= 0x202E)      // LRE, RLE, PDF, LRO, RLO
                || (c >= 0x2066 && c <= 0x2069);     // LRI, RLI, FSI, PDI
    }
}
