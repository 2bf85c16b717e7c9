package dev.mailwright.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class FlagsParseTest {

    @Test
    void systemFlagsInAnyCaseAndKeywordsAsGiven() {
        Flags flags = Flags.parse(List.of("\\SEEN", "\\flagged", "$Junk", "Work"));
        assertThat(flags.system()).containsExactlyInAnyOrder(SystemFlag.SEEN, SystemFlag.FLAGGED);
        assertThat(flags.keywords()).containsExactly("$Junk", "Work");
    }

    @Test
    void recentUnknownSystemFlagsAndNonAtomsAreIgnored() {
        Flags flags = Flags.parse(List.of("\\Recent", "\\Bogus", "two words", "par(en", "quo\"te", "", "ok"));
        assertThat(flags.system()).isEmpty();
        assertThat(flags.keywords()).containsExactly("ok");
    }

    @Test
    void keywordsCompareCaseInsensitivelyKeepingTheFirstSpelling() {
        assertThat(Flags.parse(List.of("Project", "PROJECT")).keywords()).containsExactly("Project");
    }

    @Test
    void flagsShouldBeEqualAndUnmodifiableWhicheverWayTheyAreBuilt() {
        for (int bits = 0; bits < 1 << SystemFlag.values().length; bits++) {
            java.util.EnumSet<SystemFlag> system = java.util.EnumSet.noneOf(SystemFlag.class);
            for (SystemFlag flag : SystemFlag.values()) {
                if ((bits & 1 << flag.ordinal()) != 0) {
                    system.add(flag);
                }
            }
            Flags fromSet = new Flags(system, java.util.Set.of());
            Flags fromBits = Flags.ofBits(bits, java.util.Set.of());
            assertThat(fromBits).isEqualTo(fromSet).hasSameHashCodeAs(fromSet);
            assertThat(fromBits.system()).isEqualTo(system);
            assertThat(fromSet.systemBits()).isEqualTo(bits);
            system.add(SystemFlag.SEEN);   // the caller's set changes later: the flags do not
            assertThat(fromSet.has(SystemFlag.SEEN)).isEqualTo((bits & 1 << SystemFlag.SEEN.ordinal()) != 0);
        }
        Flags none = Flags.ofBits(0, java.util.Set.of());
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> none.system().add(SystemFlag.DRAFT))
                .isInstanceOf(UnsupportedOperationException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> none.keywords().add("x"))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThat(none).isEqualTo(Flags.NONE);
        assertThat(none.hasKeyword("Work")).isFalse();
        assertThat(Flags.ofBits(1 << SystemFlag.FLAGGED.ordinal(), java.util.Set.of("Work")).hasKeyword("WORK")).isTrue();
    }
}
