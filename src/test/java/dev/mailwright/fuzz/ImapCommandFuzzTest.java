package dev.mailwright.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.params.provider.MethodSource;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;

import dev.mailwright.imap.command.DecodeException;
import dev.mailwright.imap.command.ImapCommand;
import dev.mailwright.imap.command.ImapParser;
import dev.mailwright.imap.wire.Frame;
import dev.mailwright.imap.wire.FramePart;
import dev.mailwright.imap.wire.ImapEncoder.NameEncoding;
import dev.mailwright.imap.wire.ImapFramer;
import dev.mailwright.imap.wire.ImapTags;
import dev.mailwright.imap.wire.LiteralData;
import dev.mailwright.imap.wire.LiteralPolicy;
import dev.mailwright.imap.wire.Status;
import dev.mailwright.net.OneByteAtATime;

/**
 * Arbitrary client bytes through the IMAP framer and parser, frame after frame, as a session reads them. Must
 * hold for every input: the framer ends with {@link Frame.EndOfStream} after at most one frame per input byte and
 * never throws; a command frame alternates lines and literals of exactly the announced sizes and within the
 * policy's limits; a continuation is asked for exactly the accepted synchronizing literals; feeding the bytes one
 * at a time frames them the same; the parser returns a command with the line's tag or throws only
 * {@link DecodeException} (with that tag or {@code *}), and gives the same answer twice; and one input ends within
 * {@link WorkBudget#HANG_SECONDS} and costs at most {@link #CPU_BUDGET_MS} of CPU.
 *
 * <p>Budget: in {@code ./mvnw verify} 45 s of coverage-guided fuzzing (the {@code fuzz} execution in pom.xml);
 * in {@code ./mvnw test} only the seeds and the kept inputs run, in well under a second.
 */
class ImapCommandFuzzTest {
    private static final int MAX_LINE = 200;
    // small limits, so that short inputs reach spooling, refusal and dropping
    private static final long MEMORY_LITERAL = 16;
    private static final long SPOOLED_LITERAL = 64;
    private static final long CPU_BUDGET_MS = 2_000;
    private static final Pattern ANNOUNCED = Pattern.compile("\\{(\\d{1,19})\\+?}$");
    private static final Path SPOOL = spoolDirectory();

    static Stream<byte[]> seeds() {
        return Seeds.clientSides("imap");
    }

    @MethodSource("seeds")
    // no CR or LF in dictionary entries: Jazzer 0.30 writes them unescaped and libFuzzer then rejects the file
    @DictionaryEntries({"{", "+}", "}", "~{", "9999999999999999999", "(", ")", "\"", "\\", "UID ", "FETCH ",
            "BODY[", "SEARCH ", "LIST ", "APPEND ", "SELECT ", "STORE ", "UTF8 (", "CHARSET ", "NIL"})
    @FuzzTest(maxDuration = "45s")
    void framingAndParsingShouldYieldCommandsOrCleanErrors(byte[] input) {
        WorkBudget.run("framing and parsing", input.length, CPU_BUDGET_MS, () -> {
            List<String> frames = frame(new ByteArrayInputStream(input), input.length, Parsing.CHECK);
            List<String> trickled = frame(new OneByteAtATime(input), input.length, Parsing.SKIP);
            assertThat(trickled).as("frames when the bytes arrive one at a time").isEqualTo(frames);
        });
    }

    private enum Parsing { CHECK, SKIP }

    /** Frames the whole input, checks every frame (and parses commands), and describes the frames for comparison. */
    private static List<String> frame(InputStream in, int inputLength, Parsing parsing) throws IOException {
        ImapFramer framer = new ImapFramer(in, MAX_LINE, SPOOL);
        List<String> described = new ArrayList<>();
        Policy policy = new Policy();
        for (int count = 0; ; count++) {
            assertThat(count).as("frames read from %d bytes", inputLength).isLessThanOrEqualTo(inputLength);
            int continuationsBefore = policy.continuations;
            int syncAcceptedBefore = policy.syncAccepted;
            Frame frame = framer.next(policy, () -> policy.continuations++);
            assertThat(policy.continuations - continuationsBefore).as("continuations")
                    .isEqualTo(policy.syncAccepted - syncAcceptedBefore);
            described.add(describe(frame));
            switch (frame) {
                case Frame.EndOfStream e -> {
                    return described;
                }
                case Frame.Abort a -> {
                    return described;   // the session says BYE and closes
                }
                case Frame.TooLong t -> assertThat(t.tag()).satisfies(ImapCommandFuzzTest::isTagOrStar);
                case Frame.Refused r -> assertThat(r.tag()).satisfies(ImapCommandFuzzTest::isTagOrStar);
                case Frame.Command c -> {
                    try {
                        checkParts(c.parts());
                        if (parsing == Parsing.CHECK) {
                            parse(c.parts());
                        }
                    } finally {
                        c.discardSpool();
                    }
                }
            }
        }
    }

