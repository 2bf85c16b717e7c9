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
}
