package dev.mailwright.store.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import dev.mailwright.store.MessageSource;

/** The stored SORT keys (RFC 5256 §3, RFC 5957 §3), computed from what ingest produced. */
class SortFieldsTest {
    private final Mime4jMessageParser parser = new Mime4jMessageParser();

    private SortFields fields(String headers) {
        ParsedMessage parsed = parser.parse(MessageSource.of((headers + "\r\n\r\nbody\r\n").getBytes(StandardCharsets.UTF_8)));
        return SortFields.of(parsed.subject(), parsed.envelope());
    }

    @Test
    void fieldsShouldHoldCaseMappedMailboxesAndDisplayNames() {
        SortFields f = fields("From: \"=?UTF-8?Q?=C3=A9mile_Zola?=\" <emile@Example.org>\r\nTo: bob@x.example, carol@y.example\r\n"
                + "Cc: Dora <dora@z.example>\r\nSubject: Re: =?ISO-8859-1?Q?caf=E9?= [x]");
        assertThat(f).isEqualTo(new SortFields("CAFé [X]", true, "EMILE", "BOB", "DORA", "éMILE ZOLA", "BOB@X.EXAMPLE"));
    }

    @Test
    void fieldsShouldBeEmptyWhenTheHeaderFieldsAreMissing() {
        assertThat(fields("X-Nothing: here")).isEqualTo(new SortFields("", false, "", "", "", "", ""));
    }

    @Test
    void displayShouldFallBackToTheMailboxOfAGroupStart() {
        SortFields f = fields("To: undisclosed-recipients:;\r\nFrom: \"\" <a@b.example>");
        assertThat(f.toMailbox()).isEqualTo("UNDISCLOSED-RECIPIENTS");
        assertThat(f.displayTo()).isEqualTo("UNDISCLOSED-RECIPIENTS");
        assertThat(f.displayFrom()).isEqualTo("A@B.EXAMPLE");
    }

    @Test
    void fieldsShouldReadLiteralsInTheEnvelopeAndCutLongKeys() {
        SortFields f = fields("From: \"Ünïcödé " + "x".repeat(1000) + "\" <u@x.example>\r\nSubject: " + "s".repeat(2000));
        assertThat(f.displayFrom()).startsWith("ÜNïCöDé XXX").hasSize(SortFields.MAX_LENGTH);
        assertThat(f.fromMailbox()).isEqualTo("U");
        assertThat(f.baseSubject()).hasSize(SortFields.MAX_LENGTH);
    }

    @Test
    void aDamagedEnvelopeShouldGiveEmptyAddressKeys() {
        assertThat(SortFields.of("Re: x", "(\"date\" {99}\r\nshort")).isEqualTo(new SortFields("X", true, "", "", "", "", ""));
        assertThat(SortFields.of(null, null)).isEqualTo(new SortFields("", false, "", "", "", "", ""));
    }
}
