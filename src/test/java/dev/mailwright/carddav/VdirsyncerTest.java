package dev.mailwright.carddav;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.mailwright.contacts.AddressBook;
import dev.mailwright.store.AccountId;
import dev.mailwright.store.Contacts.Contact;

/**
 * Debian's vdirsyncer (a real CardDAV client) syncs the address book both ways: discovery from the server root,
 * a contact made in the webmail arrives as a file, a file written locally arrives as a contact, a local edit and a
 * server-side deletion both propagate. Time budget: 300 s (each vdirsyncer run at most 120 s).
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class VdirsyncerTest extends CardDavTestSupport {
    private static final Duration RUN_LIMIT = Duration.ofSeconds(120);

    @Test
    void vdirsyncerShouldSyncContactsBothWays() throws Exception {
        requireProgram("vdirsyncer");
        AccountId alice = accounts.findAccount(ALICE).orElseThrow().id();
        book.create(alice, new AddressBook.Form("Server Side", List.of("server.side@example.com"), List.of("+1 555 0100"), "", List.of("Work")));
        Path home = Files.createTempDirectory("vdirsyncer-test");
        Path local = home.resolve("local");
        Files.createDirectories(local);
        Path config = home.resolve("config");
        Files.writeString(config, """
                [general]
                status_path = "%s/status/"

                [pair contacts]
                a = "phone"
                b = "server"
                collections = ["from b"]
                conflict_resolution = "b wins"

                [storage phone]
                type = "filesystem"
                path = "%s/"
                fileext = ".vcf"

                [storage server]
                type = "carddav"
                url = "%s"
                username = "alice@example.test"
                password = "alice-secret-1"
                auth = "basic"
                """.formatted(home, local, url("/")));

        run(home, List.of("vdirsyncer", "-c", config.toString(), "discover"), "y\ny\ny\n");
        run(home, List.of("vdirsyncer", "-c", config.toString(), "sync"), "");

        Path collection = local.resolve("contacts");
        assertThat(files(collection)).as("the webmail's contact arrived").anySatisfy(f ->
                assertThat(Files.readString(f)).contains("FN:Server Side").contains("server.side@example.com"));

        Files.writeString(collection.resolve("phone-made.vcf"), "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:phone-made-1\r\n"
                + "FN:Phone Side\r\nEMAIL;TYPE=INTERNET:phone.side@example.com\r\nEND:VCARD\r\n");
        run(home, List.of("vdirsyncer", "-c", config.toString(), "sync"), "");
        Contact fromPhone = book.store().findByUid(alice, "phone-made-1").orElseThrow();
        assertThat(fromPhone.fullName()).isEqualTo("Phone Side");
        assertThat(fromPhone.emails()).containsExactly("phone.side@example.com");

        Files.writeString(collection.resolve("phone-made.vcf"), "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:phone-made-1\r\n"
                + "FN:Phone Side\r\nEMAIL;TYPE=INTERNET:new.address@example.com\r\nEND:VCARD\r\n");
        run(home, List.of("vdirsyncer", "-c", config.toString(), "sync"), "");
        assertThat(book.store().findByUid(alice, "phone-made-1").orElseThrow().emails()).containsExactly("new.address@example.com");

        Contact serverSide = book.store().list(alice, "Server Side", Optional.empty(), 10).getFirst();
        book.store().delete(alice, serverSide.id(), OptionalLong.empty());
        run(home, List.of("vdirsyncer", "-c", config.toString(), "sync"), "");
        assertThat(files(collection)).as("the deletion reached the phone").noneSatisfy(f ->
                assertThat(Files.readString(f)).contains("FN:Server Side"));
        assertThat(files(collection)).anySatisfy(f -> assertThat(Files.readString(f)).contains("FN:Phone Side"));
    }

    private static List<Path> files(Path dir) throws Exception {
        try (Stream<Path> list = Files.list(dir)) {
            return list.filter(p -> p.toString().endsWith(".vcf")).toList();
        }
    }

    /** Fails under CI when the program is missing (.ci/run installs it); skips on a developer machine. */
    private static void requireProgram(String program) {
        boolean present = Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .anyMatch(p -> Files.isExecutable(Path.of(p, program)));
        if (!present) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail(program + " is not installed (CI=true: .ci/run must install it)");
            }
            Assumptions.abort(program + " is not installed");
        }
    }

    private static String run(Path home, List<String> command, String input) throws Exception {
        Path log = home.resolve("run-" + System.nanoTime() + ".log");
        Path in = home.resolve("input-" + System.nanoTime());
        Files.writeString(in, input);
        ProcessBuilder pb = new ProcessBuilder(command).directory(home.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).redirectInput(in.toFile());
        pb.environment().put("HOME", home.toString());
        Process p = pb.start();
        if (!p.waitFor(RUN_LIMIT.toSeconds(), TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail(command + " did not finish in " + RUN_LIMIT + ":\n" + Files.readString(log));
        }
        String output = Files.readString(log);
        if (p.exitValue() != 0) {
            fail(command + " exited " + p.exitValue() + ":\n" + output);
        }
        return output;
    }
}
