package dev.mailwright.dns;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.ExtendedResolver;
import org.xbill.DNS.Flags;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.PTRRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.ReverseMap;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

import dev.mailwright.config.MailwrightProperties;

/**
 * The one stub resolver of the application: asks the configured recursive servers (dnsjava), keeps answers
 * for their TTL (capped) in a bounded cache, NXDOMAIN and no-data answers for the SOA minimum (RFC 2308 §5;
 * not at all without an SOA), and turns time-outs and server failures into {@link DnsResult.TempError}.
 * SPF, DKIM, DMARC, block lists and outbound MX lookups share it.
 */
public final class DnsResolver {
    /** Longest CNAME chain followed inside one answer. */
    private static final int MAX_CNAME_CHAIN = 8;

    private final Resolver resolver;
    private final DnsCache cache;
    private final long maxTtl;
    private final long maxNegativeTtl;

    public DnsResolver(Resolver resolver, MailwrightProperties.Dns settings, Clock clock) {
        this.resolver = resolver;
        this.resolver.setTimeout(settings.timeout());
        this.cache = new DnsCache(settings.cacheSize(), clock);
        this.maxTtl = settings.maxTtl().toSeconds();
        this.maxNegativeTtl = settings.maxNegativeTtl().toSeconds();
    }

    /** A resolver asking {@code servers} (host or host:port, IPv6 in brackets), or the system's when empty. */
    public static DnsResolver forServers(List<String> servers, MailwrightProperties.Dns settings, Clock clock) {
        if (servers.isEmpty()) {
            return new DnsResolver(new ExtendedResolver(), settings, clock);
        }
        List<Resolver> each = new ArrayList<>();
        for (String server : servers) {
            each.add(new SimpleResolver(socketAddress(server.strip())));
        }
        return new DnsResolver(each.size() == 1 ? each.getFirst() : new ExtendedResolver(each), settings, clock);
    }

    private static InetSocketAddress socketAddress(String server) {
        String host = server;
        int port = 53;
        if (server.startsWith("[")) {
            int close = server.indexOf(']');
            host = server.substring(1, close);
            if (server.length() > close + 2 && server.charAt(close + 1) == ':') {
                port = Integer.parseInt(server.substring(close + 2));
            }
        } else if (server.indexOf(':') > 0 && server.indexOf(':') == server.lastIndexOf(':')) {
            host = server.substring(0, server.indexOf(':'));
            port = Integer.parseInt(server.substring(server.indexOf(':') + 1));
        }
        try {
            return new InetSocketAddress(InetAddress.getByName(host), port);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("DNS server " + server + " is not an address", e);
        }
    }

    /** TXT records, each record's character-strings joined (RFC 7208 §3.3, RFC 6376 §3.6.2.2). */
    public DnsResult<String> txt(String name) {
        return lookup(name, Type.TXT, r -> r instanceof TXTRecord txt ? joined(txt) : null);
    }

    public DnsResult<InetAddress> a(String name) {
        return lookup(name, Type.A, r -> r instanceof ARecord a ? a.getAddress() : null);
    }

    public DnsResult<InetAddress> aaaa(String name) {
        return lookup(name, Type.AAAA, r -> r instanceof AAAARecord aaaa ? aaaa.getAddress() : null);
    }

    /** A records for an IPv4 {@code family}, else AAAA. */
    public DnsResult<InetAddress> addresses(String name, Class<? extends InetAddress> family) {
        return family == java.net.Inet4Address.class ? a(name) : aaaa(name);
    }

    public DnsResult<MxHost> mx(String name) {
        return lookup(name, Type.MX, r -> r instanceof MXRecord mx ? new MxHost(mx.getPriority(), hostName(mx.getTarget())) : null);
    }

    /** The names an address maps back to (PTR of in-addr.arpa / ip6.arpa). */
    public DnsResult<String> ptr(InetAddress address) {
        return lookup(ReverseMap.fromAddress(address), Type.PTR, r -> r instanceof PTRRecord ptr ? hostName(ptr.getTarget()) : null);
    }

    int cachedAnswers() {
        return cache.size();
    }

