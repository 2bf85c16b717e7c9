package dev.mailwright.store.ingest;

import dev.mailwright.store.MessageSource;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs every {@code src/test/resources/mime/NAME.eml} through the parser and compares with
 * {@code NAME.expected}. Messages are stored with LF and converted to CRLF here, except those named
 * {@code lf-*} (parsed LF-only, as stored) and files that already use CRLF (left alone).
 * <p>
 * Expected-file keys: ENVELOPE, BODYSTRUCTURE, BODY (exact strings; {@code <CRLF>} stands for CR LF inside
 * a literal), SUBJECT, FROM, PREVIEW, ATTACHMENTS, RECIPIENTS (comma-separated), and {@code KEY path bytes} with
 * {@code \r \n \\} escapes for KEY = SECTION (BODY[path]), MIME (BODY[path.MIME]), HEADER and TEXT
 * (BODY[path.HEADER] / BODY[path.TEXT] of a message/rfc822 part), checked against the bytes that the
 * part offsets cut out of the message.
 */
class MimeCorpusTest {
    private static final int MINIMUM_CORPUS = 25;
    private final Mime4jMessageParser parser = new Mime4jMessageParser();

    static Path corpus() throws URISyntaxException {
        return Path.of(MimeCorpusTest.class.getResource("/mime").toURI());
    }

    static byte[] load(Path eml) throws IOException {
        byte[] raw = Files.readAllBytes(eml);
        if (eml.getFileName().toString().startsWith("lf-")) {
            return raw;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length + raw.length / 20);
        for (int i = 0; i < raw.length; i++) {
            if (raw[i] == '\n' && (i == 0 || raw[i - 1] != '\r')) {
                out.write('\r');
            }
            out.write(raw[i]);
        }
        return out.toByteArray();
    }

    static List<Path> messages() throws IOException, URISyntaxException {
        try (Stream<Path> files = Files.list(corpus())) {
            return files.filter(p -> p.toString().endsWith(".eml")).sorted().toList();
        }
    }

    @Test
    void corpusShouldHoldEnoughMessagesEachWithExpectations() throws Exception {
        List<Path> messages = messages();
        assertThat(messages).hasSizeGreaterThanOrEqualTo(MINIMUM_CORPUS);
        for (Path eml : messages) {
            assertThat(expectedFile(eml)).exists();
        }
    }

    @TestFactory
    Stream<DynamicTest> everyCorpusMessageShouldMatchItsExpectedEnvelopeAndStructure() throws Exception {
        return messages().stream().map(eml -> DynamicTest.dynamicTest(eml.getFileName().toString(),
                () -> check(eml)));
    }

    private static Path expectedFile(Path eml) {
        String name = eml.getFileName().toString();
        return eml.resolveSibling(name.substring(0, name.length() - 4) + ".expected");
    }

    private void check(Path eml) throws IOException {
        byte[] bytes = load(eml);
        ParsedMessage parsed = parser.parseStrictly(MessageSource.of(bytes));
        StructureInvariants.verify(parsed, bytes.length);
        List<String> keys = new ArrayList<>();
        for (String line : Files.readAllLines(expectedFile(eml), StandardCharsets.UTF_8)) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int sp = line.indexOf(' ');
            String key = sp < 0 ? line : line.substring(0, sp);
            String value = sp < 0 ? "" : line.substring(sp + 1);
            keys.add(key);
            switch (key) {
                case "ENVELOPE" -> assertThat(parsed.envelope()).as("ENVELOPE").isEqualTo(crlf(value));
                case "BODYSTRUCTURE" -> assertThat(parsed.bodyStructure()).as("BODYSTRUCTURE").isEqualTo(crlf(value));
                case "BODY" -> assertThat(parsed.body()).as("BODY").isEqualTo(crlf(value));
                case "SUBJECT" -> assertThat(parsed.subject()).as("subject").isEqualTo(unescape(value));
                case "FROM" -> assertThat(parsed.from()).as("from").isEqualTo(unescape(value));
                case "PREVIEW" -> assertThat(parsed.preview()).as("preview").isEqualTo(unescape(value));
                case "ATTACHMENTS" -> assertThat(parsed.hasAttachments()).as("hasAttachments")
                        .isEqualTo(Boolean.parseBoolean(value));
                case "SECTION", "MIME", "HEADER", "TEXT" -> checkSection(bytes, parsed.root(), key, value);
                case "RECIPIENTS" -> assertThat(String.join(",", parsed.recipients())).as("recipients")
                        .isEqualTo(value);
                default -> throw new AssertionError("unknown key " + key + " in " + expectedFile(eml));
            }
        }
        assertThat(keys).as("every message states its ENVELOPE and BODYSTRUCTURE")
                .contains("ENVELOPE", "BODYSTRUCTURE");
    }

    private static void checkSection(byte[] message, MimePart root, String key, String value) {
        int sp = value.indexOf(' ');
        String spec = sp < 0 ? value : value.substring(0, sp);
        String expected = sp < 0 ? "" : unescape(value.substring(sp + 1));
        List<Integer> path = Arrays.stream(spec.split("\\.")).map(Integer::parseInt).toList();
        MimePart part = root.section(path).orElseThrow(() -> new AssertionError("no section " + spec));
        MimePart embedded = key.equals("HEADER") || key.equals("TEXT")
                ? part.message().orElseThrow(() -> new AssertionError("not message/rfc822: " + spec)) : part;
        long from = switch (key) {
            case "MIME", "HEADER" -> embedded.headerStart();
            default -> embedded.bodyStart();
        };
        long to = switch (key) {
            case "MIME", "HEADER" -> embedded.bodyStart();
            default -> embedded.bodyEnd();
        };
        String actual = new String(Arrays.copyOfRange(message, (int) from, (int) to), StandardCharsets.UTF_8);
        assertThat(actual).as(key + " " + spec).isEqualTo(expected);
    }

    private static String crlf(String value) {
        return value.replace("<CRLF>", "\r\n");
    }

    static String unescape(String value) {
        StringBuilder out = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\\' && i + 1 < value.length()) {
                char n = value.charAt(++i);
                out.append(switch (n) {
                    case 'r' -> '\r';
                    case 'n' -> '\n';
                    case 't' -> '\t';
                    default -> n;
                });
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
