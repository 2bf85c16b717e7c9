package dev.mailwright.carddav;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.util.UriUtils;
import org.w3c.dom.Element;

import dev.mailwright.contacts.AddressBook;
import dev.mailwright.contacts.VCards;
import dev.mailwright.store.AccountStore;
import dev.mailwright.store.AccountStore.Account;
import dev.mailwright.store.Contacts;
import dev.mailwright.store.Contacts.Contact;
import dev.mailwright.store.StoreException;

/**
 * CardDAV (RFC 6352) over the address book, one book per account:
 * <pre>
 * /dav/                                   root: current-user-principal
 * /dav/principals/{address}/              the principal: addressbook-home-set
 * /dav/addressbooks/{address}/            the home: one member
 * /dav/addressbooks/{address}/contacts/   the address book (PROPFIND, REPORT, sync-collection)
 * /dav/addressbooks/{address}/contacts/x.vcf   one card (GET, PUT, DELETE with ETags)
 * </pre>
 * Sign-in is HTTP Basic, checked by the webmail's authenticator (and throttle) in {@code CardDavSecurity}; a path
 * naming another account answers 404 like a missing one.
 */
final class CardDavServlet extends HttpServlet {
    private static final Logger log = LoggerFactory.getLogger(CardDavServlet.class);
    static final String ROOT = "/dav/";
    static final String BOOK = "contacts";
    private static final String VCARD = "text/vcard; charset=utf-8";

    private final transient AccountStore accounts;
    private final transient AddressBook book;

    CardDavServlet(AccountStore accounts, AddressBook book) {
        this.accounts = accounts;
        this.book = book;
    }

    /** Where a request points. */
    sealed interface Target {
        record Root() implements Target {
        }

        record Principal(Account account) implements Target {
        }

        record Home(Account account) implements Target {
        }

        record Book(Account account) implements Target {
        }

        record Card(Account account, String name) implements Target {
        }

        record Nothing() implements Target {
        }
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Principal user = request.getUserPrincipal();
        Optional<Account> account = user == null ? Optional.empty() : accounts.findAccount(user.getName()).filter(Account::enabled);
        if (account.isEmpty()) {
            response.sendError(HttpServletResponse.SC_FORBIDDEN);
            return;
        }
        response.setHeader("DAV", "1, 3, addressbook");
        try {
            Target target = target(request, account.get());
            switch (request.getMethod()) {
                case "OPTIONS" -> {
                    response.setHeader("Allow", "OPTIONS, GET, HEAD, PUT, DELETE, PROPFIND, REPORT");
                    response.setStatus(HttpServletResponse.SC_OK);
                }
                case "PROPFIND" -> propfind(target, request, response);
                case "REPORT" -> report(target, request, response);
                case "GET", "HEAD" -> get(target, request, response);
                case "PUT" -> put(target, request, response);
                case "DELETE" -> delete(target, request, response);
                default -> {
                    response.setHeader("Allow", "OPTIONS, GET, HEAD, PUT, DELETE, PROPFIND, REPORT");
                    response.sendError(HttpServletResponse.SC_METHOD_NOT_ALLOWED);
                }
            }
        } catch (DavXml.BadRequest e) {
            response.sendError(HttpServletResponse.SC_BAD_REQUEST, e.getMessage());
        } catch (BodyTooLarge e) {
            response.sendError(HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE);
        } catch (StoreException e) {
            log.warn("CardDAV {} {} failed: {}", request.getMethod(), request.getRequestURI(), e.getMessage());
            response.sendError(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
        }
    }

