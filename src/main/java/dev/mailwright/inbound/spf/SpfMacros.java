package dev.mailwright.inbound.spf;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/** Macro expansion (RFC 7208 §7): {@code %{s}}, {@code %{d2r}}, {@code %{l-}} and friends. */
final class SpfMacros {
    /** The values a macro can stand for in one evaluation. */
    record Context(String sender, String domain, InetAddress ip, String helo, String validatedName) {
        String localPart() {
            int at = sender.lastIndexOf('@');
            return at <= 0 ? "postmaster" : sender.substring(0, at);
        }

        String senderDomain() {
            int at = sender.lastIndexOf('@');
            return at < 0 ? sender : sender.substring(at + 1);
        }
    }

    /** Thrown for a malformed macro string: the record is a permerror. */
    static final class MacroSyntaxException extends Exception {
        MacroSyntaxException(String message) {
            super(message);
        }
    }

    private SpfMacros() {
    }

    /** Expands {@code spec}; {@code explanation} enables the c, r and t letters (exp= only). */
    static String expand(String spec, Context context, boolean explanation) throws MacroSyntaxException {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < spec.length()) {
            char c = spec.charAt(i);
            if (c != '%') {
                if (c < 0x21 || c > 0x7e) {
                    if (!explanation || c != ' ') {
                        throw new MacroSyntaxException("bad character in macro string");
                    }
                }
                out.append(c);
                i++;
                continue;
            }
            if (i + 1 >= spec.length()) {
                throw new MacroSyntaxException("lone %");
            }
            char next = spec.charAt(i + 1);
            switch (next) {
                case '%' -> out.append('%');
                case '_' -> out.append(' ');
                case '-' -> out.append("%20");
                case '{' -> {
                    int close = spec.indexOf('}', i + 2);
                    if (close < 0) {
                        throw new MacroSyntaxException("unterminated macro");
                    }
                    out.append(macro(spec.substring(i + 2, close), context, explanation));
                    i = close + 1;
                    continue;
                }
                default -> throw new MacroSyntaxException("bad macro %" + next);
            }
            i += 2;
        }
        return out.toString();
    }

    private static String macro(String body, Context context, boolean explanation) throws MacroSyntaxException {
        if (body.isEmpty()) {
            throw new MacroSyntaxException("empty macro");
        }
        char letter = Character.toLowerCase(body.charAt(0));
        boolean urlEscape = Character.isUpperCase(body.charAt(0));
        String value = switch (letter) {
            case 's' -> context.sender();
            case 'l' -> context.localPart();
            case 'o' -> context.senderDomain();
            case 'd' -> context.domain();
            case 'i' -> dotted(context.ip());
            case 'p' -> context.validatedName();
            case 'v' -> context.ip() instanceof Inet4Address ? "in-addr" : "ip6";
            case 'h' -> context.helo();
            case 'c', 'r', 't' -> {
                if (!explanation) {
                    throw new MacroSyntaxException("%{" + letter + "} only in exp");
                }
                yield switch (letter) {
                    case 'c' -> context.ip().getHostAddress();
                    case 'r' -> "unknown";
                    default -> Long.toString(System.currentTimeMillis() / 1000);
                };
            }
            default -> throw new MacroSyntaxException("unknown macro letter " + letter);
        };
        int i = 1;
        int digits = 0;
        int keep = -1;
        while (i < body.length() && Character.isDigit(body.charAt(i)) && digits < 3) {
            keep = (keep < 0 ? 0 : keep * 10) + (body.charAt(i) - '0');
            i++;
            digits++;
        }
        if (keep == 0) {
            throw new MacroSyntaxException("zero labels");
        }
        boolean reverse = false;
        if (i < body.length() && Character.toLowerCase(body.charAt(i)) == 'r') {
            reverse = true;
            i++;
        }
        String delimiters = body.substring(i);
        for (char d : delimiters.toCharArray()) {
            if (".-+,/_=".indexOf(d) < 0) {
                throw new MacroSyntaxException("bad delimiter " + d);
            }
        }
        List<String> parts = split(value, delimiters.isEmpty() ? "." : delimiters);
        if (reverse) {
            Collections.reverse(parts);
        }
        if (keep > 0 && keep < parts.size()) {
            parts = parts.subList(parts.size() - keep, parts.size());
        }
        String joined = String.join(".", parts);
        return urlEscape ? escape(joined) : joined;
    }

    private static List<String> split(String value, String delimiters) {
        List<String> parts = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < value.length(); i++) {
            if (delimiters.indexOf(value.charAt(i)) >= 0) {
                parts.add(value.substring(start, i));
                start = i + 1;
            }
        }
        parts.add(value.substring(start));
        return parts;
    }

    /** {@code %{i}}: dotted quad, or 32 dot-separated nibbles for IPv6. */
    static String dotted(InetAddress ip) {
        if (ip instanceof Inet4Address) {
            return ip.getHostAddress();
        }
        StringBuilder sb = new StringBuilder();
        for (byte b : ip.getAddress()) {
            if (!sb.isEmpty()) {
                sb.append('.');
            }
            sb.append(Character.forDigit((b >> 4) & 0xf, 16)).append('.').append(Character.forDigit(b & 0xf, 16));
        }
        return sb.toString();
    }

    private static String escape(String value) {
        StringBuilder sb = new StringBuilder();
        for (byte b : value.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "-._~".indexOf(c) >= 0) {
                sb.append(c);
            } else {
                sb.append('%').append(String.format(Locale.ROOT, "%02X", (int) c));
            }
        }
        return sb.toString();
    }
}
