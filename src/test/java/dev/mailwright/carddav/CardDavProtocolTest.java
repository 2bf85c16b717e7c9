package dev.mailwright.carddav;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * CardDAV with raw HTTP requests shaped like RFC 6352's examples (§6.3.2.1 PUT, §8.6.4 addressbook-query, §8.7.1
 * addressbook-multiget), RFC 6578 §3 sync-collection, RFC 6764 §6 discovery and RFC 4918 PROPFIND.
 */
class CardDavProtocolTest extends CardDavTestSupport {

    private static String card(String uid, String name, String email) {
        return "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:" + uid + "\r\nFN:" + name + "\r\nNICKNAME:me\r\nEMAIL;TYPE=INTERNET:" + email
                + "\r\nEND:VCARD\r\n";
    }

    private static String etagOf(HttpResponse<String> response) {
        return response.headers().firstValue("ETag").orElseThrow();
    }

    @Test
    void discoveryShouldLeadFromTheWellKnownUriToTheAddressBook() throws Exception {
        HttpResponse<String> wellKnown = send("GET", "/.well-known/carddav", null, "Authorization", "");
        HttpResponse<String> anonymous = send("PROPFIND", "/dav/", null, "Authorization", "", "Depth", "0");
        HttpResponse<String> root = send("PROPFIND", "/dav/", """
                <?xml version="1.0" encoding="utf-8"?>
                <d:propfind xmlns:d="DAV:"><d:prop><d:current-user-principal/></d:prop></d:propfind>""", "Depth", "0");
        HttpResponse<String> principal = send("PROPFIND", "/dav/principals/alice@example.test/", """
                <d:propfind xmlns:d="DAV:" xmlns:C="urn:ietf:params:xml:ns:carddav">
                  <d:prop><C:addressbook-home-set/><d:displayname/><d:nonsense/></d:prop></d:propfind>""", "Depth", "0");
        HttpResponse<String> home = send("PROPFIND", "/dav/addressbooks/alice@example.test/", """
                <d:propfind xmlns:d="DAV:"><d:prop><d:resourcetype/><d:displayname/></d:prop></d:propfind>""", "Depth", "1");

        assertThat(wellKnown.statusCode()).isEqualTo(301);
        assertThat(wellKnown.headers().firstValue("Location")).hasValue("/dav/");
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Basic"));
        assertThat(root.statusCode()).isEqualTo(207);
        assertThat(root.body()).contains("<d:current-user-principal><d:href>/dav/principals/alice@example.test/</d:href>");
        assertThat(principal.body()).contains("<card:addressbook-home-set><d:href>/dav/addressbooks/alice@example.test/</d:href>")
                .contains("<d:nonsense/></d:prop><d:status>HTTP/1.1 404 Not Found</d:status>");
        assertThat(home.body()).contains("<d:href>/dav/addressbooks/alice@example.test/contacts/</d:href>")
                .contains("<d:resourcetype><d:collection/><card:addressbook/></d:resourcetype>");
        assertThat(root.headers().firstValue("DAV")).hasValueSatisfying(v -> assertThat(v).contains("addressbook"));
    }

