package dev.mailwright.imap.processor;

import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;

import dev.mailwright.imap.processor.SortProcessor.Keyed;
import dev.mailwright.imap.wire.ThreadForest;
import dev.mailwright.store.MessageThreadLinks;

/**
 * THREAD=REFERENCES (RFC 5256 §3): containers linked by Message-ID, References and In-Reply-To, dummies pruned,
 * roots gathered by base subject, siblings ordered by sent date (ties by sequence number). Every pass is a loop
 * over explicit lists or stacks; the one climb that could be long (the loop check of a new link) stops after
 * {@code maxDepth} ancestors and then leaves the link out.
 * <p>
 * Containers are indices into parallel {@code int} arrays and Message-IDs map to them through one open-addressing
 * table, so 100,000 messages cost a few arrays rather than hundreds of thousands of small objects. The rows are in
 * ascending sequence order, so a row's index orders ties exactly as its sequence number does.
 */
final class ReferenceThreads {
    private static final int NONE = -1;

    private final List<MessageThreadLinks> rows;
    private final int maxDepth;
    /** Each row's position in (sent date, sequence) order. */
    private final int[] dateRank;
    private final IdTable byId;

    private int size;
    private int[] message;   // row index, or NONE for a dummy
    private int[] parent;
    private int[] firstChild;
    private int[] lastChild;
    private int[] prev;
    private int[] next;
    private int[] children;
    private boolean[] gone;   // merged away from the root set (step 5)

    private ReferenceThreads(List<MessageThreadLinks> rows, int maxDepth) {
        this.rows = rows;
        this.maxDepth = maxDepth;
        this.dateRank = dateRanks(rows);
        int capacity = Math.max(16, rows.size() * 2);
        this.byId = new IdTable(capacity);
        message = new int[capacity];
        parent = new int[capacity];
        firstChild = new int[capacity];
        lastChild = new int[capacity];
        prev = new int[capacity];
        next = new int[capacity];
        children = new int[capacity];
        gone = new boolean[capacity];
    }

    /** The threads of {@code rows} (matching messages, ascending), each node numbered by {@code number}. */
    static ThreadForest build(List<Keyed<MessageThreadLinks>> rows, int maxDepth,
                              ToLongFunction<Keyed<MessageThreadLinks>> number) {
        return build(rows.stream().map(Keyed::keys).toList(), maxDepth)
                .renumbered(n -> number.applyAsLong(rows.get((int) n - 1)));
    }

    /**
     * The threads of {@code rows} (matching messages in ascending sequence order) with each message node numbered
     * by its row's index plus one, ready to be {@linkplain ThreadForest#renumbered renumbered} as UIDs or sequence
     * numbers: the shape depends only on the rows, so it can be kept while they stay the same.
     */
    static ThreadForest build(List<MessageThreadLinks> rows, int maxDepth) {
        ReferenceThreads threads = new ReferenceThreads(rows, maxDepth);
        threads.link();
        IntList roots = threads.prune();
        threads.sortAll(roots);
        roots = threads.gatherBySubject(roots);
        threads.sortAll(roots);
        return threads.forest(roots);
    }

    // step 1
    private void link() {
        for (int i = 0; i < rows.size(); i++) {
            MessageThreadLinks row = rows.get(i);
            int previous = NONE;
            for (String id : row.references()) {
                int ref = byId.get(id);
                if (ref == NONE) {
                    ref = newContainer(NONE);
                    byId.put(id, ref);
                }
                if (previous != NONE && parent[ref] == NONE && !wouldLoop(previous, ref)) {
                    attach(previous, ref);
                }
                previous = ref;
            }
            int own = ownContainer(i, row);
            if (previous == NONE) {
                if (parent[own] != NONE) {
                    detach(own);
                }
            } else if (parent[own] != previous && !wouldLoop(previous, own)) {
                if (parent[own] != NONE) {
                    detach(own);
                }
                attach(previous, own);
            }
        }
    }

