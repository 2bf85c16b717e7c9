package dev.mailwright.managesieve;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;

import dev.mailwright.net.DoorTestSupport;
import dev.mailwright.store.AccountStore;
import dev.mailwright.store.SieveScripts;

/** The beans and property wiring every ManageSieve test against the real listener uses; a fresh account per test. */
abstract class ManageSieveTestSupport extends DoorTestSupport {
    @Autowired
    SieveScripts scripts;

    /** A fresh data dir, every listener off but ManageSieve on loopback, plaintext AUTH as asked. */
    static Path common(DynamicPropertyRegistry registry, boolean allowPlaintextAuth) {
        Path dir = common(registry, "managesieve", allowPlaintextAuth);
        loopbackListener(registry, "managesieve");
        return dir;
    }

    int port() {
        return listeners.boundPort("managesieve");
    }

    static String plain(String user, String password) {
        return Base64.getEncoder().encodeToString(("\0" + user + "\0" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** Connects, reads the greeting and authenticates with PLAIN and an initial response. */
    RawSieveClient login(AccountStore.Account account, String password) throws IOException {
        RawSieveClient client = new RawSieveClient(port());
        client.response();
        RawSieveClient.Response response = client.command("AUTHENTICATE \"PLAIN\" \"" + plain(account.address(), password) + "\"");
        if (!response.status().startsWith("OK")) {
            throw new IllegalStateException("login failed: " + response);
        }
        return client;
    }
}
