package dev.mailwright.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * The whole {@code mailwright.*} configuration tree. Defaults are safe for a first run on a laptop:
 * unprivileged ports, embedded H2 under {@code ./data}, AUTH only over TLS.
 */
@ConfigurationProperties("mailwright")
public record MailwrightProperties(
        @DefaultValue("localhost") String hostname,
        @DefaultValue("example.test") List<String> domains,
        @DefaultValue("./data") Path dataDir,
        @DefaultValue Listener smtp,
        @DefaultValue Listener submission,
        @DefaultValue Listener submissions,
        @DefaultValue Listener imap,
        @DefaultValue Listener imaps,
        @DefaultValue Security security,
        @DefaultValue Tls tls,
        @DefaultValue Storage storage,
        @DefaultValue Bootstrap bootstrap,
        @DefaultValue SmtpLimits smtpLimits,
        @DefaultValue ImapLimits imapLimits,
        @DefaultValue Connections connections,
        @DefaultValue Delivery delivery,
        @DefaultValue Published published,
        @DefaultValue Ingest ingest,
        @DefaultValue Webmail webmail,
        @DefaultValue Quota quota,
        @DefaultValue Integrity integrity,
        @DefaultValue Disk disk,
        @DefaultValue Dns dns,
        @DefaultValue Inbound inbound,
        @DefaultValue Spam spam,
        @DefaultValue ImapNotify imapNotify,
        @DefaultValue Listener pop3,
        @DefaultValue Listener pop3s,
        @DefaultValue Pop3Limits pop3Limits,
        @DefaultValue Sieve sieve,
        @DefaultValue Listener managesieve,
        @DefaultValue ManageSieveLimits managesieveLimits,
        @DefaultValue WebmailFilters webmailFilters,
        @DefaultValue Auth auth,
        @DefaultValue Contacts contacts,
        @DefaultValue SortCache sortCache,
        @DefaultValue SelectionCache selectionCache,
        @DefaultValue OpenedMessages openedMessages,
        @DefaultValue ReverseProxy reverseProxy,
        @DefaultValue WebmailHtml webmailHtml,
        @DefaultValue WebmailMoving webmailMoving,
        @DefaultValue SearchIndexing searchIndexing,
        @DefaultValue Warmup warmup,
        @DefaultValue LookupCache lookupCache,
        @DefaultValue H2Housekeeping h2Housekeeping) {

    public MailwrightProperties {
        domains = domains.stream().map(d -> d.trim().toLowerCase(java.util.Locale.ROOT)).filter(d -> !d.isEmpty()).toList();
    }

    /** The first configured domain: where the generated admin account lives. */
    public String primaryDomain() {
        return domains.isEmpty() ? hostname : domains.getFirst();
    }

    /**
     * One listener. A port of 0 disables it. {@code bind} is the listen address. {@code maxConnections} caps this
     * listener's open connections, {@code maxUnauthenticated} those that have not authenticated (all of MX's): a
     * flood on one port never takes another port's room, nor authenticated users' room on its own port.
     */
    public record Listener(@DefaultValue("0") int port, @DefaultValue("0.0.0.0") String bind,
                           @DefaultValue("500") int maxConnections,
                           @DefaultValue("250") int maxUnauthenticated) {
        public boolean enabled() {
            return port > 0;
        }
    }

    public record Security(
            @DefaultValue("false") boolean allowPlaintextAuth,
            /** failed authentications per remote address before throttling */
            @DefaultValue("10") int maxAuthFailuresPerIp,
            /** failed authentications per account before throttling */
            @DefaultValue("20") int maxAuthFailuresPerAccount,
            /** how long a throttle lasts and how far back failures count */
            @DefaultValue("15m") Duration authFailureWindow,
            /** failures for one account are counted per source network: IPv4 addresses sharing this prefix ... */
            @DefaultValue("24") int authFailureNetworkPrefixIpv4,
            /** ... and IPv6 addresses sharing this one */
            @DefaultValue("64") int authFailureNetworkPrefixIpv6,
            /** failures for one account over all networks after which networks that failed for it (only those) are throttled */
            @DefaultValue("100") int maxAuthFailuresPerAccountAllNetworks,
            /** the answer to a failed attempt waits this long, doubled for each earlier failure of the account from that network ... */
            @DefaultValue("250ms") Duration authFailureDelay,
            /** ... up to this */
            @DefaultValue("5s") Duration maxAuthFailureDelay) {
        public Security {
            if (authFailureNetworkPrefixIpv4 < 0 || authFailureNetworkPrefixIpv4 > 32
                    || authFailureNetworkPrefixIpv6 < 0 || authFailureNetworkPrefixIpv6 > 128
                    || authFailureDelay.isNegative() || maxAuthFailureDelay.compareTo(authFailureDelay) < 0) {
                throw new IllegalArgumentException("mailwright.security: network prefixes 0-32 / 0-128, "
                        + "0 <= auth-failure-delay <= max-auth-failure-delay");
            }
        }
    }

    /** {@code bundle}: name of a Spring Boot SSL bundle; empty means a self-signed certificate generated once. */
    public record Tls(@DefaultValue("") String bundle) {
    }

    public record Storage(
            /** where raw messages live: FILESYSTEM (under data-dir/blobs) or DATABASE */
            @DefaultValue("FILESYSTEM") BlobStorage blobs,
            /** messages up to this size are written by the delivery's own transaction: with FILESYSTEM kept in the
             *  database instead of a file (no fsync of their own), with DATABASE inserted with the delivery's rows
             *  (larger ones in a transaction of their own first); 0: every message a file, or its own transaction */
            @DefaultValue("64KB") DataSize inlineMax,
            /** a blob no message or queue entry references is deleted once unused for this long (keep it far above
             *  the time between a blob write and its transaction's commit) */
            @DefaultValue("1h") Duration blobGracePeriod,
            /** how often unreferenced blobs are swept; 0 disables sweeping */
            @DefaultValue("6h") Duration blobSweepInterval,
            /** H2 file database only: the pages H2 keeps decoded in the heap; 0: a sixteenth of the maximum heap,
             *  within 16 .. 128 MB */
            @DefaultValue("0") DataSize h2PageCache) {
        public Storage {
            if (h2PageCache.isNegative()) {
                throw new IllegalArgumentException("mailwright.storage.h2-page-cache: 0 (automatic) or a size");
            }
        }

        public enum BlobStorage { FILESYSTEM, DATABASE }
    }

    public record Bootstrap(@DefaultValue List<BootstrapAccount> accounts) {
    }

    public record BootstrapAccount(String address, String password, @DefaultValue("false") boolean admin) {
    }

    public record SmtpLimits(
            @DefaultValue("512") int maxCommandLine,
            @DefaultValue("1000") int maxTextLine,
            @DefaultValue("50MB") DataSize maxMessageSize,
            @DefaultValue("100") int maxRecipients,
            @DefaultValue("5m") Duration idleTimeout,
            @DefaultValue("20") int maxBadCommands,
            /** a command line must be complete within this time of its first byte */
            @DefaultValue("60s") Duration commandTimeout,
            /** a whole AUTH exchange (every response line) must be complete within this time */
            @DefaultValue("60s") Duration authTimeout,
            /** DATA and BDAT must average at least this many bytes per second ... */
            @DefaultValue("10KB") DataSize minTransferRate,
            /** ... counted after this grace from the start of the transfer */
            @DefaultValue("30s") Duration transferGrace,
            /** submission: a session must have authenticated within this time of connecting */
            @DefaultValue("2m") Duration unauthenticatedSessionTime,
            /** MX (which never authenticates): the longest session; leave room for a max-message-size DATA at min-transfer-rate */
            @DefaultValue("2h") Duration mxSessionTime,
            /** a received message up to this size is held in memory, a larger one goes to a spool file (0: always a file) ... */
            @DefaultValue("256KB") DataSize spoolInMemory,
            /** ... while all messages held in memory by all SMTP sessions together stay within this */
            @DefaultValue("64MB") DataSize spoolMemoryTotal) {
    }

    public record ImapLimits(
            @DefaultValue("65536") int maxCommandLine,
            @DefaultValue("8KB") DataSize maxLiteralBeforeAuth,
            @DefaultValue("50MB") DataSize appendLimit,
            @DefaultValue("30m") Duration idleTimeout,
            @DefaultValue("30m") Duration idleCommandTimeout,
            @DefaultValue("20") int maxBadCommands,
            @DefaultValue("20") int maxConnectionsPerAccount,
            /** how long a connection may stay silent before it has logged in */
            @DefaultValue("60s") Duration loginTimeout,
            /** characters of one LIST/LSUB command's mailbox patterns (each joined to the reference), all together */
            @DefaultValue("2048") int maxListPatternLength,
            /** {@code *} and {@code %} in one LIST/LSUB command's mailbox patterns, all together */
            @DefaultValue("64") int maxListWildcards,
            /** characters of one SEARCH string (BODY, TEXT, header keys): substring search costs text length times this */
            @DefaultValue("1000") int maxSearchStringLength,
            /** a command line (each line around its literals) must be complete within this time of its first byte */
            @DefaultValue("60s") Duration commandTimeout,
            /** a whole AUTHENTICATE exchange must be complete within this time */
            @DefaultValue("60s") Duration authTimeout,
            /** a literal must average at least this many bytes per second ... */
            @DefaultValue("10KB") DataSize minTransferRate,
            /** ... counted after this grace from its start */
            @DefaultValue("30s") Duration transferGrace,
            /** a session must have logged in within this time of connecting */
            @DefaultValue("2m") Duration unauthenticatedSessionTime,
            /** messages in one APPEND (MULTIAPPEND, RFC 3502) */
            @DefaultValue("100") int maxAppendMessages,
            /** parts (TEXT and URL) of one CATENATE message (RFC 4469) */
            @DefaultValue("64") int maxCatenateParts,
            /** bytes of all messages of one APPEND together (each message is also bounded by append-limit) */
            @DefaultValue("200MB") DataSize maxAppendTotal,
            /**
             * THREAD=REFERENCES: how many ancestors a link's loop check may climb (RFC 5256 §3 REFERENCES step 1); a
             * link whose check would climb further is not made and the message starts a subtree of its own
             */
            @DefaultValue("1000") int maxThreadDepth,
            /** searches a session keeps up to date at once (SEARCH RETURN (UPDATE), RFC 5267); at least 1 */
            @DefaultValue("5") int maxSearchUpdates,
            /** matches one search kept up to date may have; a search with more is answered but not kept */
            @DefaultValue("20000") int maxSearchUpdateResults) {
        public ImapLimits {
            if (maxSearchUpdates < 1 || maxSearchUpdateResults < 1) {
                throw new IllegalArgumentException("mailwright.imap-limits: max-search-updates and max-search-update-results >= 1");
            }
            if (maxThreadDepth < 1) {
                throw new IllegalArgumentException("mailwright.imap-limits.max-thread-depth >= 1");
            }
            if (maxListPatternLength < 1 || maxListWildcards < 1 || maxSearchStringLength < 1) {
                throw new IllegalArgumentException("mailwright.imap-limits: max-list-pattern-length, max-list-wildcards "
                        + "and max-search-string-length >= 1");
            }
            if (maxAppendMessages < 1 || maxCatenateParts < 1) {
                throw new IllegalArgumentException("mailwright.imap-limits: max-append-messages and max-catenate-parts >= 1");
            }
        }
    }

    /** IMAP NOTIFY (RFC 5465): what one session may have waiting. */
    public record ImapNotify(
            /** events of other mailboxes waiting for a session; one more and it gets [NOTIFICATIONOVERFLOW] and NOTIFY NONE */
            @DefaultValue("1000") int maxQueuedEvents,
            /** new messages of the selected mailbox sent with MessageNew's fetch attributes at once; more get EXISTS only */
            @DefaultValue("100") int maxNewMessageFetches) {
        public ImapNotify {
            if (maxQueuedEvents < 1 || maxNewMessageFetches < 0) {
                throw new IllegalArgumentException("mailwright.imap-notify: max-queued-events >= 1, max-new-message-fetches >= 0");
            }
        }
    }

    /** Limits of the one-pass message parser that runs at ingest (store.ingest). */
    public record Ingest(
            /** multipart and message/rfc822 nesting beyond this depth is reported as a single part */
            @DefaultValue("40") int maxNesting,
            /** MIME parts per message; further delimiter lines are read as body text */
            @DefaultValue("10000") int maxParts,
            /** characters of the text preview */
            @DefaultValue("200") int previewLength,
            /** characters of decoded header and body text kept for search */
            @DefaultValue("1048576") int searchTextLength) {
    }

    /**
     * Quota given to accounts created from now on (admin page, CLI, bootstrap); unset means unlimited. Usage counts
     * every message in every mailbox of the account, a copy in two mailboxes twice (as IMAP STATUS SIZE does).
     */
    public record Quota(DataSize defaultStorage, Long defaultMessages) {
        public Quota {
            if (defaultStorage != null && defaultStorage.toBytes() < 0 || defaultMessages != null && defaultMessages < 0) {
                throw new IllegalArgumentException("mailwright.quota.* must not be negative");
            }
        }
    }

    /** Limits shared by all listeners; each listener has caps of its own too ({@link Listener}). */
    public record Connections(
            @DefaultValue("1000") int maxTotal,
            @DefaultValue("50") int maxPerIp,
            @DefaultValue("100") int backlog,
            /** sessions from one address that have not authenticated (yet), over all listeners */
            @DefaultValue("20") int maxUnauthenticatedPerIp,
            /** a TLS handshake (implicit TLS, STARTTLS) must be complete within this time */
            @DefaultValue("30s") Duration handshakeTimeout) {
    }

    /**
     * Outbound delivery from the queue. A recipient domain with a route goes to that route's host; otherwise
     * to the smarthost when one is set; otherwise to the domain's MX hosts.
     */
    public record Delivery(
            /** concurrent outbound connections; 0 stops outbound delivery on this node */
            @DefaultValue("4") int workers,
            @DefaultValue("5s") Duration pollInterval,
            /** how long a message is retried before it bounces (RFC 5321 §4.5.4.1 suggests 4-5 days) */
            @DefaultValue("5d") Duration maxLifetime,
            /** first retry delay; doubles after each failure up to max-retry-interval */
            @DefaultValue("1m") Duration firstRetry,
            @DefaultValue("4h") Duration maxRetryInterval,
            /** how long a claimed entry stays with its worker before another node may take it over */
            @DefaultValue("30m") Duration lease,
            @DefaultValue("30s") Duration connectTimeout,
            /** TLS towards MX hosts */
            @DefaultValue("OPPORTUNISTIC") OutboundTls tls,
            /** sign outgoing mail from local domains with DKIM (keys under data-dir/dkim) */
            @DefaultValue("true") boolean dkim,
            /** DNS servers for MX lookups (host or host:port); empty = the system's */
            @DefaultValue List<String> dnsServers,
            @DefaultValue Relay smarthost,
            @DefaultValue List<Route> routes) {
    }

    /**
     * How mail apps reach this server from outside, for autoconfig documents and the setup page: under
     * Docker or behind a proxy the published name and ports differ from the listeners'. Unset values fall
     * back to {@code hostname} and the listener ports.
     */
    public record Published(@DefaultValue("") String hostname, @DefaultValue("0") int imapPort,
                            @DefaultValue("0") int imapsPort, @DefaultValue("0") int submissionPort,
                            @DefaultValue("0") int submissionsPort, @DefaultValue("0") int pop3Port,
                            @DefaultValue("0") int pop3sPort, @DefaultValue("0") int managesievePort) {
    }

    /** The name mail apps should connect to. */
    public String publicHostname() {
        return published.hostname().isBlank() ? hostname : published.hostname();
    }

    public int publicImapPort() {
        return published.imapPort() > 0 ? published.imapPort() : imap.port();
    }

    public int publicImapsPort() {
        return published.imapsPort() > 0 ? published.imapsPort() : imaps.port();
    }

    public int publicSubmissionPort() {
        return published.submissionPort() > 0 ? published.submissionPort() : submission.port();
    }

    public int publicSubmissionsPort() {
        return published.submissionsPort() > 0 ? published.submissionsPort() : submissions.port();
    }

    public int publicPop3Port() {
        return published.pop3Port() > 0 ? published.pop3Port() : pop3.port();
    }

    public int publicPop3sPort() {
        return published.pop3sPort() > 0 ? published.pop3sPort() : pop3s.port();
    }

    public int publicManagesievePort() {
        return published.managesievePort() > 0 ? published.managesievePort() : managesieve.port();
    }

    /** Limits of the POP3 listeners (dev.mailwright.pop3); admission limits are the listeners' and {@link Connections}. */
    public record Pop3Limits(
            /** octets of one command line or SASL response line, CRLF included (RFC 2449 §4 asks for at least 255) */
            @DefaultValue("1000") int maxCommandLine,
            /** unknown commands, syntax errors and over-long lines; one more closes the connection */
            @DefaultValue("10") int maxBadCommands,
            /** silence allowed once logged in (RFC 1939 §3: at least 10 minutes) */
            @DefaultValue("10m") Duration idleTimeout,
            /** silence allowed before USER/PASS or AUTH succeeded */
            @DefaultValue("60s") Duration loginTimeout,
            /** a command line must be complete within this time of its first byte */
            @DefaultValue("60s") Duration commandTimeout,
            /** a whole AUTH exchange must be complete within this time */
            @DefaultValue("60s") Duration authTimeout,
            /** a session must have logged in within this time of connecting */
            @DefaultValue("2m") Duration unauthenticatedSessionTime,
            /** octet counts of messages (as RETR sends them) remembered per node, by blob; each entry is a few dozen bytes */
            @DefaultValue("100000") int octetCountCacheEntries) {
        public Pop3Limits {
            if (octetCountCacheEntries < 0) {
                throw new IllegalArgumentException("mailwright.pop3-limits.octet-count-cache-entries >= 0");
            }
            if (maxCommandLine < 255 || maxBadCommands < 0) {
                throw new IllegalArgumentException("mailwright.pop3-limits: max-command-line >= 255 (RFC 2449 §4), "
                        + "max-bad-commands >= 0");
            }
        }
    }

    public enum OutboundTls { OPPORTUNISTIC, REQUIRED_STARTTLS, IMPLICIT, NONE }

    /** A relay host; {@code host} empty means none. Credentials are optional (AUTH PLAIN over TLS). */
    public record Relay(@DefaultValue("") String host, @DefaultValue("587") int port,
                        @DefaultValue("REQUIRED_STARTTLS") OutboundTls tls,
                        @DefaultValue("") String username, @DefaultValue("") String password) {
        @Override
        public String toString() {
            return "Relay[" + host + ":" + port + ", " + tls + ", user=" + username + "]";   // never print the password
        }
    }

    /** A static route: mail for {@code domain} goes to {@code host:port}. */
    public record Route(String domain, String host, @DefaultValue("25") int port,
                        @DefaultValue("OPPORTUNISTIC") OutboundTls tls,
                        @DefaultValue("") String username, @DefaultValue("") String password) {
        @Override
        public String toString() {
            return "Route[" + domain + " -> " + host + ":" + port + ", " + tls + "]";
        }
    }

    /** Limits of the webmail. */
    public record Webmail(
            /** most results a search across folders shows */
            @DefaultValue("200") int maxSearchResults,
            /** how often compose saves a changed draft into Drafts */
            @DefaultValue("30s") Duration draftAutosaveInterval,
            /** longest signature, in characters (the column holds 4000) */
            @DefaultValue("2000") int maxSignatureLength,
            /** characters of one search field: substring search costs the text's length times this */
            @DefaultValue("1000") int maxSearchLength) {
        public Webmail {
            if (maxSearchResults < 1 || maxSignatureLength < 0 || maxSignatureLength > 4000
                    || draftAutosaveInterval.isNegative() || draftAutosaveInterval.isZero() || maxSearchLength < 1) {
                throw new IllegalArgumentException("mailwright.webmail: max-search-results >= 1, "
                        + "0 <= max-signature-length <= 4000, draft-autosave-interval > 0, max-search-length >= 1");
            }
        }
    }

    /** The store's integrity check (README "Integrity check"); also run on demand by {@code admin check}. */
    public record Integrity(
            /** run the check before the listeners open */
            @DefaultValue("true") boolean onStart,
            /** repair what the check finds at start (counters, UIDVALIDITY, indexes, rows moved to lost+found) */
            @DefaultValue("true") boolean repair,
            /** how deep blob references are checked: NONE, EXISTS (one stat per blob) or HASH (read and re-hash each) */
            @DefaultValue("EXISTS") BlobCheck blobCheck,
            /**
             * skip the check at start when an H2 store is exactly as a clean stop left it (store.CleanStop): nothing a
             * crash leaves behind can be there
             */
            @DefaultValue("true") boolean skipAfterCleanStop) {
        public enum BlobCheck { NONE, EXISTS, HASH }
    }

    /** The data directory's free space (H2 file, blobs, spool): below the reserve new mail is refused, not half-written. */
    public record Disk(
            /** SMTP answers 452 4.3.1 and APPEND NO [OVERQUOTA] while less than this (plus the message) is free; 0 = off */
            @DefaultValue("100MB") DataSize minFreeSpace) {
        public Disk {
            if (minFreeSpace.toBytes() < 0) {
                throw new IllegalArgumentException("mailwright.disk.min-free-space must not be negative");
            }
        }
    }

    /**
     * The one caching DNS resolver (SPF, DKIM, DMARC, block lists, outbound MX). {@code servers}: host or
     * host:port; empty = {@code delivery.dns-servers} if set (older key), else the system's resolvers.
     */
    public record Dns(
            @DefaultValue List<String> servers,
            /** per query, before the answer counts as a temporary error */
            @DefaultValue("5s") Duration timeout,
            /** answers kept in the cache (least recently used go first) */
            @DefaultValue("10000") int cacheSize,
            /** longest any answer is cached, whatever its TTL */
            @DefaultValue("1h") Duration maxTtl,
            /** longest NXDOMAIN / no-data answers are cached (RFC 2308: the SOA minimum, capped by this) */
            @DefaultValue("15m") Duration maxNegativeTtl) {
        public Dns {
            if (timeout.isNegative() || timeout.isZero() || cacheSize < 0 || maxTtl.isNegative() || maxNegativeTtl.isNegative()) {
                throw new IllegalArgumentException("mailwright.dns: timeout > 0, cache-size >= 0, TTLs >= 0");
            }
        }
    }

    /** What the MX port checks in every incoming message (authentication: SPF, DKIM, DMARC, ARC). */
    public record Inbound(
            /** run the inbound checks at all; off = every MX message goes to the INBOX unmarked (benchmarks only) */
            @DefaultValue("true") boolean checks,
            /** the authserv-id of our Authentication-Results; empty = the hostname */
            @DefaultValue("") String authservId,
            /** the built-in scorer that sends SPF failures and unauthenticated DMARC failures to Junk (no rspamd needed) */
            @DefaultValue("true") boolean embeddedScorer,
            @DefaultValue Spf spf,
            @DefaultValue Dkim dkim,
            @DefaultValue Arc arc,
            /** per-client rates on the MX port (spam defence) */
            @DefaultValue RateLimits rateLimits,
            @DefaultValue DnsLists dnsLists,
            @DefaultValue Greylisting greylisting,
            /** look up the client's reverse name and check it resolves back (FCrDNS); the result goes in Received: */
            @DefaultValue("true") boolean fcrdns) {

        /** RFC 7208 §4.6.4: at most 10 DNS-querying terms and 2 void lookups. */
        public record Spf(@DefaultValue("10") int maxDnsMechanisms, @DefaultValue("2") int maxVoidLookups,
                          /** for the whole SPF evaluation of one message */
                          @DefaultValue("20s") Duration timeout) {
            public Spf {
                if (maxDnsMechanisms < 1 || maxVoidLookups < 0 || timeout.isNegative() || timeout.isZero()) {
                    throw new IllegalArgumentException("mailwright.inbound.spf: max-dns-mechanisms >= 1, max-void-lookups >= 0, timeout > 0");
                }
            }
        }

        /** {@code maxSignatures}: DKIM signatures verified per message (later ones are ignored: bounded work). */
        public record Dkim(@DefaultValue("5") int maxSignatures, @DefaultValue("1024") int minRsaBits) {
            public Dkim {
                if (maxSignatures < 1 || minRsaBits < 512) {
                    throw new IllegalArgumentException("mailwright.inbound.dkim: max-signatures >= 1, min-rsa-bits >= 512");
                }
            }
        }

        /**
         * {@code trustedSealers}: ARC sealing domains (d= of ARC-Seal) whose passing chain may override a DMARC
         * failure (a mailing list or forwarder we trust). {@code maxInstances}: longest chain verified (RFC 8617 §4.2.1: 50).
         */
        public record Arc(@DefaultValue List<String> trustedSealers, @DefaultValue("50") int maxInstances) {
            public Arc {
                trustedSealers = trustedSealers.stream().map(d -> d.trim().toLowerCase(java.util.Locale.ROOT)).filter(d -> !d.isEmpty()).toList();
                if (maxInstances < 1 || maxInstances > 50) {
                    throw new IllegalArgumentException("mailwright.inbound.arc.max-instances: 1..50");
                }
            }
        }
    }

    /**
     * Per client address, over a sliding window, counted on each node. Networks in {@code exempt} (CIDR) are
     * never limited: loopback by default, so local tools and health checks are not refused.
     */
    public record RateLimits(
            @DefaultValue("30") int connectionsPerWindow,
            @DefaultValue("60") int messagesPerWindow,
            @DefaultValue("1m") Duration window,
            @DefaultValue({"127.0.0.0/8", "::1/128"}) List<String> exempt) {
        public RateLimits {
            if (connectionsPerWindow < 1 || messagesPerWindow < 1 || window.isNegative() || window.isZero()) {
                throw new IllegalArgumentException("mailwright.inbound.rate-limits: limits >= 1 and window > 0");
            }
        }
    }

    /**
     * DNS block lists (a listed client is refused at RCPT) and allow lists (a listed client skips block lists and
     * greylisting). None by default: list operators have usage terms that the operator must accept.
     */
    public record DnsLists(@DefaultValue List<String> blockZones, @DefaultValue List<String> allowZones) {
        public DnsLists {
            blockZones = blockZones.stream().map(z -> z.trim().toLowerCase(java.util.Locale.ROOT)).filter(z -> !z.isEmpty()).toList();
            allowZones = allowZones.stream().map(z -> z.trim().toLowerCase(java.util.Locale.ROOT)).filter(z -> !z.isEmpty()).toList();
        }
    }

    /**
     * Greylisting (off by default): the first attempt of an unknown (client network, sender, recipient) triplet is
     * answered 451 4.7.1; a retry after {@code delay} and before {@code retryWindow} ends passes, and the triplet
     * then passes for {@code expiry}. Triplets live in the database, so every node agrees.
     */
    public record Greylisting(@DefaultValue("false") boolean enabled, @DefaultValue("5m") Duration delay,
                              @DefaultValue("4h") Duration retryWindow, @DefaultValue("35d") Duration expiry) {
        public Greylisting {
            if (delay.isNegative() || retryWindow.compareTo(delay) <= 0 || expiry.isNegative() || expiry.isZero()) {
                throw new IllegalArgumentException("mailwright.inbound.greylisting: delay >= 0, retry-window > delay, expiry > 0");
            }
        }
    }

    /** Content scoring. */
    public record Spam(@DefaultValue Rspamd rspamd) {
    }

    /**
     * rspamd over HTTP: {@code url} (e.g. http://rspamd:11333) enables scanning, {@code controllerUrl} (e.g.
     * http://rspamd:11334) enables learning from Junk moves. {@code onFailure}: ACCEPT (deliver, marked unscanned)
     * or TEMPFAIL (451, the sender retries) when rspamd is down or slower than {@code timeout}.
     */
    public record Rspamd(@DefaultValue("") String url, @DefaultValue("") String controllerUrl,
                         @DefaultValue("") String password, @DefaultValue("10s") Duration timeout,
                         @DefaultValue("ACCEPT") OnFailure onFailure,
                         /** larger messages are not sent to rspamd (marked unscanned) */
                         @DefaultValue("20MB") DataSize maxScanSize,
                         /** learn requests waiting for the controller; more are dropped (and logged) */
                         @DefaultValue("1000") int learnQueue) {
        public enum OnFailure { ACCEPT, TEMPFAIL }

        public Rspamd {
            if (timeout.isNegative() || timeout.isZero() || learnQueue < 1) {
                throw new IllegalArgumentException("mailwright.spam.rspamd: timeout > 0 and learn-queue >= 1");
            }
        }

        public boolean scanning() {
            return !url.isBlank();
        }

        public boolean learning() {
            return !controllerUrl.isBlank();
        }

        @Override
        public String toString() {
            return "Rspamd[" + url + ", controller " + controllerUrl + ", timeout " + timeout + "]";   // no password
        }
    }

    /** Server-side filtering (issue 15): the hard limits of every user's Sieve script and of each run. */
    public record Sieve(
            /** a script's size; ManageSieve and the webmail refuse larger ones */
            @DefaultValue("64KB") DataSize maxScriptSize,
            /** blocks and tests inside each other */
            @DefaultValue("32") int maxNesting,
            /** actions one delivery's run may take */
            @DefaultValue("32") int maxActions,
            /** redirects one delivery's run may take */
            @DefaultValue("4") int maxRedirects,
            /** comparison steps one run may spend (each character a wildcard or a :regex looks at counts) */
            @DefaultValue("10000000") long maxMatchSteps,
            /** include (RFC 6609): scripts nested in each other below the active one */
            @DefaultValue("8") int maxIncludeDepth,
            /** include: include commands one delivery's run may execute */
            @DefaultValue("32") int maxIncludes,
            /** editheader (RFC 5293): addheader and deleteheader actions one run may take */
            @DefaultValue("64") int maxHeaderEdits,
            /** duplicate (RFC 7352): how long a message is remembered without :seconds */
            @DefaultValue("1d") Duration duplicatePeriod,
            /** duplicate: the longest :seconds honoured, which bounds the tracking table */
            @DefaultValue("7d") Duration maxDuplicatePeriod,
            /** include :global scripts: NAME.sieve files in this directory (empty: DATA_DIR/sieve-global) */
            @DefaultValue("") String globalScriptsDir,
            /** scripts one account may store (ManageSieve PUTSCRIPT of a new name answers NO (QUOTA/MAXSCRIPTS)) */
            @DefaultValue("20") int maxScripts) {
        public Sieve {
            if (maxScriptSize.toBytes() < 1 || maxNesting < 1 || maxActions < 1 || maxRedirects < 0 || maxMatchSteps < 1
                    || maxIncludeDepth < 0 || maxIncludes < 0 || maxHeaderEdits < 0 || duplicatePeriod.isNegative()
                    || duplicatePeriod.isZero() || maxDuplicatePeriod.compareTo(duplicatePeriod) < 0 || maxScripts < 1) {
                throw new IllegalArgumentException("mailwright.sieve limits must be positive");
            }
        }
    }

    /**
     * Limits of the ManageSieve listener (dev.mailwright.managesieve, RFC 5804); admission limits are the listener's
     * and {@link Connections}, script size and count are {@link Sieve}'s.
     */
    public record ManageSieveLimits(
            /** octets of one command line without its literals, CRLF included; also a SASL response line */
            @DefaultValue("8192") int maxCommandLine,
            /** octets of one literal ({n+} / {n}) once authenticated; a larger one ends the connection with BYE */
            @DefaultValue("1MB") DataSize maxLiteralSize,
            /** octets of one literal before authentication (SASL responses) */
            @DefaultValue("8KB") DataSize maxUnauthenticatedLiteralSize,
            /** unknown commands, syntax errors and over-long lines; one more closes the connection */
            @DefaultValue("10") int maxBadCommands,
            /** silence allowed once logged in */
            @DefaultValue("10m") Duration idleTimeout,
            /** silence allowed before AUTHENTICATE succeeded */
            @DefaultValue("60s") Duration loginTimeout,
            /** a command (its literals apart) must be complete within this time of its first byte */
            @DefaultValue("60s") Duration commandTimeout,
            /** a whole AUTHENTICATE exchange must be complete within this time */
            @DefaultValue("60s") Duration authTimeout,
            /** a session must have authenticated within this time of connecting */
            @DefaultValue("2m") Duration unauthenticatedSessionTime,
            /** literals (scripts) must arrive at least this fast (per second, averaged) ... */
            @DefaultValue("10KB") DataSize minTransferRate,
            /** ... after this grace */
            @DefaultValue("30s") Duration transferGrace) {
        public ManageSieveLimits {
            if (maxCommandLine < 512 || maxLiteralSize.toBytes() < 1 || maxUnauthenticatedLiteralSize.toBytes() < 1
                    || maxBadCommands < 0 || minTransferRate.toBytes() < 1) {
                throw new IllegalArgumentException("mailwright.managesieve-limits: max-command-line >= 512, literal sizes "
                        + "and min-transfer-rate >= 1, max-bad-commands >= 0");
            }
        }
    }

    /** The webmail's Filters and Vacation pages (issue 15): how much one account may set there. */
    public record WebmailFilters(
            /** rules one account's Filters page keeps */
            @DefaultValue("100") int maxRules,
            /** conditions of one rule */
            @DefaultValue("10") int maxConditions,
            /** characters of a condition's text, a forward address or a rule name */
            @DefaultValue("500") int maxFieldLength,
            /** characters of the vacation reply's text and of a rejection text */
            @DefaultValue("4000") int maxTextLength,
            /** the vacation reply's extra addresses (RFC 5230 :addresses) */
            @DefaultValue("20") int maxVacationAddresses) {
        public WebmailFilters {
            if (maxRules < 1 || maxConditions < 1 || maxFieldLength < 1 || maxTextLength < 1 || maxVacationAddresses < 0) {
                throw new IllegalArgumentException("mailwright.webmail-filters: limits must be positive");
            }
        }
    }

    /**
     * Password checks (issue 17): the verified-credential cache in front of Argon2id, and the engine that computes it.
     * README "Security" states the trade-off of the cache.
     */
    public record Auth(
            /** a verified (account, password) pair answers again without hashing for this long; 0 = no cache */
            @DefaultValue("15m") Duration credentialCacheTtl,
            /** at most this many verified pairs are kept (least recently used go first); 0 = no cache */
            @DefaultValue("10000") int credentialCacheMaxEntries,
            /** AUTO takes libsodium, else libargon2, else the pure-Java engine; naming a missing library fails the start */
            @DefaultValue("AUTO") Argon2Engine argon2Engine,
            /** Argon2id hashes running at once (each holds 16 MiB and a core); 0 = one per available processor */
            @DefaultValue("0") int maxConcurrentHashes) {
        public Auth {
            if (credentialCacheTtl.isNegative() || credentialCacheMaxEntries < 0 || maxConcurrentHashes < 0) {
                throw new IllegalArgumentException("mailwright.auth: credential-cache-ttl, credential-cache-max-entries "
                        + "and max-concurrent-hashes must not be negative");
            }
        }

        public boolean credentialCacheEnabled() {
            return !credentialCacheTtl.isZero() && credentialCacheMaxEntries > 0;
        }

        public int hashConcurrency() {
            return maxConcurrentHashes > 0 ? maxConcurrentHashes : Runtime.getRuntime().availableProcessors();
        }

        public enum Argon2Engine {
            AUTO, LIBSODIUM, LIBARGON2, PURE_JAVA
        }
    }

    /** The address book (issue 16): contacts, collected addresses, vCard import and CardDAV. */
    public record Contacts(
            /** contacts one account may hold; creating, importing or a CardDAV PUT past it is refused */
            @DefaultValue("10000") int maxContacts,
            /** one contact's vCard text (also a CardDAV PUT body) */
            @DefaultValue("64KB") DataSize maxCardSize,
            /** addresses, phones or groups on one contact */
            @DefaultValue("20") int maxValuesPerField,
            /** a .vcf upload in the webmail */
            @DefaultValue("5MB") DataSize maxImportSize,
            /** cards one import reads; the rest are reported as not imported */
            @DefaultValue("5000") int maxImportCards,
            /** addresses kept in the "collected" list; the least recently used go first */
            @DefaultValue("500") int maxCollected,
            /** suggestions one autocomplete answer holds */
            @DefaultValue("10") int maxSuggestions,
            /** href elements one CardDAV addressbook-multiget may name */
            @DefaultValue("1000") int maxMultigetHrefs,
            /** a CardDAV request body (PROPFIND, REPORT) */
            @DefaultValue("1MB") DataSize maxDavRequestSize) {
        public Contacts {
            if (maxContacts < 1 || maxCardSize.toBytes() < 256 || maxValuesPerField < 1 || maxImportSize.toBytes() < 1
                    || maxImportCards < 1 || maxCollected < 0 || maxSuggestions < 1 || maxMultigetHrefs < 1
                    || maxDavRequestSize.toBytes() < 1024) {
                throw new IllegalArgumentException("mailwright.contacts limits must be positive");
            }
        }
    }

    /**
     * The embedded H2 file's housekeeping (store.H2FileHousekeeping): every {@code interval}, while the chunks' fill
     * rate is below {@code targetFillRate} percent, up to {@code rewriteBytes} of live pages are moved out of the
     * emptiest chunks so H2 can reuse them. Interval 0: off (the file then grows with every commit).
     */
    public record H2Housekeeping(
            @DefaultValue("5s") Duration interval,
            @DefaultValue("50") int targetFillRate,
            @DefaultValue("4MB") DataSize rewriteBytes) {
        public H2Housekeeping {
            if (interval.isNegative() || targetFillRate < 1 || targetFillRate > 100 || rewriteBytes.toBytes() < 1
                    || rewriteBytes.toBytes() > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("mailwright.h2-housekeeping: interval >= 0, target-fill-rate 1..100, "
                        + "rewrite-bytes 1 B..2 GB");
            }
        }
    }

    /**
     * After start, the {@code mailboxes} largest mailboxes holding at least {@code minMessages} messages are read once
     * in the background, as a client's first SELECT, {@code UID FETCH 1:* (UID FLAGS)} and webmail page read them
     * (store.StartupWarmup): the first such request after a restart then finds the rows in the database's cache and
     * the code compiled. 0 mailboxes: off. {@code webmail}: the sign-in page is requested once over loopback (web's
     * WebmailWarmup) and the message list's template is rendered with made-up rows in process (web.mailbox's
     * MailboxListWarmup), so the first person to open the webmail after a restart does not wait for their first renders.
     */
    public record Warmup(@DefaultValue("4") int mailboxes, @DefaultValue("10000") int minMessages,
                         @DefaultValue("true") boolean webmail) {
        public Warmup {
            if (mailboxes < 0 || minMessages < 0) {
                throw new IllegalArgumentException("mailwright.warmup.mailboxes and min-messages >= 0");
            }
        }
    }

    /**
     * Look-ups kept in memory for a short time (store.RecentLookups): the account or alias of an RCPT address, each
     * recipient's active Sieve script, whether a domain is local, each mailbox's owner (the access check of every
     * command). This node's own changes apply at
     * once; a change made on another node sharing the PostgreSQL database applies after at most {@code ttl}. A TTL of
     * 0 looks up every time.
     */
    public record LookupCache(@DefaultValue("5s") Duration ttl, @DefaultValue("10000") int maxEntries) {
        public LookupCache {
            if (ttl.isNegative() || maxEntries < 0) {
                throw new IllegalArgumentException("mailwright.lookup-cache.ttl and max-entries >= 0");
            }
        }
    }

    /**
     * SELECT's pass over a mailbox (every UID, the first unseen, the keywords) kept in memory between SELECTs while the
     * mailbox row's counters stand still (store.SelectionCache): for mailboxes of at least {@code minMessages}, at most
     * {@code maxUids} UIDs over all of them (8 bytes each), least recently used mailbox first out; 0 keeps nothing.
     */
    public record SelectionCache(@DefaultValue("2000000") long maxUids, @DefaultValue("1000") int minMessages) {
        public SelectionCache {
            if (maxUids < 0 || minMessages < 0) {
                throw new IllegalArgumentException("mailwright.selection-cache.max-uids and min-messages >= 0");
            }
        }
    }

    /**
     * The rows of messages whose bytes a FETCH of a few messages read lately (store.OpenedMessages), kept so that the
     * next FETCH of the same message's body, parts or header needs no database statement (flags and modseq are always
     * read); at most {@code maxMessages} rows and 4 KB of their text per row on average, least recently used first
     * out; 0 keeps none.
     */
    public record OpenedMessages(@DefaultValue("2000") int maxMessages) {
        public OpenedMessages {
            if (maxMessages < 0) {
                throw new IllegalArgumentException("mailwright.opened-messages.max-messages >= 0");
            }
        }
    }

    /**
     * SORT and THREAD keys of recently sorted mailboxes kept in memory (store.MailboxRowCache), so that a SORT of a
     * big mailbox does not read every row again. Each kind (SORT keys, THREAD links) keeps at most this many rows
     * over all mailboxes, least recently used mailbox first out (roughly 0.3-1 KB of heap a row, more with long
     * References); a bigger mailbox is read from the database every time; 0 keeps nothing.
     */
    public record SortCache(@DefaultValue("250000") int maxMessages) {
        public SortCache {
            if (maxMessages < 0) {
                throw new IllegalArgumentException("mailwright.sort-cache.max-messages >= 0");
            }
        }
    }

    /**
     * The webmail behind a TLS reverse proxy (README "Behind a reverse proxy"): {@code X-Forwarded-*} headers are
     * honoured only from these addresses or CIDR blocks (with {@code server.forward-headers-strategy=native}).
     * Empty by default: nobody is believed.
     */
    public record ReverseProxy(@DefaultValue List<String> trustedAddresses) {
        public ReverseProxy {
            trustedAddresses = trustedAddresses.stream().map(String::strip).filter(a -> !a.isEmpty()).toList();
            for (String address : trustedAddresses) {
                if (!address.matches("[0-9A-Fa-f:.]+(/[0-9]{1,3})?")) {
                    throw new IllegalArgumentException("mailwright.reverse-proxy.trusted-addresses: an IP address or "
                            + "CIDR block, not a host name or pattern: " + address);
                }
            }
        }
    }

    /**
     * Showing HTML mail with its sender's CSS, trusted senders, and the attachments a refused compose form keeps
     * (README "HTML mail and remote content").
     */
    public record WebmailHtml(
            /** characters of one style attribute, and of all style elements of a message together; more is dropped */
            @DefaultValue("262144") int maxStyleChars,
            /** senders one account may trust to show remote content */
            @DefaultValue("500") int maxTrustedSenders,
            /** bytes of uploaded attachments kept for one account while its compose form comes back with an error */
            @DefaultValue("50MB") DataSize maxKeptAttachments,
            /** how long such attachments are kept when the form is never sent again */
            @DefaultValue("1h") Duration keptAttachmentsLifetime) {
        public WebmailHtml {
            if (maxStyleChars < 0 || maxTrustedSenders < 0 || maxKeptAttachments.isNegative()
                    || keptAttachmentsLifetime.isNegative() || keptAttachmentsLifetime.isZero()) {
                throw new IllegalArgumentException("mailwright.webmail-html: limits must not be negative, "
                        + "kept-attachments-lifetime > 0");
            }
        }
    }

    /**
     * Moving mail in the webmail (README "Moving mail in the webmail"): how long a move or delete can be taken back,
     * how many of those a session remembers, and how "all messages in this folder" is bounded.
     */
    public record WebmailMoving(
            /** a move (delete = move to Trash) can be undone for this long after it was done */
            @DefaultValue("10s") Duration undoWindow,
            /** moves a session remembers for undo, newest first; older ones cannot be undone */
            @DefaultValue("3") int undoEntries,
            /** "all N in this folder" acts on at most this many messages (the newest); the notice says so */
            @DefaultValue("10000") int maxBulkMessages,
            /** messages per store transaction when acting on a whole folder */
            @DefaultValue("500") int bulkBatchSize) {
        public WebmailMoving {
            if (undoWindow.isNegative() || undoWindow.isZero() || undoEntries < 1 || maxBulkMessages < 1 || bulkBatchSize < 1) {
                throw new IllegalArgumentException("mailwright.webmail-moving: undo-window > 0, undo-entries >= 1, "
                        + "max-bulk-messages >= 1, bulk-batch-size >= 1");
            }
        }
    }

    /**
     * The H2 search index's writes, taken off the request path (issue 17): new messages wait in a bounded queue and
     * one indexer thread adds them in batches; until then SEARCH still finds them (they are candidates). A writer that
     * finds the queue full indexes its message itself. {@code queueMessages = 0}: every message is indexed inline.
     */
    public record SearchIndexing(
            /** messages that may wait for the indexer */
            @DefaultValue("5000") int queueMessages,
            /** characters of folded text (body and header) that may wait for the indexer */
            @DefaultValue("33554432") long queueCharacters) {
        public SearchIndexing {
            if (queueMessages < 0 || queueCharacters < 0) {
                throw new IllegalArgumentException("mailwright.search-indexing: queue-messages and queue-characters >= 0");
            }
        }
    }
}
