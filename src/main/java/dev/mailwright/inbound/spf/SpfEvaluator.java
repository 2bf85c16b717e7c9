package dev.mailwright.inbound.spf;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import dev.mailwright.dns.DnsResolver;
import dev.mailwright.dns.DnsResult;
import dev.mailwright.dns.MxHost;
import dev.mailwright.inbound.spf.SpfResult.Result;

/**
 * {@code check_host()} of RFC 7208 for one message: every mechanism and modifier, macros, and the limits of
 * §4.6.4 (DNS-querying terms, void lookups, MX and PTR names per term) plus an overall deadline. One instance
 * per evaluation: it counts the lookups of the whole evaluation, includes and redirects included.
 */
final class SpfEvaluator {
    private static final Pattern MODIFIER_NAME = Pattern.compile("[a-z][a-z0-9_.-]*");
    private static final int MAX_NAMES_PER_TERM = 10;
    private static final int MAX_DEPTH = 12;

    /** A result with the explanation of a fail. */
    record Outcome(Result result, String explanation) {
    }

    private static final class Abort extends Exception {
        final Result result;

        Abort(Result result, String message) {
            super(message, null, false, false);
            this.result = result;
        }
    }

    private final DnsResolver dns;
    private final int maxDnsTerms;
    private final int maxVoidLookups;
    private final Instant deadline;
    private final Clock clock;
    private int dnsTerms;
    private int voidLookups;

    SpfEvaluator(DnsResolver dns, int maxDnsTerms, int maxVoidLookups, Instant deadline, Clock clock) {
        this.dns = dns;
        this.maxDnsTerms = maxDnsTerms;
        this.maxVoidLookups = maxVoidLookups;
        this.deadline = deadline;
        this.clock = clock;
    }

    Outcome evaluate(InetAddress ip, String domain, String sender, String helo) {
        InetAddress client = unmapped(ip);
        try {
            return checkHost(client, domain.toLowerCase(Locale.ROOT), sender, helo, 0);
        } catch (Abort abort) {
            return new Outcome(abort.result, abort.getMessage());
        }
    }

    private Outcome checkHost(InetAddress ip, String domain, String sender, String helo, int depth) throws Abort {
        if (depth > MAX_DEPTH) {
            throw new Abort(Result.PERMERROR, "too deeply nested");
        }
        if (!isFqdn(domain)) {
            return new Outcome(Result.NONE, "not a domain name: " + domain);
        }
        String record = record(domain);
        if (record == null) {
            return new Outcome(Result.NONE, "no SPF record for " + domain);
        }
        SpfMacros.Context context = new SpfMacros.Context(sender, domain, ip, helo, "unknown");
        String redirect = null;
        String exp = null;
        String[] terms = record.substring(6).strip().split(" +");
        // modifiers first: they may appear anywhere, but only once each (RFC 7208 §6)
        for (String term : terms) {
            if (isModifier(term)) {
                int eq = term.indexOf('=');
                String name = term.substring(0, eq).toLowerCase(Locale.ROOT);
                if (!MODIFIER_NAME.matcher(name).matches()) {
                    throw new Abort(Result.PERMERROR, "bad modifier " + term);
                }
                if (name.equals("redirect")) {
                    if (redirect != null) {
                        throw new Abort(Result.PERMERROR, "two redirect modifiers");
                    }
                    redirect = term.substring(eq + 1);
                } else if (name.equals("exp")) {
                    if (exp != null) {
                        throw new Abort(Result.PERMERROR, "two exp modifiers");
                    }
                    exp = term.substring(eq + 1);
                }
            }
        }
        for (String term : terms) {
            if (term.isEmpty() || isModifier(term)) {
                continue;
            }
            Result qualifier = switch (term.charAt(0)) {
                case '-' -> Result.FAIL;
                case '~' -> Result.SOFTFAIL;
                case '?' -> Result.NEUTRAL;
                default -> Result.PASS;
            };
            String mechanism = "+-~?".indexOf(term.charAt(0)) >= 0 ? term.substring(1) : term;
            if (matches(mechanism, ip, context, depth)) {
                if (qualifier == Result.FAIL) {
                    return new Outcome(Result.FAIL, explanation(exp, context));
                }
                return new Outcome(qualifier, "matched " + term);
            }
        }
        if (redirect != null) {
            countDnsTerm();
            String target = domainSpec(redirect, context);
            Outcome redirected = checkHost(ip, target, sender, helo, depth + 1);
            if (redirected.result() == Result.NONE) {
                throw new Abort(Result.PERMERROR, "redirect to " + target + " which has no SPF record");
            }
            return redirected;
        }
        return new Outcome(Result.NEUTRAL, "no mechanism matched");
    }

