package dev.mailwright.inbound;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** The author domains of a message: the domains of every address in every {@code From:} field (RFC 5322 §3.6.2). */
public final class Authors {
    private Authors() {
    }

    /** Distinct, lower case, in order of appearance; empty when there is no From or no address with a domain. */
    public static List<String> domains(MessageHeader header) {
        Set<String> domains = new LinkedHashSet<>();
        for (MessageHeader.Field from : header.all("from")) {
            for (String address : addresses(from.value())) {
                int at = address.lastIndexOf('@');
                if (at > 0 && at < address.length() - 1) {
                    domains.add(address.substring(at + 1).toLowerCase(Locale.ROOT));
                }
            }
        }
        return List.copyOf(domains);
    }

    /** The addr-specs of a mailbox-list, display names and comments removed; one linear pass. */
    public static List<String> addresses(String value) {
        String text = AuthenticationResults.stripComments(value);
        StringBuilder unquoted = new StringBuilder(text.length());
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\' && quoted && i + 1 < text.length()) {
                i++;
            } else if (c == '"') {
                quoted = !quoted;
            } else if (!quoted) {
                unquoted.append(c);
            }
        }
        List<String> addresses = new ArrayList<>();
        for (String part : unquoted.toString().split("[,;]")) {
            String candidate = part;
            int colon = candidate.indexOf(':');
            int lt = candidate.indexOf('<');
            if (colon >= 0 && (lt < 0 || colon < lt)) {
                candidate = candidate.substring(colon + 1);   // a group's display name
                lt = candidate.indexOf('<');
            }
            if (lt >= 0) {
                int gt = candidate.indexOf('>', lt);
                candidate = candidate.substring(lt + 1, gt < 0 ? candidate.length() : gt);
            }
            candidate = candidate.strip();
            if (!candidate.isEmpty()) {
                addresses.add(candidate);
            }
        }
        return addresses;
    }
}
