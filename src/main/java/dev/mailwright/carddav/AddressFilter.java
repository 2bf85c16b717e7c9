package dev.mailwright.carddav;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.w3c.dom.Element;

import ezvcard.VCard;
import ezvcard.io.text.VCardReader;
import ezvcard.property.VCardProperty;

/**
 * The {@code CARDDAV:filter} of an addressbook-query (RFC 6352 §10.5): prop-filters on property names (FN, EMAIL,
 * TEL, ...), each with is-not-defined or text-matches (equals, contains, starts-with, ends-with; the
 * {@code i;unicode-casemap} collation approximated by lower-casing), combined by {@code test="anyof|allof"}.
 * Parameter filters are not evaluated (a card is then judged on its values alone). Bounded: at most 50 prop-filters.
 */
final class AddressFilter {
    enum Test { ANY_OF, ALL_OF }

    enum Match { EQUALS, CONTAINS, STARTS_WITH, ENDS_WITH }

    record TextMatch(String text, Match match, boolean negate) {
    }

    record PropFilter(String name, Test test, boolean notDefined, List<TextMatch> matches) {
    }

    private final Test test;
    private final List<PropFilter> filters;

    private AddressFilter(Test test, List<PropFilter> filters) {
        this.test = test;
        this.filters = filters;
    }

    static AddressFilter of(Optional<Element> filter) throws DavXml.BadRequest {
        if (filter.isEmpty()) {
            return new AddressFilter(Test.ANY_OF, List.of());
        }
        List<PropFilter> props = new ArrayList<>();
        for (Element prop : DavXml.all(filter.get(), DavXml.CARDDAV, "prop-filter")) {
            if (props.size() >= 50) {
                throw new DavXml.BadRequest("Too many prop-filters");
            }
            List<TextMatch> matches = new ArrayList<>();
            for (Element tm : DavXml.all(prop, DavXml.CARDDAV, "text-match")) {
                Match match = switch (tm.getAttribute("match-type")) {
                    case "equals" -> Match.EQUALS;
                    case "starts-with" -> Match.STARTS_WITH;
                    case "ends-with" -> Match.ENDS_WITH;
                    default -> Match.CONTAINS;
                };
                matches.add(new TextMatch(tm.getTextContent().toLowerCase(Locale.ROOT), match, "yes".equals(tm.getAttribute("negate-condition"))));
            }
            props.add(new PropFilter(prop.getAttribute("name").toUpperCase(Locale.ROOT), test(prop),
                    DavXml.child(prop, DavXml.CARDDAV, "is-not-defined").isPresent(), matches));
        }
        return new AddressFilter(test(filter.get()), props);
    }

    private static Test test(Element e) {
        return "allof".equals(e.getAttribute("test")) ? Test.ALL_OF : Test.ANY_OF;
    }

    boolean matches(String vcardText) {
        if (filters.isEmpty()) {
            return true;
        }
        VCard card;
        try (VCardReader reader = new VCardReader(vcardText)) {
            card = reader.readNext();
        } catch (IOException | RuntimeException e) {
            return false;
        }
        if (card == null) {
            return false;
        }
        for (PropFilter filter : filters) {
            boolean ok = matches(card, filter);
            if (ok && test == Test.ANY_OF) {
                return true;
            }
            if (!ok && test == Test.ALL_OF) {
                return false;
            }
        }
        return test == Test.ALL_OF;
    }

    private static boolean matches(VCard card, PropFilter filter) {
        List<String> values = new ArrayList<>();
        for (VCardProperty property : card.getProperties()) {
            String name = nameOf(card, property);
            if (filter.name().equals(name)) {
                values.add(valueOf(property).toLowerCase(Locale.ROOT));
            }
        }
        if (filter.notDefined()) {
            return values.isEmpty();
        }
        if (filter.matches().isEmpty()) {
            return !values.isEmpty();
        }
        for (TextMatch tm : filter.matches()) {
            boolean any = values.stream().anyMatch(v -> switch (tm.match()) {
                case EQUALS -> v.equals(tm.text());
                case CONTAINS -> v.contains(tm.text());
                case STARTS_WITH -> v.startsWith(tm.text());
                case ENDS_WITH -> v.endsWith(tm.text());
            }) != tm.negate();
            if (any && filter.test() == Test.ANY_OF) {
                return true;
            }
            if (!any && filter.test() == Test.ALL_OF) {
                return false;
            }
        }
        return filter.test() == Test.ALL_OF;
    }

    private static final ezvcard.io.scribe.ScribeIndex SCRIBES = new ezvcard.io.scribe.ScribeIndex();

    private static String nameOf(VCard card, VCardProperty property) {
        ezvcard.io.scribe.VCardPropertyScribe<? extends VCardProperty> scribe = SCRIBES.getPropertyScribe(property);
        return scribe == null ? "" : scribe.getPropertyName().toUpperCase(Locale.ROOT);
    }

    private static String valueOf(VCardProperty property) {
        return switch (property) {
            case ezvcard.property.TextProperty text -> text.getValue() == null ? "" : text.getValue();
            case ezvcard.property.Telephone tel -> tel.getText() != null ? tel.getText()
                    : tel.getUri() != null ? tel.getUri().getNumber() : "";
            case ezvcard.property.StructuredName n -> String.join(" ", n.getGiven() == null ? "" : n.getGiven(),
                    n.getFamily() == null ? "" : n.getFamily());
            case ezvcard.property.Categories c -> String.join(",", c.getValues());
            default -> "";
        };
    }
}