    private static boolean isModifier(String term) {
        int eq = term.indexOf('=');
        int colon = term.indexOf(':');
        int slash = term.indexOf('/');
        return eq > 0 && (colon < 0 || eq < colon) && (slash < 0 || eq < slash);
    }

    /** The one {@code v=spf1} TXT record, null when there is none (RFC 7208 §4.5). */
    private String record(String domain) throws Abort {
        DnsResult<String> txt = query(() -> dns.txt(domain));
        if (txt instanceof DnsResult.TempError<String> error) {
            throw new Abort(Result.TEMPERROR, error.reason());
        }
        List<String> spf = txt.recordsOrEmpty().stream()
                .filter(r -> r.regionMatches(true, 0, "v=spf1", 0, 6) && (r.length() == 6 || r.charAt(6) == ' '))
                .toList();
        if (spf.size() > 1) {
            throw new Abort(Result.PERMERROR, "more than one SPF record for " + domain);
        }
        return spf.isEmpty() ? null : spf.getFirst();
    }

    private boolean matches(String mechanism, InetAddress ip, SpfMacros.Context context, int depth) throws Abort {
        int colon = mechanism.indexOf(':');
        int slash = mechanism.indexOf('/');
        int nameEnd = colon >= 0 ? colon : slash >= 0 ? slash : mechanism.length();
        String name = mechanism.substring(0, nameEnd).toLowerCase(Locale.ROOT);
        String argument = colon >= 0 ? mechanism.substring(colon + 1) : "";
        String cidr = colon < 0 && slash >= 0 ? mechanism.substring(slash) : "";
        if (colon >= 0 && (name.equals("a") || name.equals("mx"))) {
            int argSlash = argument.indexOf('/');
            if (argSlash >= 0) {
                cidr = argument.substring(argSlash);
                argument = argument.substring(0, argSlash);
            }
        }
        return switch (name) {
            case "all" -> {
                requireNoArgument(mechanism, colon >= 0 || slash >= 0);
                yield true;
            }
            case "include" -> {
                countDnsTerm();
                String target = domainSpec(requireArgument(argument, mechanism), context);
                Outcome included = checkHost(ip, target, context.sender(), context.helo(), depth + 1);
                yield switch (included.result()) {
                    case PASS -> true;
                    case FAIL, SOFTFAIL, NEUTRAL -> false;
                    case TEMPERROR -> throw new Abort(Result.TEMPERROR, included.explanation());
                    case PERMERROR, NONE -> throw new Abort(Result.PERMERROR, "include:" + target + ": " + included.explanation());
                };
            }
            case "a" -> {
                countDnsTerm();
                String target = colon >= 0 ? domainSpec(argument, context) : context.domain();
                yield anyInNetwork(addresses(target, ip), ip, cidr);
            }
            case "mx" -> {
                countDnsTerm();
                String target = colon >= 0 ? domainSpec(argument, context) : context.domain();
                DnsResult<MxHost> mx = counted(query(() -> dns.mx(target)));
                List<MxHost> hosts = mx.recordsOrEmpty();
                if (hosts.size() > MAX_NAMES_PER_TERM) {
                    throw new Abort(Result.PERMERROR, "more than " + MAX_NAMES_PER_TERM + " MX names for " + target);
                }
                for (MxHost host : hosts) {
                    if (!host.host().isEmpty() && anyInNetwork(query(() -> dns.addresses(host.host(), ip.getClass())).recordsOrEmpty(), ip, cidr)) {
                        yield true;
                    }
                }
                yield false;
            }
            case "ptr" -> {
                countDnsTerm();
                String target = colon >= 0 ? domainSpec(argument, context) : context.domain();
                yield validatedNames(ip).stream().anyMatch(n -> n.equals(target) || n.endsWith("." + target));
            }
            case "ip4" -> ip instanceof Inet4Address && literal(requireArgument(argument, mechanism), Inet4Address.class).contains(ip);
            case "ip6" -> ip instanceof Inet6Address && literal(requireArgument(argument, mechanism), Inet6Address.class).contains(ip);
            case "exists" -> {
                countDnsTerm();
                String target = domainSpec(requireArgument(argument, mechanism), context);
                yield !counted(query(() -> dns.a(target))).recordsOrEmpty().isEmpty();
            }
            default -> throw new Abort(Result.PERMERROR, "unknown mechanism " + mechanism);
        };
    }