    @Test
    void putGetMultigetQueryAndDeleteShouldFollowTheEtags() throws Exception {
        String uid = UUID.randomUUID().toString();
        String name = uid + ".vcf";
        String text = card(uid, "Cyrus Daboo " + uid.substring(0, 6), "cyrus-" + uid.substring(0, 6) + "@example.com");

        HttpResponse<String> created = send("PUT", BOOK + name, text, "Content-Type", "text/vcard; charset=utf-8", "If-None-Match", "*");
        HttpResponse<String> again = send("PUT", BOOK + name, text, "Content-Type", "text/vcard", "If-None-Match", "*");
        HttpResponse<String> got = send("GET", BOOK + name, null);
        HttpResponse<String> multiget = send("REPORT", BOOK, """
                <?xml version="1.0" encoding="utf-8" ?>
                <C:addressbook-multiget xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:carddav">
                  <D:prop><D:getetag/><C:address-data/></D:prop>
                  <D:href>%s%s</D:href>
                  <D:href>%smissing.vcf</D:href>
                </C:addressbook-multiget>""".formatted(BOOK, name, BOOK), "Depth", "1", "Content-Type", "application/xml");
        HttpResponse<String> query = send("REPORT", BOOK, """
                <?xml version="1.0" encoding="utf-8" ?>
                <C:addressbook-query xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:carddav">
                  <D:prop><D:getetag/></D:prop>
                  <C:filter test="anyof">
                    <C:prop-filter name="FN"><C:text-match collation="i;unicode-casemap" match-type="contains">daboo %s</C:text-match></C:prop-filter>
                  </C:filter>
                </C:addressbook-query>""".formatted(uid.substring(0, 6)), "Depth", "1");
        HttpResponse<String> stale = send("PUT", BOOK + name, text.replace("Cyrus", "Cy"), "Content-Type", "text/vcard", "If-Match", "\"1\"");
        HttpResponse<String> updated = send("PUT", BOOK + name, text.replace("Cyrus", "Cy"), "Content-Type", "text/vcard",
                "If-Match", etagOf(created));
        HttpResponse<String> staleDelete = send("DELETE", BOOK + name, null, "If-Match", etagOf(created));
        HttpResponse<String> deleted = send("DELETE", BOOK + name, null, "If-Match", etagOf(updated));
        HttpResponse<String> gone = send("GET", BOOK + name, null);

        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(again.statusCode()).as("If-None-Match: * on an existing card").isEqualTo(412);
        assertThat(got.statusCode()).isEqualTo(200);
        assertThat(got.body()).as("stored as sent, so the ETag is strong").isEqualTo(text);
        assertThat(etagOf(got)).isEqualTo(etagOf(created));
        assertThat(multiget.statusCode()).isEqualTo(207);
        assertThat(multiget.body()).contains("<card:address-data>BEGIN:VCARD").contains("<d:getetag>" + etagOf(created).replace("\"", "&quot;"))
                .contains("missing.vcf</d:href><d:status>HTTP/1.1 404 Not Found");
        assertThat(query.body()).contains(name).doesNotContain("address-data");
        assertThat(stale.statusCode()).isEqualTo(412);
        assertThat(updated.statusCode()).isEqualTo(204);
        assertThat(etagOf(updated)).isNotEqualTo(etagOf(created));
        assertThat(book.store().findByResource(accounts.findAccount(ALICE).orElseThrow().id(), name)).isEmpty();
        assertThat(staleDelete.statusCode()).isEqualTo(412);
        assertThat(deleted.statusCode()).isEqualTo(204);
        assertThat(gone.statusCode()).isEqualTo(404);
    }

    @Test
    void syncCollectionShouldReportNewChangedAndRemovedCards() throws Exception {
        String first = UUID.randomUUID() + ".vcf";
        String second = UUID.randomUUID() + ".vcf";
        send("PUT", BOOK + first, card(first, "First Sync", "first@example.com"), "Content-Type", "text/vcard");
        HttpResponse<String> initial = send("REPORT", BOOK, """
                <d:sync-collection xmlns:d="DAV:"><d:sync-token/><d:sync-level>1</d:sync-level>
                <d:prop><d:getetag/></d:prop></d:sync-collection>""");
        String token = token(initial.body());
        send("PUT", BOOK + second, card(second, "Second Sync", "second@example.com"), "Content-Type", "text/vcard");
        send("DELETE", BOOK + first, null);
        HttpResponse<String> delta = send("REPORT", BOOK, """
                <d:sync-collection xmlns:d="DAV:"><d:sync-token>%s</d:sync-token><d:sync-level>1</d:sync-level>
                <d:prop><d:getetag/></d:prop></d:sync-collection>""".formatted(token));
        HttpResponse<String> bogus = send("REPORT", BOOK, """
                <d:sync-collection xmlns:d="DAV:"><d:sync-token>http://elsewhere/1</d:sync-token>
                <d:prop><d:getetag/></d:prop></d:sync-collection>""");

        assertThat(initial.body()).contains(first);
        assertThat(delta.statusCode()).isEqualTo(207);
        assertThat(delta.body()).contains(second).contains(first + "</d:href><d:status>HTTP/1.1 404 Not Found");
        assertThat(token(delta.body())).isNotEqualTo(token);
        assertThat(bogus.statusCode()).isEqualTo(403);
        assertThat(bogus.body()).contains("valid-sync-token");
    }

