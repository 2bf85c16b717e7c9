package dev.mailwright.imap.processor;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;

import dev.mailwright.imap.processor.SortProcessor.Keyed;
import dev.mailwright.imap.wire.ThreadForest;
import dev.mailwright.store.MessageThreadLinks;

/**
 * The THREAD=REFERENCES builder as it was before the array rewrite (commit a477657), kept only to compare answers
 * (ReferenceThreadsEquivalenceTest).
 * <p>
 * THREAD=REFERENCES (RFC 5256 §3): containers linked by Message-ID, References and In-Reply-To, dummies pruned,
 * roots gathered by base subject, siblings ordered by sent date (ties by sequence number). Every pass is a loop
 * over explicit lists or stacks; the one climb that could be long (the loop check of a new link) stops after
 * {@code maxDepth} ancestors and then leaves the link out.
 */
final class LegacyReferenceThreads {
    private static final class Container {
        int message;   // index into rows, -1 for a dummy
        Container parent;
        Container firstChild;
        Container lastChild;
        Container prev;
        Container next;
        int children;
        boolean gone;   // merged away from the root set (step 5)

        Container(int message) {
            this.message = message;
        }
    }

    private final List<Keyed<MessageThreadLinks>> rows;
    private final int maxDepth;
    private final Map<String, Container> byId = new HashMap<>();
    private final List<Container> all = new ArrayList<>();

    private LegacyReferenceThreads(List<Keyed<MessageThreadLinks>> rows, int maxDepth) {
        this.rows = rows;
        this.maxDepth = maxDepth;
    }

    /** The threads of {@code rows} (matching messages, ascending), each node numbered by {@code number}. */
    static ThreadForest build(List<Keyed<MessageThreadLinks>> rows, int maxDepth,
                              ToLongFunction<Keyed<MessageThreadLinks>> number) {
        LegacyReferenceThreads threads = new LegacyReferenceThreads(rows, maxDepth);
        threads.link();
        List<Container> roots = threads.prune();
        threads.sortAll(roots);
        roots = threads.gatherBySubject(roots);
        threads.sortAll(roots);
        return threads.forest(roots, number);
    }

    // step 1
    private void link() {
        for (int i = 0; i < rows.size(); i++) {
            MessageThreadLinks row = rows.get(i).keys();
            Container previous = null;
            for (String id : row.references()) {
                Container ref = byId.computeIfAbsent(id, k -> newContainer(-1));
                if (previous != null && ref.parent == null && !wouldLoop(previous, ref)) {
                    attach(previous, ref);
                }
                previous = ref;
            }
            Container own = ownContainer(i, row);
            if (previous == null) {
                if (own.parent != null) {
                    detach(own);
                }
            } else if (own.parent != previous && !wouldLoop(previous, own)) {
                if (own.parent != null) {
                    detach(own);
                }
                attach(previous, own);
            }
        }
    }

    /** The message's container: the dummy its Message-ID already has, else a new one (a duplicate ID gets its own). */
    private Container ownContainer(int index, MessageThreadLinks row) {
        if (row.messageId().isEmpty()) {
            return newContainer(index);
        }
        Container existing = byId.get(row.messageId().get());
        if (existing == null) {
            Container own = newContainer(index);
            byId.put(row.messageId().get(), own);
            return own;
        }
        if (existing.message >= 0) {
            return newContainer(index);
        }
        existing.message = index;
        return existing;
    }

    private Container newContainer(int message) {
        Container c = new Container(message);
        all.add(c);
        return c;
    }

    /** Whether making {@code child} a child of {@code parent} would close a loop (or could not be checked in bounds). */
    private boolean wouldLoop(Container parent, Container child) {
        if (parent == child) {
            return true;
        }
        if (child.firstChild == null) {
            return false;   // a leaf is nobody's ancestor
        }
        int steps = 0;
        for (Container p = parent; p != null; p = p.parent) {
            if (p == child || ++steps > maxDepth) {
                return true;
            }
        }
        return false;
    }

    private static void attach(Container parent, Container child) {
        child.parent = parent;
        child.prev = parent.lastChild;
        child.next = null;
        if (parent.lastChild == null) {
            parent.firstChild = child;
        } else {
            parent.lastChild.next = child;
        }
        parent.lastChild = child;
        parent.children++;
    }

    private static void detach(Container child) {
        Container parent = child.parent;
        if (child.prev == null) {
            parent.firstChild = child.next;
        } else {
            child.prev.next = child.next;
        }
        if (child.next == null) {
            parent.lastChild = child.prev;
        } else {
            child.next.prev = child.prev;
        }
        parent.children--;
        child.parent = null;
        child.prev = null;
        child.next = null;
    }

    private static List<Container> childrenOf(Container c) {
        List<Container> out = new ArrayList<>(c.children);
        for (Container x = c.firstChild; x != null; x = x.next) {
            out.add(x);
        }
        return out;
    }

