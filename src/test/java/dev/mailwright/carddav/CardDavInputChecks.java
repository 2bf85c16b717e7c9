package dev.mailwright.carddav;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

import org.w3c.dom.Element;

import dev.mailwright.contacts.VCards;

/**
 * The properties the CardDAV fuzz target ({@code dev.mailwright.fuzz.CardDavRequestFuzzTest}) checks on arbitrary
 * request bodies, here because the WebDAV reading is package-private. The input is a PROPFIND/REPORT body, a NUL
 * byte, and a vCard PUT body; each is read as {@code CardDavServlet} reads it.
 */
public final class CardDavInputChecks {
    private static final VCards VCARDS = new VCards(new VCards.Limits(4096, 20));
    private static final String SAMPLE_CARD = "BEGIN:VCARD\r\nVERSION:4.0\r\nUID:u1\r\nFN:Alice Example\r\n"
            + "EMAIL:alice@example.test\r\nTEL:+1 555 0100\r\nEND:VCARD\r\n";

    private CardDavInputChecks() {
    }

    /** Fails with an AssertionError (or the unexpected exception) when one of the properties does not hold. */
    public static void check(byte[] input) {
        int nul = indexOf(input, (byte) 0);
        byte[] xml = nul < 0 ? input : java.util.Arrays.copyOf(input, nul);
        String vcard = nul < 0 ? "" : new String(input, nul + 1, input.length - nul - 1, StandardCharsets.UTF_8);
        checkXmlBody(xml, vcard);
        checkVCardBody(vcard);
        checkEscape(vcard);
    }

    /**
     * A body is refused with {@link DavXml.BadRequest} or read; what PROPFIND and the three REPORTs take from it
     * never throws anything else, and an addressbook-query filter judges any card without throwing.
     */
    private static void checkXmlBody(byte[] body, String vcard) {
        Optional<Element> root;
        try {
            root = DavXml.parse(body);
        } catch (DavXml.BadRequest refused) {
            assertThat(refused.getMessage()).isNotBlank();
            return;
        }
        assertThat(root.isPresent()).as("a non-empty body that parses has a root").isEqualTo(body.length > 0);
        if (root.isEmpty()) {
            return;
        }
        Element element = root.get();
        for (DavXml.Name name : DavXml.requestedProperties(root)) {
            assertThat(name.namespace()).isNotNull();
            assertThat(name.local()).isNotNull();
        }
        for (Element href : DavXml.all(element, DavXml.DAV, "href")) {
            checkEscape(href.getTextContent());
        }
        DavXml.child(element, DavXml.DAV, "sync-token").map(Element::getTextContent).map(String::strip)
                .flatMap(DavProperties::parseSyncToken)
                .ifPresent(modseq -> assertThat(DavProperties.parseSyncToken(DavProperties.syncToken(modseq))).contains(modseq));
        AddressFilter filter;
        try {
            filter = AddressFilter.of(DavXml.child(element, DavXml.CARDDAV, "filter"));
        } catch (DavXml.BadRequest refused) {
            assertThat(refused.getMessage()).isNotBlank();
            return;
        }
        filter.matches(SAMPLE_CARD);
        filter.matches(vcard);
    }

    /** A PUT body is a card or a problem, never an exception; a card keeps the text it was sent as. */
    private static void checkVCardBody(String vcard) {
        VCards.Read read = VCARDS.readOne(vcard);
        switch (read) {
            case VCards.Read.Card card -> {
                assertThat(card.data().vcard()).isEqualTo(vcard);
                assertThat(card.data().emails()).hasSizeLessThanOrEqualTo(20);
                assertThat(card.data().phones()).hasSizeLessThanOrEqualTo(20);
            }
            case VCards.Read.Problem problem -> assertThat(problem.reason()).isNotNull();
        }
        List<VCards.Read> all = VCARDS.readAll(vcard, 5);
        assertThat(all).hasSizeLessThanOrEqualTo(6);
    }

    /**
     * Text written into a response (hrefs, card data) is well-formed XML once escaped, and reads back as the same
     * text but for the characters XML 1.0 cannot carry.
     */
    private static void checkEscape(String text) {
        String document = "<d:a xmlns:d=\"DAV:\">" + DavXml.escape(text) + "</d:a>";
        Element read;
        try {
            read = DavXml.parse(document.getBytes(StandardCharsets.UTF_8)).orElseThrow();
        } catch (DavXml.BadRequest e) {
            throw new AssertionError("escaped text is not well-formed XML: " + document, e);
        }
        assertThat(read.getTextContent()).hasSameSizeAs(text);
    }

    private static int indexOf(byte[] bytes, byte wanted) {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == wanted) {
                return i;
            }
        }
        return -1;
    }
}
