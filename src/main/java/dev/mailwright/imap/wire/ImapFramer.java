package dev.mailwright.imap.wire;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads whole commands from the client: lines plus the literals they announce (RFC 3501 §4.3,
 * RFC 7888 for {@code {n+}}). Never reads ahead of the current command, so the connection's own buffer
 * stays the only read-ahead (STARTTLS injection check). Memory stays bounded: every line is capped and
 * every literal is accepted, spooled to a file, dropped or refused by the {@link LiteralPolicy} before
 * any byte of it is read.
 */
public final class ImapFramer {
    private static final Pattern LITERAL = Pattern.compile("~?\\{(\\d{1,19})(\\+?)}$");
    private static final int SPOOL_CHUNK = 64 * 1024;

    private final InputStream in;
    private final int maxLine;
    private final Path spoolDir;
    /** Starts small and grows up to {@link #maxLine}: an idle connection should not hold a full-size buffer. */
    private byte[] line;
    private final LiteralPacing pacing;

    public ImapFramer(InputStream in, int maxLine, Path spoolDir) {
        this(in, maxLine, spoolDir, LiteralPacing.NONE);
    }

    public ImapFramer(InputStream in, int maxLine, Path spoolDir, LiteralPacing pacing) {
        this.in = in;
        this.maxLine = maxLine;
        this.spoolDir = spoolDir;
        this.line = new byte[Math.min(maxLine, SMALL_LINE)];
        this.pacing = pacing;
    }

    /** Something that writes the {@code +} continuation for a synchronizing literal. */
    @FunctionalInterface
    public interface Continuation {
        void ready() throws IOException;
    }

    /** Reads one line for AUTHENTICATE or IDLE; empty at end of stream. */
    public Optional<LineResult> readLine() throws IOException {
        int n = readRawLine();
        return switch (n) {
            case EOF -> Optional.empty();
            case TOO_LONG -> Optional.of(new LineResult.TooLong());
            default -> Optional.of(new LineResult.Text(FramePart.Line.of(line, n).text()));
        };
    }

    public sealed interface LineResult {
        record Text(String text) implements LineResult {
        }

        record TooLong() implements LineResult {
        }
    }

    public Frame next(LiteralPolicy policy, Continuation continuation) throws IOException {
        List<FramePart> parts = new ArrayList<>();
        String firstLine = null;
        long bytesSoFar = 0;
        int literalsSoFar = 0;
        long literalBytesSoFar = 0;
        while (true) {
            int n = readRawLine();
            if (n == EOF) {
                discard(parts);
                return new Frame.EndOfStream();
            }
            if (n == TOO_LONG) {
                discard(parts);
                // the first maxLine bytes of the line are still in the buffer: enough to find the tag
                return new Frame.TooLong(tagOf(firstLine == null ? FramePart.Line.of(line, maxLine).text() : firstLine));
            }
            String text = FramePart.Line.of(line, n).text();
            if (firstLine == null) {
                if (text.isEmpty()) {
                    return new Frame.Command(List.of(new FramePart.Line(text)));   // answered BAD (RFC 3501 §9: a command has a tag)
                }
                firstLine = text;
            }
            parts.add(new FramePart.Line(text));
            bytesSoFar += n + 2;
            Matcher m = LITERAL.matcher(text);
            if (!m.find()) {
                return new Frame.Command(parts);
            }
            long size = literalSize(m.group(1));
            LiteralPolicy.Sync sync = m.group(2).isEmpty() ? LiteralPolicy.Sync.SYNCHRONIZING : LiteralPolicy.Sync.NON_SYNCHRONIZING;
            LiteralPolicy.Decision decision = policy.decide(new LiteralPolicy.LiteralRequest(firstLine, size, sync, bytesSoFar,
                    literalsSoFar, literalBytesSoFar));
            switch (decision) {
                case LiteralPolicy.Accept(LiteralPolicy.Storage storage) -> {
                    if (sync == LiteralPolicy.Sync.SYNCHRONIZING) {
                        continuation.ready();
                    }
                    pacing.literalStarts(size);
                    Optional<LiteralData> data;
                    try {
                        data = readLiteral(size, storage);
                    } catch (SpoolFailed failed) {
                        pacing.literalEnds();
                        // the literal was read to its end and dropped: refuse the command, keep the session
                        discard(parts);
                        if (!skipRestOfCommand(0, policy, firstLine)) {
                            return new Frame.EndOfStream();
                        }
                        return failed.noSpace
                                ? new Frame.Refused(tagOf(firstLine), Status.NO, Optional.of("OVERQUOTA"), "The server's mail storage is full, try again later")
                                : new Frame.Refused(tagOf(firstLine), Status.NO, Optional.of("UNAVAILABLE"), "Storage temporarily unavailable, try again");
                    }
                    pacing.literalEnds();
                    if (data.isEmpty()) {
                        discard(parts);
                        return new Frame.EndOfStream();
                    }
                    parts.add(new FramePart.Literal(data.get()));
                    bytesSoFar += storage == LiteralPolicy.Storage.MEMORY ? size : 0;
                    literalsSoFar++;
                    literalBytesSoFar += size;
                }
                case LiteralPolicy.Refuse(Status status, Optional<String> code, String reason) -> {
                    discard(parts);
                    if (sync == LiteralPolicy.Sync.NON_SYNCHRONIZING && !skipRestOfCommand(size, policy, firstLine)) {
                        return new Frame.EndOfStream();
                    }
                    return new Frame.Refused(tagOf(firstLine), status, code, reason);
                }
                case LiteralPolicy.Disconnect(String reason) -> {
                    discard(parts);
                    return new Frame.Abort(reason);
                }
            }
        }
    }

