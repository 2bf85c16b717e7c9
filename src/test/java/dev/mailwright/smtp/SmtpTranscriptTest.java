package dev.mailwright.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Runs every {@code src/test/resources/smtp/transcripts/*.txt} against the real listeners twice: once with each
 * client line written whole, once written a byte at a time (so framing must cope with any split).
 *
 * <p>Format: {@code PORT smtp|submission}; {@code C: line} is sent with CRLF; {@code R: text} is sent as it is,
 * with {@code \r} and {@code \n} escapes; {@code S: line} must match the next server line, where {@code {any}}
 * matches any text; {@code S: ...} skips server lines up to the next expected one.
 */
class SmtpTranscriptTest extends SmtpServerTestSupport {

    private enum Feed { WHOLE, BYTE_BY_BYTE }

    @TestFactory
    Stream<DynamicTest> transcripts() throws IOException, URISyntaxException {
        Path dir = Path.of(getClass().getResource("/smtp/transcripts").toURI());
        List<Path> files;
        try (Stream<Path> list = Files.list(dir)) {
            files = list.filter(p -> p.toString().endsWith(".txt")).sorted().toList();
        }
        assertThat(files).isNotEmpty();
        return files.stream().flatMap(file -> Stream.of(Feed.values()).map(feed ->
                DynamicTest.dynamicTest(file.getFileName() + " " + feed, () -> run(file, feed))));
    }

    private static void run(Path file, Feed feed) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        int port = lines.stream().filter(l -> l.startsWith("PORT ")).findFirst()
                .map(l -> switch (l.substring(5).trim()) {
                    case "submission" -> SUBMISSION_PORT;
                    case "smtp" -> SMTP_PORT;
                    default -> throw new IllegalArgumentException("unknown port in " + file + ": " + l);
                }).orElse(SMTP_PORT);
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(15_000);
            socket.setTcpNoDelay(true);
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            boolean skipping = false;
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i);
                String where = file.getFileName() + ":" + (i + 1) + " (" + feed + ")";
                if (line.startsWith("C:")) {
                    send(out, (line.length() > 3 ? line.substring(3) : "") + "\r\n", feed);
                } else if (line.startsWith("R: ")) {
                    send(out, line.substring(3).replace("\\r", "\r").replace("\\n", "\n"), feed);
                } else if (line.equals("S: ...")) {
                    skipping = true;
                } else if (line.startsWith("S: ")) {
                    Pattern expected = pattern(line.substring(3));
                    String actual = readLine(in);
                    while (skipping && actual != null && !expected.matcher(actual).matches()) {
                        actual = readLine(in);
                    }
                    skipping = false;
                    assertThat(actual).as(where).isNotNull().matches(expected);
                }
            }
        }
    }

    private static Pattern pattern(String expected) {
        StringBuilder regex = new StringBuilder();
        String[] parts = expected.split("\\{any}", -1);
        for (int i = 0; i < parts.length; i++) {
            regex.append(Pattern.quote(parts[i]));
            if (i < parts.length - 1) {
                regex.append(".*");
            }
        }
        return Pattern.compile(regex.toString());
    }

    private static void send(OutputStream out, String text, Feed feed) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        switch (feed) {
            case WHOLE -> {
                out.write(bytes);
                out.flush();
            }
            case BYTE_BY_BYTE -> {
                for (byte b : bytes) {
                    out.write(b);
                    out.flush();
                }
            }
        }
    }

    private static String readLine(InputStream in) throws IOException {
        List<Byte> bytes = new ArrayList<>();
        int b;
        while ((b = in.read()) >= 0 && b != '\n') {
            bytes.add((byte) b);
        }
        if (b < 0 && bytes.isEmpty()) {
            return null;
        }
        byte[] array = new byte[bytes.size()];
        for (int i = 0; i < array.length; i++) {
            array[i] = bytes.get(i);
        }
        String s = new String(array, StandardCharsets.UTF_8);
        return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
    }
}
