package dev.mailwright.imap.wire;

import java.util.Arrays;
import java.util.function.LongUnaryOperator;

/**
 * The threads of a THREAD answer (RFC 5256 §4) as flat arrays: node {@code i} is a message number, or a dummy
 * (no message) when its number is 0; children and roots keep the order they were added in. Written without
 * recursion, so a reply chain of any length costs a loop, not stack.
 */
public final class ThreadForest {
    private static final int NONE = -1;
    private long[] numbers = new long[16];
    private int[] firstChild = new int[16];
    private int[] lastChild = new int[16];
    private int[] nextSibling = new int[16];
    private int size;
    private int firstRoot = NONE;
    private int lastRoot = NONE;

    /** A new node for message {@code number} (0 for a dummy), not yet placed. */
    public int node(long number) {
        if (size == numbers.length) {
            int grown = size * 2;
            numbers = Arrays.copyOf(numbers, grown);
            firstChild = Arrays.copyOf(firstChild, grown);
            lastChild = Arrays.copyOf(lastChild, grown);
            nextSibling = Arrays.copyOf(nextSibling, grown);
        }
        numbers[size] = number;
        firstChild[size] = NONE;
        lastChild[size] = NONE;
        nextSibling[size] = NONE;
        return size++;
    }

    public void addRoot(int node) {
        if (lastRoot == NONE) {
            firstRoot = node;
        } else {
            nextSibling[lastRoot] = node;
        }
        lastRoot = node;
    }

    /** Appends {@code child} (a node not placed yet) to {@code parent}'s children. */
    public void addChild(int parent, int child) {
        if (lastChild[parent] == NONE) {
            firstChild[parent] = child;
        } else {
            nextSibling[lastChild[parent]] = child;
        }
        lastChild[parent] = child;
    }

    public boolean isEmpty() {
        return firstRoot == NONE;
    }

    /**
     * A copy of this forest, same shape, whose message nodes carry {@code renumber.applyAsLong(n)} for their number
     * {@code n} here (a dummy stays a dummy): a shape built once over row positions is answered as UIDs or sequence
     * numbers.
     */
    public ThreadForest renumbered(LongUnaryOperator renumber) {
        ThreadForest copy = new ThreadForest();
        copy.numbers = new long[Math.max(size, 1)];
        for (int i = 0; i < size; i++) {
            copy.numbers[i] = numbers[i] == 0 ? 0 : renumber.applyAsLong(numbers[i]);
        }
        copy.firstChild = Arrays.copyOf(firstChild, Math.max(size, 1));
        copy.lastChild = Arrays.copyOf(lastChild, Math.max(size, 1));
        copy.nextSibling = Arrays.copyOf(nextSibling, Math.max(size, 1));
        copy.size = size;
        copy.firstRoot = firstRoot;
        copy.lastRoot = lastRoot;
        return copy;
    }

    /**
     * Appends {@code 1*thread-list}: a node's only child continues its list ({@code (1 2 3)}), two or more children
     * are nested lists ({@code (1 (2)(3))}); a dummy writes only its children ({@code ((2)(3))}).
     */
    void appendTo(StringBuilder out) {
        // a stack of work items: a node index (>= 0) to expand, or one of the tokens below
        final int open = -1;
        final int close = -2;
        final int space = -3;
        int[] work = new int[64];
        int top = 0;
        int[] roots = new int[16];
        int rootCount = 0;
        for (int root = firstRoot; root != NONE; root = nextSibling[root]) {
            if (rootCount == roots.length) {
                roots = Arrays.copyOf(roots, rootCount * 2);
            }
            roots[rootCount++] = root;
        }
        work = ensure(work, top, 3 * rootCount);
        for (int r = rootCount - 1; r >= 0; r--) {
            work[top++] = close;
            work[top++] = roots[r];
            work[top++] = open;
        }
        int[] kids = new int[16];
        while (top > 0) {
            int item = work[--top];
            switch (item) {
                case open -> out.append('(');
                case close -> out.append(')');
                case space -> out.append(' ');
                default -> {
                    boolean dummy = numbers[item] == 0;
                    if (!dummy) {
                        out.append(numbers[item]);
                    }
                    int first = firstChild[item];
                    if (first == NONE) {
                        continue;
                    }
                    if (nextSibling[first] == NONE) {
                        work = ensure(work, top, 2);
                        work[top++] = first;
                    } else {
                        int count = 0;
                        for (int c = first; c != NONE; c = nextSibling[c]) {
                            if (count == kids.length) {
                                kids = Arrays.copyOf(kids, count * 2);
                            }
                            kids[count++] = c;
                        }
                        work = ensure(work, top, 3 * count + 1);
                        for (int k = count - 1; k >= 0; k--) {
                            work[top++] = close;
                            work[top++] = kids[k];
                            work[top++] = open;
                        }
                    }
                    if (!dummy) {
                        work[top++] = space;
                    }
                }
            }
        }
    }

    private static int[] ensure(int[] stack, int top, int more) {
        return top + more <= stack.length ? stack : Arrays.copyOf(stack, Math.max(stack.length * 2, top + more));
    }
}
