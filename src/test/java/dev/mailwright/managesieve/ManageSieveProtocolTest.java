package dev.mailwright.managesieve;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Base64;
import java.util.Optional;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.mailwright.sieve.SieveScript;
import dev.mailwright.store.AccountStore;
import dev.mailwright.store.MailStore;
import dev.mailwright.store.MessageMeta;
import dev.mailwright.store.SystemFlag;
import dev.mailwright.store.UidSet;

/**
 * Every RFC 5804 command and its errors over a raw socket (plaintext AUTH allowed here; TLS in ManageSieveTlsTest), and
 * a script put over ManageSieve filing mail that arrives on the MX port.
 */
@SpringBootTest
@Timeout(120)
class ManageSieveProtocolTest extends ManageSieveTestSupport {
    private static final String PASSWORD = "sieve-secret";
    private static final String SCRIPT = "require \"fileinto\";\r\nif header :contains \"subject\" \"report\" {\r\n"
            + "  fileinto \"Reports\";\r\n}\r\n";

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        common(registry, true);
        registry.add("mailwright.sieve.max-scripts", () -> "3");
        registry.add("mailwright.sieve.max-script-size", () -> "2KB");
        loopbackListener(registry, "smtp");
    }

    @Autowired
    MailStore store;

    AccountStore.Account account;

    @BeforeEach
    void account() {
        account = newAccount("sieve", PASSWORD);
    }

    private static String literal(String text) {
        return "{" + text.getBytes(StandardCharsets.UTF_8).length + "+}\r\n" + text;
    }

    private RawSieveClient login() throws Exception {
        return login(account, PASSWORD);
    }

    @Test
    void greetingShouldBeTheCapabilityListAndOk() throws Exception {
        try (RawSieveClient client = new RawSieveClient(port())) {
            RawSieveClient.Response greeting = client.response();
            assertThat(greeting.status()).startsWith("OK");
            assertThat(greeting.lines()).contains("\"IMPLEMENTATION\" \"Mailwright\"", "\"SASL\" \"PLAIN LOGIN\"",
                    "\"SIEVE\" \"" + String.join(" ", SieveScript.EXTENSIONS) + "\"", "\"STARTTLS\"",
                    "\"MAXREDIRECTS\" \"4\"", "\"VERSION\" \"1.0\"", "\"UNAUTHENTICATE\"");
            assertThat(greeting.lines()).noneMatch(l -> l.startsWith("\"OWNER\"") || l.startsWith("\"NOTIFY\""));
            assertThat(client.command("CAPABILITY"))
                    .isEqualTo(new RawSieveClient.Response(greeting.lines(), "OK \"Capability completed\""));
        }
    }

    @Test
    void capabilityAfterLoginShouldNameTheOwnerAndNoLongerOfferStartTls() throws Exception {
        try (RawSieveClient client = login()) {
            RawSieveClient.Response capabilities = client.command("CAPABILITY");
            assertThat(capabilities.lines()).contains("\"OWNER\" \"" + account.address() + "\"").doesNotContain("\"STARTTLS\"");
        }
    }

    @Test
    void authenticatePlainShouldAcceptAContinuationAnsweredWithALiteral() throws Exception {
        try (RawSieveClient client = new RawSieveClient(port())) {
            client.response();
            client.send("AUTHENTICATE \"PLAIN\"\r\n");
            assertThat(client.rawLine()).as("an empty challenge").isEqualTo("\"\"");
            assertThat(client.command(literal(plain(account.address(), PASSWORD))).status()).isEqualTo("OK \"Logged in\"");
            assertThat(client.command("LISTSCRIPTS").ok()).isTrue();
        }
    }

    @Test
    void authenticatePlainShouldAcceptASynchronizingLiteralAsInitialResponse() throws Exception {
        try (RawSieveClient client = new RawSieveClient(port())) {
            client.response();
            String response = plain(account.address(), PASSWORD);
            assertThat(client.command("AUTHENTICATE \"PLAIN\" {" + response.length() + "}\r\n" + response).status())
                    .isEqualTo("OK \"Logged in\"");
        }
    }

    @Test
    void authenticateLoginShouldAskForUserAndPassword() throws Exception {
        try (RawSieveClient client = new RawSieveClient(port())) {
            client.response();
            client.send("AUTHENTICATE \"LOGIN\"\r\n");
            assertThat(client.rawLine()).isEqualTo("\"VXNlcm5hbWU6\"");
            client.send("\"" + b64(account.address()) + "\"\r\n");
            assertThat(client.rawLine()).isEqualTo("\"UGFzc3dvcmQ6\"");
            assertThat(client.command("\"" + b64(PASSWORD) + "\"").status()).isEqualTo("OK \"Logged in\"");
        }
    }

    private static String b64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void authenticateShouldRefuseWrongPasswordsCancellationAndUnknownMechanisms() throws Exception {
        try (RawSieveClient client = new RawSieveClient(port())) {
            client.response();
            assertThat(client.command("AUTHENTICATE \"PLAIN\" \"" + plain(account.address(), "wrong") + "\"").status())
                    .isEqualTo("NO \"Authentication failed\"");
            client.send("AUTHENTICATE \"PLAIN\"\r\n");
            assertThat(client.rawLine()).isEqualTo("\"\"");
            assertThat(client.command("\"*\"").status()).isEqualTo("NO \"Authentication cancelled\"");
            assertThat(client.command("AUTHENTICATE \"CRAM-MD5\"").status()).startsWith("NO \"Unsupported SASL mechanism");
            assertThat(client.command("AUTHENTICATE \"PLAIN\" \"not base64!\"").status()).isEqualTo("NO \"Malformed PLAIN response\"");
            assertThat(client.command("AUTHENTICATE \"PLAIN\" \"" + b64("other@example.test\0" + account.address() + "\0"
                    + PASSWORD) + "\"").status()).isEqualTo("NO \"Acting as another user is not permitted\"");
            assertThat(client.command("LISTSCRIPTS").status()).isEqualTo("NO \"Authenticate first\"");
        }
    }

    @Test
    void scriptCommandsShouldBeRefusedBeforeLogin() throws Exception {
        try (RawSieveClient client = new RawSieveClient(port())) {
            client.response();
            for (String command : new String[] {"LISTSCRIPTS", "GETSCRIPT \"a\"", "PUTSCRIPT \"a\" " + literal("keep;"),
                    "SETACTIVE \"a\"", "DELETESCRIPT \"a\"", "RENAMESCRIPT \"a\" \"b\"", "CHECKSCRIPT \"keep;\"",
                    "HAVESPACE \"a\" 10", "UNAUTHENTICATE"}) {
                assertThat(client.command(command).status()).as(command).isEqualTo("NO \"Authenticate first\"");
            }
        }
        assertThat(scripts.list(account.id())).isEmpty();
    }

    @Test
    void putListActivateGetAndDeleteShouldManageTheAccountsScripts() throws Exception {
        try (RawSieveClient client = login()) {
            assertThat(client.command("PUTSCRIPT \"mine\" " + literal(SCRIPT)).status()).isEqualTo("OK \"Script stored\"");
            assertThat(client.command("PUTSCRIPT \"other\" \"keep;\"").ok()).as("a quoted script").isTrue();
            assertThat(client.command("LISTSCRIPTS").lines()).containsExactly("\"mine\"", "\"other\"");
            assertThat(client.command("SETACTIVE \"mine\"").status()).isEqualTo("OK \"Script activated\"");
            assertThat(client.command("LISTSCRIPTS").lines()).containsExactly("\"mine\" ACTIVE", "\"other\"");
            assertThat(scripts.active(account.id()).orElseThrow().content()).isEqualTo(SCRIPT);

            RawSieveClient.Response got = client.command("GETSCRIPT \"mine\"");
            assertThat(got.status()).isEqualTo("OK \"Getscript completed\"");
            assertThat(got.lines()).containsExactly("{" + SCRIPT.length() + "}\n" + SCRIPT);

            assertThat(client.command("PUTSCRIPT \"mine\" " + literal("keep;\r\n")).ok()).as("replacing the active one").isTrue();
            assertThat(scripts.active(account.id()).orElseThrow().content()).isEqualTo("keep;\r\n");

            assertThat(client.command("DELETESCRIPT \"mine\"").status()).startsWith("NO (ACTIVE) ");
            assertThat(client.command("DELETESCRIPT \"other\"").status()).isEqualTo("OK \"Script deleted\"");
            assertThat(client.command("DELETESCRIPT \"other\"").status()).startsWith("NO (NONEXISTENT) ");
            assertThat(client.command("GETSCRIPT \"other\"").status()).startsWith("NO (NONEXISTENT) ");
            assertThat(client.command("SETACTIVE \"\"").status()).isEqualTo("OK \"No script is active now\"");
            assertThat(scripts.active(account.id())).isEmpty();
            assertThat(client.command("DELETESCRIPT \"mine\"").ok()).isTrue();
            assertThat(client.command("LISTSCRIPTS").lines()).isEmpty();
        }
        assertThat(scripts.list(account.id())).isEmpty();
    }

    @Test
    void putScriptShouldRefuseAnInvalidScriptWithTheParsersLineAndColumnAndStoreNothing() throws Exception {
        try (RawSieveClient client = login()) {
            String broken = "require \"fileinto\";\r\nif header :contains \"subject\" \"x\" {\r\n  fileinto \"A\"\r\n}\r\n";
            RawSieveClient.Response response = client.command("PUTSCRIPT \"broken\" " + literal(broken));
            assertThat(response.status()).startsWith("NO \"line 4, column 1: ");
            RawSieveClient.Response unknown = client.command("PUTSCRIPT \"broken\" " + literal("keep;\r\nfrobnicate;\r\n"));
            assertThat(unknown.status()).isEqualTo("NO \"line 2, column 1: unknown command frobnicate\"");
            assertThat(client.command("PUTSCRIPT \"ext\" " + literal("require \"enotify\";")).status())
                    .isEqualTo("NO \"line 1, column 1: extension \\\"enotify\\\" is not supported\"");
            assertThat(client.command("PUTSCRIPT \"nul\" " + literal("keep;\0")).status()).startsWith("NO ");
        }
        assertThat(scripts.list(account.id())).isEmpty();
    }

    @Test
    void checkScriptShouldValidateWithoutStoring() throws Exception {
        try (RawSieveClient client = login()) {
            assertThat(client.command("CHECKSCRIPT " + literal(SCRIPT)).status()).isEqualTo("OK \"Script is valid\"");
            assertThat(client.command("CHECKSCRIPT \"fileinto \\\"x\\\";\"").status())
                    .isEqualTo("NO \"line 1, column 1: fileinto needs require \\\"fileinto\\\"\"");
        }
        assertThat(scripts.list(account.id())).isEmpty();
    }

    @Test
    void renameScriptShouldKeepTheActiveStateAndRefuseMissingAndTakenNames() throws Exception {
        try (RawSieveClient client = login()) {
            client.command("PUTSCRIPT \"a\" \"keep;\"");
            client.command("PUTSCRIPT \"b\" \"keep;\"");
            client.command("SETACTIVE \"a\"");
            assertThat(client.command("RENAMESCRIPT \"a\" \"Filtre été\"").status()).isEqualTo("OK \"Script renamed\"");
            assertThat(client.command("LISTSCRIPTS").lines()).containsExactly("\"Filtre été\" ACTIVE", "\"b\"");
            assertThat(client.command("RENAMESCRIPT \"b\" \"Filtre été\"").status()).startsWith("NO (ALREADYEXISTS) ");
            assertThat(client.command("RENAMESCRIPT \"zzz\" \"c\"").status()).startsWith("NO (NONEXISTENT) ");
            assertThat(client.command("SETACTIVE \"zzz\"").status()).startsWith("NO (NONEXISTENT) ");
        }
        assertThat(scripts.active(account.id()).orElseThrow().name()).isEqualTo("Filtre été");
    }

    @Test
    void quotasShouldAnswerMaxSizeAndMaxScripts() throws Exception {
        try (RawSieveClient client = login()) {
            assertThat(client.command("HAVESPACE \"one\" 2048").status()).isEqualTo("OK \"Putscript would succeed\"");
            assertThat(client.command("HAVESPACE \"one\" 2049").status()).startsWith("NO (QUOTA/MAXSIZE) ");
            String big = "keep;" + " ".repeat(2044);
            assertThat(client.command("PUTSCRIPT \"big\" " + literal(big)).status()).startsWith("NO (QUOTA/MAXSIZE) ");
            assertThat(client.command("CHECKSCRIPT " + literal(big)).status()).startsWith("NO (QUOTA/MAXSIZE) ");
            for (String name : new String[] {"one", "two", "three"}) {
                assertThat(client.command("PUTSCRIPT \"" + name + "\" \"keep;\"").ok()).isTrue();
            }
            assertThat(client.command("HAVESPACE \"four\" 10").status()).startsWith("NO (QUOTA/MAXSCRIPTS) ");
            assertThat(client.command("HAVESPACE \"three\" 10").ok()).as("replacing needs no new room").isTrue();
            assertThat(client.command("PUTSCRIPT \"four\" \"keep;\"").status()).startsWith("NO (QUOTA/MAXSCRIPTS) ");
            assertThat(client.command("PUTSCRIPT \"three\" \"discard;\"").ok()).isTrue();
            assertThat(client.command("HAVESPACE \"x\" 99999999999").status()).as("above 2^32-1: not a number of the grammar")
                    .isEqualTo("NO \"HAVESPACE takes a script name as a string and a size as a number\"");
        }
        assertThat(scripts.count(account.id())).isEqualTo(3);
    }

    @Test
    void noopShouldEchoItsTagAndUnauthenticateShouldReturnToTheStartState() throws Exception {
        try (RawSieveClient client = login()) {
            assertThat(client.command("NOOP").status()).isEqualTo("OK \"Done\"");
            assertThat(client.command("NOOP \"STARTTLS-SYNC-42\"").status()).isEqualTo("OK (TAG \"STARTTLS-SYNC-42\") \"Done\"");
            assertThat(client.command("UNAUTHENTICATE").status()).isEqualTo("OK \"Unauthenticate completed\"");
            assertThat(client.command("LISTSCRIPTS").status()).isEqualTo("NO \"Authenticate first\"");
            assertThat(client.command("AUTHENTICATE \"PLAIN\" \"" + plain(account.address(), PASSWORD) + "\"").ok()).isTrue();
            assertThat(client.command("AUTHENTICATE \"PLAIN\" \"" + plain(account.address(), PASSWORD) + "\"").status())
                    .isEqualTo("NO \"Already authenticated\"");
            assertThat(client.command("LISTSCRIPTS").ok()).isTrue();
        }
    }

    @Test
    void logoutShouldAnswerOkAndClose() throws Exception {
        try (RawSieveClient client = login()) {
            assertThat(client.command("logout").status()).isEqualTo("OK \"Logout completed\"");
            assertThat(client.rest()).isEmpty();
        }
    }

    @Test
    void badCommandsAndBadNamesShouldGetNoAndTheSessionGoOn() throws Exception {
        try (RawSieveClient client = login()) {
            assertThat(client.command("FROBNICATE").status()).isEqualTo("NO \"Unknown command\"");
            assertThat(client.command("GETSCRIPT").status()).isEqualTo("NO \"GETSCRIPT takes a script name as a string\"");
            assertThat(client.command("GETSCRIPT mine").status()).isEqualTo("NO \"GETSCRIPT takes a script name as a string\"");
            assertThat(client.command("LISTSCRIPTS \"x\"").status()).isEqualTo("NO \"This command takes no arguments\"");
            assertThat(client.command("GETSCRIPT \"unterminated").status()).startsWith("NO \"Syntax error: unterminated");
            assertThat(client.command("GETSCRIPT \"bad\\escape\"").status()).startsWith("NO \"Syntax error: only");
            assertThat(client.command("GETSCRIPT {abc+}").status()).startsWith("NO \"Syntax error: malformed literal");
            assertThat(client.command("PUTSCRIPT \"\" \"keep;\"").status()).isEqualTo("NO \"A script name must not be empty\"");
            assertThat(client.command("PUTSCRIPT " + literal("tab\there") + " \"keep;\"").status())
                    .isEqualTo("NO \"A script name may not contain control characters or line separators\"");
            assertThat(client.command("PUTSCRIPT \"" + "n".repeat(256) + "\" \"keep;\"").status())
                    .isEqualTo("NO \"A script name may have at most 255 characters\"");
            assertThat(client.command("PUTSCRIPT \"quote\\\"d\\\\\" \"keep;\"").ok()).isTrue();
            assertThat(client.command("LISTSCRIPTS").lines()).containsExactly("\"quote\\\"d\\\\\"");
        }
        assertThat(scripts.get(account.id(), "quote\"d\\")).isPresent();
    }

    @Test
    void aScriptStoredByAnotherDoorShouldBeListedAndActivatable() throws Exception {
        scripts.put(account.id(), "webmail", "discard;");
        try (RawSieveClient client = login()) {
            assertThat(client.command("LISTSCRIPTS").lines()).containsExactly("\"webmail\"");
            assertThat(client.command("SETACTIVE \"webmail\"").ok()).isTrue();
        }
        assertThat(scripts.active(account.id()).map(s -> s.name())).isEqualTo(Optional.of("webmail"));
    }

    @Test
    void aScriptPutOverManageSieveShouldBeRunAtSmtpDelivery() throws Exception {
        String script = "require [\"fileinto\", \"imap4flags\", \"mailbox\"];\r\n"
                + "if header :contains \"subject\" \"weekly report\" {\r\n"
                + "  addflag \"\\\\Flagged\";\r\n  fileinto :create \"Reports\";\r\n}\r\n";
        try (RawSieveClient client = login()) {
            assertThat(client.command("PUTSCRIPT \"reports\" " + literal(script)).ok()).isTrue();
            assertThat(client.command("SETACTIVE \"reports\"").ok()).isTrue();
        }
        smtp(account.address(), "Subject: the weekly report\r\nFrom: boss@remote.invalid\r\n\r\nfigures\r\n");
        smtp(account.address(), "Subject: lunch?\r\nFrom: friend@remote.invalid\r\n\r\nnoon\r\n");

        List<MessageMeta> filed = messages("Reports");
        assertThat(filed).singleElement().satisfies(meta -> assertThat(meta.flags().has(SystemFlag.FLAGGED)).isTrue());
        assertThat(messages("INBOX")).as("the other message is kept in the INBOX").hasSize(1);
    }

    private List<MessageMeta> messages(String mailbox) {
        List<MessageMeta> found = new ArrayList<>();
        store.mailbox(account.id(), mailbox).ifPresent(box -> store.forEachMeta(box.id(), UidSet.ALL, found::add));
        return found;
    }

    /** One message to {@code recipient} through the MX port, by hand; fails unless DATA is answered 250. */
    private void smtp(String recipient, String message) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", listeners.boundPort("smtp"))) {
            socket.setSoTimeout(60_000);
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            OutputStream out = socket.getOutputStream();
            assertThat(reply(in)).startsWith("220");
            for (String command : new String[] {"EHLO client.remote.invalid", "MAIL FROM:<sender@remote.invalid>",
                    "RCPT TO:<" + recipient + ">", "DATA"}) {
                out.write((command + "\r\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                assertThat(reply(in)).as(command).matches(command.equals("DATA") ? "354.*" : "250.*");
            }
            out.write((message + ".\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            assertThat(reply(in)).startsWith("250");
            out.write("QUIT\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
        }
    }

    /** The last line of a (multi-line) SMTP reply. */
    private static String reply(BufferedReader in) throws Exception {
        String line;
        do {
            line = in.readLine();
        } while (line != null && line.length() > 3 && line.charAt(3) == '-');
        return String.valueOf(line);
    }
}
