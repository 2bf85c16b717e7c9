package dev.mailwright.web.filters;

import java.util.Locale;

/** The checks the forms share for text that goes into a Sieve script. */
final class FormText {
    private FormText() {
    }

    static String trimmed(String value) {
        return value == null ? "" : value.strip();
    }

    /** No control characters, line breaks included. */
    static boolean oneLine(String value) {
        return value.chars().noneMatch(c -> c < 0x20 || c == 0x7f);
    }

    /** No control characters but line breaks and tabs. */
    static boolean lines(String value) {
        return value.chars().noneMatch(c -> (c < 0x20 && c != '\n' && c != '\t') || c == 0x7f);
    }

    /** A plain mail address: local@domain, no spaces, quotes, brackets or control characters; at most 254 characters. */
    static boolean address(String value) {
        int at = value.lastIndexOf('@');
        return value.length() <= 254 && at > 0 && at < value.length() - 1 && value.indexOf('@') == at
                && value.chars().allMatch(c -> c > 0x20 && c < 0x7f && "\"<>(),;:[]\\".indexOf(c) < 0)
                && value.substring(at + 1).contains(".") && !value.endsWith(".");
    }

    /** A header field name (RFC 5322 §3.6.8: printable ASCII except colon), at most 76 characters. */
    static boolean fieldName(String value) {
        return !value.isEmpty() && value.length() <= 76 && value.chars().allMatch(c -> c > 0x20 && c < 0x7f && c != ':');
    }

    /** A Sieve size: digits and an optional K, M or G quantifier (RFC 5228 §2.4.1), normalised to upper case. */
    static String size(String value) {
        String upper = value.strip().toUpperCase(Locale.ROOT);
        int digits = upper.length() - (upper.endsWith("K") || upper.endsWith("M") || upper.endsWith("G") ? 1 : 0);
        if (digits < 1 || digits > 9) {
            return "";
        }
        for (int i = 0; i < digits; i++) {
            if (upper.charAt(i) < '0' || upper.charAt(i) > '9') {
                return "";
            }
        }
        return upper;
    }
}
