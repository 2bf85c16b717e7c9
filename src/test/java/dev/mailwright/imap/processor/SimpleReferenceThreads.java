package dev.mailwright.imap.processor;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;

import dev.mailwright.imap.processor.SortProcessor.Keyed;
import dev.mailwright.imap.wire.ThreadForest;
import dev.mailwright.store.MessageThreadLinks;

/**
 * THREAD=REFERENCES written as plainly as RFC 5256 §3 reads, with recursion and lists and no bounds, to check the
 * production builder against (ReferenceThreadsEquivalenceTest). It makes the choices the RFC leaves open the way
 * Mailwright does: a duplicate Message-ID is a message of its own, a dummy's date and subject are those of its first
 * child, and ties in date go by sequence number. Only for small generated mailboxes.
 */
final class SimpleReferenceThreads {
    private static final class Node {
        Keyed<MessageThreadLinks> message;
        Node parent;
        List<Node> children = new ArrayList<>();
    }

    private SimpleReferenceThreads() {
    }

    static ThreadForest build(List<Keyed<MessageThreadLinks>> rows, ToLongFunction<Keyed<MessageThreadLinks>> number) {
        Map<String, Node> byId = new HashMap<>();
        List<Node> all = new ArrayList<>();
        // 1: link References in order (an existing parent stays), then the message under the last one
        for (Keyed<MessageThreadLinks> row : rows) {
            Node previous = null;
            for (String id : row.keys().references()) {
                Node ref = byId.computeIfAbsent(id, k -> created(all));
                if (previous != null && ref.parent == null && !isSelfOrAncestor(ref, previous)) {
                    link(previous, ref);
                }
                previous = ref;
            }
            Node own;
            String id = row.keys().messageId().orElse(null);
            if (id != null && byId.containsKey(id) && byId.get(id).message == null) {
                own = byId.get(id);
            } else {
                own = created(all);
                if (id != null) {
                    byId.putIfAbsent(id, own);
                }
            }
            own.message = row;
            if (previous == null) {
                unlink(own);
            } else if (own.parent != previous && !isSelfOrAncestor(own, previous)) {
                unlink(own);
                link(previous, own);
            }
        }
        // 2 and 3: the root set, dummies pruned
        List<Node> roots = new ArrayList<>();
        for (Node n : all.stream().filter(n -> n.parent == null).toList()) {
            Node r = n;
            while (r.message == null && r.children.size() == 1) {
                Node only = r.children.getFirst();
                unlink(only);
                r = only;
            }
            if (r.message != null || r.children.size() > 1) {
                roots.add(r);
            }
        }
        for (Node r : roots) {
            setChildren(r, withoutDummies(r.children));
        }
        List<Node> pruned = new ArrayList<>();
        for (Node r : roots) {
            if (r.message != null || r.children.size() > 1) {
                pruned.add(r);
            } else if (r.children.size() == 1) {
                Node only = r.children.getFirst();
                unlink(only);
                pruned.add(only);
            }
        }
        // 4: siblings by date
        sortTree(pruned);
        // 5: roots with the same base subject gathered
        List<Node> gathered = gather(pruned);
        // 6: siblings by date again
        sortTree(gathered);
        ThreadForest forest = new ThreadForest();
        List<Node> queue = new ArrayList<>();
        Map<Node, Integer> nodes = new HashMap<>();
        for (Node r : gathered) {
            int node = forest.node(r.message == null ? 0 : number.applyAsLong(r.message));
            forest.addRoot(node);
            nodes.put(r, node);
            queue.add(r);
        }
        for (int i = 0; i < queue.size(); i++) {
            Node c = queue.get(i);
            for (Node x : c.children) {
                int node = forest.node(x.message == null ? 0 : number.applyAsLong(x.message));
                forest.addChild(nodes.get(c), node);
                nodes.put(x, node);
                queue.add(x);
            }
        }
        return forest;
    }

    private static Node created(List<Node> all) {
        Node n = new Node();
        all.add(n);
        return n;
    }

    private static boolean isSelfOrAncestor(Node candidate, Node of) {
        for (Node p = of; p != null; p = p.parent) {
            if (p == candidate) {
                return true;
            }
        }
        return false;
    }

    private static void link(Node parent, Node child) {
        child.parent = parent;
        parent.children.add(child);
    }

    private static void unlink(Node child) {
        if (child.parent != null) {
            child.parent.children.remove(child);
            child.parent = null;
        }
    }

    private static void setChildren(Node parent, List<Node> children) {
        parent.children = new ArrayList<>();
        for (Node c : children) {
            c.parent = null;
            link(parent, c);
        }
    }

    /** Each dummy replaced by its own children (already without dummies), in place. */
    private static List<Node> withoutDummies(List<Node> children) {
        List<Node> out = new ArrayList<>();
        for (Node c : children) {
            if (c.message == null) {
                out.addAll(withoutDummies(c.children));
            } else {
                setChildren(c, withoutDummies(c.children));
                out.add(c);
            }
        }
        return out;
    }

    private static Keyed<MessageThreadLinks> representative(Node n) {
        Node x = n;
        while (x.message == null && !x.children.isEmpty()) {
            x = x.children.getFirst();
        }
        return x.message;
    }

    private static final Comparator<Node> BY_DATE = (a, b) -> {
        Keyed<MessageThreadLinks> ra = representative(a);
        Keyed<MessageThreadLinks> rb = representative(b);
        if (ra == null || rb == null) {
            return ra == null ? (rb == null ? 0 : -1) : 1;
        }
        int byDate = ra.keys().sentDate().compareTo(rb.keys().sentDate());
        return byDate != 0 ? byDate : Integer.compare(ra.msn(), rb.msn());
    };

    private static void sortTree(List<Node> siblings) {
        for (Node n : siblings) {
            sortTree(n.children);
        }
        siblings.sort(BY_DATE);
    }

    private static String subject(Node n) {
        Keyed<MessageThreadLinks> r = representative(n);
        return r == null ? "" : r.keys().baseSubject();
    }

    private static boolean isReply(Node n) {
        return n.message != null && n.message.keys().replyOrForward();
    }

    private static List<Node> gather(List<Node> roots) {
        Map<String, Node> table = new HashMap<>();
        for (Node r : roots) {
            String s = subject(r);
            if (s.isEmpty()) {
                continue;
            }
            Node old = table.get(s);
            if (old == null || (old.message != null && r.message == null) || (isReply(old) && !isReply(r))) {
                table.put(s, r);
            }
        }
        List<Node> result = new ArrayList<>(roots);
        List<Node> gone = new ArrayList<>();
        for (Node r : roots) {
            String s = subject(r);
            if (gone.contains(r) || s.isEmpty() || table.get(s) == r) {
                continue;
            }
            Node t = table.get(s);
            if (t.message == null && r.message == null) {
                for (Node c : new ArrayList<>(r.children)) {
                    unlink(c);
                    link(t, c);
                }
                gone.add(r);
            } else if (t.message == null) {
                link(t, r);
                gone.add(r);
            } else if (r.message == null) {
                link(r, t);
                gone.add(t);
                table.put(s, r);
            } else if (!isReply(t) && isReply(r)) {
                link(t, r);
                gone.add(r);
            } else {
                Node dummy = new Node();
                result.add(dummy);
                link(dummy, t);
                link(dummy, r);
                gone.add(t);
                gone.add(r);
                table.put(s, dummy);
            }
        }
        result.removeIf(gone::contains);
        return result;
    }
}
