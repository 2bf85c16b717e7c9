package dev.mailwright.imap.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import dev.mailwright.imap.wire.ImapEncoder.NameEncoding;

/** The THREAD response syntax (RFC 5256 §4), written without recursion. */
class ThreadForestTest {

    private static String encode(ThreadForest forest) {
        return new String(ImapEncoder.toBytes(new ImapResponse.ThreadResult(forest), NameEncoding.UTF8), StandardCharsets.UTF_8);
    }

    @Test
    void threadShouldWriteTheRfcExample() {
        ThreadForest f = new ThreadForest();
        f.addRoot(f.node(2));
        int three = f.node(3);
        f.addRoot(three);
        int six = f.node(6);
        f.addChild(three, six);
        int four = f.node(4);
        f.addChild(six, four);
        f.addChild(four, f.node(23));
        int fortyFour = f.node(44);
        f.addChild(six, fortyFour);
        int seven = f.node(7);
        f.addChild(fortyFour, seven);
        f.addChild(seven, f.node(96));
        assertThat(encode(f)).isEqualTo("* THREAD (2)(3 6 (4 23)(44 7 96))\r\n");
    }

    @Test
    void aDummyParentShouldWriteOnlyItsChildren() {
        ThreadForest f = new ThreadForest();
        int dummy = f.node(0);
        f.addRoot(dummy);
        f.addChild(dummy, f.node(3));
        f.addChild(dummy, f.node(5));
        assertThat(encode(f)).isEqualTo("* THREAD ((3)(5))\r\n");
    }

    @Test
    void noThreadsShouldWriteTheBareKeyword() {
        assertThat(encode(new ThreadForest())).isEqualTo("* THREAD\r\n");
    }

    @Test
    void aLongChainShouldBeOneFlatListAndDeepBranchesNeedNoStack() {
        ThreadForest chain = new ThreadForest();
        int parent = chain.node(1);
        chain.addRoot(parent);
        for (int i = 2; i <= 200_000; i++) {
            int child = chain.node(i);
            chain.addChild(parent, child);
            parent = child;
        }
        String written = encode(chain);
        assertThat(written).startsWith("* THREAD (1 2 3 ").endsWith(" 199999 200000)\r\n").doesNotContain("((");

        // every node has two children, one of them continuing: 100,000 levels of nested lists
        ThreadForest deep = new ThreadForest();
        int node = deep.node(1);
        deep.addRoot(node);
        for (int level = 0; level < 100_000; level++) {
            deep.addChild(node, deep.node(1_000_000 + level));
            int next = deep.node(level + 2);
            deep.addChild(node, next);
            node = next;
        }
        String nested = encode(deep);
        assertThat(nested).startsWith("* THREAD (1 (1000000)(2 (1000001)(3 ");
        assertThat(nested.chars().filter(c -> c == '(').count()).isEqualTo(nested.chars().filter(c -> c == ')').count());
    }
}
