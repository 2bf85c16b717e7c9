package dev.mailwright.carddav;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A {@code 207 Multi-Status} body (RFC 4918 §13): one response per href, properties grouped by status. */
final class Multistatus {
    private final StringBuilder xml = new StringBuilder(4096);

    Multistatus() {
        xml.append("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<d:multistatus xmlns:d=\"DAV:\" xmlns:card=\"")
                .append(DavXml.CARDDAV).append("\" xmlns:cs=\"").append(DavXml.CALENDARSERVER).append("\">\n");
    }

    /** {@code found}: property name to its XML content (already escaped); {@code missing}: answered 404. */
    Multistatus response(String href, Map<DavXml.Name, String> found, List<DavXml.Name> missing) {
        xml.append("<d:response><d:href>").append(DavXml.escape(href)).append("</d:href>\n");
        if (!found.isEmpty()) {
            xml.append("<d:propstat><d:prop>");
            found.forEach((name, value) -> element(name, value));
            xml.append("</d:prop><d:status>HTTP/1.1 200 OK</d:status></d:propstat>\n");
        }
        if (!missing.isEmpty()) {
            xml.append("<d:propstat><d:prop>");
            missing.forEach(name -> element(name, ""));
            xml.append("</d:prop><d:status>HTTP/1.1 404 Not Found</d:status></d:propstat>\n");
        }
        if (found.isEmpty() && missing.isEmpty()) {
            xml.append("<d:status>HTTP/1.1 200 OK</d:status>");
        }
        xml.append("</d:response>\n");
        return this;
    }

    /** A member reported only by status, as sync-collection does for a removed one (RFC 6578 §3.5). */
    Multistatus status(String href, int code, String reason) {
        xml.append("<d:response><d:href>").append(DavXml.escape(href)).append("</d:href><d:status>HTTP/1.1 ")
                .append(code).append(' ').append(reason).append("</d:status></d:response>\n");
        return this;
    }

    Multistatus syncToken(String token) {
        xml.append("<d:sync-token>").append(DavXml.escape(token)).append("</d:sync-token>\n");
        return this;
    }

    String finish() {
        return xml.append("</d:multistatus>\n").toString();
    }

    private void element(DavXml.Name name, String value) {
        String prefix = switch (name.namespace()) {
            case DavXml.DAV -> "d:";
            case DavXml.CARDDAV -> "card:";
            case DavXml.CALENDARSERVER -> "cs:";
            default -> null;
        };
        if (prefix == null) {
            xml.append("<x:").append(name.local()).append(" xmlns:x=\"").append(DavXml.escape(name.namespace())).append('"');
            prefix = "x:";
        } else {
            xml.append('<').append(prefix).append(name.local());
        }
        if (value.isEmpty()) {
            xml.append("/>");
        } else {
            xml.append('>').append(value).append("</").append(prefix).append(name.local()).append('>');
        }
    }

    static Map<DavXml.Name, String> props() {
        return new LinkedHashMap<>();
    }
}
