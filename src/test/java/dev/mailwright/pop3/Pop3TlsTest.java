package dev.mailwright.pop3;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.mailwright.store.AccountStore;

/** STLS (RFC 2595) on the plain listener and implicit TLS on pop3s, with plaintext authentication refused. */
@SpringBootTest
@Timeout(120)
class Pop3TlsTest extends Pop3TestSupport {
    private static final String PASSWORD = "tls-secret";

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        common(registry, false);
        loopbackListener(registry, "pop3");
        loopbackListener(registry, "pop3s");
    }

    AccountStore.Account account;

    @BeforeEach
    void account() {
        account = newAccount("tls", PASSWORD);
    }

    @Test
    void withoutTlsNoPasswordShouldBeAccepted() throws Exception {
        try (RawPop3Client client = new RawPop3Client(port("pop3"))) {
            client.line();
            assertThat(client.command("CAPA")).startsWith("+OK");
            assertThat(client.multiline()).contains("STLS").doesNotContain("USER", "SASL PLAIN");
            assertThat(client.command("USER " + account.address())).startsWith("-ERR [AUTH]");
            assertThat(client.command("PASS " + PASSWORD)).startsWith("-ERR [AUTH]");
            String plain = Base64.getEncoder().encodeToString(("\0" + account.address() + "\0" + PASSWORD).getBytes(StandardCharsets.UTF_8));
            assertThat(client.command("AUTH PLAIN " + plain)).startsWith("-ERR [AUTH]");
        }
    }

    @Test
    void stlsShouldUpgradeAndThenAllowLogin() throws Exception {
        deliver(account.id(), "Subject: tls\r\n\r\nsecret body\r\n");
        try (RawPop3Client client = new RawPop3Client(port("pop3"))) {
            client.line();
            assertThat(client.command("STLS")).startsWith("+OK");
            client.startTls();
            assertThat(client.command("CAPA")).startsWith("+OK");
            assertThat(client.multiline()).contains("USER", "SASL PLAIN").doesNotContain("STLS");
            assertThat(client.command("STLS")).startsWith("-ERR");
            assertThat(client.command("USER " + account.address())).startsWith("+OK");
            assertThat(client.command("PASS " + PASSWORD)).startsWith("+OK");
            assertThat(client.command("RETR 1")).startsWith("+OK");
            assertThat(client.multiline()).contains("secret body");
        }
    }

    @Test
    void bytesPipelinedAfterStlsShouldBeRefused() throws Exception {
        try (RawPop3Client client = new RawPop3Client(port("pop3"))) {
            client.line();
            client.send("STLS\r\nUSER injected\r\n");
            assertThat(client.line()).startsWith("-ERR");
            assertThat(client.line()).as("still plaintext, the injected line is an ordinary command").startsWith("-ERR [AUTH]");
        }
    }

    @Test
    void pop3sShouldSpeakTlsFromTheFirstByte() throws Exception {
        try (RawPop3Client client = RawPop3Client.implicitTls(port("pop3s"))) {
            assertThat(client.line()).startsWith("+OK ");
            assertThat(client.command("CAPA")).startsWith("+OK");
            assertThat(client.multiline()).contains("USER", "SASL PLAIN").doesNotContain("STLS");
            assertThat(client.command("STLS")).startsWith("-ERR");
            String plain = Base64.getEncoder().encodeToString(("\0" + account.address() + "\0" + PASSWORD).getBytes(StandardCharsets.UTF_8));
            assertThat(client.command("AUTH PLAIN " + plain)).startsWith("+OK");
            assertThat(client.command("STAT")).isEqualTo("+OK 0 0");
        }
    }
}
