package dev.mailwright.imap.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImapFramerTest {
    @TempDir
    Path spool;

    private final List<String> continuations = new ArrayList<>();

    private ImapFramer framer(String input) {
        return new ImapFramer(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), 100, spool);
    }

    private Frame next(ImapFramer framer, LiteralPolicy policy) throws Exception {
        return framer.next(policy, () -> continuations.add("+"));
    }

    private static final LiteralPolicy MEMORY = r -> new LiteralPolicy.Accept(LiteralPolicy.Storage.MEMORY);

    @Test
    void synchronizingLiteralShouldBeReadAfterOneContinuation() throws Exception {
        Frame frame = next(framer("a1 LOGIN {5}\r\nalice secret\r\n"), MEMORY);
        assertThat(frame).isEqualTo(new Frame.Command(List.of(new FramePart.Line("a1 LOGIN {5}"),
                new FramePart.Literal(new LiteralData.InMemory("alice".getBytes(StandardCharsets.US_ASCII))),
                new FramePart.Line(" secret"))));
        assertThat(continuations).hasSize(1);
    }

    @Test
    void nonSynchronizingLiteralShouldBeReadWithoutContinuation() throws Exception {
        Frame frame = next(framer("a1 LOGIN {5+}\r\nalice {6+}\r\nsecret\r\na2 NOOP\r\n"), MEMORY);
        assertThat(((Frame.Command) frame).parts()).hasSize(5);
        assertThat(continuations).isEmpty();
    }

    @Test
    void refusedSynchronizingLiteralShouldEndTheCommandWithoutReadingIt() throws Exception {
        ImapFramer framer = framer("a1 APPEND INBOX {999}\r\na2 NOOP\r\n");
        Frame frame = next(framer, r -> new LiteralPolicy.Refuse(Status.NO, Optional.of("TOOBIG"), "too big"));
        assertThat(frame).isEqualTo(new Frame.Refused("a1", Status.NO, Optional.of("TOOBIG"), "too big"));
        assertThat(continuations).isEmpty();
        assertThat(next(framer, MEMORY)).isEqualTo(new Frame.Command(List.of(new FramePart.Line("a2 NOOP"))));
    }

    /** Found by ImapCommandFuzzTest's corpus: the size after a refused literal was parsed without the overflow guard. */
    @Test
    void literalSizeBeyondALongAfterARefusedLiteralShouldNotThrow() throws Exception {
        ImapFramer framer = framer("a1 APPEND INBOX {10+}\r\n0123456789 {9999999999999999999+}\r\nabc");
        Frame frame = next(framer, r -> new LiteralPolicy.Refuse(Status.NO, Optional.of("TOOBIG"), "too big"));
        assertThat(frame).isEqualTo(new Frame.EndOfStream());   // read and dropped up to the end of the stream
    }

    @Test
    void refusedNonSynchronizingLiteralShouldBeSkippedWithTheRestOfItsCommand() throws Exception {
        ImapFramer framer = framer("a1 APPEND INBOX {10+}\r\n0123456789 more {3+}\r\nabc\r\na2 NOOP\r\n");
        Frame frame = next(framer, r -> new LiteralPolicy.Refuse(Status.NO, Optional.of("TOOBIG"), "too big"));
        assertThat(frame).isInstanceOf(Frame.Refused.class);
        assertThat(next(framer, MEMORY)).isEqualTo(new Frame.Command(List.of(new FramePart.Line("a2 NOOP"))));
    }

    @Test
    void overlongLineShouldBeDroppedAndKeepItsTag() throws Exception {
        ImapFramer framer = framer("a7 NOOP " + "x".repeat(300) + "\r\na8 NOOP\r\n");
        assertThat(next(framer, MEMORY)).isEqualTo(new Frame.TooLong("a7"));
        assertThat(next(framer, MEMORY)).isEqualTo(new Frame.Command(List.of(new FramePart.Line("a8 NOOP"))));
    }

    @Test
    void spooledLiteralShouldLandInAFileOfTheAnnouncedSize() throws Exception {
        Frame frame = next(framer("a1 APPEND INBOX {4}\r\nabcd\r\n"), r -> new LiteralPolicy.Accept(LiteralPolicy.Storage.SPOOL));
        LiteralData data = ((FramePart.Literal) ((Frame.Command) frame).parts().get(1)).data();
        assertThat(data).isInstanceOf(LiteralData.Spooled.class);
        assertThat(Files.readString(((LiteralData.Spooled) data).file())).isEqualTo("abcd");
    }

    @Test
    void truncatedLiteralShouldEndTheStreamAndLeaveNoSpoolFile() throws Exception {
        Frame frame = next(framer("a1 APPEND INBOX {400}\r\nabcd"), r -> new LiteralPolicy.Accept(LiteralPolicy.Storage.SPOOL));
        assertThat(frame).isEqualTo(new Frame.EndOfStream());
        try (var files = Files.list(spool)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void disconnectDecisionShouldAbort() throws Exception {
        Frame frame = next(framer("a1 LOGIN {99999999+}\r\n"), r -> new LiteralPolicy.Disconnect("no"));
        assertThat(frame).isEqualTo(new Frame.Abort("no"));
    }

    /** The line buffer starts small and grows: a line of many kilobytes still arrives whole, and so does the next. */
    @Test
    void linesLongerThanTheInitialBufferShouldArriveWholeUpToTheLimit() throws Exception {
        String set = "1:2," .repeat(5000);   // 20,000 octets of sequence set
        String longLine = "a1 UID FETCH " + set + "3 FLAGS";
        ImapFramer framer = new ImapFramer(new ByteArrayInputStream((longLine + "\r\na2 NOOP\r\na3 " + "x".repeat(70_000)
                + "\r\na4 NOOP\r\n").getBytes(StandardCharsets.US_ASCII)), 65536, spool);
        assertThat(next(framer, MEMORY)).isEqualTo(new Frame.Command(List.of(new FramePart.Line(longLine))));
        assertThat(next(framer, MEMORY)).isEqualTo(new Frame.Command(List.of(new FramePart.Line("a2 NOOP"))));
        assertThat(next(framer, MEMORY)).isEqualTo(new Frame.TooLong("a3"));
        assertThat(next(framer, MEMORY)).isEqualTo(new Frame.Command(List.of(new FramePart.Line("a4 NOOP"))));
    }
}