    /** The message's container: the dummy its Message-ID already has, else a new one (a duplicate ID gets its own). */
    private int ownContainer(int index, MessageThreadLinks row) {
        if (row.messageId().isEmpty()) {
            return newContainer(index);
        }
        String id = row.messageId().get();
        int existing = byId.get(id);
        if (existing == NONE) {
            int own = newContainer(index);
            byId.put(id, own);
            return own;
        }
        if (message[existing] >= 0) {
            return newContainer(index);
        }
        message[existing] = index;
        return existing;
    }

    private int newContainer(int row) {
        if (size == message.length) {
            int grown = size * 2;
            message = Arrays.copyOf(message, grown);
            parent = Arrays.copyOf(parent, grown);
            firstChild = Arrays.copyOf(firstChild, grown);
            lastChild = Arrays.copyOf(lastChild, grown);
            prev = Arrays.copyOf(prev, grown);
            next = Arrays.copyOf(next, grown);
            children = Arrays.copyOf(children, grown);
            gone = Arrays.copyOf(gone, grown);
        }
        int c = size++;
        message[c] = row;
        parent[c] = NONE;
        firstChild[c] = NONE;
        lastChild[c] = NONE;
        prev[c] = NONE;
        next[c] = NONE;
        children[c] = 0;
        gone[c] = false;
        return c;
    }

    /** Whether making {@code child} a child of {@code parent} would close a loop (or could not be checked in bounds). */
    private boolean wouldLoop(int parentC, int child) {
        if (parentC == child) {
            return true;
        }
        if (firstChild[child] == NONE) {
            return false;   // a leaf is nobody's ancestor
        }
        int steps = 0;
        for (int p = parentC; p != NONE; p = parent[p]) {
            if (p == child || ++steps > maxDepth) {
                return true;
            }
        }
        return false;
    }

    private void attach(int parentC, int child) {
        parent[child] = parentC;
        prev[child] = lastChild[parentC];
        next[child] = NONE;
        if (lastChild[parentC] == NONE) {
            firstChild[parentC] = child;
        } else {
            next[lastChild[parentC]] = child;
        }
        lastChild[parentC] = child;
        children[parentC]++;
    }

    private void detach(int child) {
        int p = parent[child];
        if (prev[child] == NONE) {
            firstChild[p] = next[child];
        } else {
            next[prev[child]] = next[child];
        }
        if (next[child] == NONE) {
            lastChild[p] = prev[child];
        } else {
            prev[next[child]] = prev[child];
        }
        children[p]--;
        parent[child] = NONE;
        prev[child] = NONE;
        next[child] = NONE;
    }

    /** Unlinks every child of {@code c} and appends them, in order, to {@code out}. */
    private void takeChildren(int c, IntList out) {
        for (int x = firstChild[c]; x != NONE; ) {
            int following = next[x];
            out.add(x);
            parent[x] = NONE;
            prev[x] = NONE;
            next[x] = NONE;
            x = following;
        }
        firstChild[c] = NONE;
        lastChild[c] = NONE;
        children[c] = 0;
    }

    // steps 2 and 3
    private IntList prune() {
        IntList parentless = new IntList(size / 2);
        for (int c = 0; c < size; c++) {
            if (parent[c] == NONE) {
                parentless.add(c);
            }
        }
        // a dummy root with one child gives it its place (and so on down), a childless one goes
        IntList roots = new IntList(parentless.size());
        for (int i = 0; i < parentless.size(); i++) {
            int c = parentless.get(i);
            while (true) {
                if (message[c] >= 0 || children[c] > 1) {
                    roots.add(c);
                    break;
                }
                if (children[c] == 0) {
                    break;
                }
                int only = firstChild[c];
                detach(only);
                c = only;
            }
        }
        // below the roots no dummy stays: its children take its place among its siblings
        IntList work = new IntList(roots.size());
        work.addAll(roots);
        IntList pending = new IntList(16);   // a stack: the next container to place is on top
        IntList taken = new IntList(16);
        while (!work.isEmpty()) {
            int c = work.removeLast();
            taken.clear();
            takeChildren(c, taken);
            pushReversed(taken, pending);
            while (!pending.isEmpty()) {
                int x = pending.removeLast();
                if (message[x] >= 0) {
                    attach(c, x);
                    work.add(x);
                    continue;
                }
                taken.clear();
                takeChildren(x, taken);
                pushReversed(taken, pending);
            }
        }
        // a root dummy left with fewer than two children after that gives its place to its child, or goes
        IntList kept = new IntList(roots.size());
        for (int i = 0; i < roots.size(); i++) {
            int c = roots.get(i);
            if (message[c] >= 0 || children[c] > 1) {
                kept.add(c);
            } else if (children[c] == 1) {
                int only = firstChild[c];
                detach(only);
                kept.add(only);
            }
        }
        return kept;
    }

