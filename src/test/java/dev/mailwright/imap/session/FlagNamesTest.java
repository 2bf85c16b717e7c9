package dev.mailwright.imap.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.mailwright.store.Flags;
import dev.mailwright.store.SystemFlag;

class FlagNamesTest {

    @Test
    void everyCombinationOfSystemFlagsShouldBeNamedInTheEnumsOrderWithRecentAndKeywordsAfter() {
        for (int bits = 0; bits < 1 << SystemFlag.values().length; bits++) {
            EnumSet<SystemFlag> system = EnumSet.noneOf(SystemFlag.class);
            List<String> names = new ArrayList<>();
            for (SystemFlag flag : SystemFlag.values()) {
                if ((bits & 1 << flag.ordinal()) != 0) {
                    system.add(flag);
                    names.add(flag.imapName());
                }
            }
            assertThat(FlagNames.of(new Flags(system, Set.of()), false)).containsExactlyElementsOf(names);
            List<String> withRecent = new ArrayList<>(names);
            withRecent.add("\\Recent");
            assertThat(FlagNames.of(new Flags(system, Set.of()), true)).containsExactlyElementsOf(withRecent);
            withRecent.addAll(List.of("$Junk", "Work"));
            assertThat(FlagNames.of(new Flags(system, Set.of("Work", "$Junk")), true)).containsExactlyElementsOf(withRecent);
        }
    }
}
