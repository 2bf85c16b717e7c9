package dev.mailwright.delivery.route;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.mailwright.dns.TestDnsServer;

@Timeout(30)
class MxResolverTest {

    @Test
    void resolveShouldReturnMxHostsInPreferenceOrder() throws Exception {
        try (TestDnsServer dns = new TestDnsServer().mx("other.test", 20, "backup.other.test").mx("other.test", 10, "mx1.other.test")) {
            assertThat(new MxResolver(dns.resolver()).resolve("other.test"))
                    .isEqualTo(new MxResolver.MxResult.Hosts(List.of("mx1.other.test", "backup.other.test")));
        }
    }

    @Test
    void resolveShouldFallBackToTheDomainWhenItHasNoMxButAnAddress() throws Exception {
        try (TestDnsServer dns = new TestDnsServer().a("plain.test", "192.0.2.1")) {
            assertThat(new MxResolver(dns.resolver()).resolve("plain.test")).isEqualTo(new MxResolver.MxResult.Hosts(List.of("plain.test")));
        }
    }

    @Test
    void resolveShouldFallBackToAaaaOnlyDomains() throws Exception {
        try (TestDnsServer dns = new TestDnsServer().aaaa("six.test", "2001:db8::1")) {
            assertThat(new MxResolver(dns.resolver()).resolve("six.test")).isEqualTo(new MxResolver.MxResult.Hosts(List.of("six.test")));
        }
    }

    @Test
    void nullMxShouldMeanTheDomainAcceptsNoMail() throws Exception {
        try (TestDnsServer dns = new TestDnsServer().mx("nomail.test", 0, ".")) {
            assertThat(new MxResolver(dns.resolver()).resolve("nomail.test")).isInstanceOf(MxResolver.MxResult.NoMail.class);
        }
    }

    @Test
    void nonexistentDomainShouldBeAPermanentFailure() throws Exception {
        try (TestDnsServer dns = new TestDnsServer()) {
            assertThat(new MxResolver(dns.resolver()).resolve("missing.test")).isInstanceOf(MxResolver.MxResult.NoMail.class);
        }
    }

    @Test
    void unansweredDnsShouldBeRetriedLater() throws Exception {
        try (TestDnsServer dns = new TestDnsServer().silence("other.test")) {
            assertThat(new MxResolver(dns.resolver(10, Duration.ofMillis(500))).resolve("other.test"))
                    .isInstanceOf(MxResolver.MxResult.TryAgain.class);
        }
    }
}