    private static void pushReversed(IntList from, IntList stack) {
        for (int i = from.size() - 1; i >= 0; i--) {
            stack.add(from.get(i));
        }
    }

    /** The message that stands for a container in sorting and subject matching: its own, or its first child's. */
    private int representative(int c) {
        int x = c;
        while (message[x] < 0 && firstChild[x] != NONE) {
            x = firstChild[x];
        }
        return message[x];
    }

    /** The sort key of a container: its representative's date rank plus one, 0 (first) when it has none. */
    private long dateKey(int c) {
        int r = representative(c);
        return r < 0 ? 0 : dateRank[r] + 1L;
    }

    /** Steps 4 and 6: every set of siblings by sent date, children before their parents (a dummy's date is its first child's). */
    private void sortAll(IntList roots) {
        IntList order = new IntList(size);
        IntList work = new IntList(roots.size());
        work.addAll(roots);
        while (!work.isEmpty()) {
            int c = work.removeLast();
            order.add(c);
            for (int x = firstChild[c]; x != NONE; x = next[x]) {
                work.add(x);
            }
        }
        long[] keys = new long[16];
        IntList siblings = new IntList(16);
        for (int i = order.size() - 1; i >= 0; i--) {
            int c = order.get(i);
            if (children[c] > 1) {
                siblings.clear();
                takeChildren(c, siblings);
                keys = sortByDate(siblings, keys);
                for (int k = 0; k < siblings.size(); k++) {
                    attach(c, siblings.get(k));
                }
            }
        }
        sortByDate(roots, keys);
    }

    /**
     * Sorts {@code list} by date key; equal keys keep their order (a stable sort, as the key is packed with the
     * position). Returns the scratch array, grown if it had to be.
     */
    private long[] sortByDate(IntList list, long[] scratch) {
        int n = list.size();
        long[] keys = scratch.length >= n ? scratch : new long[Math.max(n, scratch.length * 2)];
        for (int k = 0; k < n; k++) {
            keys[k] = dateKey(list.get(k)) << 32 | k;
        }
        Arrays.sort(keys, 0, n);
        int[] before = Arrays.copyOf(list.elements(), n);
        for (int k = 0; k < n; k++) {
            list.set(k, before[(int) keys[k]]);
        }
        return keys;
    }

    private String subject(int c) {
        int r = representative(c);
        return r < 0 ? "" : rows.get(r).baseSubject();
    }

    private boolean isReply(int c) {
        return message[c] >= 0 && rows.get(message[c]).replyOrForward();
    }

    // step 5
    private IntList gatherBySubject(IntList roots) {
        IdTable table = new IdTable(Math.max(16, roots.size() * 2));
        for (int i = 0; i < roots.size(); i++) {
            int c = roots.get(i);
            String subject = subject(c);
            if (subject.isEmpty()) {
                continue;
            }
            int old = table.get(subject);
            if (old == NONE || (message[old] >= 0 && message[c] < 0) || (isReply(old) && !isReply(c))) {
                table.put(subject, c);
            }
        }
        IntList result = new IntList(roots.size() + 16);
        result.addAll(roots);
        IntList moved = new IntList(16);
        for (int i = 0; i < roots.size(); i++) {
            int c = roots.get(i);
            String subject = subject(c);
            if (gone[c] || subject.isEmpty()) {
                continue;
            }
            int t = table.get(subject);
            if (t == c) {
                continue;
            }
            if (message[t] < 0 && message[c] < 0) {
                moved.clear();
                takeChildren(c, moved);
                for (int k = 0; k < moved.size(); k++) {
                    attach(t, moved.get(k));
                }
                gone[c] = true;
            } else if (message[t] < 0) {
                attach(t, c);
                gone[c] = true;
            } else if (message[c] < 0) {
                attach(c, t);
                gone[t] = true;
                table.put(subject, c);
            } else if (!isReply(t) && isReply(c)) {
                attach(t, c);
                gone[c] = true;
            } else {
                int dummy = newContainer(NONE);
                result.add(dummy);
                attach(dummy, t);
                attach(dummy, c);
                gone[t] = true;
                gone[c] = true;
                table.put(subject, dummy);
            }
        }
        IntList kept = new IntList(result.size());
        for (int i = 0; i < result.size(); i++) {
            if (!gone[result.get(i)]) {
                kept.add(result.get(i));
            }
        }
        return kept;
    }