    // steps 2 and 3
    private List<Container> prune() {
        List<Container> roots = new ArrayList<>();
        Deque<Container> level = new ArrayDeque<>();
        for (Container c : all) {
            if (c.parent == null) {
                level.addLast(c);
            }
        }
        while (!level.isEmpty()) {
            Container c = level.pollFirst();
            if (c.message >= 0 || c.children > 1) {
                roots.add(c);
            } else if (c.children == 1) {
                Container only = c.firstChild;
                detach(only);
                level.addFirst(only);
            }
        }
        // below the roots no dummy stays: its children take its place among its siblings
        Deque<Container> work = new ArrayDeque<>(roots);
        while (!work.isEmpty()) {
            Container c = work.pop();
            Deque<Container> pending = new ArrayDeque<>(childrenOf(c));
            pending.forEach(LegacyReferenceThreads::detach);
            while (!pending.isEmpty()) {
                Container x = pending.pollFirst();
                if (x.message >= 0) {
                    attach(c, x);
                    work.push(x);
                    continue;
                }
                List<Container> promoted = childrenOf(x);
                promoted.forEach(LegacyReferenceThreads::detach);
                for (int i = promoted.size() - 1; i >= 0; i--) {
                    pending.addFirst(promoted.get(i));
                }
            }
        }
        // a root dummy left with fewer than two children after that gives its place to its child, or goes
        List<Container> kept = new ArrayList<>(roots.size());
        for (Container c : roots) {
            if (c.message >= 0 || c.children > 1) {
                kept.add(c);
            } else if (c.children == 1) {
                Container only = c.firstChild;
                detach(only);
                kept.add(only);
            }
        }
        return kept;
    }

    /** The message that stands for a container in sorting and subject matching: its own, or its first child's. */
    private int representative(Container c) {
        Container x = c;
        while (x.message < 0 && x.firstChild != null) {
            x = x.firstChild;
        }
        return x.message;
    }

    private Comparator<Container> byDate() {
        return (a, b) -> {
            int ra = representative(a);
            int rb = representative(b);
            if (ra < 0 || rb < 0) {
                return Integer.compare(ra, rb);
            }
            int byDate = rows.get(ra).keys().sentDate().compareTo(rows.get(rb).keys().sentDate());
            return byDate != 0 ? byDate : Integer.compare(rows.get(ra).msn(), rows.get(rb).msn());
        };
    }

    /** Steps 4 and 6: every set of siblings by sent date, children before their parents (a dummy's date is its first child's). */
    private void sortAll(List<Container> roots) {
        List<Container> order = new ArrayList<>();
        Deque<Container> work = new ArrayDeque<>(roots);
        while (!work.isEmpty()) {
            Container c = work.pop();
            order.add(c);
            for (Container x = c.firstChild; x != null; x = x.next) {
                work.push(x);
            }
        }
        Comparator<Container> byDate = byDate();
        for (int i = order.size() - 1; i >= 0; i--) {
            Container c = order.get(i);
            if (c.children > 1) {
                List<Container> children = childrenOf(c);
                children.forEach(LegacyReferenceThreads::detach);
                children.sort(byDate);
                children.forEach(child -> attach(c, child));
            }
        }
        roots.sort(byDate);
    }

    private String subject(Container c) {
        int r = representative(c);
        return r < 0 ? "" : rows.get(r).keys().baseSubject();
    }

    private boolean isReply(Container c) {
        return c.message >= 0 && rows.get(c.message).keys().replyOrForward();
    }

    // step 5
    private List<Container> gatherBySubject(List<Container> roots) {
        Map<String, Container> table = new HashMap<>();
        for (Container c : roots) {
            String subject = subject(c);
            if (subject.isEmpty()) {
                continue;
            }
            Container old = table.get(subject);
            if (old == null || (old.message >= 0 && c.message < 0) || (isReply(old) && !isReply(c))) {
                table.put(subject, c);
            }
        }
        List<Container> result = new ArrayList<>(roots);
        for (Container c : roots) {
            String subject = subject(c);
            if (c.gone || subject.isEmpty()) {
                continue;
            }
            Container t = table.get(subject);
            if (t == c) {
                continue;
            }
            if (t.message < 0 && c.message < 0) {
                for (Container child : childrenOf(c)) {
                    detach(child);
                    attach(t, child);
                }
                c.gone = true;
            } else if (t.message < 0) {
                attach(t, c);
                c.gone = true;
            } else if (c.message < 0) {
                attach(c, t);
                t.gone = true;
                table.put(subject, c);
            } else if (!isReply(t) && isReply(c)) {
                attach(t, c);
                c.gone = true;
            } else {
                Container dummy = newContainer(-1);
                result.add(dummy);
                attach(dummy, t);
                attach(dummy, c);
                t.gone = true;
                c.gone = true;
                table.put(subject, dummy);
            }
        }
        List<Container> kept = new ArrayList<>(result.size());
        for (Container c : result) {
            if (!c.gone) {
                kept.add(c);
            }
        }
        return kept;
    }

    private ThreadForest forest(List<Container> roots, ToLongFunction<Keyed<MessageThreadLinks>> number) {
        ThreadForest forest = new ThreadForest();
        Deque<Container> work = new ArrayDeque<>();
        Map<Container, Integer> nodes = new HashMap<>();
        for (Container root : roots) {
            int node = forest.node(root.message < 0 ? 0 : number.applyAsLong(rows.get(root.message)));
            forest.addRoot(node);
            nodes.put(root, node);
            work.addLast(root);
        }
        while (!work.isEmpty()) {
            Container c = work.pollFirst();
            int parent = nodes.get(c);
            for (Container x = c.firstChild; x != null; x = x.next) {
                int node = forest.node(x.message < 0 ? 0 : number.applyAsLong(rows.get(x.message)));
                forest.addChild(parent, node);
                nodes.put(x, node);
                work.addLast(x);
            }
        }
        return forest;
    }
}
