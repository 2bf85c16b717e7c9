package dev.mailwright.imap.processor;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.mailwright.imap.command.MailboxCommand.LiteralKind;
import dev.mailwright.imap.wire.LiteralData;

/** RFC 5322 §2.3 line ends for APPEND's ordinary literals; literal8 (RFC 3516) untouched. */
class CrlfLiteralsTest {
    @TempDir
    Path spool;

    private static LiteralData memory(String text) {
        return new LiteralData.InMemory(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    private static String read(LiteralData data) throws IOException {
        try (InputStream in = data.open()) {
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    @Test
    void bareLfAndBareCrShouldBecomeCrlfAndCrlfStayOne() throws IOException {
        List<Path> created = new ArrayList<>();
        LiteralData out = CrlfLiterals.normalised(memory("A: b\nC: d\r\n\rx\r\ny\r"), LiteralKind.TEXT, spool, created);
        assertThat(read(out)).isEqualTo("A: b\r\nC: d\r\n\r\nx\r\ny\r\n");
        assertThat(out.size()).isEqualTo(read(out).length());
        assertThat(created).isEmpty();
    }

    @Test
    void aLiteralWithOnlyCrlfOrNoLineEndShouldBeReturnedAsItIs() throws IOException {
        LiteralData clean = memory("A: b\r\n\r\nbody without end");
        assertThat(CrlfLiterals.normalised(clean, LiteralKind.TEXT, spool, new ArrayList<>())).isSameAs(clean);
    }

    @Test
    void aLiteral8ShouldBeKeptOctetForOctet() throws IOException {
        LiteralData binary = memory("A: b\n\n\u0000\r\u00ff\n");
        assertThat(CrlfLiterals.normalised(binary, LiteralKind.BINARY, spool, new ArrayList<>())).isSameAs(binary);
    }

    @Test
    void aSpooledLiteralShouldBeNormalisedIntoANewSpoolFileTheCallerDeletes() throws IOException {
        String line = "x".repeat(100) + "\n";
        Path original = Files.writeString(spool.resolve("big.eml"), "S: y\n\n" + line.repeat(2000), StandardCharsets.ISO_8859_1);
        List<Path> created = new ArrayList<>();
        LiteralData out = CrlfLiterals.normalised(new LiteralData.Spooled(original, Files.size(original)), LiteralKind.TEXT,
                spool, created);
        assertThat(out).isInstanceOf(LiteralData.Spooled.class);
        assertThat(created).containsExactly(((LiteralData.Spooled) out).file());
        assertThat(read(out)).isEqualTo("S: y\r\n\r\n" + line.replace("\n", "\r\n").repeat(2000));
        assertThat(out.size()).isEqualTo(Files.size(created.getFirst()));
    }
}