    private record Network(InetAddress base, int prefix) {
        boolean contains(InetAddress ip) {
            return samePrefix(base.getAddress(), ip.getAddress(), prefix);
        }
    }

    private static Network literal(String argument, Class<? extends InetAddress> family) throws Abort {
        int slash = argument.indexOf('/');
        String address = slash < 0 ? argument : argument.substring(0, slash);
        int max = family == Inet4Address.class ? 32 : 128;
        int prefix = slash < 0 ? max : prefix(argument.substring(slash + 1), max);
        boolean looksRight = family == Inet4Address.class ? address.matches("[0-9]{1,3}(\\.[0-9]{1,3}){3}") : address.contains(":");
        if (!looksRight) {
            throw new Abort(Result.PERMERROR, "bad address " + argument);
        }
        try {
            InetAddress parsed = InetAddress.getByName(address);   // a literal: no lookup happens
            if (!family.isInstance(parsed)) {
                throw new Abort(Result.PERMERROR, "bad address " + argument);
            }
            return new Network(parsed, prefix);
        } catch (UnknownHostException e) {
            throw new Abort(Result.PERMERROR, "bad address " + argument);
        }
    }

    private static int prefix(String digits, int max) throws Abort {
        if (!digits.matches("[0-9]{1,3}") || (digits.length() > 1 && digits.charAt(0) == '0')) {
            throw new Abort(Result.PERMERROR, "bad CIDR length /" + digits);
        }
        int value = Integer.parseInt(digits);
        if (value > max) {
            throw new Abort(Result.PERMERROR, "CIDR length /" + digits + " too long");
        }
        return value;
    }

    /** {@code a} and {@code mx}: "/n" for IPv4, "//m" for IPv6, or "/n//m". */
    private static boolean anyInNetwork(List<InetAddress> addresses, InetAddress ip, String cidr) throws Abort {
        int v4 = 32;
        int v6 = 128;
        if (!cidr.isEmpty()) {
            int dual = cidr.indexOf("//");
            String four = dual < 0 ? cidr : cidr.substring(0, dual);
            String six = dual < 0 ? "" : cidr.substring(dual + 2);
            if (!four.isEmpty()) {
                if (!four.startsWith("/")) {
                    throw new Abort(Result.PERMERROR, "bad CIDR " + cidr);
                }
                v4 = prefix(four.substring(1), 32);
            }
            if (!six.isEmpty()) {
                v6 = prefix(six, 128);
            }
        }
        int bits = ip instanceof Inet4Address ? v4 : v6;
        for (InetAddress address : addresses) {
            if (address.getClass() == ip.getClass() && samePrefix(address.getAddress(), ip.getAddress(), bits)) {
                return true;
            }
        }
        return false;
    }

    private static boolean samePrefix(byte[] a, byte[] b, int bits) {
        if (a.length != b.length) {
            return false;
        }
        for (int i = 0; i < bits; i++) {
            int mask = 0x80 >> (i % 8);
            if ((a[i / 8] & mask) != (b[i / 8] & mask)) {
                return false;
            }
        }
        return true;
    }

    private List<InetAddress> addresses(String target, InetAddress ip) throws Abort {
        return counted(query(() -> dns.addresses(target, ip.getClass()))).recordsOrEmpty();
    }

    /** PTR names of the client whose forward lookup leads back to it (RFC 7208 §5.5), at most 10 tried. */
    private List<String> validatedNames(InetAddress ip) throws Abort {
        DnsResult<String> ptr = query(() -> dns.ptr(ip));
        if (ptr.isVoid()) {
            countVoid();
        }
        List<String> names = ptr.recordsOrEmpty();
        List<String> validated = new java.util.ArrayList<>();
        for (String name : names.subList(0, Math.min(names.size(), MAX_NAMES_PER_TERM))) {
            if (query(() -> dns.addresses(name, ip.getClass())).recordsOrEmpty().contains(ip)) {
                validated.add(name);
            }
        }
        return validated;
    }

