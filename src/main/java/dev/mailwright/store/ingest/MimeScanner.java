package dev.mailwright.store.ingest;

import dev.mailwright.store.ingest.Entity.DefaultType;
import dev.mailwright.store.ingest.Entity.Kind;
import dev.mailwright.store.ingest.Entity.Level;
import dev.mailwright.store.ingest.Entity.State;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * One streaming pass over the raw bytes that builds the entity tree with exact byte offsets and line
 * counts. A boundary line ends every entity nested inside its multipart, and the line end before it
 * belongs to the delimiter (RFC 2046 §5.1.1), so a part body ends where that line end starts.
 */
final class MimeScanner {
    private enum Delimiter { NONE, OPEN, CLOSE }

    private final Deque<Entity> stack = new ArrayDeque<>();
    private final TextCollector.Budget budget;
    private final int maxDepth;
    private final int maxEntities;
    private LineReader reader;
    private long lineNo;
    private long prevContentEnd;
    private int prevContentLen;
    private int entities = 1;

    MimeScanner(ParseLimits limits) {
        this.budget = new TextCollector.Budget(limits.textBytes());
        this.maxDepth = limits.maxNesting();
        this.maxEntities = limits.maxParts();
    }

    Entity scan(InputStream in, long sizeHint) throws IOException {
        Entity root = new Entity(Level.MESSAGE, 0, 0, DefaultType.TEXT);
        stack.push(root);
        reader = new LineReader(in, sizeHint);
        long end = 0;
        while (reader.next(sinkFor(stack.peek()))) {
            if (!isDelimiter()) {
                dispatch();
            }
            prevContentEnd = reader.contentEnd();
            prevContentLen = reader.contentLen();
            end = reader.end();
            lineNo++;
        }
        while (!stack.isEmpty()) {
            Entity top = stack.peek();
            if (top.state == State.HEADER) {
                top.header.finish();
                beginBody(top, end, lineNo);
                if (stack.peek() != top) {
                    continue;
                }
            }
            close(top, end, lineNo - top.bodyStartLine);
        }
        return root;
    }

    private static LineReader.ByteSink sinkFor(Entity top) {
        return top.state == State.BODY || top.state == State.PREAMBLE ? top.text : null;
    }

    private void dispatch() {
        Entity top = stack.peek();
        while (top.state == State.HEADER) {
            int len = reader.truncated ? reader.headLen : reader.headLen - reader.termLen;
            if (!reader.truncated && len == 0) {
                top.header.finish();
                beginBody(top, reader.end(), lineNo + 1);
                return;
            }
            if (top.header.line(reader.head, len)) {
                return;
            }
            top.header.finish();
            beginBody(top, reader.start, lineNo);
            top = stack.peek();
        }
        if ((top.state == State.BODY || top.state == State.PREAMBLE) && top.text != null && !reader.truncated) {
            top.text.accept(reader.head, 0, reader.headLen);
        }
    }

    private void beginBody(Entity e, long bodyStart, long bodyStartLine) {
        e.bodyStart = bodyStart;
        e.bodyStartLine = bodyStartLine;
        PartInfo info = PartInfo.of(e.header, e.defaultType);
        boolean roomToNest = e.depth < maxDepth && entities < maxEntities;
        if (info.type().equals("multipart")) {
            String boundary = info.param("boundary").orElse("");
            if (!boundary.isEmpty() && roomToNest && boundary.length() <= 200) {
                e.kind = Kind.MULTIPART;
                e.boundary = ("--" + boundary).getBytes(StandardCharsets.UTF_8);
                e.state = State.PREAMBLE;
                e.info = info;
                e.text = budget.collector();
                return;
            }
            info = info.asPlainText();
        }
        e.info = info;
        e.state = State.BODY;
        if (info.is("message", "rfc822") && info.identityEncoding() && roomToNest) {
            e.kind = Kind.MESSAGE;
            e.message = new Entity(Level.MESSAGE, e.depth + 1, bodyStart, DefaultType.TEXT);
            e.message.bodyStartLine = bodyStartLine;
            entities++;
            stack.push(e.message);
        } else if (info.type().equals("text") && !info.isAttachment()) {
            e.text = budget.collector();
        }
    }

    private boolean isDelimiter() {
        if (reader.truncated || reader.headLen < 2 || reader.head[0] != '-' || reader.head[1] != '-') {
            return false;
        }
        int len = reader.headLen - reader.termLen;
        for (Entity m : stack) {
            if (m.kind == Kind.MULTIPART && (m.state == State.PREAMBLE || m.state == State.PARTS)) {
                Delimiter d = match(m.boundary, reader.head, len);
                if (d == Delimiter.CLOSE || (d == Delimiter.OPEN && entities < maxEntities)) {
                    onDelimiter(m, d);
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * RFC 2046 §5.1.1: a line that starts with the whole delimiter is one ("an exact match of the entire
     * candidate line is not required"); "--" right after it makes it the close delimiter.
     */
    private static Delimiter match(byte[] boundary, byte[] line, int len) {
        if (len < boundary.length) {
            return Delimiter.NONE;
        }
        for (int i = 2; i < boundary.length; i++) {
            if (line[i] != boundary[i]) {
                return Delimiter.NONE;
            }
        }
        int i = boundary.length;
        return i + 1 < len && line[i] == '-' && line[i + 1] == '-' ? Delimiter.CLOSE : Delimiter.OPEN;
    }

    private void onDelimiter(Entity multipart, Delimiter d) {
        // An inner entity can end after endPos only when its header's empty line is the line before
        // the delimiter; its parents then end with it, so that every part stays inside its parent.
        long endPos = lineNo > 0 ? prevContentEnd : reader.start;
        while (stack.peek() != multipart) {
            Entity top = stack.peek();
            if (top.state == State.HEADER) {
                top.header.finish();
                beginBody(top, Math.max(top.headerStart, endPos), lineNo);
                if (stack.peek() != top) {
                    continue;
                }
            }
            long n = lineNo - top.bodyStartLine;
            close(top, endPos, n <= 0 ? 0 : n - 1 + (prevContentLen > 0 ? 1 : 0));
            endPos = top.bodyEnd;
        }
        if (d == Delimiter.CLOSE) {
            multipart.state = State.EPILOGUE;
            return;
        }
        multipart.state = State.PARTS;
        if (multipart.text != null) {
            multipart.text.release();
            multipart.text = null;
        }
        DefaultType dt = multipart.info.subtype().equals("digest") ? DefaultType.MESSAGE : DefaultType.TEXT;
        Entity child = new Entity(Level.PART, multipart.depth + 1, reader.end(), dt);
        child.bodyStartLine = lineNo + 1;
        multipart.children.add(child);
        entities++;
        stack.push(child);
    }

    private void close(Entity e, long endPos, long lines) {
        stack.pop();
        e.bodyEnd = Math.max(e.bodyStart, endPos);
        e.lines = Math.max(0, lines);
        e.state = State.DONE;
        if (e.kind == Kind.MULTIPART && e.children.isEmpty()) {
            e.kind = Kind.LEAF;
            e.info = e.info.asPlainText();
        }
    }
}