    private <T> DnsResult<T> lookup(String name, int type, Function<Record, T> convert) {
        Name parsed;
        try {
            parsed = Name.fromString(name.endsWith(".") ? name : name + ".", Name.root);
        } catch (TextParseException e) {
            return new DnsResult.NxDomain<>();   // a name DNS cannot carry cannot exist in it
        }
        return lookup(parsed, type, convert);
    }

    @SuppressWarnings("unchecked")
    private <T> DnsResult<T> lookup(Name name, int type, Function<Record, T> convert) {
        DnsCache.Key key = new DnsCache.Key(name.toString().toLowerCase(Locale.ROOT), type);
        DnsResult<Record> raw = (DnsResult<Record>) cache.get(key).orElseGet(() -> query(key, name, type));
        return switch (raw) {
            case DnsResult.Records<Record> records -> {
                List<T> converted = new ArrayList<>();
                for (Record record : records.records()) {
                    T value = convert.apply(record);
                    if (value != null) {
                        converted.add(value);
                    }
                }
                yield converted.isEmpty() ? new DnsResult.NoData<>() : new DnsResult.Records<>(converted);
            }
            case DnsResult.NxDomain<Record> nx -> new DnsResult.NxDomain<>();
            case DnsResult.NoData<Record> noData -> new DnsResult.NoData<>();
            case DnsResult.TempError<Record> error -> new DnsResult.TempError<>(error.reason());
        };
    }

    private DnsResult<Record> query(DnsCache.Key key, Name name, int type) {
        Message response;
        try {
            Message query = Message.newQuery(Record.newRecord(name, type, DClass.IN));
            response = resolver.send(query);
        } catch (IOException e) {
            return new DnsResult.TempError<>("DNS query " + Type.string(type) + " " + name + " failed: " + e.getMessage());
        }
        if (response.getHeader().getFlag(Flags.TC)) {
            return new DnsResult.TempError<>("DNS answer for " + name + " truncated");
        }
        int rcode = response.getRcode();
        if (rcode == Rcode.NXDOMAIN) {
            DnsResult<Record> result = new DnsResult.NxDomain<>();
            cache.put(key, result, negativeTtl(response));
            return result;
        }
        if (rcode != Rcode.NOERROR) {
            return new DnsResult.TempError<>("DNS server answered " + Rcode.string(rcode) + " for " + Type.string(type) + " " + name);
        }
        List<Record> answers = response.getSection(Section.ANSWER);
        Name current = name;
        for (int hop = 0; hop <= MAX_CNAME_CHAIN; hop++) {
            List<Record> matching = new ArrayList<>();
            Name alias = null;
            for (Record record : answers) {
                if (record.getName().equals(current) && record.getType() == type) {
                    matching.add(record);
                } else if (record.getName().equals(current) && record instanceof CNAMERecord cname) {
                    alias = cname.getTarget();
                }
            }
            if (!matching.isEmpty()) {
                long ttl = Math.min(maxTtl, matching.stream().mapToLong(Record::getTTL).min().orElse(0));
                DnsResult<Record> result = new DnsResult.Records<>(matching);
                cache.put(key, result, ttl);
                return result;
            }
            if (alias == null) {
                break;
            }
            current = alias;
        }
        DnsResult<Record> result = new DnsResult.NoData<>();
        cache.put(key, result, negativeTtl(response));
        return result;
    }

    /** RFC 2308 §5: the smaller of the SOA's TTL and its MINIMUM field; no SOA, no caching. */
    private long negativeTtl(Message response) {
        for (Record record : response.getSection(Section.AUTHORITY)) {
            if (record instanceof SOARecord soa) {
                return Math.min(maxNegativeTtl, Math.min(soa.getTTL(), soa.getMinimum()));
            }
        }
        return 0;
    }

    private static String joined(TXTRecord txt) {
        StringBuilder sb = new StringBuilder();
        for (byte[] part : txt.getStringsAsByteArrays()) {
            sb.append(new String(part, StandardCharsets.ISO_8859_1));
        }
        return sb.toString();
    }

    private static String hostName(Name name) {
        return name.equals(Name.root) ? "" : name.toString(true).toLowerCase(Locale.ROOT);
    }
}
