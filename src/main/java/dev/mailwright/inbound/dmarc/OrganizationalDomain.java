package dev.mailwright.inbound.dmarc;

import java.util.Locale;

import com.google.common.net.InternetDomainName;

/**
 * The organizational domain of RFC 7489 §3.2: the registrable domain under the Public Suffix List (Guava's copy,
 * ICANN and private sections). A name under no listed suffix falls back to the list's implicit {@code *} rule:
 * its last label is the suffix, so the organizational domain is its last two labels.
 */
public final class OrganizationalDomain {
    private OrganizationalDomain() {
    }

    public static String of(String domain) {
        String name = domain.toLowerCase(Locale.ROOT);
        if (name.endsWith(".")) {
            name = name.substring(0, name.length() - 1);
        }
        try {
            InternetDomainName parsed = InternetDomainName.from(name);
            if (parsed.isUnderPublicSuffix()) {
                return parsed.topPrivateDomain().toString();
            }
            if (parsed.isPublicSuffix()) {
                return name;
            }
        } catch (IllegalArgumentException e) {
            // not a name Guava accepts (underscores, over-long labels): use the implicit rule below
        }
        int last = name.lastIndexOf('.');
        int secondLast = last <= 0 ? -1 : name.lastIndexOf('.', last - 1);
        return secondLast < 0 ? name : name.substring(secondLast + 1);
    }

    /** Relaxed alignment: same organizational domain. Strict: the same name. */
    public static boolean aligned(String a, String b, boolean strict) {
        String x = a.toLowerCase(Locale.ROOT);
        String y = b.toLowerCase(Locale.ROOT);
        return strict ? x.equals(y) : of(x).equals(of(y));
    }
}
