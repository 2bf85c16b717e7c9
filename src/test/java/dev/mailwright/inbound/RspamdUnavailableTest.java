package dev.mailwright.inbound;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

import dev.mailwright.config.MailwrightProperties;
import dev.mailwright.inbound.rspamd.RspamdClient;
import dev.mailwright.inbound.spam.ContentScoring;
import dev.mailwright.store.MessageSource;
import dev.mailwright.net.TestPorts;

/**
 * rspamd that is down (a closed port) or hangs (a socket that accepts and never answers): with {@code on-failure:
 * ACCEPT} the message goes on marked unscanned, with {@code TEMPFAIL} it is deferred with 451 4.7.1. Real sockets;
 * each case is bounded by the configured 1 s time-out.
 */
class RspamdUnavailableTest {
    private static final String RAW = "From: a@sender.test\r\nTo: b@example.test\r\nSubject: hi\r\n\r\nHello\r\n";

    @Test
    void rspamdDownMeansAcceptedUnscannedOrDeferred() throws Exception {
        int closedPort = TestPorts.freePort();
        String url = "http://127.0.0.1:" + closedPort;

        Assessment accepted = scan(url, MailwrightProperties.Rspamd.OnFailure.ACCEPT);
        assertThat(accepted.refused()).isFalse();
        assertThat(accepted.headerFields()).containsExactly("X-Spam-Status: Unscanned, spam filter unavailable\r\n");

        Assessment deferred = scan(url, MailwrightProperties.Rspamd.OnFailure.TEMPFAIL);
        assertThat(deferred.refusal()).hasValueSatisfying(v -> assertThat(v)
                .isEqualTo(new InboundVerdict.Defer(451, "4.7.1", "Spam filter temporarily unavailable, try again later")));
    }

    @Test
    void aHangingRspamdTimesOutAndTheMessageGoesOn() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            long start = System.nanoTime();
            Assessment accepted = scan("http://127.0.0.1:" + silent.getLocalPort(), MailwrightProperties.Rspamd.OnFailure.ACCEPT);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(30));
            assertThat(accepted.refused()).isFalse();
            assertThat(accepted.headerFields()).containsExactly("X-Spam-Status: Unscanned, spam filter unavailable\r\n");
        }
    }

    private static Assessment scan(String url, MailwrightProperties.Rspamd.OnFailure onFailure) throws Exception {
        MailwrightProperties.Rspamd settings = new MailwrightProperties.Rspamd(url, "", "", Duration.ofSeconds(1),
                onFailure, DataSize.ofMegabytes(20), 10);
        ContentScoring scoring = new ContentScoring(new RspamdClient(settings), settings, client -> Optional.empty());
        InboundMessage message = new InboundMessage(InetAddress.getByName("127.0.0.7"), "client.test", "a@sender.test",
                List.of("b@example.test"), InboundMessage.Transport.PLAINTEXT, Optional.empty(),
                MessageSource.of(RAW.getBytes()), MessageHeader.parse(RAW.substring(0, RAW.indexOf("\r\n\r\n") + 2)));
        Assessment assessment = new Assessment();
        scoring.check(message, assessment);
        return assessment;
    }
}
