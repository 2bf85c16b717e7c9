package dev.mailwright.delivery;

import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;

import dev.mailwright.config.MailwrightProperties;
import dev.mailwright.delivery.client.TlsPolicy;
import dev.mailwright.delivery.dkim.DkimKeys;
import dev.mailwright.delivery.route.MxResolver;
import dev.mailwright.delivery.route.OutboundRouter;
import dev.mailwright.dns.DnsResolver;
import dev.mailwright.store.AccountStore;
import dev.mailwright.sieve.SieveLimits;
import dev.mailwright.store.MailStore;
import dev.mailwright.store.SieveDuplicates;
import dev.mailwright.store.SieveScripts;
import dev.mailwright.store.OutboundQueue;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/** Wiring of outbound delivery: DNS, routes, DKIM keys, TLS, metrics and the queue worker. */
@Configuration(proxyBeanMethods = false)
class DeliveryConfiguration {
    private static final Logger log = LoggerFactory.getLogger(DeliveryConfiguration.class);

    @Bean
    DkimKeys dkimKeys(MailwrightProperties properties) {
        return new DkimKeys(properties.dataDir().resolve("dkim"));
    }

    /**
     * The one mapping of {@code mailwright.sieve.*} to the interpreter's limits: delivery, ManageSieve and the webmail's
     * pages compile with the same ones, so a script accepted by either door also compiles at delivery.
     */
    @Bean
    SieveLimits sieveLimits(MailwrightProperties properties) {
        MailwrightProperties.Sieve sieve = properties.sieve();
        return new SieveLimits((int) Math.min(Integer.MAX_VALUE, sieve.maxScriptSize().toBytes()), sieve.maxNesting(),
                sieve.maxActions(), sieve.maxRedirects(), sieve.maxMatchSteps(), SieveLimits.DEFAULTS.maxVariableChars(),
                SieveLimits.DEFAULTS.maxVariables(), sieve.maxIncludeDepth(), sieve.maxIncludes(), sieve.maxHeaderEdits(),
                sieve.duplicatePeriod(), sieve.maxDuplicatePeriod());
    }

    @Bean
    LocalDelivery localDelivery(MailwrightProperties properties, MailStore store, AccountStore accounts, SieveScripts scripts,
                                SieveDuplicates duplicates, SieveLimits limits) {
        MailwrightProperties.Sieve sieve = properties.sieve();
        Path global = sieve.globalScriptsDir().isBlank() ? properties.dataDir().resolve("sieve-global") : Path.of(sieve.globalScriptsDir());
        return new LocalDelivery(store, accounts, scripts, duplicates, new LocalDelivery.GlobalSieveScripts(Optional.of(global), limits),
                limits, properties.hostname(), Clock.systemUTC());
    }

    @Bean
    OutboundRouter outboundRouter(MailwrightProperties properties, DnsResolver dns) {
        return new OutboundRouter(properties.delivery(), new MxResolver(dns));
    }

    @Bean
    OutboundDelivery outboundDelivery(MailwrightProperties properties, OutboundQueue queue, MailStore store, AccountStore accounts,
                                      OutboundRouter router, DkimKeys dkimKeys, MeterRegistry meters, LocalDelivery localDelivery)
            throws GeneralSecurityException {
        SSLContext trustAll = SSLContext.getInstance("TLS");
        trustAll.init(null, new TrustManager[] {new AcceptAnyCertificate()}, null);
        SSLSocketFactory verifying = (SSLSocketFactory) SSLSocketFactory.getDefault();
        OutboundDelivery.TlsFactories tls = policy -> policy == TlsPolicy.OPPORTUNISTIC ? trustAll.getSocketFactory() : verifying;

        Gauge.builder("mailwright.queue.size", queue, OutboundQueue::size).description("entries in the outbound queue").register(meters);
        Counter delivered = Counter.builder("mailwright.delivery.attempts").tag("outcome", "delivered").register(meters);
        Counter deferred = Counter.builder("mailwright.delivery.attempts").tag("outcome", "deferred").register(meters);
        Counter bounced = Counter.builder("mailwright.delivery.attempts").tag("outcome", "bounced").register(meters);
        OutboundDelivery.DeliveryMetrics metrics = new OutboundDelivery.DeliveryMetrics() {
            @Override
            public void delivered() {
                delivered.increment();
            }

            @Override
            public void deferred() {
                deferred.increment();
            }

            @Override
            public void bounced() {
                bounced.increment();
            }
        };
        return new OutboundDelivery(properties, queue, store, accounts, router, dkimKeys, tls, metrics, Clock.systemUTC(),
                localDelivery);
    }

    @Bean
    OutboundQueueWorker outboundQueueWorker(OutboundDelivery delivery, MailwrightProperties properties) {
        return new OutboundQueueWorker(delivery, properties.delivery());
    }

    /** Until an admin page shows them, the DKIM records to publish go to the log at every start. */
    @EventListener(ApplicationReadyEvent.class)
    void logDkimRecords(ApplicationReadyEvent event) {
        MailwrightProperties properties = event.getApplicationContext().getBean(MailwrightProperties.class);
        if (!properties.delivery().dkim()) {
            return;
        }
        DkimKeys keys = event.getApplicationContext().getBean(DkimKeys.class);
        for (String domain : properties.domains()) {
            log.info("DKIM: publish TXT {}._domainkey.{} \"{}\"", DkimKeys.SELECTOR, domain, keys.dnsRecord(domain));
        }
    }

    /**
     * Opportunistic TLS towards MX hosts encrypts without authenticating (RFC 7435): most MX certificates
     * would not validate for the MX name, and refusing would only push the mail to plaintext.
     */
    private static final class AcceptAnyCertificate implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
            throw new UnsupportedOperationException("client side only");
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
            // accepted on purpose: see the class comment
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