    private static void checkParts(List<FramePart> parts) {
        assertThat(parts.size() % 2).as("lines and literals alternate, a line last").isEqualTo(1);
        for (int i = 0; i < parts.size(); i++) {
            FramePart part = parts.get(i);
            if (i % 2 == 0) {
                String text = ((FramePart.Line) part).text();
                assertThat(text).doesNotContain("\n");
                assertThat(text.length()).isLessThanOrEqualTo(MAX_LINE);
                if (i == 0 && parts.size() > 1) {
                    assertThat(text).as("a line that announces a literal").isNotEmpty();
                }
            } else {
                LiteralData literal = ((FramePart.Literal) part).data();
                Matcher m = ANNOUNCED.matcher(((FramePart.Line) parts.get(i - 1)).text());
                assertThat(m.find()).as("a literal follows a line that announces it").isTrue();
                assertThat(literal.size()).isEqualTo(Long.parseLong(m.group(1)));
                assertThat(literal.size()).isLessThanOrEqualTo(SPOOLED_LITERAL);
            }
        }
    }

    private static void parse(List<FramePart> parts) {
        String line = ((FramePart.Line) parts.getFirst()).text();
        String beforeSpace = line.split(" ", 2)[0];
        if (line.isEmpty() && parts.size() == 1) {
            // an empty command line is a command of its own, answered BAD (issue 14): untagged, nothing to name
            assertThat(parseOnce(parts, NameEncoding.values()[0])).isEqualTo(new Rejected("*", "Empty command line"));
            return;
        }
        assertThat(ImapParser.commandName(parts)).isNotBlank();
        for (NameEncoding names : NameEncoding.values()) {
            Object first = parseOnce(parts, names);
            Object second = parseOnce(parts, names);
            assertThat(second).as("the parser is a pure function").isEqualTo(first);
            switch (first) {
                case ImapCommand command -> assertThat(command.tag()).isEqualTo(beforeSpace);
                // the tag as far as it could be read (it ends at the first non-tag character), or *
                case Rejected e -> assertThat(e.tag().equals("*") || (ImapTags.isValid(e.tag()) && line.startsWith(e.tag())))
                        .as("tag %s of an error in %s", e.tag(), line).isTrue();
                default -> throw new AssertionError("unexpected result " + first);
            }
        }
    }

    /** The command, or how the grammar refused it: {@link DecodeException} is the only exception allowed. */
    private static Object parseOnce(List<FramePart> parts, NameEncoding names) {
        try {
            return ImapParser.parse(parts, names);
        } catch (DecodeException e) {
            return new Rejected(e.tag(), e.getMessage());
        }
    }

    private record Rejected(String tag, String message) {
    }

    private static void isTagOrStar(String tag) {
        assertThat(tag.equals("*") || ImapTags.isValid(tag)).as("tag %s", tag).isTrue();
    }

    private static String describe(Frame frame) throws IOException {
        if (!(frame instanceof Frame.Command c)) {
            return frame.toString();
        }
        StringBuilder out = new StringBuilder("Command");
        for (FramePart part : c.parts()) {
            switch (part) {
                case FramePart.Line line -> out.append("|L:").append(line.text());
                case FramePart.Literal literal -> {
                    try (InputStream in = literal.data().open()) {
                        out.append("|B:").append(java.util.HexFormat.of().formatHex(in.readAllBytes()));
                    }
                }
            }
        }
        return out.toString();
    }

    /**
     * Small literals in memory, larger ones spooled, too large ones refused (a synchronizing one, or a
     * non-synchronizing one up to twice the limit, is dropped) or the connection dropped: the decisions
     * {@code SessionLiteralPolicy} makes, at sizes a fuzzer reaches.
     */
    private static final class Policy implements LiteralPolicy {
        int continuations;
        int syncAccepted;

        @Override
        public Decision decide(LiteralRequest request) {
            boolean sync = request.sync() == Sync.SYNCHRONIZING;
            if (request.size() > SPOOLED_LITERAL) {
                return !sync && request.size() > 2 * SPOOLED_LITERAL ? new Disconnect("too large")
                        : new Refuse(Status.NO, Optional.of("TOOBIG"), "too large");
            }
            if (sync) {
                syncAccepted++;
            }
            return new Accept(request.size() > MEMORY_LITERAL ? Storage.SPOOL : Storage.MEMORY);
        }
    }

    private static Path spoolDirectory() {
        try {
            Path dir = Files.createTempDirectory("mailwright-fuzz-spool");
            dir.toFile().deleteOnExit();
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