    private Target target(HttpServletRequest request, Account account) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        if (!path.startsWith("/dav")) {
            return new Target.Nothing();
        }
        List<String> segments = new ArrayList<>();
        for (String raw : path.substring(4).split("/")) {
            if (!raw.isEmpty()) {
                segments.add(UriUtils.decode(raw, StandardCharsets.UTF_8));
            }
            if (segments.size() > 4) {
                return new Target.Nothing();
            }
        }
        if (segments.isEmpty()) {
            return new Target.Root();
        }
        if (segments.size() < 2 || !segments.get(1).equalsIgnoreCase(account.address())) {
            return new Target.Nothing();   // another account's path: not found, like a missing one
        }
        return switch (segments.getFirst()) {
            case "principals" -> segments.size() == 2 ? new Target.Principal(account) : new Target.Nothing();
            case "addressbooks" -> switch (segments.size()) {
                case 2 -> new Target.Home(account);
                case 3 -> segments.get(2).equals(BOOK) ? new Target.Book(account) : new Target.Nothing();
                default -> segments.get(2).equals(BOOK) && validName(segments.get(3))
                        ? new Target.Card(account, segments.get(3)) : new Target.Nothing();
            };
            default -> new Target.Nothing();
        };
    }

    private static boolean validName(String name) {
        return !name.isEmpty() && name.length() <= 255 && !name.equals(".") && !name.equals("..")
                && name.chars().noneMatch(c -> c < 0x20 || c == 0x7f || c == '/' || c == '\\');
    }

    // --- hrefs

    static String principalHref(Account a) {
        return ROOT + "principals/" + segment(a.address()) + "/";
    }

    static String homeHref(Account a) {
        return ROOT + "addressbooks/" + segment(a.address()) + "/";
    }

    static String bookHref(Account a) {
        return homeHref(a) + BOOK + "/";
    }

    static String cardHref(Account a, String name) {
        return bookHref(a) + segment(name);
    }

    private static String segment(String s) {
        return UriUtils.encodePathSegment(s, StandardCharsets.UTF_8);
    }

    // --- PROPFIND (RFC 4918 §9.1)

    private void propfind(Target target, HttpServletRequest request, HttpServletResponse response)
            throws IOException, DavXml.BadRequest, BodyTooLarge {
        Optional<Element> body = DavXml.parse(body(request));
        if (body.isPresent() && !DavXml.is(body.get(), DavXml.DAV, "propfind")) {
            throw new DavXml.BadRequest("Expected a DAV:propfind element");
        }
        List<DavXml.Name> asked = DavXml.requestedProperties(body);
        String depth = Optional.ofNullable(request.getHeader("Depth")).orElse("infinity").strip();
        boolean members = depth.equals("1") || depth.equalsIgnoreCase("infinity");
        DavProperties props = new DavProperties(book);
        Multistatus out = new Multistatus();
        switch (target) {
            case Target.Root root -> {
                Account a = accountOf(request);
                props.respond(out, ROOT, props.root(a), asked);
            }
            case Target.Principal p -> props.respond(out, principalHref(p.account()), props.principal(p.account()), asked);
            case Target.Home h -> {
                props.respond(out, homeHref(h.account()), props.home(h.account()), asked);
                if (members) {
                    props.respond(out, bookHref(h.account()), props.book(h.account()), asked);
                }
            }
            case Target.Book b -> {
                props.respond(out, bookHref(b.account()), props.book(b.account()), asked);
                if (members) {
                    for (Contact c : book.store().list(b.account().id(), "", Optional.empty(), book.limits().maxContacts())) {
                        props.respond(out, cardHref(b.account(), c.resourceName()), props.card(c, asked), asked);
                    }
                }
            }
            case Target.Card c -> {
                Optional<Contact> contact = book.store().findByResource(c.account().id(), c.name());
                if (contact.isEmpty()) {
                    response.sendError(HttpServletResponse.SC_NOT_FOUND);
                    return;
                }
                props.respond(out, cardHref(c.account(), c.name()), props.card(contact.get(), asked), asked);
            }
            case Target.Nothing nothing -> {
                response.sendError(HttpServletResponse.SC_NOT_FOUND);
                return;
            }
        }
        multistatus(response, out);
    }

    // --- REPORT (RFC 6352 §8.6, §8.7; RFC 6578 §3.2)

