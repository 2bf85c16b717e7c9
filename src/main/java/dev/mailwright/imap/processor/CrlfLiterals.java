package dev.mailwright.imap.processor;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import dev.mailwright.imap.command.MailboxCommand.LiteralKind;
import dev.mailwright.imap.wire.LiteralData;

/**
 * The line ends of an APPEND message given as an ordinary literal ({@code {n}}): a bare CR or a bare LF becomes CRLF
 * (RFC 5322 §2.3 allows CR and LF only together), so that what the store keeps is what every door sends and counts:
 * IMAP RFC822.SIZE, POP3 LIST/STAT and the octets of RETR (RFC 1939 §5). A literal8 ({@code ~{n}}, RFC 3516) is
 * binary and kept octet for octet. The end of the message is left as it is: a last line without CRLF stays so.
 */
final class CrlfLiterals {
    private static final int CHUNK = 64 * 1024;

    private CrlfLiterals() {
    }

    /**
     * {@code literal} itself when it is binary or already has only CRLF line ends; otherwise its normalised copy, in
     * memory when it was, else in a new file under {@code spool} that is added to {@code created} (the caller deletes it).
     */
    static LiteralData normalised(LiteralData literal, LiteralKind kind, Path spool, List<Path> created) throws IOException {
        if (kind == LiteralKind.BINARY) {
            return literal;
        }
        long normalisedSize;
        try (InputStream in = literal.open(); Normalising counter = new Normalising(OutputStream.nullOutputStream())) {
            in.transferTo(counter);
            counter.finish();
            normalisedSize = counter.written;
        }
        if (normalisedSize == literal.size()) {
            return literal;   // each bare CR or LF adds one octet: none was found
        }
        return switch (literal) {
            case LiteralData.InMemory inMemory -> {
                ByteArrayOutputStream bytes = new ByteArrayOutputStream((int) normalisedSize);
                try (Normalising out = new Normalising(bytes)) {
                    out.write(inMemory.bytes());
                    out.finish();
                }
                yield new LiteralData.InMemory(bytes.toByteArray());
            }
            case LiteralData.Spooled spooled -> {
                Files.createDirectories(spool);
                Path file = Files.createTempFile(spool, "append-crlf-", ".eml");
                created.add(file);
                try (InputStream in = Files.newInputStream(spooled.file());
                     Normalising out = new Normalising(new java.io.BufferedOutputStream(Files.newOutputStream(file), CHUNK))) {
                    in.transferTo(out);
                    out.finish();
                }
                yield new LiteralData.Spooled(file, normalisedSize);
            }
        };
    }

    /** Writes what it is given with every bare CR and bare LF turned into CRLF, and counts what it wrote. */
    private static final class Normalising extends OutputStream {
        private final OutputStream out;
        private boolean pendingCr;
        long written;

        Normalising(OutputStream out) {
            this.out = out;
        }

        @Override
        public void write(int b) throws IOException {
            if (pendingCr) {
                pendingCr = false;
                crlf();
                if (b == '\n') {
                    return;
                }
            }
            if (b == '\r') {
                pendingCr = true;
            } else if (b == '\n') {
                crlf();
            } else {
                out.write(b);
                written++;
            }
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            for (int i = offset; i < offset + length; i++) {
                write(bytes[i]);
            }
        }

        /** A CR at the very end is a bare one too. */
        void finish() throws IOException {
            if (pendingCr) {
                pendingCr = false;
                crlf();
            }
            out.flush();
        }

        private void crlf() throws IOException {
            out.write('\r');
            out.write('\n');
            written += 2;
        }

        @Override
        public void close() throws IOException {
            out.close();
        }
    }
}