    /** The answer, breadth first; a message node is numbered by its row index plus one, a dummy by 0. */
    private ThreadForest forest(IntList roots) {
        ThreadForest forest = new ThreadForest();
        int[] nodes = new int[size];
        IntList queue = new IntList(size);
        for (int i = 0; i < roots.size(); i++) {
            int root = roots.get(i);
            int node = forest.node(message[root] < 0 ? 0 : message[root] + 1L);
            forest.addRoot(node);
            nodes[root] = node;
            queue.add(root);
        }
        for (int head = 0; head < queue.size(); head++) {
            int c = queue.get(head);
            for (int x = firstChild[c]; x != NONE; x = next[x]) {
                int node = forest.node(message[x] < 0 ? 0 : message[x] + 1L);
                forest.addChild(nodes[c], node);
                nodes[x] = node;
                queue.add(x);
            }
        }
        return forest;
    }

    /** Each row's position when the rows are ordered by sent date, ties by row index (= sequence number). */
    private static int[] dateRanks(List<MessageThreadLinks> rows) {
        int n = rows.size();
        long[] seconds = new long[n];
        int[] nanos = new int[n];
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        boolean wholeSeconds = true;
        for (int i = 0; i < n; i++) {
            Instant date = rows.get(i).sentDate();
            seconds[i] = date.getEpochSecond();
            nanos[i] = date.getNano();
            min = Math.min(min, seconds[i]);
            max = Math.max(max, seconds[i]);
            wholeSeconds &= nanos[i] == 0;
        }
        int[] order = new int[n];
        int indexBits = 32 - Integer.numberOfLeadingZeros(Math.max(n - 1, 1));
        if (n > 0 && wholeSeconds && max - min >= 0 && max - min < 1L << (63 - indexBits)) {
            // the usual case (dates to the second, a span of less than millennia): one primitive sort of packed keys
            long[] keys = new long[n];
            for (int i = 0; i < n; i++) {
                keys[i] = (seconds[i] - min) << indexBits | i;
            }
            Arrays.sort(keys);
            long mask = (1L << indexBits) - 1;
            for (int i = 0; i < n; i++) {
                order[i] = (int) (keys[i] & mask);
            }
        } else {
            mergeSortByDate(order, seconds, nanos);
        }
        int[] rank = new int[n];
        for (int i = 0; i < n; i++) {
            rank[order[i]] = i;
        }
        return rank;
    }

    /** Fills {@code order} with 0..n-1 sorted by (seconds, nanos), ties in index order: a bottom-up merge sort. */
    private static void mergeSortByDate(int[] order, long[] seconds, int[] nanos) {
        int n = order.length;
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        int[] from = order;
        int[] to = new int[n];
        for (int width = 1; width < n; width *= 2) {
            for (int lo = 0; lo < n; lo += 2 * width) {
                int mid = Math.min(lo + width, n);
                int hi = Math.min(lo + 2 * width, n);
                int a = lo;
                int b = mid;
                int k = lo;
                while (a < mid && b < hi) {
                    int x = from[a];
                    int y = from[b];
                    boolean yFirst = seconds[y] < seconds[x] || seconds[y] == seconds[x] && nanos[y] < nanos[x];
                    to[k++] = yFirst ? from[b++] : from[a++];
                }
                while (a < mid) {
                    to[k++] = from[a++];
                }
                while (b < hi) {
                    to[k++] = from[b++];
                }
            }
            int[] swap = from;
            from = to;
            to = swap;
        }
        if (from != order) {
            System.arraycopy(from, 0, order, 0, n);
        }
    }