    private void report(Target target, HttpServletRequest request, HttpServletResponse response)
            throws IOException, DavXml.BadRequest, BodyTooLarge {
        if (!(target instanceof Target.Book b)) {
            response.sendError(target instanceof Target.Nothing ? HttpServletResponse.SC_NOT_FOUND : HttpServletResponse.SC_FORBIDDEN);
            return;
        }
        Element root = DavXml.parse(body(request)).orElseThrow(() -> new DavXml.BadRequest("A REPORT needs a body"));
        List<DavXml.Name> asked = DavXml.requestedProperties(Optional.of(root));
        DavProperties props = new DavProperties(book);
        Account account = b.account();
        Multistatus out = new Multistatus();
        if (DavXml.is(root, DavXml.CARDDAV, "addressbook-multiget")) {
            List<Element> hrefs = DavXml.all(root, DavXml.DAV, "href");
            if (hrefs.size() > book.limits().maxMultigetHrefs()) {
                response.sendError(HttpServletResponse.SC_FORBIDDEN, "Too many hrefs in one multiget");
                return;
            }
            List<String> names = new ArrayList<>();
            for (Element href : hrefs) {
                String text = href.getTextContent().strip();
                String name = UriUtils.decode(text.substring(text.lastIndexOf('/') + 1), StandardCharsets.UTF_8);
                names.add(name);
            }
            Map<String, Contact> found = new java.util.HashMap<>();
            book.store().findByResources(account.id(), names).forEach(c -> found.put(c.resourceName(), c));
            for (int i = 0; i < hrefs.size(); i++) {
                Contact c = found.get(names.get(i));
                String href = hrefs.get(i).getTextContent().strip();
                if (c == null || !href.contains("/" + BOOK + "/")) {
                    out.status(href, 404, "Not Found");
                } else {
                    props.respond(out, href, props.card(c, asked), asked);   // the href as the client wrote it
                }
            }
        } else if (DavXml.is(root, DavXml.CARDDAV, "addressbook-query")) {
            AddressFilter filter = AddressFilter.of(DavXml.child(root, DavXml.CARDDAV, "filter"));
            int limit = DavXml.child(root, DavXml.CARDDAV, "limit").flatMap(l -> DavXml.child(l, DavXml.CARDDAV, "nresults"))
                    .map(n -> parseLimit(n.getTextContent())).orElse(Integer.MAX_VALUE);
            int sent = 0;
            for (Contact c : book.store().list(account.id(), "", Optional.empty(), book.limits().maxContacts())) {
                if (filter.matches(c.data().vcard())) {
                    if (sent++ >= limit) {
                        out.status(bookHref(account), 507, "Insufficient Storage");   // RFC 6352 §8.6.1: truncated
                        break;
                    }
                    props.respond(out, cardHref(account, c.resourceName()), props.card(c, asked), asked);
                }
            }
        } else if (DavXml.is(root, DavXml.DAV, "sync-collection")) {
            String token = DavXml.child(root, DavXml.DAV, "sync-token").map(Element::getTextContent).orElse("").strip();
            Optional<Contacts.Changes> changes = token.isEmpty() ? Optional.of(new Contacts.Changes(
                    book.store().list(account.id(), "", Optional.empty(), book.limits().maxContacts()), List.of(),
                    book.store().syncToken(account.id()))) : DavProperties.parseSyncToken(token)
                    .flatMap(t -> book.store().changesSince(account.id(), t));
            if (changes.isEmpty()) {
                error(response, HttpServletResponse.SC_FORBIDDEN, DavXml.DAV, "valid-sync-token");
                return;
            }
            for (Contact c : changes.get().changed()) {
                props.respond(out, cardHref(account, c.resourceName()), props.card(c, asked), asked);
            }
            for (String removed : changes.get().removed()) {
                out.status(cardHref(account, removed), 404, "Not Found");
            }
            out.syncToken(DavProperties.syncToken(changes.get().token()));
        } else {
            error(response, HttpServletResponse.SC_FORBIDDEN, DavXml.DAV, "supported-report");
            return;
        }
        multistatus(response, out);
    }