    /** Drops a refused non-synchronizing literal and whatever follows it up to the end of the command. */
    private boolean skipRestOfCommand(long size, LiteralPolicy policy, String firstLine) throws IOException {
        long pending = size;
        while (true) {
            pacing.literalStarts(pending);
            long skipped = skip(pending);
            pacing.literalEnds();
            if (skipped < pending) {
                return false;
            }
            int n = readRawLine();
            if (n == EOF) {
                return false;
            }
            if (n == TOO_LONG) {
                return true;
            }
            Matcher m = LITERAL.matcher(FramePart.Line.of(line, n).text());
            if (!m.find() || m.group(2).isEmpty()) {
                return true;   // a synchronizing literal after a refusal is never sent: the command ends here
            }
            pending = literalSize(m.group(1));
        }
    }

    /** The announced size; 19 digits can exceed a long, which no literal is read up to anyway. */
    private static long literalSize(String digits) {
        try {
            return Long.parseLong(digits);
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }

    private long skip(long count) throws IOException {
        byte[] buf = new byte[(int) Math.min(SPOOL_CHUNK, Math.max(1, count))];
        long skipped = 0;
        while (skipped < count) {
            int r = in.read(buf, 0, (int) Math.min(buf.length, count - skipped));
            if (r < 0) {
                break;
            }
            skipped += r;
        }
        return skipped;
    }

    private Optional<LiteralData> readLiteral(long size, LiteralPolicy.Storage storage) throws IOException {
        return switch (storage) {
            case MEMORY -> {
                byte[] bytes = in.readNBytes(Math.toIntExact(size));
                yield bytes.length < size ? Optional.empty() : Optional.of(new LiteralData.InMemory(bytes));
            }
            case SPOOL -> {
                Path file = null;
                long copied = 0;
                boolean reading = false;
                try {
                    Files.createDirectories(spoolDir);
                    file = Files.createTempFile(spoolDir, "append-", ".eml");
                    try (OutputStream out = Files.newOutputStream(file)) {
                        byte[] buf = new byte[SPOOL_CHUNK];
                        while (copied < size) {
                            reading = true;
                            int r = in.read(buf, 0, (int) Math.min(buf.length, size - copied));
                            reading = false;
                            if (r < 0) {
                                break;
                            }
                            copied += r;
                            out.write(buf, 0, r);
                        }
                    }
                } catch (IOException e) {
                    if (reading) {
                        throw e;   // the client's side failed: the session ends as before
                    }
                    // our disk failed (full): drop the partial file, consume the literal so the stream stays in sync
                    if (file != null) {
                        Files.deleteIfExists(file);
                    }
                    if (skip(size - copied) < size - copied) {
                        yield Optional.empty();
                    }
                    throw new SpoolFailed(String.valueOf(e.getMessage()).toLowerCase(java.util.Locale.ROOT).contains("no space left"));
                }
                if (copied < size) {
                    Files.deleteIfExists(file);
                    yield Optional.empty();
                }
                yield Optional.of(new LiteralData.Spooled(file, size));
            }
        };
    }

    /** Writing an APPEND literal to the spool failed on our side (a full disk); the literal has been consumed. */
    private static final class SpoolFailed extends IOException {
        final boolean noSpace;

        SpoolFailed(boolean noSpace) {
            super(noSpace ? "spool disk full" : "spool write failed");
            this.noSpace = noSpace;
        }
    }

    private static final int SMALL_LINE = 1024;
    private static final int EOF = -1;
    private static final int TOO_LONG = -2;

    /** Reads up to LF into {@link #line}; returns its length without CR/LF, {@link #EOF} or {@link #TOO_LONG}. */
    private int readRawLine() throws IOException {
        if (line.length > 8 * SMALL_LINE) {
            line = new byte[SMALL_LINE];   // the long line before is done with
        }
        int n = 0;
        boolean tooLong = false;
        while (true) {
            int b = in.read();
            if (b < 0) {
                return EOF;
            }
            if (b == '\n') {
                if (tooLong) {
                    return TOO_LONG;
                }
                return n > 0 && line[n - 1] == '\r' ? n - 1 : n;
            }
            if (n < maxLine) {
                if (n == line.length) {
                    line = java.util.Arrays.copyOf(line, (int) Math.min(maxLine, 2L * line.length));
                }
                line[n++] = (byte) b;
            } else {
                tooLong = true;
            }
        }
    }

    private static String tagOf(String firstLine) {
        int sp = firstLine.indexOf(' ');
        String tag = sp < 0 ? firstLine : firstLine.substring(0, sp);
        return ImapTags.isValid(tag) ? tag : "*";
    }

    private static void discard(List<FramePart> parts) {
        new Frame.Command(parts).discardSpool();
    }
}
