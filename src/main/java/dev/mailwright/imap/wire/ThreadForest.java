package dev.mailwright.imap.wire;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;

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
     * Appends {@code 1*thread-list}: a node's only child continues its list ({@code (1 2 3)}), two or more children
     * are nested lists ({@code (1 (2)(3))}); a dummy writes only its children ({@code ((2)(3))}).
     */
    void appendTo(StringBuilder out) {
        // work items: a node index (>= 0) to expand, or one of the tokens below
        final int open = -1;
        final int close = -2;
        final int space = -3;
        Deque<Integer> work = new ArrayDeque<>();
        for (int root = firstRoot; root != NONE; root = nextSibling[root]) {
            work.addLast(open);
            work.addLast(root);
            work.addLast(close);
        }
        while (!work.isEmpty()) {
            int item = work.pollFirst();
            switch (item) {
                case open -> out.append('(');
                case close -> out.append(')');
                case space -> out.append(' ');
                default -> expand(item, work, open, close, space, out);
            }
        }
    }

    private void expand(int node, Deque<Integer> work, int open, int close, int space, StringBuilder out) {
        int children = 0;
        for (int c = firstChild[node]; c != NONE && children < 2; c = nextSibling[c]) {
            children++;
        }
        boolean dummy = numbers[node] == 0;
        if (!dummy) {
            out.append(numbers[node]);
        }
        if (children == 0) {
            return;
        }
        if (children == 1) {
            work.addFirst(firstChild[node]);
            if (!dummy) {
                work.addFirst(space);
            }
            return;
        }
        // pushed in reverse so that they come out in order
        Deque<Integer> nested = new ArrayDeque<>();
        for (int c = firstChild[node]; c != NONE; c = nextSibling[c]) {
            nested.addLast(open);
            nested.addLast(c);
            nested.addLast(close);
        }
        while (!nested.isEmpty()) {
            work.addFirst(nested.pollLast());
        }
        if (!dummy) {
            work.addFirst(space);
        }
    }
}
