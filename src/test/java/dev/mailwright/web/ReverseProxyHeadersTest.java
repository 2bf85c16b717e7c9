package dev.mailwright.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Behind a TLS reverse proxy: {@code X-Forwarded-Proto: https} from the configured proxy (127.0.0.1) makes the request
 * secure, so the session cookie carries {@code Secure}; the same header from any other address (127.0.0.2) is ignored.
 * Raw HTTP/1.1 over loopback sockets, so the test controls the client's source address.
 */
@Timeout(120)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "mailwright.smtp.port=0", "mailwright.submission.port=0", "mailwright.submissions.port=0",
        "mailwright.imap.port=0", "mailwright.imaps.port=0", "mailwright.hostname=mail.example.test",
        "mailwright.domains=example.test", "mailwright.reverse-proxy.trusted-addresses=127.0.0.1"})
class ReverseProxyHeadersTest {
    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void dataDir(DynamicPropertyRegistry registry) throws IOException {
        var dir = Files.createTempDirectory("mailwright-proxy-test");
        registry.add("mailwright.data-dir", dir::toString);
    }

    @Test
    void sessionCookieShouldBeSecureOnlyWhenTheTrustedProxySaysHttps() throws Exception {
        assertThat(sessionCookie("127.0.0.1", "X-Forwarded-Proto: https\r\nX-Forwarded-For: 203.0.113.9\r\n"))
                .contains("Secure").contains("HttpOnly");
        assertThat(sessionCookie("127.0.0.1", "")).doesNotContain("Secure");
        // someone else claiming to be the proxy is not believed
        assertThat(sessionCookie("127.0.0.2", "X-Forwarded-Proto: https\r\n")).doesNotContain("Secure").contains("HttpOnly");
    }

    @Test
    void trustedProxyShouldNotBeAHostNameOrPattern() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new dev.mailwright.config.MailwrightProperties
                .ReverseProxy(List.of("proxy.example.test"))).isInstanceOf(IllegalArgumentException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new dev.mailwright.config.MailwrightProperties
                .ReverseProxy(List.of("10\\.0\\..*"))).isInstanceOf(IllegalArgumentException.class);
        assertThat(new dev.mailwright.config.MailwrightProperties.ReverseProxy(List.of(" 10.0.0.0/8 ", "::1")).trustedAddresses())
                .containsExactly("10.0.0.0/8", "::1");
    }

    /** GET /login (which starts a session for its CSRF token) from {@code source}; the Set-Cookie line of JSESSIONID. */
    private String sessionCookie(String source, String extraHeaders) throws IOException {
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(InetAddress.getByName(source), 0));
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("GET /login HTTP/1.1\r\nHost: mail.example.test\r\n" + extraHeaders
                    + "Connection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            String response = new String(in.readNBytes(1 << 20), StandardCharsets.UTF_8);
            String head = response.substring(0, response.indexOf("\r\n\r\n"));
            assertThat(head).startsWith("HTTP/1.1 200");
            return Arrays.stream(head.split("\r\n")).filter(l -> l.regionMatches(true, 0, "Set-Cookie: JSESSIONID=", 0, 23))
                    .findFirst().orElseThrow(() -> new AssertionError("no session cookie in " + head));
        }
    }
}
