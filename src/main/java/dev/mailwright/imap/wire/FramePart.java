package dev.mailwright.imap.wire;

import java.nio.charset.StandardCharsets;

/** A command as framed: one or more lines, each but the last followed by the literal it announced. */
public sealed interface FramePart {

    /** One line without its CRLF. */
    record Line(String text) implements FramePart {
        static Line of(byte[] bytes, int length) {
            return new Line(new String(bytes, 0, length, StandardCharsets.UTF_8));
        }
    }

    record Literal(LiteralData data) implements FramePart {
    }
}
