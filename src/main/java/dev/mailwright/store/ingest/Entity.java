package dev.mailwright.store.ingest;

import java.util.ArrayList;
import java.util.List;

/** One MIME entity while the scanner builds the tree; mutable, confined to one parse. */
final class Entity {
    /** A message level (the root or an embedded message) also carries the envelope fields. */
    enum Level { MESSAGE, PART }

    enum DefaultType { TEXT, MESSAGE }

    enum State { HEADER, BODY, PREAMBLE, PARTS, EPILOGUE, DONE }

    enum Kind { LEAF, MULTIPART, MESSAGE }

    final Level level;
    final int depth;
    final long headerStart;
    final DefaultType defaultType;
    final HeaderBlock header;
    final List<Entity> children = new ArrayList<>();

    State state = State.HEADER;
    Kind kind = Kind.LEAF;
    PartInfo info;
    byte[] boundary;
    Entity message;
    TextCollector text;
    long bodyStart;
    long bodyEnd;
    long bodyStartLine;
    long lines;

    Entity(Level level, int depth, long headerStart, DefaultType defaultType) {
        this.level = level;
        this.depth = depth;
        this.headerStart = headerStart;
        this.defaultType = defaultType;
        this.header = new HeaderBlock(level);
    }

    long size() {
        return bodyEnd - bodyStart;
    }

    MimePart toMimePart() {
        List<MimePart> parts = new ArrayList<>(children.size());
        if (kind == Kind.MULTIPART) {
            for (Entity c : children) {
                parts.add(c.toMimePart());
            }
        }
        return new MimePart(info.type(), info.subtype(), headerStart, bodyStart, bodyEnd, parts,
                kind == Kind.MESSAGE ? java.util.Optional.of(message.toMimePart()) : java.util.Optional.empty());
    }
}