    /** A TempError ends the evaluation with temperror; NXDOMAIN / no data count as void lookups. */
    private <T> DnsResult<T> counted(DnsResult<T> result) throws Abort {
        if (result instanceof DnsResult.TempError<T> error) {
            throw new Abort(Result.TEMPERROR, error.reason());
        }
        if (result.isVoid()) {
            countVoid();
        }
        return result;
    }

    private void countVoid() throws Abort {
        if (++voidLookups > maxVoidLookups) {
            throw new Abort(Result.PERMERROR, "more than " + maxVoidLookups + " void DNS lookups");
        }
    }

    private void countDnsTerm() throws Abort {
        if (++dnsTerms > maxDnsTerms) {
            throw new Abort(Result.PERMERROR, "more than " + maxDnsTerms + " DNS-querying terms");
        }
    }

    private interface Query<T> {
        DnsResult<T> run();
    }

    private <T> DnsResult<T> query(Query<T> query) throws Abort {
        if (!clock.instant().isBefore(deadline)) {
            throw new Abort(Result.TEMPERROR, "SPF evaluation took too long");
        }
        return query.run();
    }

    private static String requireArgument(String argument, String mechanism) throws Abort {
        if (argument.isEmpty()) {
            throw new Abort(Result.PERMERROR, mechanism + " needs an argument");
        }
        return argument;
    }

    private static void requireNoArgument(String mechanism, boolean hasOne) throws Abort {
        if (hasOne) {
            throw new Abort(Result.PERMERROR, "bad mechanism " + mechanism);
        }
    }

    /** Expands a domain-spec; over-long results lose labels on the left (RFC 7208 §7.3). */
    private static String domainSpec(String spec, SpfMacros.Context context) throws Abort {
        String expanded;
        try {
            expanded = SpfMacros.expand(spec, context, false).toLowerCase(Locale.ROOT);
        } catch (SpfMacros.MacroSyntaxException e) {
            throw new Abort(Result.PERMERROR, e.getMessage());
        }
        if (expanded.endsWith(".")) {
            expanded = expanded.substring(0, expanded.length() - 1);
        }
        while (expanded.length() > 253 && expanded.indexOf('.') >= 0) {
            expanded = expanded.substring(expanded.indexOf('.') + 1);
        }
        if (!isFqdn(expanded)) {
            throw new Abort(Result.PERMERROR, "not a domain name: " + expanded);
        }
        return expanded;
    }

    private String explanation(String exp, SpfMacros.Context context) {
        String fallback = "SPF of " + context.domain() + " does not allow " + context.ip().getHostAddress();
        if (exp == null) {
            return fallback;
        }
        try {
            String target = domainSpec(exp, context);
            List<String> texts = query(() -> dns.txt(target)).recordsOrEmpty();
            return texts.size() == 1 ? SpfMacros.expand(texts.getFirst(), context, true) : fallback;
        } catch (Abort | SpfMacros.MacroSyntaxException e) {
            return fallback;   // RFC 7208 §6.2: a broken explanation leaves the default one
        }
    }

    /** At least two labels, each 1..63 letters, digits or hyphens (or underscores, common in SPF names). */
    static boolean isFqdn(String domain) {
        if (domain.isEmpty() || domain.length() > 253 || domain.indexOf('.') < 0) {
            return false;
        }
        for (String label : domain.split("\\.", -1)) {
            if (label.isEmpty() || label.length() > 63) {
                return false;
            }
            for (int i = 0; i < label.length(); i++) {
                char c = label.charAt(i);
                if (!(Character.isLetterOrDigit(c) || c == '-' || c == '_')) {
                    return false;
                }
            }
        }
        return true;
    }

    private static InetAddress unmapped(InetAddress ip) {
        byte[] raw = ip.getAddress();
        if (raw.length == 16) {
            boolean mapped = raw[10] == (byte) 0xff && raw[11] == (byte) 0xff;
            for (int i = 0; i < 10 && mapped; i++) {
                mapped = raw[i] == 0;
            }
            if (mapped) {
                try {
                    return InetAddress.getByAddress(new byte[] {raw[12], raw[13], raw[14], raw[15]});
                } catch (UnknownHostException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return ip;
    }
}
