package dev.mailwright.delivery.route;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.SimpleResolver;

@Timeout(20)
class MxResolverTest {

    private static Name name(String s) throws Exception {
        return Name.fromString(s, Name.root);
    }

    private static MxResolver resolverFor(FakeDnsServer dns) throws Exception {
        SimpleResolver resolver = new SimpleResolver(InetAddress.getLoopbackAddress());
        resolver.setPort(dns.port());
        return new MxResolver(resolver, Duration.ofSeconds(3));
    }

    @Test
    void resolveShouldReturnMxHostsInPreferenceOrder() throws Exception {
        try (FakeDnsServer dns = new FakeDnsServer(
                new MXRecord(name("other.test"), DClass.IN, 60, 20, name("backup.other.test")),
                new MXRecord(name("other.test"), DClass.IN, 60, 10, name("mx1.other.test")))) {
            assertThat(resolverFor(dns).resolve("other.test"))
                    .isEqualTo(new MxResolver.MxResult.Hosts(java.util.List.of("mx1.other.test", "backup.other.test")));
        }
    }

    @Test
    void resolveShouldFallBackToTheDomainWhenItHasNoMxButAnAddress() throws Exception {
        try (FakeDnsServer dns = new FakeDnsServer(
                new ARecord(name("plain.test"), DClass.IN, 60, InetAddress.getByName("192.0.2.1")))) {
            assertThat(resolverFor(dns).resolve("plain.test")).isEqualTo(new MxResolver.MxResult.Hosts(java.util.List.of("plain.test")));
        }
    }

    @Test
    void resolveShouldFallBackToAaaaOnlyDomains() throws Exception {
        try (FakeDnsServer dns = new FakeDnsServer(
                new AAAARecord(name("six.test"), DClass.IN, 60, InetAddress.getByName("2001:db8::1")))) {
            assertThat(resolverFor(dns).resolve("six.test")).isEqualTo(new MxResolver.MxResult.Hosts(java.util.List.of("six.test")));
        }
    }

    @Test
    void nullMxShouldMeanTheDomainAcceptsNoMail() throws Exception {
        try (FakeDnsServer dns = new FakeDnsServer(new MXRecord(name("nomail.test"), DClass.IN, 60, 0, Name.root))) {
            assertThat(resolverFor(dns).resolve("nomail.test")).isInstanceOf(MxResolver.MxResult.NoMail.class);
        }
    }

    @Test
    void nonexistentDomainShouldBeAPermanentFailure() throws Exception {
        try (FakeDnsServer dns = new FakeDnsServer()) {
            assertThat(resolverFor(dns).resolve("missing.test")).isInstanceOf(MxResolver.MxResult.NoMail.class);
        }
    }

    @Test
    void unreachableDnsShouldBeRetriedLater() throws Exception {
        int deadPort;
        try (java.net.DatagramSocket probe = new java.net.DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            deadPort = probe.getLocalPort();   // closed again below: nobody answers there
        }
        SimpleResolver dead = new SimpleResolver(InetAddress.getLoopbackAddress());
        dead.setPort(deadPort);
        assertThat(new MxResolver(dead, Duration.ofMillis(500)).resolve("other.test")).isInstanceOf(MxResolver.MxResult.TryAgain.class);
    }
}