    private static int parseLimit(String text) {
        try {
            return Math.max(0, Integer.parseInt(text.strip()));
        } catch (NumberFormatException e) {
            return Integer.MAX_VALUE;
        }
    }

    // --- GET, PUT, DELETE of one card (RFC 6352 §6.3.2; RFC 9110 §13 preconditions)

    private void get(Target target, HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (target instanceof Target.Book b && request.getMethod().equals("GET")) {
            response.setContentType(VCARD);   // the whole book, a convenience for plain HTTP clients
            response.getOutputStream().write(book.export(b.account().id()).getBytes(StandardCharsets.UTF_8));
            return;
        }
        Optional<Contact> contact = target instanceof Target.Card c ? book.store().findByResource(c.account().id(), c.name())
                : Optional.empty();
        if (contact.isEmpty()) {
            response.sendError(HttpServletResponse.SC_NOT_FOUND);
            return;
        }
        byte[] bytes = contact.get().data().vcard().getBytes(StandardCharsets.UTF_8);
        response.setHeader("ETag", contact.get().etag());
        if (contact.get().etag().equals(request.getHeader("If-None-Match"))) {
            response.setStatus(HttpServletResponse.SC_NOT_MODIFIED);
            return;
        }
        response.setContentType(VCARD);
        response.setContentLength(bytes.length);
        if (request.getMethod().equals("GET")) {
            response.getOutputStream().write(bytes);
        }
    }

    private void put(Target target, HttpServletRequest request, HttpServletResponse response) throws IOException, BodyTooLarge {
        if (!(target instanceof Target.Card c)) {
            response.sendError(target instanceof Target.Nothing ? HttpServletResponse.SC_NOT_FOUND : HttpServletResponse.SC_METHOD_NOT_ALLOWED);
            return;
        }
        String type = Optional.ofNullable(request.getContentType()).orElse("text/vcard").toLowerCase(Locale.ROOT);
        if (!type.startsWith("text/vcard") && !type.startsWith("text/x-vcard") && !type.startsWith("text/directory")) {
            error(response, HttpServletResponse.SC_FORBIDDEN, DavXml.CARDDAV, "supported-address-data");
            return;
        }
        byte[] body;
        try {
            body = body(request, book.limits().maxCardSize().toBytes());
        } catch (BodyTooLarge e) {
            error(response, HttpServletResponse.SC_FORBIDDEN, DavXml.CARDDAV, "max-resource-size");
            return;
        }
        VCards.Read read = book.vcards().readOne(new String(body, StandardCharsets.UTF_8));
        if (!(read instanceof VCards.Read.Card card)) {
            error(response, HttpServletResponse.SC_FORBIDDEN, DavXml.CARDDAV, "valid-address-data");
            return;
        }
        Contacts.ContactData data = card.data().uid().isBlank()
                ? new Contacts.ContactData(c.name(), card.data().fullName(), card.data().emails(), card.data().phones(),
                card.data().note(), card.data().groups(), card.data().vcard()) : card.data();
        Optional<Contact> existing = book.store().findByResource(c.account().id(), c.name());
        String ifMatch = request.getHeader("If-Match");
        String ifNoneMatch = request.getHeader("If-None-Match");
        if (existing.isPresent() && "*".equals(ifNoneMatch) || existing.isEmpty() && ifMatch != null) {
            response.sendError(HttpServletResponse.SC_PRECONDITION_FAILED);
            return;
        }
        OptionalLong expected = OptionalLong.empty();
        if (ifMatch != null && !ifMatch.strip().equals("*")) {
            Optional<Long> parsed = DavProperties.parseEtag(ifMatch);
            if (parsed.isEmpty()) {
                response.sendError(HttpServletResponse.SC_PRECONDITION_FAILED);
                return;
            }
            expected = OptionalLong.of(parsed.get());
        }
        Contacts.Saved saved = existing.isPresent()
                ? book.store().update(c.account().id(), existing.get().id(), data, expected)
                : book.store().create(c.account().id(), c.name(), data, book.limits().maxContacts());
        switch (saved) {
            case Contacts.Saved.Stored stored -> {
                response.setHeader("ETag", stored.contact().etag());
                response.setStatus(existing.isPresent() ? HttpServletResponse.SC_NO_CONTENT : HttpServletResponse.SC_CREATED);
            }
            case Contacts.Saved.Conflict conflict -> {
                if (!expected.isEmpty()) {
                    response.sendError(HttpServletResponse.SC_PRECONDITION_FAILED);
                } else {
                    error(response, HttpServletResponse.SC_CONFLICT, DavXml.CARDDAV, "no-uid-conflict");
                }
            }
            case Contacts.Saved.Missing missing -> response.sendError(HttpServletResponse.SC_CONFLICT);
            case Contacts.Saved.Full full -> error(response, 507, DavXml.DAV, "quota-not-exceeded");
        }
    }

