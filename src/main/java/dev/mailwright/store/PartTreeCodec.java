package dev.mailwright.store;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import dev.mailwright.store.ingest.MimePart;

/**
 * The text form of a {@link MimePart} tree kept in {@code message.part_tree} and handed out in
 * {@link MessageMeta#partTree()}. Grammar: {@code node = type "/" subtype " " headerStart " " bodyStart " "
 * bodyEnd ["(" node *("," node) ")"] ["<" node ">"]}; type and subtype are URL-encoded.
 */
public final class PartTreeCodec {
    private PartTreeCodec() {
    }

    public static String encode(MimePart part) {
        StringBuilder sb = new StringBuilder();
        write(part, sb);
        return sb.toString();
    }

    public static MimePart decode(String text) {
        Reader reader = new Reader(text);
        MimePart part = reader.node();
        if (reader.pos != text.length()) {
            throw new IllegalArgumentException("Trailing data in part tree at " + reader.pos);
        }
        return part;
    }

    private static void write(MimePart part, StringBuilder sb) {
        sb.append(URLEncoder.encode(part.type(), StandardCharsets.UTF_8)).append('/')
                .append(URLEncoder.encode(part.subtype(), StandardCharsets.UTF_8)).append(' ')
                .append(part.headerStart()).append(' ').append(part.bodyStart()).append(' ').append(part.bodyEnd());
        if (!part.children().isEmpty()) {
            sb.append('(');
            for (int i = 0; i < part.children().size(); i++) {
                if (i > 0) {
                    sb.append(',');
                }
                write(part.children().get(i), sb);
            }
            sb.append(')');
        }
        part.message().ifPresent(m -> {
            sb.append('<');
            write(m, sb);
            sb.append('>');
        });
    }

    private static final class Reader {
        private final String text;
        private int pos;

        Reader(String text) {
            this.text = text;
        }

        MimePart node() {
            String type = URLDecoder.decode(until('/'), StandardCharsets.UTF_8);
            pos++;
            String subtype = URLDecoder.decode(until(' '), StandardCharsets.UTF_8);
            pos++;
            long headerStart = Long.parseLong(until(' '));
            pos++;
            long bodyStart = Long.parseLong(until(' '));
            pos++;
            long bodyEnd = Long.parseLong(number());
            List<MimePart> children = new ArrayList<>();
            if (peek('(')) {
                pos++;
                children.add(node());
                while (peek(',')) {
                    pos++;
                    children.add(node());
                }
                expect(')');
            }
            Optional<MimePart> message = Optional.empty();
            if (peek('<')) {
                pos++;
                message = Optional.of(node());
                expect('>');
            }
            return new MimePart(type, subtype, headerStart, bodyStart, bodyEnd, List.copyOf(children), message);
        }

        private String until(char c) {
            int end = text.indexOf(c, pos);
            if (end < 0) {
                throw new IllegalArgumentException("Malformed part tree at " + pos);
            }
            String s = text.substring(pos, end);
            pos = end;
            return s;
        }

        private String number() {
            int start = pos;
            while (pos < text.length() && Character.isDigit(text.charAt(pos))) {
                pos++;
            }
            return text.substring(start, pos);
        }

        private boolean peek(char c) {
            return pos < text.length() && text.charAt(pos) == c;
        }

        private void expect(char c) {
            if (!peek(c)) {
                throw new IllegalArgumentException("Expected '" + c + "' at " + pos);
            }
            pos++;
        }
    }
}
