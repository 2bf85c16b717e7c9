package dev.mailwright.store.ingest;

import dev.mailwright.store.MessageSource;
import org.apache.james.mime4j.stream.EntityState;
import org.apache.james.mime4j.stream.MimeConfig;
import org.apache.james.mime4j.stream.MimeTokenStream;
import org.apache.james.mime4j.stream.RecursionMode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Differential check against mime4j's own streaming parser ({@link MimeTokenStream}, recursing into
 * message/rfc822): on every corpus message where MIME is well-formed enough for both, the tree of media
 * types and every leaf body (raw bytes, as mime4j streams them) must be the same as what our offsets cut
 * out. The exclusions are the cases where IMAP needs a different answer than mime4j gives.
 */
class Mime4jAgreementTest {
    /** Where we deliberately differ, and why. */
    private static final Set<String> DIFFERENT_BY_DESIGN = Set.of(
            "broken-boundary.eml",         // a multipart with no part is reported as text/plain
            "invalid-content-type.eml",    // mime4j keeps "application/x y"-like types; RFC 2045 says text/plain
            "rfc822-base64.eml",           // an encoded message/rfc822 is not parsed into (IMAP basic part)
            "no-header.eml",               // first line is not a field: we start the body, mime4j a header
            "boundary-padding-and-prefix.eml"); // RFC 2046 §5.1.1 note: a line that starts with the
                                                // delimiter is one; mime4j also wants white space after it

    private final Mime4jMessageParser parser = new Mime4jMessageParser();

    @TestFactory
    Stream<DynamicTest> treeAndLeafBodiesShouldAgreeWithMime4jTokenStream() throws Exception {
        return MimeCorpusTest.messages().stream()
                .filter(p -> !DIFFERENT_BY_DESIGN.contains(p.getFileName().toString()))
                .map(p -> DynamicTest.dynamicTest(p.getFileName().toString(), () -> agree(p)));
    }

    private void agree(Path eml) throws Exception {
        byte[] bytes = MimeCorpusTest.load(eml);
        ParsedMessage parsed = parser.parseStrictly(MessageSource.of(bytes));
        assertThat(ours(parsed.root(), bytes)).isEqualTo(theirs(bytes));
    }

    private static String ours(MimePart part, byte[] bytes) {
        StringBuilder sb = new StringBuilder();
        if (part.message().isEmpty()) {
            sb.append(part.type()).append('/').append(part.subtype());
        }
        if (part.isMultipart()) {
            sb.append('[');
            part.children().forEach(c -> sb.append(ours(c, bytes)).append(';'));
            sb.append(']');
        } else if (part.message().isPresent()) {
            sb.append('<').append(ours(part.message().get(), bytes)).append('>');
        } else {
            sb.append('{').append(new String(Arrays.copyOfRange(bytes, (int) part.bodyStart(), (int) part.bodyEnd()),
                    StandardCharsets.ISO_8859_1)).append('}');
        }
        return sb.toString();
    }

    private static String theirs(byte[] bytes) throws Exception {
        MimeConfig config = MimeConfig.custom().setStrictParsing(false).setMaxLineLen(-1).setMaxHeaderLen(-1)
                .setMaxHeaderCount(-1).build();
        MimeTokenStream stream = new MimeTokenStream(config);
        stream.setRecursionMode(RecursionMode.M_RECURSE);
        stream.parse(new ByteArrayInputStream(bytes));
        StringBuilder sb = new StringBuilder();
        int messages = 0;
        // a message/rfc822 part has no T_BODY of its own: its embedded message follows as T_START_MESSAGE
        for (EntityState state = stream.getState(); state != EntityState.T_END_OF_STREAM; state = stream.next()) {
            switch (state) {
                case T_START_MESSAGE -> {
                    if (messages++ > 0) {
                        sb.append('<');
                    }
                }
                case T_END_MESSAGE -> {
                    if (--messages > 0) {
                        sb.append('>');
                    }
                }
                case T_START_MULTIPART -> sb.append(stream.getBodyDescriptor().getMimeType()).append('[');
                case T_END_MULTIPART -> sb.append(']');
                case T_END_BODYPART -> sb.append(';');
                case T_BODY -> sb.append(stream.getBodyDescriptor().getMimeType()).append('{')
                        .append(new String(stream.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1))
                        .append('}');
                default -> {
                }
            }
        }
        return sb.toString();
    }
}
