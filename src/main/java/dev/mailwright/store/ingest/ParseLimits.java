package dev.mailwright.store.ingest;

import dev.mailwright.config.MailwrightProperties;

/**
 * Bounds of one parse, from {@code mailwright.ingest.*}. Beyond them parsing goes on, best-effort:
 * deeper entities become single parts, extra delimiters body text, and text is cut.
 */
public record ParseLimits(int maxNesting, int maxParts, int previewLength, int searchTextLength) {
    public static final ParseLimits DEFAULTS = new ParseLimits(40, 10_000, 200, 1024 * 1024);

    public ParseLimits {
        if (maxNesting < 1 || maxParts < 2 || previewLength < 0 || searchTextLength < 0) {
            throw new IllegalArgumentException("mailwright.ingest limits out of range: " + maxNesting + ", "
                    + maxParts + ", " + previewLength + ", " + searchTextLength);
        }
    }

    static ParseLimits of(MailwrightProperties.Ingest ingest) {
        return new ParseLimits(ingest.maxNesting(), ingest.maxParts(), ingest.previewLength(),
                ingest.searchTextLength());
    }

    /** Bytes of transfer-encoded text kept per message: enough for the search text even as base64 or QP. */
    long textBytes() {
        return 3L * searchTextLength + 4 * previewLength + 1024;
    }
}
