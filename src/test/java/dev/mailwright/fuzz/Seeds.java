package dev.mailwright.fuzz;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Seed inputs taken from the test resources the project already keeps: the client side of every protocol
 * transcript (one seed per session) and every {@code .eml} of the MIME corpus. Jazzer starts its mutations
 * from these, next to the inputs kept under {@code src/test/resources/dev/mailwright/fuzz/*Inputs}.
 */
final class Seeds {
    private static final Path RESOURCES = Path.of("src/test/resources");
    private static final Map<String, String> VARIABLES = Map.of("{user}", "alice@example.test", "{password}", "secret",
            "{user64}", "YWxpY2VAZXhhbXBsZS50ZXN0", "{password64}", "c2VjcmV0",
            "{plain64}", "AGFsaWNlQGV4YW1wbGUudGVzdABzZWNyZXQ=", "{uidvalidity}", "1");

    private Seeds() {
    }

    /** What the client sends in each transcript under {@code src/test/resources/<protocol>/transcripts}. */
    static Stream<byte[]> clientSides(String protocol) {
        return files(RESOURCES.resolve(protocol).resolve("transcripts"), ".txt").map(Seeds::clientSide);
    }

    /** The raw messages of the MIME corpus. */
    static Stream<byte[]> messages() {
        return files(RESOURCES.resolve("mime"), ".eml").map(Seeds::read);
    }

    private static byte[] clientSide(Path transcript) {
        StringBuilder out = new StringBuilder();
        for (String line : lines(transcript)) {
            if (line.startsWith("C: ") || line.equals("C:")) {
                out.append(substitute(line.substring(Math.min(3, line.length())))).append("\r\n");
            } else if (line.startsWith("R: ")) {
                out.append(substitute(line.substring(3)).replace("\\r", "\r").replace("\\n", "\n"));
            }
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String substitute(String text) {
        String result = text;
        for (Map.Entry<String, String> v : VARIABLES.entrySet()) {
            result = result.replace(v.getKey(), v.getValue());
        }
        return result;
    }

    private static Stream<Path> files(Path dir, String suffix) {
        try (Stream<Path> list = Files.list(dir)) {
            List<Path> files = list.filter(p -> p.toString().endsWith(suffix)).sorted().toList();
            if (files.isEmpty()) {
                throw new IllegalStateException("no seed files " + suffix + " in " + dir);
            }
            return files.stream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
