package dev.mailwright.contacts;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

/**
 * Cards ez-vcard reads but cannot write again (a property name with {@code .} after its group, RFC 6350 §3.3 allows
 * none): found by CardDavRequestFuzzTest, where an import threw instead of naming the card.
 */
class VCardsTest {
    private static final VCards VCARDS = new VCards(new VCards.Limits(4096, 20));
    private static final String UNWRITABLE = "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:A\r\nEMAIL:a@example.test\r\n"
            + "x.a.b:v\r\nEND:VCARD\r\n";

    @Test
    void anImportedCardThatCannotBeWrittenAgainShouldBeNamedUnreadable() {
        assertThat(VCARDS.readAll(UNWRITABLE, 5)).containsExactly(new VCards.Read.Problem(1, "", VCards.Reason.UNREADABLE));
    }

    @Test
    void editingOrExportingSuchAStoredCardShouldRefuseOrSkipItWithoutThrowing() {
        assertThat(VCARDS.edit(Optional.of(UNWRITABLE), "u1", "A", List.of("a@example.test"), List.of(), "", List.of()))
                .isEqualTo(new VCards.Read.Problem(1, "", VCards.Reason.UNREADABLE));
        String good = "BEGIN:VCARD\r\nVERSION:4.0\r\nUID:u2\r\nFN:B\r\nEMAIL:b@example.test\r\nEND:VCARD\r\n";
        assertThat(VCARDS.export(List.of(UNWRITABLE, good))).contains("FN:B").doesNotContain("FN:A");
    }
}