    @Test
    void anotherAccountsBookWrongPasswordsBadXmlAndOversizedCardsShouldBeRefused() throws Exception {
        HttpResponse<String> bobsBook = send("PROPFIND", "/dav/addressbooks/bob@example.test/contacts/", null, "Depth", "1");
        HttpResponse<String> bobsCard = send("PUT", "/dav/addressbooks/bob@example.test/contacts/x.vcf",
                card("x", "X", "x@example.com"), "Content-Type", "text/vcard");
        HttpResponse<String> wrongPassword = send("PROPFIND", "/dav/", null, "Authorization", basic(ALICE, "wrong"));
        HttpResponse<String> entity = send("PROPFIND", BOOK, """
                <?xml version="1.0"?>
                <!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>
                <d:propfind xmlns:d="DAV:"><d:prop><d:displayname>&x;</d:displayname></d:prop></d:propfind>""");
        HttpResponse<String> huge = send("PUT", BOOK + "huge.vcf", card("huge", "Huge", "h@example.com")
                .replace("NICKNAME:me", "NOTE:" + "x".repeat(5000)), "Content-Type", "text/vcard");
        HttpResponse<String> notACard = send("PUT", BOOK + "junk.vcf", "hello", "Content-Type", "text/vcard");

        assertThat(bobsBook.statusCode()).isEqualTo(404);
        assertThat(bobsCard.statusCode()).isEqualTo(404);
        assertThat(wrongPassword.statusCode()).isEqualTo(401);
        assertThat(entity.statusCode()).isEqualTo(400);
        assertThat(huge.statusCode()).isEqualTo(403);
        assertThat(huge.body()).contains("max-resource-size");
        assertThat(notACard.statusCode()).isEqualTo(403);
        assertThat(notACard.body()).contains("valid-address-data");
    }

    @Test
    void multigetAndRequestBodiesShouldBeBoundedByTheirLimits() throws Exception {
        StringBuilder hrefs = new StringBuilder();
        for (int i = 0; i < 4; i++) {
            hrefs.append("<D:href>").append(BOOK).append("card-").append(i).append(".vcf</D:href>");
        }
        HttpResponse<String> tooManyHrefs = send("REPORT", BOOK, """
                <C:addressbook-multiget xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:carddav">
                  <D:prop><D:getetag/></D:prop>%s</C:addressbook-multiget>""".formatted(hrefs));
        HttpResponse<String> threeHrefs = send("REPORT", BOOK, """
                <C:addressbook-multiget xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:carddav">
                  <D:prop><D:getetag/></D:prop>%s</C:addressbook-multiget>""".formatted(hrefs.substring(0, hrefs.lastIndexOf("<D:href>"))));
        HttpResponse<String> tooLarge = send("PROPFIND", BOOK, "<d:propfind xmlns:d=\"DAV:\"><d:prop>"
                + "<d:displayname/>".repeat(200) + "</d:prop></d:propfind>", "Depth", "0");

        assertThat(tooManyHrefs.statusCode()).as("mailwright.contacts.max-multiget-hrefs=3").isEqualTo(403);
        assertThat(threeHrefs.statusCode()).isEqualTo(207);
        assertThat(tooLarge.statusCode()).as("mailwright.contacts.max-dav-request-size=2KB").isEqualTo(413);
    }

    @Test
    void aContactMadeInTheWebmailShouldBeListedOverCardDav() throws Exception {
        var outcome = book.create(accounts.findAccount(ALICE).orElseThrow().id(), new dev.mailwright.contacts.AddressBook.Form(
                "Webmail Made", java.util.List.of("made@example.com"), java.util.List.of(), "", java.util.List.of()));
        String resource = ((dev.mailwright.contacts.AddressBook.Outcome.Done) outcome).contact().resourceName();

        HttpResponse<String> listing = send("PROPFIND", BOOK, """
                <d:propfind xmlns:d="DAV:"><d:prop><d:getetag/><d:getcontenttype/><d:resourcetype/></d:prop></d:propfind>""", "Depth", "1");
        HttpResponse<String> got = send("GET", BOOK + resource, null);

        assertThat(listing.body()).contains(BOOK + resource).contains("<d:getcontenttype>text/vcard");
        assertThat(got.body()).contains("FN:Webmail Made").contains("VERSION:4.0");
    }

    private static String token(String body) {
        Matcher m = Pattern.compile("<d:sync-token>([^<]{1,200})</d:sync-token>").matcher(body);
        assertThat(m.find()).as("a sync token in %s", body).isTrue();
        return m.group(1);
    }
}
