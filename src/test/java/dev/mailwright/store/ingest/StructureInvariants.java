package dev.mailwright.store.ingest;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Checks that a parse result is self-consistent: ENVELOPE, BODYSTRUCTURE and BODY are well-formed IMAP
 * data, the structure has the shape of the MimePart tree, every reported body size equals the bytes the
 * offsets cut out, and the offsets nest inside the message.
 */
final class StructureInvariants {
    private StructureInvariants() {
    }

    static void verify(ParsedMessage p, long size) {
        Object envelope = ImapSexp.parse(p.envelope());
        assertThat(envelope).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.LIST).hasSize(10);
        offsets(p.root(), 0, size);
        shape(ImapSexp.parse(p.bodyStructure()), p.root(), true);
        shape(ImapSexp.parse(p.body()), p.root(), false);
        assertThat(MimePart.decode(p.root().encode())).isEqualTo(p.root());
    }

    private static void offsets(MimePart part, long from, long to) {
        assertThat(part.headerStart()).isBetween(from, to);
        assertThat(part.bodyStart()).isBetween(part.headerStart(), to);
        assertThat(part.bodyEnd()).isBetween(part.bodyStart(), to);
        long previousEnd = part.bodyStart();
        for (MimePart child : part.children()) {
            assertThat(child.headerStart()).isGreaterThanOrEqualTo(previousEnd);
            offsets(child, part.bodyStart(), part.bodyEnd());
            previousEnd = child.bodyEnd();
        }
        part.message().ifPresent(m -> offsets(m, part.bodyStart(), part.bodyEnd()));
    }

    private static void shape(Object node, MimePart part, boolean extended) {
        assertThat(node).isInstanceOf(List.class);
        List<?> l = (List<?>) node;
        if (l.getFirst() instanceof List<?>) {
            int n = part.children().size();
            assertThat(n).isPositive();
            for (int i = 0; i < n; i++) {
                shape(l.get(i), part.children().get(i), extended);
            }
            assertThat(l.get(n)).isEqualTo(part.subtype());
            assertThat(l).hasSize(extended ? n + 5 : n + 1);
            assertThat(part.type()).isEqualTo("multipart");
            return;
        }
        assertThat(part.children()).isEmpty();
        assertThat(l.get(0)).isEqualTo(part.type());
        assertThat(l.get(1)).isEqualTo(part.subtype());
        assertThat(l.get(6)).isEqualTo(part.bodyEnd() - part.bodyStart());
        int basic;
        if (part.message().isPresent()) {
            assertThat(l.get(7)).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.LIST).hasSize(10);
            shape(l.get(8), part.message().get(), extended);
            assertThat(l.get(9)).isInstanceOf(Long.class);
            basic = 10;
        } else if (part.type().equals("text")) {
            assertThat(l.get(7)).isInstanceOf(Long.class);
            basic = 8;
        } else {
            basic = 7;
        }
        assertThat(l).hasSize(extended ? basic + 4 : basic);
    }
}