    private void delete(Target target, HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!(target instanceof Target.Card c)) {
            response.sendError(target instanceof Target.Nothing ? HttpServletResponse.SC_NOT_FOUND : HttpServletResponse.SC_FORBIDDEN);
            return;
        }
        Optional<Contact> existing = book.store().findByResource(c.account().id(), c.name());
        if (existing.isEmpty()) {
            response.sendError(HttpServletResponse.SC_NOT_FOUND);
            return;
        }
        OptionalLong expected = OptionalLong.empty();
        String ifMatch = request.getHeader("If-Match");
        if (ifMatch != null && !ifMatch.strip().equals("*")) {
            Optional<Long> parsed = DavProperties.parseEtag(ifMatch);
            if (parsed.isEmpty()) {
                response.sendError(HttpServletResponse.SC_PRECONDITION_FAILED);
                return;
            }
            expected = OptionalLong.of(parsed.get());
        }
        switch (book.store().delete(c.account().id(), existing.get().id(), expected)) {
            case Contacts.Saved.Stored stored -> response.setStatus(HttpServletResponse.SC_NO_CONTENT);
            case Contacts.Saved.Conflict conflict -> response.sendError(HttpServletResponse.SC_PRECONDITION_FAILED);
            case Contacts.Saved.Missing missing -> response.sendError(HttpServletResponse.SC_NOT_FOUND);
            case Contacts.Saved.Full full -> response.sendError(HttpServletResponse.SC_CONFLICT);
        }
    }

    // --- plumbing

    private Account accountOf(HttpServletRequest request) {
        return accounts.findAccount(request.getUserPrincipal().getName()).orElseThrow();
    }

    private static final class BodyTooLarge extends Exception {
    }

    private byte[] body(HttpServletRequest request) throws IOException, BodyTooLarge {
        return body(request, book.limits().maxDavRequestSize().toBytes());
    }

    private static byte[] body(HttpServletRequest request, long max) throws IOException, BodyTooLarge {
        if (request.getContentLengthLong() > max) {
            throw new BodyTooLarge();
        }
        try (InputStream in = request.getInputStream()) {
            byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, max + 1));
            if (bytes.length > max) {
                throw new BodyTooLarge();
            }
            return bytes;
        }
    }

    private static void multistatus(HttpServletResponse response, Multistatus out) throws IOException {
        response.setStatus(207);
        response.setContentType("application/xml; charset=utf-8");
        response.getOutputStream().write(out.finish().getBytes(StandardCharsets.UTF_8));
    }

    /** A precondition failure with its element (RFC 4918 §16). */
    private static void error(HttpServletResponse response, int status, String namespace, String element) throws IOException {
        response.setStatus(status);
        response.setContentType("application/xml; charset=utf-8");
        response.getOutputStream().write(("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<d:error xmlns:d=\"DAV:\" xmlns:x=\""
                + namespace + "\"><x:" + element + "/></d:error>\n").getBytes(StandardCharsets.UTF_8));
    }
}