    /** A growable list of ints, also used as a stack. */
    private static final class IntList {
        private int[] elements;
        private int size;

        IntList(int capacity) {
            elements = new int[Math.max(4, capacity)];
        }

        int size() {
            return size;
        }

        boolean isEmpty() {
            return size == 0;
        }

        int get(int i) {
            return elements[i];
        }

        void set(int i, int value) {
            elements[i] = value;
        }

        int[] elements() {
            return elements;
        }

        void add(int value) {
            if (size == elements.length) {
                elements = Arrays.copyOf(elements, size * 2);
            }
            elements[size++] = value;
        }

        void addAll(IntList other) {
            for (int i = 0; i < other.size; i++) {
                add(other.elements[i]);
            }
        }

        int removeLast() {
            return elements[--size];
        }

        void clear() {
            size = 0;
        }
    }

    /**
     * Strings (Message-IDs, base subjects) to container indices: open addressing with linear probing on the strings'
     * own (cached) hash codes. Message-IDs come from senders, who can choose ids with equal hash codes; when a probe
     * runs longer than {@link #MAX_PROBE} the table moves into a {@link HashMap}, whose collision trees keep the
     * worst case at a logarithm per lookup.
     */
    private static final class IdTable {
        private static final int MAX_PROBE = 64;
        private String[] keys;
        private int[] values;
        private int used;
        private Map<String, Integer> colliding;

        IdTable(int expected) {
            int capacity = Integer.highestOneBit(Math.max(16, expected) * 2 - 1) << 1;
            keys = new String[capacity];
            values = new int[capacity];
        }

        /** The value of {@code key}, or NONE. */
        int get(String key) {
            if (colliding == null) {
                int slot = slot(key);
                if (slot >= 0) {
                    return keys[slot] == null ? NONE : values[slot];
                }
                toHashMap();
            }
            return colliding.getOrDefault(key, NONE);
        }

        void put(String key, int value) {
            if (colliding == null) {
                int slot = slot(key);
                if (slot >= 0) {
                    values[slot] = value;
                    if (keys[slot] == null) {
                        keys[slot] = key;
                        if (++used * 2 > keys.length) {
                            grow();
                        }
                    }
                    return;
                }
                toHashMap();
            }
            colliding.put(key, value);
        }

        /** The slot that holds {@code key} or the empty slot where it would go; -1 after too long a probe. */
        private int slot(String key) {
            int mask = keys.length - 1;
            int i = mix(key.hashCode()) & mask;
            for (int probe = 0; keys[i] != null && !keys[i].equals(key); probe++) {
                if (probe == MAX_PROBE) {
                    return -1;
                }
                i = (i + 1) & mask;
            }
            return i;
        }

        private void grow() {
            String[] oldKeys = keys;
            int[] oldValues = values;
            keys = new String[oldKeys.length * 2];
            values = new int[oldKeys.length * 2];
            for (int i = 0; i < oldKeys.length; i++) {
                if (oldKeys[i] != null) {
                    int slot = slot(oldKeys[i]);
                    if (slot < 0) {
                        keys = oldKeys;
                        values = oldValues;
                        toHashMap();
                        return;
                    }
                    keys[slot] = oldKeys[i];
                    values[slot] = oldValues[i];
                }
            }
        }

        private void toHashMap() {
            colliding = new HashMap<>(keys.length);
            for (int i = 0; i < keys.length; i++) {
                if (keys[i] != null) {
                    colliding.put(keys[i], values[i]);
                }
            }
            keys = null;
            values = null;
        }

        private static int mix(int h) {
            int x = (h ^ (h >>> 16)) * 0x9E3779B9;
            return x ^ (x >>> 15);
        }
    }
}
