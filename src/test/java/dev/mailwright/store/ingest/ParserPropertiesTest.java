package dev.mailwright.store.ingest;

import dev.mailwright.store.MessageSource;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Malformed input never makes the parser throw, and whatever it returns is self-consistent
 * ({@link StructureInvariants}). Property-style checks as seeded loops: every failure names its seed
 * and case, so it can be replayed.
 */
class ParserPropertiesTest {
    private static final long SEED = 0x5EED_2026L;
    private static final List<String> MIME_LINES = List.of(
            "Content-Type: multipart/mixed; boundary=a", "Content-Type: multipart/alternative; boundary=\"b\"",
            "Content-Type: message/rfc822", "Content-Type: text/plain; charset=utf-8",
            "Content-Type: multipart/digest; boundary=a", "Content-Transfer-Encoding: base64",
            "Content-Transfer-Encoding: quoted-printable", "Content-Disposition: attachment; filename=x",
            "From: \"a\\\" b\" <a@b>, (c) d@e", "To: g: x@y;", "Subject: =?utf-8?q?=C3=A9?=", "--a", "--a--",
            "--b", "--b--", "--ab", "", "", "", " folded", "\tfolded", "body text é", "w4k=", "=E9=",
            "<p>html</p>", "\u0000", "\u000b\u001c", "garbage line", "Content-Type: text/html; charset=\"");
    private static final List<String> LINE_ENDS = List.of("\r\n", "\n", "\r\n", "\r");

    private final Mime4jMessageParser parser = new Mime4jMessageParser();

    @Test
    void randomBytesShouldParseIntoConsistentStructure() {
        Random random = new Random(SEED);
        for (int i = 0; i < 400; i++) {
            byte[] bytes = new byte[random.nextInt(3000)];
            random.nextBytes(bytes);
            check(bytes, "random bytes #" + i);
        }
    }

    @Test
    void mimeLikeNoiseShouldParseIntoConsistentStructure() {
        Random random = new Random(SEED + 1);
        for (int i = 0; i < 600; i++) {
            StringBuilder sb = new StringBuilder();
            int lines = random.nextInt(60);
            for (int l = 0; l < lines; l++) {
                sb.append(MIME_LINES.get(random.nextInt(MIME_LINES.size())))
                        .append(LINE_ENDS.get(random.nextInt(LINE_ENDS.size())));
            }
            check(sb.toString().getBytes(StandardCharsets.UTF_8), "MIME noise #" + i);
        }
    }

    @Test
    void mutatedCorpusMessagesShouldParseIntoConsistentStructure() throws Exception {
        List<Path> corpus = MimeCorpusTest.messages();
        Random random = new Random(SEED + 2);
        for (int i = 0; i < 800; i++) {
            Path eml = corpus.get(random.nextInt(corpus.size()));
            byte[] mutated = mutate(MimeCorpusTest.load(eml), random);
            check(mutated, "mutation #" + i + " of " + eml.getFileName());
        }
    }

    private void check(byte[] bytes, String description) {
        ParsedMessage p;
        try {
            p = parser.parseStrictly(MessageSource.of(bytes));
        } catch (RuntimeException e) {
            throw new AssertionError(description + " (seed " + SEED + ") threw", e);
        }
        assertThat(p).as(description).isNotNull();
        try {
            StructureInvariants.verify(p, bytes.length);
        } catch (AssertionError e) {
            throw new AssertionError(description + " (seed " + SEED + "): " + e.getMessage(), e);
        }
    }

    /** Deletes, duplicates, flips or truncates random ranges, a few times over. */
    private static byte[] mutate(byte[] message, Random random) {
        byte[] current = message;
        int edits = 1 + random.nextInt(6);
        for (int e = 0; e < edits && current.length > 0; e++) {
            int at = random.nextInt(current.length);
            int len = 1 + random.nextInt(Math.min(200, current.length - at));
            ByteArrayOutputStream out = new ByteArrayOutputStream(current.length + len);
            switch (random.nextInt(4)) {
                case 0 -> {
                    out.write(current, 0, at);
                    out.write(current, at + len, current.length - at - len);
                }
                case 1 -> {
                    out.write(current, 0, at + len);
                    out.write(current, at, current.length - at);
                }
                case 2 -> {
                    out.write(current, 0, current.length);
                    byte[] b = out.toByteArray();
                    b[at] = (byte) random.nextInt(256);
                    current = b;
                    continue;
                }
                default -> out.write(current, 0, at);
            }
            current = out.toByteArray();
        }
        return current;
    }

    @Test
    void mutationShouldActuallyChangeTheMessage() throws IOException, URISyntaxException {
        byte[] original = MimeCorpusTest.load(MimeCorpusTest.messages().getFirst());
        Random random = new Random(SEED);
        int changed = 0;
        for (int i = 0; i < 20; i++) {
            if (!java.util.Arrays.equals(original, mutate(original, random))) {
                changed++;
            }
        }
        assertThat(changed).isGreaterThan(15);
    }
}
