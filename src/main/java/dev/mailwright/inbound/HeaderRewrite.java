package dev.mailwright.inbound;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * How an accepted MX message is written to the store: {@code prepend} (our {@code Authentication-Results:} and
 * other fields) goes on top, and every {@code Authentication-Results:} field in the received header that claims
 * {@code authservId} is left out (RFC 8601 §5: a spoofed result of ours must not survive). All other bytes are
 * copied unchanged. The first {@link MessageHeader#MAX_BYTES} of the header are examined; the rest is copied.
 */
public record HeaderRewrite(String prepend, String authservId) {

    public void apply(InputStream in, OutputStream out) throws IOException {
        out.write(prepend.getBytes(StandardCharsets.UTF_8));
        ByteArrayOutputStream field = new ByteArrayOutputStream(256);
        int examined = 0;
        int previous = -1;
        boolean lineStart = true;
        int b;
        while (examined < MessageHeader.MAX_BYTES && (b = in.read()) >= 0) {
            examined++;
            if (lineStart && b != ' ' && b != '\t') {
                flush(field, out);          // a new field (or the blank line) begins: the previous one is complete
                if (b == '\r') {
                    out.write(b);            // the blank line: the body follows, copied below
                    int lf = in.read();
                    if (lf >= 0) {
                        out.write(lf);
                    }
                    in.transferTo(out);
                    return;
                }
            }
            field.write(b);
            lineStart = previous == '\r' && b == '\n';
            previous = b;
        }
        flush(field, out);
        in.transferTo(out);
    }

    private void flush(ByteArrayOutputStream field, OutputStream out) throws IOException {
        if (field.size() == 0) {
            return;
        }
        String text = field.toString(StandardCharsets.ISO_8859_1);
        int colon = text.indexOf(':');
        boolean ours = colon > 0
                && text.substring(0, colon).strip().toLowerCase(Locale.ROOT).equals("authentication-results")
                && text.endsWith("\r\n")
                && AuthenticationResults.authservIdOf(text.substring(colon + 1).replace("\r\n", "")).equals(authservId.toLowerCase(Locale.ROOT));
        if (!ours) {
            field.writeTo(out);
        }
        field.reset();
    }
}
