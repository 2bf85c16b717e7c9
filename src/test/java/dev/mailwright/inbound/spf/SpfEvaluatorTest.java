package dev.mailwright.inbound.spf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.mailwright.config.MailwrightProperties;
import dev.mailwright.dns.TestDnsServer;
import dev.mailwright.inbound.spf.SpfResult.Result;

/** The configurable limits of SPF evaluation, against {@link TestDnsServer}. */
@Timeout(60)
class SpfEvaluatorTest {

    private static SpfEvaluator.Outcome evaluate(TestDnsServer dns, int maxTerms, int maxVoid, Duration budget, String domain) throws Exception {
        Clock clock = Clock.systemUTC();
        return new SpfEvaluator(dns.resolver(), maxTerms, maxVoid, clock.instant().plus(budget), clock)
                .evaluate(InetAddress.getByName("192.0.2.10"), domain, "someone@" + domain, "helo.test");
    }

    @Test
    void theDnsTermLimitShouldFollowConfiguration() throws Exception {
        try (TestDnsServer dns = new TestDnsServer()
                .txt("three.test", "v=spf1 a:a1.three.test a:a2.three.test a:a3.three.test ip4:192.0.2.10 -all")
                .a("a1.three.test", "198.51.100.1").a("a2.three.test", "198.51.100.2").a("a3.three.test", "198.51.100.3")) {
            assertThat(evaluate(dns, 3, 2, Duration.ofSeconds(20), "three.test").result()).isEqualTo(Result.PASS);
            assertThat(evaluate(dns, 2, 2, Duration.ofSeconds(20), "three.test").result()).isEqualTo(Result.PERMERROR);
        }
    }

    @Test
    void theVoidLookupLimitShouldFollowConfiguration() throws Exception {
        try (TestDnsServer dns = new TestDnsServer().txt("void.test", "v=spf1 a:gone1.void.test ip4:192.0.2.10 -all")) {
            assertThat(evaluate(dns, 10, 1, Duration.ofSeconds(20), "void.test").result()).isEqualTo(Result.PASS);
            assertThat(evaluate(dns, 10, 0, Duration.ofSeconds(20), "void.test").result()).isEqualTo(Result.PERMERROR);
        }
    }

    @Test
    void anExhaustedTimeBudgetShouldBeATemperror() throws Exception {
        try (TestDnsServer dns = new TestDnsServer().txt("slow.test", "v=spf1 -all")) {
            assertThat(evaluate(dns, 10, 2, Duration.ZERO, "slow.test").result()).isEqualTo(Result.TEMPERROR);
        }
    }

    @Test
    void macrosShouldExpandAsRfc7208Section7Shows() throws Exception {
        SpfMacros.Context context = new SpfMacros.Context("strong-bad@email.example.com", "email.example.com",
                InetAddress.getByName("192.0.2.3"), "mx.example.org", "unknown");
        assertThat(SpfMacros.expand("%{s}", context, false)).isEqualTo("strong-bad@email.example.com");
        assertThat(SpfMacros.expand("%{d4}", context, false)).isEqualTo("email.example.com");
        assertThat(SpfMacros.expand("%{d2}", context, false)).isEqualTo("example.com");
        assertThat(SpfMacros.expand("%{dr}", context, false)).isEqualTo("com.example.email");
        assertThat(SpfMacros.expand("%{d2r}", context, false)).isEqualTo("example.email");
        assertThat(SpfMacros.expand("%{l-}", context, false)).isEqualTo("strong.bad");
        assertThat(SpfMacros.expand("%{lr-}", context, false)).isEqualTo("bad.strong");
        assertThat(SpfMacros.expand("%{ir}.%{v}._spf.%{d2}", context, false)).isEqualTo("3.2.0.192.in-addr._spf.example.com");
        assertThat(SpfMacros.dotted(InetAddress.getByName("2001:db8::cb01")))
                .isEqualTo("2.0.0.1.0.d.b.8.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.c.b.0.1");
        assertThatThrownBy(() -> SpfMacros.expand("%{c}", context, false)).isInstanceOf(SpfMacros.MacroSyntaxException.class);
    }

    @Test
    void limitsOutsideTheirRangeShouldBeRefusedAtStartup() {
        assertThatThrownBy(() -> new MailwrightProperties.Inbound.Spf(0, 2, Duration.ofSeconds(1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new MailwrightProperties.Inbound.Dkim(0, 1024)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new MailwrightProperties.Dns(java.util.List.of(), Duration.ZERO, 10, Duration.ofHours(1), Duration.ofMinutes(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
