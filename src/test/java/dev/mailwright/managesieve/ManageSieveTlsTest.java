package dev.mailwright.managesieve;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.mailwright.store.AccountStore;

/**
 * The listener as deployed: plaintext authentication is refused, so clients must use STARTTLS (RFC 5804 §2.2) first.
 * A raw socket checks the capabilities before and after TLS and the refusals; Debian's {@code sieve-connect} as a real
 * client uploads, lists, activates, downloads, checks, deactivates and deletes, with SASL PLAIN and with LOGIN. Time budget:
 * each sieve-connect run at most 60 s, about 20 runs, normally 1-2 s each.
 */
@SpringBootTest
@Timeout(600)
class ManageSieveTlsTest extends ManageSieveTestSupport {
    private static final String PASSWORD = "connect-secret";
    private static final String SCRIPT = """
            require ["fileinto", "imap4flags"];
            # from sieve-connect
            if header :contains "subject" "weekly report" {
                addflag "\\\\Flagged";
                fileinto "Reports";
            }
            """;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        common(registry, false);
    }

    @TempDir
    Path home;

    @Test
    void beforeTlsNoMechanismShouldBeOfferedAndAuthenticateShouldAnswerEncryptNeeded() throws Exception {
        AccountStore.Account account = newAccount("tls", PASSWORD);
        try (RawSieveClient client = new RawSieveClient(port())) {
            RawSieveClient.Response greeting = client.response();
            assertThat(greeting.lines()).contains("\"SASL\" \"\"", "\"STARTTLS\"");
            assertThat(client.command("AUTHENTICATE \"PLAIN\" \"" + plain(account.address(), PASSWORD) + "\"").status())
                    .startsWith("NO (ENCRYPT-NEEDED) ");
            assertThat(client.command("STARTTLS").status()).isEqualTo("OK \"Begin TLS negotiation now\"");
            client.startTls();
            RawSieveClient.Response again = client.response();
            assertThat(again.status()).isEqualTo("OK \"TLS negotiation successful\"");
            assertThat(again.lines()).contains("\"SASL\" \"PLAIN LOGIN\"").doesNotContain("\"STARTTLS\"");
            assertThat(client.command("STARTTLS").status()).isEqualTo("NO \"TLS is already active\"");
            assertThat(client.command("AUTHENTICATE \"PLAIN\" \"" + plain(account.address(), PASSWORD) + "\"").ok()).isTrue();
            assertThat(client.command("PUTSCRIPT \"over-tls\" \"keep;\"").ok()).isTrue();
        }
        assertThat(scripts.get(account.id(), "over-tls")).isPresent();
    }

    @Test
    void startTlsShouldRefuseCommandsPipelinedBehindIt() throws Exception {
        try (RawSieveClient client = new RawSieveClient(port())) {
            client.response();
            // CVE-2011-0411: what follows STARTTLS in the same packet must not survive into the TLS session
            client.send("STARTTLS\r\nCAPABILITY\r\n");
            assertThat(client.response().status()).isEqualTo("NO \"Data after STARTTLS is not allowed\"");
            assertThat(client.response().status()).as("the pipelined command, answered in the clear")
                    .isEqualTo("OK \"Capability completed\"");
        }
    }

    @Test
    void sieveConnectShouldUploadListActivateDownloadAndDeleteOverStartTlsWithPlain() throws Exception {
        roundTrip("PLAIN");
    }

    @Test
    void sieveConnectShouldWorkWithSaslLoginToo() throws Exception {
        roundTrip("LOGIN");
    }

    private void roundTrip(String mechanism) throws Exception {
        SieveConnect.require();
        AccountStore.Account account = newAccount("connect", PASSWORD);
        SieveConnect client = new SieveConnect(home, port(), account.address(), PASSWORD, mechanism);
        Path local = home.resolve("filters.siv");
        Files.writeString(local, SCRIPT, StandardCharsets.UTF_8);

        client.run(0, "--localsieve", local.toString(), "--remotesieve", "filters", "--upload");
        assertThat(scripts.get(account.id(), "filters").orElseThrow().content()).isEqualTo(SCRIPT);

        client.run(0, "--remotesieve", "filters", "--activate");
        assertThat(scripts.active(account.id()).orElseThrow().name()).isEqualTo("filters");
        assertThat(client.run(0, "--list")).contains("filters").containsIgnoringCase("active");

        Path downloaded = home.resolve("downloaded.siv");
        client.run(0, "--localsieve", downloaded.toString(), "--remotesieve", "filters", "--download");
        assertThat(Files.readString(downloaded, StandardCharsets.UTF_8)).isEqualTo(SCRIPT);

        Path broken = home.resolve("broken.siv");
        Files.writeString(broken, "require \"fileinto\";\nfileinto \"x\"\n");
        String refused = client.run(1, "--localsieve", broken.toString(), "--remotesieve", "broken", "--upload");
        assertThat(refused).contains("line 3, column 1");
        assertThat(scripts.get(account.id(), "broken")).isEmpty();

        client.run(0, "--localsieve", local.toString(), "--checkscript");
        assertThat(client.run(1, "--localsieve", broken.toString(), "--checkscript")).contains("line 3, column 1");
        assertThat(scripts.list(account.id())).extracting(s -> s.name()).containsExactly("filters");

        client.run(0, "--deactivate");
        assertThat(scripts.active(account.id())).isEmpty();
        client.run(0, "--remotesieve", "filters", "--delete");
        assertThat(scripts.list(account.id())).isEmpty();
        assertThat(client.run(0, "--list")).doesNotContain("filters");
    }
}
