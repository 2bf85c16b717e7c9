package dev.mailwright.dns;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.xbill.DNS.Type;

import dev.mailwright.config.MailwrightProperties;

/** The shared resolver against {@link TestDnsServer} over real UDP/TCP on loopback. */
@Timeout(60)
class DnsResolverTest {

    /** A clock the test moves by hand. */
    private static final class ManualClock extends Clock {
        private Instant now = Instant.parse("2026-01-01T00:00:00Z");

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private static DnsResolver resolver(TestDnsServer dns, ManualClock clock, int cacheSize, Duration maxNegativeTtl) {
        return DnsResolver.forServers(List.of(dns.address()),
                new MailwrightProperties.Dns(List.of(), Duration.ofSeconds(3), cacheSize, Duration.ofHours(1), maxNegativeTtl), clock);
    }

    @Test
    void lookupsShouldTellRecordsNxdomainNodataAndTemporaryErrorsApart() throws Exception {
        try (TestDnsServer dns = new TestDnsServer().txt("a.test", "v=spf1 -all").a("a.test", "192.0.2.7")
                .aaaa("a.test", "2001:db8::7").mx("a.test", 5, "mx.a.test").ptr("192.0.2.7", "host.a.test").failWith("broken.test")) {
            DnsResolver resolver = dns.resolver();
            assertThat(resolver.txt("a.test")).isEqualTo(new DnsResult.Records<>(List.of("v=spf1 -all")));
            assertThat(resolver.a("a.test")).isEqualTo(new DnsResult.Records<>(List.of(InetAddress.getByName("192.0.2.7"))));
            assertThat(resolver.aaaa("A.TEST.")).isEqualTo(new DnsResult.Records<>(List.of(InetAddress.getByName("2001:db8::7"))));
            assertThat(resolver.mx("a.test")).isEqualTo(new DnsResult.Records<>(List.of(new MxHost(5, "mx.a.test"))));
            assertThat(resolver.ptr(InetAddress.getByName("192.0.2.7"))).isEqualTo(new DnsResult.Records<>(List.of("host.a.test")));
            assertThat(resolver.txt("missing.test")).isEqualTo(new DnsResult.NxDomain<>());
            assertThat(resolver.mx("mx.a.test")).isEqualTo(new DnsResult.NxDomain<>());
            assertThat(resolver.txt("mx.a.test").isVoid()).isTrue();
            assertThat(new TestDnsServer().txt("x.test", "y").resolver().mx("x.test")).isEqualTo(new DnsResult.NoData<>());
            assertThat(resolver.txt("broken.test")).isInstanceOf(DnsResult.TempError.class);
        }
    }

    @Test
    void unansweredQuestionsShouldBecomeTemporaryErrorsWithinTheTimeout() throws Exception {
        try (TestDnsServer dns = new TestDnsServer().silence("slow.test")) {
            long start = System.nanoTime();
            assertThat(dns.resolver(10, Duration.ofMillis(400)).txt("slow.test")).isInstanceOf(DnsResult.TempError.class);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
        }
    }

    @Test
    void longTxtRecordsShouldBeJoinedAndFetchedOverTcpWhenUdpTruncates() throws Exception {
        String key = "v=DKIM1; k=rsa; p=" + "A".repeat(1500);
        try (TestDnsServer dns = new TestDnsServer().txt("big._domainkey.a.test", key)) {
            assertThat(dns.resolver().txt("big._domainkey.a.test")).isEqualTo(new DnsResult.Records<>(List.of(key)));
            assertThat(dns.tcpQueries()).isPositive();
        }
    }

    @Test
    void answersShouldBeCachedForTheirTtlOnly() throws Exception {
        ManualClock clock = new ManualClock();
        try (TestDnsServer dns = new TestDnsServer().defaultTtl(300).txt("ttl.test", "one")) {
            DnsResolver resolver = resolver(dns, clock, 100, Duration.ofMinutes(15));
            assertThat(resolver.txt("ttl.test").recordsOrEmpty()).containsExactly("one");
            dns.remove("ttl.test", Type.TXT).txt("ttl.test", "two");
            clock.advance(Duration.ofSeconds(299));
            assertThat(resolver.txt("ttl.test").recordsOrEmpty()).containsExactly("one");
            assertThat(dns.queries("ttl.test", Type.TXT)).isEqualTo(1);
            clock.advance(Duration.ofSeconds(2));
            assertThat(resolver.txt("ttl.test").recordsOrEmpty()).containsExactly("two");
            assertThat(dns.queries("ttl.test", Type.TXT)).isEqualTo(2);
        }
    }

    @Test
    void negativeAnswersShouldBeCachedForTheSoaMinimumCappedByConfiguration() throws Exception {
        ManualClock clock = new ManualClock();
        try (TestDnsServer dns = new TestDnsServer().negativeTtl(3600)) {
            DnsResolver resolver = resolver(dns, clock, 100, Duration.ofSeconds(30));
            assertThat(resolver.txt("gone.test")).isEqualTo(new DnsResult.NxDomain<>());
            clock.advance(Duration.ofSeconds(29));
            assertThat(resolver.txt("gone.test")).isEqualTo(new DnsResult.NxDomain<>());
            assertThat(dns.queries("gone.test", Type.TXT)).isEqualTo(1);
            dns.txt("gone.test", "back");
            clock.advance(Duration.ofSeconds(2));
            assertThat(resolver.txt("gone.test").recordsOrEmpty()).containsExactly("back");
        }
    }

    @Test
    void temporaryErrorsShouldNotBeCached() throws Exception {
        ManualClock clock = new ManualClock();
        try (TestDnsServer dns = new TestDnsServer().failWith("flaky.test")) {
            DnsResolver resolver = resolver(dns, clock, 100, Duration.ofMinutes(15));
            resolver.txt("flaky.test");
            resolver.txt("flaky.test");
            assertThat(dns.queries("flaky.test", Type.TXT)).isEqualTo(2);
        }
    }

    @Test
    void theCacheShouldStayWithinItsConfiguredSize() throws Exception {
        ManualClock clock = new ManualClock();
        try (TestDnsServer dns = new TestDnsServer()) {
            for (int i = 0; i < 20; i++) {
                dns.txt("n" + i + ".test", "v" + i);
            }
            DnsResolver resolver = resolver(dns, clock, 5, Duration.ofMinutes(15));
            for (int i = 0; i < 20; i++) {
                assertThat(resolver.txt("n" + i + ".test").recordsOrEmpty()).containsExactly("v" + i);
            }
            assertThat(resolver.cachedAnswers()).isEqualTo(5);
            resolver.txt("n19.test");
            assertThat(dns.queries("n19.test", Type.TXT)).isEqualTo(1);
            resolver.txt("n0.test");
            assertThat(dns.queries("n0.test", Type.TXT)).isEqualTo(2);
        }
    }

    @Test
    void cnameChainsInsideAnAnswerShouldBeFollowed() throws Exception {
        try (TestDnsServer dns = new TestDnsServer().cname("alias.test", "real.test").txt("real.test", "v=DMARC1; p=none")) {
            assertThat(dns.resolver().txt("alias.test").recordsOrEmpty()).containsExactly("v=DMARC1; p=none");
        }
    }
}
