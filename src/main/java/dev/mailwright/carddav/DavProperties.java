package dev.mailwright.carddav;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.mailwright.contacts.AddressBook;
import dev.mailwright.store.AccountStore.Account;
import dev.mailwright.store.Contacts.Contact;

/** The properties of each kind of resource, and the PROPFIND answer for the names asked (or all, for allprop). */
final class DavProperties {
    private static final String SYNC_PREFIX = "http://mailwright.dev/ns/sync/";
    private static final DavXml.Name ADDRESS_DATA = DavXml.Name.carddav("address-data");

    private final AddressBook book;

    DavProperties(AddressBook book) {
        this.book = book;
    }

    static String syncToken(long modseq) {
        return SYNC_PREFIX + modseq;
    }

    static Optional<Long> parseSyncToken(String token) {
        if (!token.startsWith(SYNC_PREFIX)) {
            return Optional.empty();
        }
        return parseLong(token.substring(SYNC_PREFIX.length()));
    }

    /** A strong ETag of ours ({@code "123"}); a list or a weak tag never matches. */
    static Optional<Long> parseEtag(String header) {
        String h = header.strip();
        if (h.length() < 3 || !h.startsWith("\"") || !h.endsWith("\"")) {
            return Optional.empty();
        }
        return parseLong(h.substring(1, h.length() - 1));
    }

    private static Optional<Long> parseLong(String text) {
        if (text.isEmpty() || text.length() > 18 || !text.chars().allMatch(Character::isDigit)) {
            return Optional.empty();
        }
        return Optional.of(Long.parseLong(text));
    }

    private static String href(String path) {
        return "<d:href>" + DavXml.escape(path) + "</d:href>";
    }

    Map<DavXml.Name, String> root(Account a) {
        Map<DavXml.Name, String> p = Multistatus.props();
        p.put(DavXml.Name.dav("resourcetype"), "<d:collection/>");
        p.put(DavXml.Name.dav("current-user-principal"), href(CardDavServlet.principalHref(a)));
        p.put(DavXml.Name.carddav("addressbook-home-set"), href(CardDavServlet.homeHref(a)));
        return p;
    }

    Map<DavXml.Name, String> principal(Account a) {
        Map<DavXml.Name, String> p = Multistatus.props();
        p.put(DavXml.Name.dav("resourcetype"), "<d:principal/>");
        p.put(DavXml.Name.dav("displayname"), DavXml.escape(a.displayName() == null || a.displayName().isBlank() ? a.address() : a.displayName()));
        p.put(DavXml.Name.dav("current-user-principal"), href(CardDavServlet.principalHref(a)));
        p.put(DavXml.Name.dav("principal-URL"), href(CardDavServlet.principalHref(a)));
        p.put(DavXml.Name.carddav("addressbook-home-set"), href(CardDavServlet.homeHref(a)));
        p.put(DavXml.Name.carddav("principal-address"), "");
        return p;
    }

    Map<DavXml.Name, String> home(Account a) {
        Map<DavXml.Name, String> p = Multistatus.props();
        p.put(DavXml.Name.dav("resourcetype"), "<d:collection/>");
        p.put(DavXml.Name.dav("displayname"), DavXml.escape(a.address()));
        p.put(DavXml.Name.dav("current-user-principal"), href(CardDavServlet.principalHref(a)));
        p.put(DavXml.Name.dav("owner"), href(CardDavServlet.principalHref(a)));
        return p;
    }

    Map<DavXml.Name, String> book(Account a) {
        long token = book.store().syncToken(a.id());
        Map<DavXml.Name, String> p = Multistatus.props();
        p.put(DavXml.Name.dav("resourcetype"), "<d:collection/><card:addressbook/>");
        p.put(DavXml.Name.dav("displayname"), "Contacts");
        p.put(DavXml.Name.dav("current-user-principal"), href(CardDavServlet.principalHref(a)));
        p.put(DavXml.Name.dav("owner"), href(CardDavServlet.principalHref(a)));
        p.put(DavXml.Name.dav("sync-token"), DavXml.escape(syncToken(token)));
        p.put(new DavXml.Name(DavXml.CALENDARSERVER, "getctag"), DavXml.escape(syncToken(token)));
        p.put(DavXml.Name.dav("supported-report-set"),
                "<d:supported-report><d:report><card:addressbook-query/></d:report></d:supported-report>"
                        + "<d:supported-report><d:report><card:addressbook-multiget/></d:report></d:supported-report>"
                        + "<d:supported-report><d:report><d:sync-collection/></d:report></d:supported-report>");
        p.put(DavXml.Name.carddav("supported-address-data"),
                "<card:address-data-type content-type=\"text/vcard\" version=\"4.0\"/>"
                        + "<card:address-data-type content-type=\"text/vcard\" version=\"3.0\"/>");
        p.put(DavXml.Name.carddav("max-resource-size"), String.valueOf(book.limits().maxCardSize().toBytes()));
        p.put(DavXml.Name.dav("current-user-privilege-set"), "<d:privilege><d:read/></d:privilege><d:privilege><d:write/></d:privilege>"
                + "<d:privilege><d:write-content/></d:privilege><d:privilege><d:bind/></d:privilege><d:privilege><d:unbind/></d:privilege>");
        return p;
    }

    /** A card's properties; its text only when asked for ({@code address-data} is not part of allprop). */
    Map<DavXml.Name, String> card(Contact c, List<DavXml.Name> asked) {
        Map<DavXml.Name, String> p = Multistatus.props();
        p.put(DavXml.Name.dav("resourcetype"), "");
        p.put(DavXml.Name.dav("getetag"), DavXml.escape(c.etag()));
        p.put(DavXml.Name.dav("getcontenttype"), "text/vcard; charset=utf-8");
        p.put(DavXml.Name.dav("getcontentlength"), String.valueOf(c.data().vcard().getBytes(StandardCharsets.UTF_8).length));
        if (asked.contains(ADDRESS_DATA)) {
            p.put(ADDRESS_DATA, DavXml.escape(c.data().vcard()));
        }
        return p;
    }

    /** Writes the asked properties (found and 404), or all but the expensive ones when none was named. */
    void respond(Multistatus out, String href, Map<DavXml.Name, String> available, List<DavXml.Name> asked) {
        if (asked.isEmpty()) {
            out.response(href, available, List.of());
            return;
        }
        Map<DavXml.Name, String> found = Multistatus.props();
        List<DavXml.Name> missing = new ArrayList<>();
        for (DavXml.Name name : asked) {
            String value = available.get(name);
            if (value != null) {
                found.put(name, value);
            } else if (!missing.contains(name)) {
                missing.add(name);
            }
        }
        out.response(href, found, missing);
    }
}
