package dev.mailwright.managesieve;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import dev.mailwright.managesieve.CommandReader.Frame;
import dev.mailwright.managesieve.CommandReader.Word;
import dev.mailwright.net.OneByteAtATime;

/**
 * The properties the ManageSieve fuzz target ({@code dev.mailwright.fuzz.ManageSieveCommandFuzzTest}) checks on
 * arbitrary client bytes, here because the reader and the decoder are package-private. The bytes are read as a
 * session reads them, command after command, with small limits so that short inputs reach them.
 */
public final class ManageSieveInputChecks {
    private static final int MAX_LINE = 120;
    private static final long MAX_LITERAL = 64;

    private ManageSieveInputChecks() {
    }

    /** Fails with an AssertionError (or the unexpected exception) when one of the properties does not hold. */
    public static void check(byte[] input) throws IOException {
        List<Frame> frames = frames(new ByteArrayInputStream(input), input.length);
        assertThat(frames(new OneByteAtATime(input), input.length)).as("frames when the bytes arrive one at a time")
                .isEqualTo(frames);
        for (Frame frame : frames) {
            if (frame instanceof Frame.Command command) {
                checkCommand(command);
            }
        }
    }

    /**
     * Every frame until the stream ends or a literal is too large (the session closes then): at most one per input
     * byte; a literal's octets are read only once its size is accepted.
     */
    private static List<Frame> frames(InputStream in, int inputLength) throws IOException {
        int[] literalsStarted = {0};
        CommandReader reader = new CommandReader(in, MAX_LINE, () -> literalsStarted[0]++);
        List<Frame> frames = new ArrayList<>();
        while (true) {
            assertThat(frames.size()).as("frames read from %d bytes", inputLength).isLessThanOrEqualTo(inputLength);
            Frame frame = reader.next(MAX_LITERAL);
            frames.add(frame);
            switch (frame) {
                case Frame.EndOfStream e -> {
                    assertThat(in.read()).as("input left after the end").isEqualTo(-1);
                    return frames;
                }
                case Frame.LiteralTooLarge large -> {
                    assertThat(large.octets()).isGreaterThan(MAX_LITERAL);
                    return frames;
                }
                case Frame.TooLong t -> { }
                case Frame.Malformed m -> assertThat(m.reason()).isNotBlank().doesNotContain("\r", "\n");
                case Frame.Command c -> assertThat(c.words()).isNotEmpty().hasSizeLessThanOrEqualTo(CommandReader.MAX_WORDS);
            }
        }
    }

    /**
     * A command's words are within the grammar, decoding is a pure function that never throws, and writing the words
     * again (strings as literals {@code {n+}}) reads back as the same command.
     */
    private static void checkCommand(Frame.Command command) throws IOException {
        for (Word word : command.words()) {
            switch (word) {
                case Word.Atom atom -> assertThat(atom.text()).isNotEmpty()
                        .matches(text -> text.chars().allMatch(c -> c >= 0x21 && c <= 0x7e && c != '"' && c != '{'), "atom characters");
                case Word.Text text -> {
                    assertThat(text.octets()).isEqualTo(text.value().getBytes(StandardCharsets.UTF_8).length);
                    assertThat(text.octets()).isLessThanOrEqualTo(Math.max(MAX_LITERAL, MAX_LINE));
                }
            }
        }
        ManageSieveCommand decoded = ManageSieveCommand.decode(command.words());
        assertThat(ManageSieveCommand.decode(command.words())).as("decoding is a pure function").isEqualTo(decoded);
        switch (decoded) {
            case ManageSieveCommand.HaveSpace h -> assertThat(h.size()).isBetween(0L, 0xFFFF_FFFFL);
            case ManageSieveCommand.PutScript p -> assertThat(p.script().octets())
                    .isEqualTo(p.script().text().getBytes(StandardCharsets.UTF_8).length);
            case ManageSieveCommand.Invalid i -> assertThat(i.reason()).isNotBlank();
            default -> { }
        }
        ByteArrayOutputStream again = new ByteArrayOutputStream();
        for (Word word : command.words()) {
            if (again.size() > 0) {
                again.write(' ');
            }
            switch (word) {
                case Word.Atom atom -> again.write(atom.text().getBytes(StandardCharsets.US_ASCII));
                case Word.Text text -> {
                    again.write(("{" + text.octets() + "+}\r\n").getBytes(StandardCharsets.US_ASCII));
                    again.write(text.value().getBytes(StandardCharsets.UTF_8));
                }
            }
        }
        again.write('\r');
        again.write('\n');
        Frame reread = new CommandReader(new ByteArrayInputStream(again.toByteArray()), MAX_LINE * 4, () -> { })
                .next(Math.max(MAX_LITERAL, MAX_LINE));
        assertThat(reread).as("the command written again with literals").isEqualTo(command);
    }
}
