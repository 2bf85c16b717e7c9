package dev.mailwright.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;

import org.junit.jupiter.params.provider.MethodSource;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;

import dev.mailwright.carddav.CardDavInputChecks;

/**
 * Arbitrary CardDAV request bodies as the servlet reads them: a PROPFIND or REPORT XML body (RFC 4918 §14, RFC 6352
 * §8: addressbook-multiget, addressbook-query with its filter, sync-collection) and a vCard PUT body (RFC 6350).
 * Must hold for every input (checked by {@link CardDavInputChecks}): XML is read or refused with a bad request,
 * never with another exception, and a DOCTYPE is refused (no entity expansion); the requested properties, hrefs,
 * sync token and filter are read without throwing and the filter judges any card; a PUT body is a card kept
 * verbatim or a named problem; text escaped into a response is well-formed XML; and one input costs at most
 * {@link #CPU_BUDGET_MS} of CPU and ends within {@link WorkBudget#HANG_SECONDS}.
 *
 * <p>Input: the XML body, a NUL byte, the vCard body. Seeds: the bodies below, as vdirsyncer, DAVx5 and the RFCs'
 * examples send them. Budget: in {@code ./mvnw verify} 45 s of coverage-guided fuzzing (the {@code fuzz} execution in
 * pom.xml); in {@code ./mvnw test} only the seeds and the kept inputs run.
 */
class CardDavRequestFuzzTest {
    private static final long CPU_BUDGET_MS = 3_000;
    private static final String[] BODIES = {
        "<?xml version=\"1.0\" encoding=\"utf-8\"?><d:propfind xmlns:d=\"DAV:\" xmlns:cs=\"http://calendarserver.org/ns/\">"
                + "<d:prop><d:resourcetype/><d:getetag/><cs:getctag/><d:sync-token/><d:current-user-principal/></d:prop></d:propfind>",
        "<d:propfind xmlns:d=\"DAV:\"><d:allprop/></d:propfind>",
        "<c:addressbook-multiget xmlns:d=\"DAV:\" xmlns:c=\"urn:ietf:params:xml:ns:carddav\"><d:prop><d:getetag/>"
                + "<c:address-data/></d:prop><d:href>/dav/alice%40example.test/contacts/a.vcf</d:href>"
                + "<d:href>/dav/x/../contacts/b&amp;c.vcf</d:href></c:addressbook-multiget>",
        "<C:addressbook-query xmlns:D=\"DAV:\" xmlns:C=\"urn:ietf:params:xml:ns:carddav\"><D:prop><D:getetag/></D:prop>"
                + "<C:filter test=\"allof\"><C:prop-filter name=\"FN\"><C:text-match collation=\"i;unicode-casemap\" "
                + "match-type=\"contains\" negate-condition=\"yes\">daboo</C:text-match></C:prop-filter>"
                + "<C:prop-filter name=\"EMAIL\"><C:is-not-defined/></C:prop-filter></C:filter>"
                + "<C:limit><C:nresults>10</C:nresults></C:limit></C:addressbook-query>",
        "<d:sync-collection xmlns:d=\"DAV:\"><d:sync-token>http://mailwright.dev/ns/sync/42</d:sync-token>"
                + "<d:sync-level>1</d:sync-level><d:prop><d:getetag/></d:prop></d:sync-collection>",
        "",
    };
    private static final String[] CARDS = {
        "BEGIN:VCARD\r\nVERSION:4.0\r\nUID:urn:uuid:4fbe8971-0bc3-424c-9c26-36c3e1eff6b1\r\nFN:J. Doe\r\n"
                + "N:Doe;J.;;;\r\nEMAIL;TYPE=work:jdoe@example.test\r\nTEL;VALUE=uri:tel:+1-555-555-5555\r\n"
                + "NOTE:line one\\nline two\r\nCATEGORIES:friends,work\r\nEND:VCARD\r\n",
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:=?utf-8?q?x?=\r\nEMAIL;TYPE=INTERNET:a@b\r\n ccc.test\r\nEND:VCARD\r\n",
        "",
    };

    static Stream<byte[]> seeds() {
        return Stream.of(BODIES).flatMap(body -> Stream.of(CARDS)
                .map(card -> (body + "\0" + card).getBytes(StandardCharsets.UTF_8)));
    }

    @MethodSource("seeds")
    // no CR or LF in dictionary entries: Jazzer 0.30 writes them unescaped and libFuzzer then rejects the file
    @DictionaryEntries({"<!DOCTYPE", "<!ENTITY", "&amp;", "&#", "xmlns:d=\"DAV:\"", "urn:ietf:params:xml:ns:carddav",
            "<d:prop>", "</d:prop>", "<d:href>", "prop-filter", "text-match", "match-type=\"", "negate-condition=\"yes\"",
            "test=\"allof\"", "is-not-defined", "http://mailwright.dev/ns/sync/", "BEGIN:VCARD", "END:VCARD",
            "VERSION:4.0", "VERSION:3.0", "FN:", "EMAIL:", "TEL:", "UID:", "N:", ";TYPE=", ";VALUE=", "ENCODING=QUOTED-PRINTABLE",
            "\\,", "\\;", "\\n", "<![CDATA["})
    @FuzzTest(maxDuration = "45s")
    void requestBodiesShouldBeReadOrRefusedCleanly(byte[] input) {
        WorkBudget.run("CardDAV request bodies", input.length, CPU_BUDGET_MS, () -> CardDavInputChecks.check(input));
    }
}
