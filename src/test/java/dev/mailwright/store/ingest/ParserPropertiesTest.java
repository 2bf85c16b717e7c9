package dev.mailwright.store.ingest;

import dev.mailwright.store.MessageSource;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/** Malformed input never makes the parser throw, and whatever it returns is self-consistent. */
class ParserPropertiesTest {
    private final Mime4jMessageParser parser = new Mime4jMessageParser();

    @Property(tries = 300)
    void randomBytesShouldParseIntoConsistentStructure(@ForAll @Size(max = 3000) byte[] bytes) {
        check(bytes);
    }

    @Property(tries = 300)
    void mimeLikeNoiseShouldParseIntoConsistentStructure(@ForAll("mimeNoise") String text) {
        check(text.getBytes(StandardCharsets.UTF_8));
    }

    @Property(tries = 400)
    void mutatedCorpusMessagesShouldParseIntoConsistentStructure(@ForAll("mutatedCorpus") byte[] bytes) {
        check(bytes);
    }

    private void check(byte[] bytes) {
        ParsedMessage p = parser.parseStrictly(MessageSource.of(bytes));
        StructureInvariants.verify(p, bytes.length);
    }

    /** Lines drawn from MIME syntax fragments, so boundaries, headers and nesting really occur. */
    @Provide
    Arbitrary<String> mimeNoise() {
        Arbitrary<String> line = Arbitraries.of(
                "Content-Type: multipart/mixed; boundary=a", "Content-Type: multipart/alternative; boundary=\"b\"",
                "Content-Type: message/rfc822", "Content-Type: text/plain; charset=utf-8",
                "Content-Type: multipart/digest; boundary=a", "Content-Transfer-Encoding: base64",
                "Content-Transfer-Encoding: quoted-printable", "Content-Disposition: attachment; filename=x",
                "From: \"a\\\" b\" <a@b>, (c) d@e", "To: g: x@y;", "Subject: =?utf-8?q?=C3=A9?=", "--a", "--a--",
                "--b", "--b--", "--ab", "", "", "", " folded", "\tfolded", "body text é", "w4k=", "=E9=",
                "<p>html</p>", "\u0000", "garbage line");
        Arbitrary<String> ending = Arbitraries.of("\r\n", "\n", "\r\n", "\r");
        return Combinators.combine(line, ending).as((l, e) -> l + e).list().ofMaxSize(60)
                .map(parts -> String.join("", parts));
    }

    @Provide
    Arbitrary<byte[]> mutatedCorpus() {
        List<byte[]> corpus = corpus();
        Arbitrary<byte[]> base = Arbitraries.of(corpus);
        Arbitrary<int[]> edits = Arbitraries.integers().between(0, Integer.MAX_VALUE).array(int[].class)
                .ofMinSize(1).ofMaxSize(12);
        return Combinators.combine(base, edits).as(ParserPropertiesTest::mutate);
    }

    private static byte[] mutate(byte[] message, int[] edits) {
        byte[] current = message;
        for (int i = 0; i + 1 < edits.length; i += 2) {
            if (current.length == 0) {
                break;
            }
            int at = edits[i] % current.length;
            int len = 1 + edits[i + 1] % Math.max(1, current.length - at);
            ByteArrayOutputStream out = new ByteArrayOutputStream(current.length + len);
            switch (edits[i + 1] % 4) {
                case 0 -> { // delete a range
                    out.write(current, 0, at);
                    out.write(current, at + len, current.length - at - len);
                }
                case 1 -> { // duplicate a range
                    out.write(current, 0, at + len);
                    out.write(current, at, current.length - at);
                }
                case 2 -> { // flip one byte
                    out.write(current, 0, current.length);
                    byte[] b = out.toByteArray();
                    b[at] = (byte) (b[at] ^ (edits[i] >>> 8));
                    current = b;
                    continue;
                }
                default -> out.write(current, 0, at); // truncate
            }
            current = out.toByteArray();
        }
        return current;
    }

    private static List<byte[]> corpus() {
        try {
            return MimeCorpusTest.messages().stream().map(ParserPropertiesTest::load).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] load(Path p) {
        try {
            return MimeCorpusTest.load(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
