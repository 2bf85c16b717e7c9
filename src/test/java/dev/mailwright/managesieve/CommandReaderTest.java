package dev.mailwright.managesieve;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.mailwright.managesieve.CommandReader.Frame;
import dev.mailwright.managesieve.CommandReader.Word;
import dev.mailwright.managesieve.ManageSieveCommand.HaveSpace;
import dev.mailwright.managesieve.ManageSieveCommand.Invalid;
import dev.mailwright.managesieve.ManageSieveCommand.Noop;
import dev.mailwright.managesieve.ManageSieveCommand.PutScript;
import dev.mailwright.managesieve.ManageSieveCommand.Script;
import dev.mailwright.net.OneByteAtATime;

/**
 * RFC 5804 §4 framing and decoding without a socket. Every case runs twice: with the bytes at once and handed over
 * one byte per read, so nothing depends on how the network splits them.
 */
class CommandReaderTest {
    private static final int MAX_LINE = 64;

    private static InputStream input(String text, boolean byteByByte) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        if (!byteByByte) {
            return new ByteArrayInputStream(bytes);
        }
        return new OneByteAtATime(bytes);
    }

    private static CommandReader reader(String text, boolean byteByByte) {
        return new CommandReader(input(text, byteByByte), MAX_LINE, () -> { });
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void literalsOfBothKindsAndQuotedStringsShouldBecomeTextWords(boolean byteByByte) throws Exception {
        AtomicInteger literals = new AtomicInteger();
        CommandReader reader = new CommandReader(input("PUTSCRIPT \"a \\\"b\\\" \\\\c\" {7+}\r\nkeep;\r\n\r\n"
                + "CHECKSCRIPT {6}\r\nstop;\n\n", byteByByte), MAX_LINE, literals::incrementAndGet);
        assertThat(reader.next(100)).isEqualTo(new Frame.Command(List.of(new Word.Atom("PUTSCRIPT"),
                new Word.Text("a \"b\" \\c", 8), new Word.Text("keep;\r\n", 7))));
        assertThat(reader.next(100)).as("a bare LF ends a line too")
                .isEqualTo(new Frame.Command(List.of(new Word.Atom("CHECKSCRIPT"), new Word.Text("stop;\n", 6))));
        assertThat(literals).hasValue(2);
        assertThat(reader.next(100)).isEqualTo(new Frame.EndOfStream());
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void anOverlongLineShouldBeReadToItsEndAndTheNextCommandReadWhole(boolean byteByByte) throws Exception {
        CommandReader reader = reader("NOOP \"" + "x".repeat(100) + "\"\r\nNOOP " + "y".repeat(100) + "\r\nLOGOUT\r\n", byteByByte);
        assertThat(reader.next(100)).isEqualTo(new Frame.TooLong());
        assertThat(reader.next(100)).isEqualTo(new Frame.TooLong());
        assertThat(reader.next(100)).isEqualTo(new Frame.Command(List.of(new Word.Atom("LOGOUT"))));
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void aLiteralOverTheLimitShouldBeReportedBeforeItsOctetsAreRead(boolean byteByByte) throws Exception {
        InputStream in = input("PUTSCRIPT \"a\" {101+}\r\n" + "z".repeat(101) + "\r\n", byteByByte);
        CommandReader reader = new CommandReader(in, MAX_LINE, () -> { });
        assertThat(reader.next(100)).isEqualTo(new Frame.LiteralTooLarge(101));
        assertThat(in.read()).as("the literal's first octet is still unread").isEqualTo('z');
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void grammarErrorsShouldBeReportedAndTheNextLineReadWhole(boolean byteByByte) throws Exception {
        CommandReader reader = reader("GETSCRIPT \"open\r\nGETSCRIPT \"a\\b\"\r\nGETSCRIPT {12x}\r\n\r\n"
                + "A B C D E F G H I\r\nNOOP\r\nNOOP \"\u00e9t\u00e9\"\r\n", byteByByte);
        assertThat(reader.next(100)).isEqualTo(new Frame.Malformed("unterminated quoted string"));
        assertThat(reader.next(100)).isEqualTo(new Frame.Malformed("only \\\" and \\\\ may be escaped in a quoted string"));
        assertThat(reader.next(100)).isEqualTo(new Frame.Malformed("malformed literal"));
        assertThat(reader.next(100)).isEqualTo(new Frame.Malformed("empty command"));
        assertThat(reader.next(100)).isEqualTo(new Frame.Malformed("too many arguments"));
        assertThat(reader.next(100)).isEqualTo(new Frame.Command(List.of(new Word.Atom("NOOP"))));
        assertThat(reader.next(100)).isEqualTo(new Frame.Command(List.of(new Word.Atom("NOOP"), new Word.Text("\u00e9t\u00e9", 5))));
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void theEndOfTheStreamInsideACommandOrLiteralShouldEndTheSession(boolean byteByByte) throws Exception {
        assertThat(reader("NOOP \"unfinished", byteByByte).next(100)).isEqualTo(new Frame.EndOfStream());
        assertThat(reader("PUTSCRIPT \"a\" {10+}\r\nkeep", byteByByte).next(100)).isEqualTo(new Frame.EndOfStream());
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void invalidUtf8InAStringShouldBeMalformed(boolean byteByByte) throws Exception {
        byte[] bytes = "NOOP \"\u0000\"\r\n".getBytes(StandardCharsets.ISO_8859_1);
        bytes[6] = (byte) 0xC3;   // a lead byte without its continuation
        CommandReader reader = new CommandReader(new ByteArrayInputStream(bytes), MAX_LINE, () -> { });
        assertThat(reader.next(100)).isEqualTo(new Frame.Malformed("a quoted string is not UTF-8"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"{5+}", "{5}", "{0}", "{4294967295+}"})
    void literalHeadersShouldGiveTheirSize(String header) {
        assertThat(CommandReader.literalSize(header)).isEqualTo(Long.parseLong(header.replaceAll("[^0-9]", "")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"{}", "{+}", "{5++}", "{-5}", "{12345678901}", "{5", "5}", "{ 5}"})
    void malformedLiteralHeadersShouldBeRefused(String header) {
        assertThat(CommandReader.literalSize(header)).isEqualTo(-1);
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void decodingShouldGiveTheCommandRecords(boolean byteByByte) throws Exception {
        CommandReader reader = reader("putscript \"n\" \"keep;\"\r\nHaveSpace \"n\" 4294967295\r\nNOOP \"t\"\r\n"
                + "NOOP t\r\nHAVESPACE \"n\" 4294967296\r\nXYZZY\r\n", byteByByte);
        assertThat(decode(reader)).isEqualTo(new PutScript("n", new Script("keep;", 5)));
        assertThat(decode(reader)).isEqualTo(new HaveSpace("n", 4294967295L));
        assertThat(decode(reader)).isEqualTo(new Noop(Optional.of("t")));
        assertThat(decode(reader)).isEqualTo(new Invalid("NOOP takes at most one string"));
        assertThat(decode(reader)).isEqualTo(new Invalid("HAVESPACE takes a script name as a string and a size as a number"));
        assertThat(decode(reader)).isEqualTo(new Invalid("Unknown command"));
    }

    private static ManageSieveCommand decode(CommandReader reader) throws Exception {
        return ManageSieveCommand.decode(((Frame.Command) reader.next(100)).words());
    }
}
