package dev.mailwright.imap;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;
import java.util.List;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.mailwright.net.LineClient;

/** Port 143 as deployed: no authentication before STARTTLS, no pipelined commands across the upgrade (RFC 3501 §6.2.1). */
@SpringBootTest
class ImapStartTlsTest extends ImapListenerTest {
    static final String PASSWORD = "tls-secret";

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        ImapTestSupport.common(registry);
        registry.add("mailwright.security.allow-plaintext-auth", () -> "false");
        ImapTestSupport.loopbackListener(registry, "imap");
    }

    String user;

    @BeforeEach
    void account() {
        user = newAccount("tls", PASSWORD).address();
    }

    private RawImapClient connect() throws Exception {
        RawImapClient client = new RawImapClient("127.0.0.1", listeners.boundPort("imap"));
        String greeting = client.line();
        assertThat(greeting).contains("STARTTLS").contains("LOGINDISABLED").doesNotContain("AUTH=");
        return client;
    }

    @Test
    void loginBeforeTlsShouldBeRefused() throws Exception {
        try (RawImapClient client = connect()) {
            client.send("a1 LOGIN \"" + user + "\" " + PASSWORD + "\r\n");
            assertThat(client.line()).startsWith("a1 NO [PRIVACYREQUIRED]");
            String plain = Base64.getEncoder().encodeToString(("\0" + user + "\0" + PASSWORD).getBytes());
            client.send("a2 AUTHENTICATE PLAIN " + plain + "\r\n");
            assertThat(client.line()).startsWith("a2 NO [PRIVACYREQUIRED]");
        }
    }

    @Test
    void commandsPipelinedAfterStartTlsShouldBeRefused() throws Exception {
        try (RawImapClient client = connect()) {
            client.send("a1 STARTTLS\r\na2 LOGIN x y\r\n");
            assertThat(client.line()).isEqualTo("a1 BAD Data after STARTTLS is not allowed");
        }
    }

    @Test
    void startTlsShouldUpgradeResetAndThenAllowAuthentication() throws Exception {
        try (RawImapClient client = connect()) {
            client.send("a0 ENABLE CONDSTORE\r\n");
            assertThat(client.line()).startsWith("a0 BAD");
            client.send("a1 STARTTLS\r\n");
            assertThat(client.line()).isEqualTo("a1 OK Begin TLS negotiation now");
            SSLSocket tls = (SSLSocket) trustAll().getSocketFactory().createSocket(client.socket(), "localhost",
                    client.socket().getPort(), true);
            tls.setUseClientMode(true);
            tls.startHandshake();
            client.attach(tls);
            client.send("a2 CAPABILITY\r\n");
            List<String> caps = client.until("a2");
            assertThat(caps.getFirst()).contains("AUTH=PLAIN").doesNotContain("STARTTLS").doesNotContain("LOGINDISABLED");
            client.send("a3 STARTTLS\r\n");
            assertThat(client.line()).startsWith("a3 BAD");
            String plain = Base64.getEncoder().encodeToString(("\0" + user + "\0" + PASSWORD).getBytes());
            client.send("a4 AUTHENTICATE PLAIN\r\n");
            assertThat(client.line()).isEqualTo("+ ");
            client.send(plain + "\r\n");
            assertThat(client.line()).startsWith("a4 OK [CAPABILITY IMAP4rev1");
        }
    }

    static SSLContext trustAll() {
        return LineClient.trustAll();
    }
}
