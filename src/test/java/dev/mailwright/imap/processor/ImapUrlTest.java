package dev.mailwright.imap.processor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;

import org.junit.jupiter.api.Test;

/** The message-part IMAP URLs of RFC 5092 that CATENATE accepts (RFC 4469 §5), and the ones it refuses. */
class ImapUrlTest {

    @Test
    void relativeUrlShouldCarryMailboxUidValidityUidSectionAndPartial() {
        assertThat(ImapUrl.parse("/Drafts;UIDVALIDITY=385759045/;UID=20/;section=1.MIME/;PARTIAL=0.1024")).hasValue(
                new ImapUrl(Optional.empty(), Optional.empty(), "Drafts", Optional.of(385759045L), 20, Optional.of("1.MIME"),
                        Optional.of(0L), Optional.of(1024L)));
    }

    @Test
    void absoluteUrlShouldCarryTheUserAndHostAndDecodePercentEscapes() {
        assertThat(ImapUrl.parse("imap://fred%40example.test;AUTH=*@mail.example.test:143/Entw%C3%BCrfe/Sub/;UID=7"
                + "/;SECTION=HEADER.FIELDS%20(Subject)")).hasValue(
                new ImapUrl(Optional.of("fred@example.test"), Optional.of("mail.example.test"), "Entwürfe/Sub", Optional.empty(),
                        7, Optional.of("HEADER.FIELDS (Subject)"), Optional.empty(), Optional.empty()));
    }

    @Test
    void urlsThatAreNotAPlainMessagePartShouldNotParse() {
        assertThat(ImapUrl.parse("/Drafts")).isEmpty();                                 // a mailbox, no message
        assertThat(ImapUrl.parse("/Drafts?SUBJECT%20x")).isEmpty();                     // a search
        assertThat(ImapUrl.parse(";UID=20")).isEmpty();                                 // relative without a base
        assertThat(ImapUrl.parse("/Drafts/;UID=0")).isEmpty();                          // nz-number
        assertThat(ImapUrl.parse("/Drafts/;UID=1;URLAUTH=anonymous")).isEmpty();        // URLAUTH is not offered
        assertThat(ImapUrl.parse("/Drafts/;UID=1/;PARTIAL=1.0")).isEmpty();
        assertThat(ImapUrl.parse("/Drafts/;UID=99999999999999999999")).isEmpty();
        assertThat(ImapUrl.parse("/Dr%ZZafts/;UID=1")).isEmpty();
        assertThat(ImapUrl.parse("/Dr%C3afts/;UID=1")).isEmpty();                        // not UTF-8
        assertThat(ImapUrl.parse("//host/Drafts/;UID=1")).isEmpty();
        assertThat(ImapUrl.parse("/;UID=1")).isEmpty();
        assertThat(ImapUrl.parse("/INBOX;UID=1")).isEmpty();                            // iuid needs "/;UID="
    }

    @Test
    void parsingShouldStayLinearOnLongInput() {
        String url = "/" + "a;".repeat(50_000) + "/;UID=1";
        long start = System.nanoTime();
        assertThat(ImapUrl.parse(url)).isEmpty();
        assertThat(ImapUrl.parse("/" + "%41".repeat(100_000) + "/;UID=1")).map(ImapUrl::mailbox).hasValue("A".repeat(100_000));
        assertThat(System.nanoTime() - start).isLessThan(5_000_000_000L);
    }
}
