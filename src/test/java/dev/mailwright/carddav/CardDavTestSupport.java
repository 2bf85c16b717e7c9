package dev.mailwright.carddav;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.mailwright.contacts.AddressBook;
import dev.mailwright.store.AccountStore;

/** A server on a random port with alice and bob, and raw WebDAV requests over loopback. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "mailwright.smtp.port=0", "mailwright.submission.port=0", "mailwright.submissions.port=0",
        "mailwright.imap.port=0", "mailwright.imaps.port=0",
        "mailwright.hostname=mail.example.test", "mailwright.domains=example.test",
        "mailwright.contacts.max-card-size=4KB", "mailwright.contacts.max-multiget-hrefs=3",
        "mailwright.contacts.max-dav-request-size=2KB",
        "mailwright.bootstrap.accounts[0].address=alice@example.test",
        "mailwright.bootstrap.accounts[0].password=alice-secret-1",
        "mailwright.bootstrap.accounts[1].address=bob@example.test",
        "mailwright.bootstrap.accounts[1].password=bob-secret-1"})
abstract class CardDavTestSupport {
    static final String ALICE = "alice@example.test";
    static final String BOOK = "/dav/addressbooks/alice@example.test/contacts/";

    @LocalServerPort
    int port;
    @Autowired
    AccountStore accounts;
    @Autowired
    AddressBook book;

    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @DynamicPropertySource
    static void dataDir(DynamicPropertyRegistry registry) throws IOException {
        Path dir = Files.createTempDirectory("mailwright-carddav-test");
        registry.add("mailwright.data-dir", dir::toString);
    }

    String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    HttpResponse<String> send(String method, String path, String body, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url(path))).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        boolean auth = false;
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
            auth |= headers[i].equalsIgnoreCase("Authorization");
        }
        if (!auth) {
            request.header("Authorization", basic(ALICE, "alice-secret-1"));
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }
}
