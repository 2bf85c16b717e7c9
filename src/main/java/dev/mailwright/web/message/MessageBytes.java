package dev.mailwright.web.message;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

import org.apache.james.mime4j.codec.Base64InputStream;
import org.apache.james.mime4j.codec.DecodeMonitor;
import org.apache.james.mime4j.codec.QuotedPrintableInputStream;
import org.apache.james.mime4j.util.CharsetUtil;
import org.springframework.stereotype.Component;

import dev.mailwright.store.MailStore;
import dev.mailwright.store.ingest.MimePart;

/** Byte ranges of a stored message: part headers, decoded part bodies, bounded text. */
@Component
public class MessageBytes {
    /** Text beyond this is not shown (the raw source and the download still have all of it). */
    static final int MAX_TEXT_BYTES = 2 * 1024 * 1024;

    private final MailStore store;

    MessageBytes(MailStore store) {
        this.store = store;
    }

    public PartHeader header(String blobHash, MimePart part) {
        try (InputStream in = range(blobHash, part.headerStart(), part.bodyStart())) {
            return PartHeader.parse(in.readNBytes(256 * 1024));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The transfer-decoded body of a leaf part, streamed. The caller closes it. */
    public InputStream decodedBody(String blobHash, MimePart part, PartHeader header) throws IOException {
        InputStream raw = range(blobHash, part.bodyStart(), part.bodyEnd());
        return switch (header.transferEncoding()) {
            case "base64" -> new Base64InputStream(raw, DecodeMonitor.SILENT);
            case "quoted-printable" -> new QuotedPrintableInputStream(raw, DecodeMonitor.SILENT);
            default -> raw;
        };
    }

    public String text(String blobHash, MimePart part, PartHeader header) {
        try (InputStream in = decodedBody(blobHash, part, header)) {
            byte[] bytes = in.readNBytes(MAX_TEXT_BYTES);
            return new String(bytes, charset(header));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public InputStream range(String blobHash, long start, long end) throws IOException {
        return store.openMessageRange(blobHash, start, end);
    }

    private static Charset charset(PartHeader header) {
        return header.charset().map(name -> name.toLowerCase(Locale.ROOT)).map(CharsetUtil::lookup)
                .orElse(StandardCharsets.UTF_8);
    }
}
