package dev.mailwright.store.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailwright.store.MessageSource;

/**
 * The properties the MIME fuzz target ({@code dev.mailwright.fuzz.MimeIngestFuzzTest}) checks on arbitrary
 * message bytes, here because the parser's strict entry point is package-private. Small limits, so that short
 * inputs reach them.
 */
public final class IngestChecks {
    static final ParseLimits LIMITS = new ParseLimits(6, 40, 50, 2_000);

    private IngestChecks() {
    }

    /**
     * What ingest does per message, without the safety net that turns a defect into a text/plain fallback:
     * must not throw, must describe the bytes consistently ({@link StructureInvariants}: ENVELOPE, BODYSTRUCTURE
     * and BODY well-formed and of the tree's shape, offsets nested, the tree's text form round-trips), must stay
     * within the limits, and must give the same result twice and the same as the public entry point.
     */
    public static void check(byte[] raw) {
        Mime4jMessageParser parser = new Mime4jMessageParser(LIMITS);
        ParsedMessage parsed = parser.parseStrictly(MessageSource.of(raw));
        StructureInvariants.verify(parsed, raw.length);
        assertThat(parts(parsed.root())).as("MIME parts").isLessThanOrEqualTo(LIMITS.maxParts());
        assertThat(depth(parsed.root())).as("nesting").isLessThanOrEqualTo(LIMITS.maxNesting() + 1);
        assertThat(parsed.preview().length()).isLessThanOrEqualTo(LIMITS.previewLength());
        assertThat(parsed.searchText().length()).isLessThanOrEqualTo(LIMITS.searchTextLength());
        assertThat(parsed.subject()).isNotNull();
        assertThat(parser.parseStrictly(MessageSource.of(raw))).as("the parser is a pure function").isEqualTo(parsed);
        assertThat(parser.parse(MessageSource.of(raw))).as("no fallback was needed").isEqualTo(parsed);
    }

    private static int parts(MimePart part) {
        int n = 1;
        for (MimePart child : part.children()) {
            n += parts(child);
        }
        return n + part.message().map(IngestChecks::parts).orElse(0);
    }

    private static int depth(MimePart part) {
        int deepest = part.message().map(IngestChecks::depth).orElse(0);
        for (MimePart child : part.children()) {
            deepest = Math.max(deepest, depth(child));
        }
        return 1 + deepest;
    }
}
