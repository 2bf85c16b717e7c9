package dev.mailwright.dns;

import java.util.List;

/**
 * The answer to one DNS question. {@link NxDomain} and {@link NoData} are answers (RFC 2308: cached like
 * records); {@link TempError} is the absence of one (time-out, SERVFAIL, network), never cached.
 */
public sealed interface DnsResult<T> {

    /** At least one record of the asked type. */
    record Records<T>(List<T> records) implements DnsResult<T> {
        public Records {
            records = List.copyOf(records);
        }
    }

    /** The name does not exist. */
    record NxDomain<T>() implements DnsResult<T> {
    }

    /** The name exists but has no record of the asked type. */
    record NoData<T>() implements DnsResult<T> {
    }

    /** No usable answer now; asking again later may give one. */
    record TempError<T>(String reason) implements DnsResult<T> {
    }

    /** The records, or an empty list for NXDOMAIN / no data / temporary error. */
    default List<T> recordsOrEmpty() {
        return this instanceof Records<T> r ? r.records() : List.of();
    }

    /** NXDOMAIN or no data: what RFC 7208 §4.6.4 counts as a "void lookup". */
    default boolean isVoid() {
        return this instanceof NxDomain<T> || this instanceof NoData<T>;
    }
}
