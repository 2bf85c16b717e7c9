package dev.mailwright.web.message;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import dev.mailwright.store.ingest.MimePart;

/**
 * Which part of a message is its body and which are attachments or inline images, with IMAP section
 * numbers ({@code 1.2}) for the URLs. In a multipart/alternative the HTML branch wins over plain text.
 */
record MessageStructure(Optional<Leaf> body, List<Leaf> attachments, List<Leaf> inline) {

    record Leaf(String section, MimePart part, PartHeader header) {
        boolean isText() {
            String type = header.mimeType();
            return type.equals("text/plain") || type.equals("text/html");
        }
    }

    interface HeaderSource {
        PartHeader header(MimePart part);
    }

    static MessageStructure of(MimePart root, HeaderSource headers) {
        Collector c = new Collector(headers);
        if (root.isMultipart()) {
            c.walk(root, List.of());
        } else {
            c.leaf(root, List.of(1));
        }
        return new MessageStructure(Optional.ofNullable(c.body), List.copyOf(c.attachments), List.copyOf(c.inline));
    }

    /** Parses {@code 1.2.3}; empty for anything else. */
    static Optional<List<Integer>> section(String text) {
        if (!text.matches("[1-9][0-9]{0,4}(\\.[1-9][0-9]{0,4}){0,20}")) {
            return Optional.empty();
        }
        List<Integer> out = new ArrayList<>();
        for (String n : text.split("\\.")) {
            out.add(Integer.parseInt(n));
        }
        return Optional.of(out);
    }

    private static final class Collector {
        private final HeaderSource headers;
        private Leaf body;
        private final List<Leaf> attachments = new ArrayList<>();
        private final List<Leaf> inline = new ArrayList<>();

        Collector(HeaderSource headers) {
            this.headers = headers;
        }

        void walk(MimePart multipart, List<Integer> path) {
            List<MimePart> children = multipart.children();
            if (multipart.subtype().equals("alternative") && body == null) {
                int chosen = preferred(children);
                for (int i = 0; i < children.size(); i++) {
                    if (i == chosen) {
                        visit(children.get(i), append(path, i + 1));
                    }
                }
                return;
            }
            for (int i = 0; i < children.size(); i++) {
                visit(children.get(i), append(path, i + 1));
            }
        }

        private void visit(MimePart part, List<Integer> path) {
            if (part.isMultipart()) {
                walk(part, path);
            } else {
                leaf(part, path);
            }
        }

        void leaf(MimePart part, List<Integer> path) {
            Leaf leaf = new Leaf(path.stream().map(String::valueOf).collect(Collectors.joining(".")), part, headers.header(part));
            boolean attachment = leaf.header().isAttachmentDisposition() || leaf.header().filename().isPresent();
            if (body == null && leaf.isText() && !attachment) {
                body = leaf;
            } else if (leaf.header().contentId().isPresent() && leaf.header().mimeType().startsWith("image/")
                    && !leaf.header().isAttachmentDisposition()) {
                inline.add(leaf);
            } else {
                attachments.add(leaf);
            }
        }

        private static int preferred(List<MimePart> children) {
            for (int i = children.size() - 1; i >= 0; i--) {
                MimePart c = children.get(i);
                if ((c.type().equals("text") && c.subtype().equals("html")) || c.subtype().equals("related")) {
                    return i;
                }
            }
            for (int i = children.size() - 1; i >= 0; i--) {
                MimePart c = children.get(i);
                if (c.type().equals("text") && c.subtype().equals("plain")) {
                    return i;
                }
            }
            return children.size() - 1;
        }

        private static List<Integer> append(List<Integer> path, int n) {
            List<Integer> out = new ArrayList<>(path);
            out.add(n);
            return out;
        }
    }
}
