package dev.mailwright.carddav;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

/**
 * WebDAV request bodies (RFC 4918 §14) read with a namespace-aware DOM parser that refuses DOCTYPEs (no entity
 * expansion, no external entities); the body is already bounded by {@code mailwright.contacts.max-dav-request-size}.
 * Also the escaping of text written into responses.
 */
final class DavXml {
    static final String DAV = "DAV:";
    static final String CARDDAV = "urn:ietf:params:xml:ns:carddav";
    static final String CALENDARSERVER = "http://calendarserver.org/ns/";

    private DavXml() {
    }

    /** A property name: namespace and local name. */
    record Name(String namespace, String local) {
        static Name dav(String local) {
            return new Name(DAV, local);
        }

        static Name carddav(String local) {
            return new Name(CARDDAV, local);
        }
    }

    static final class BadRequest extends Exception {
        BadRequest(String message) {
            super(message);
        }
    }

    static Optional<Element> parse(byte[] body) throws BadRequest {
        if (body.length == 0) {
            return Optional.empty();
        }
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setXIncludeAware(false);
            factory.setExpandEntityReferences(false);
            DocumentBuilder builder = factory.newDocumentBuilder();
            builder.setErrorHandler(null);
            Document document = builder.parse(new ByteArrayInputStream(body));
            return Optional.of(document.getDocumentElement());
        } catch (SAXException | IOException | ParserConfigurationException e) {
            throw new BadRequest("The request body is not well-formed XML");
        }
    }

    static boolean is(Node node, String namespace, String local) {
        return node instanceof Element e && namespace.equals(e.getNamespaceURI()) && local.equals(e.getLocalName());
    }

    static List<Element> children(Element parent) {
        List<Element> out = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e) {
                out.add(e);
            }
        }
        return out;
    }

    static Optional<Element> child(Element parent, String namespace, String local) {
        return children(parent).stream().filter(e -> is(e, namespace, local)).findFirst();
    }

    static List<Element> all(Element parent, String namespace, String local) {
        return children(parent).stream().filter(e -> is(e, namespace, local)).toList();
    }

    /** The property names under {@code <D:prop>}; empty for {@code <D:allprop/>} or no body (the caller's defaults). */
    static List<Name> requestedProperties(Optional<Element> root) {
        if (root.isEmpty()) {
            return List.of();
        }
        return child(root.get(), DAV, "prop").map(prop -> children(prop).stream()
                .map(e -> new Name(e.getNamespaceURI() == null ? "" : e.getNamespaceURI(), e.getLocalName())).toList()).orElse(List.of());
    }

    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\r' -> out.append("&#13;");
                default -> {
                    if (c < 0x20 && c != '\n' && c != '\t') {
                        out.append(' ');   // not allowed in XML 1.0
                    } else if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                        out.append(c).append(text.charAt(++i));
                    } else if (Character.isSurrogate(c) || c == '\uFFFE' || c == '\uFFFF') {
                        out.append('\uFFFD');   // XML 1.0 §2.2: no lone surrogate, no U+FFFE/U+FFFF (found by CardDavRequestFuzzTest)
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }
}
