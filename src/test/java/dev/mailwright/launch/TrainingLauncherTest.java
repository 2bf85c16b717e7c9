package dev.mailwright.launch;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code java -jar mailwright.jar train} in this JVM, with a smaller workload than the real one: the whole server
 * starts on free loopback ports, takes the SMTP deliveries and IMAP sessions (each exchange checked by the workload,
 * so a run that completes did its work), and stops. What the caller sets for the forced keys is ignored, so no
 * configuration can point the training at a real port.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class TrainingLauncherTest {
    @TempDir
    Path work;

    @Test
    void aTrainingRunShouldServeItsWholeWorkloadOnItsOwnPortsAndStop() throws Exception {
        Path data = work.resolve("data");
        TrainingLauncher.Outcome outcome = TrainingLauncher.run(new String[] {
                "--mailwright.data-dir=" + data,
                // what an environment or a careless caller might set: a real database, a port that root could bind,
                // another domain
                "--spring.datasource.url=jdbc:postgresql://127.0.0.1:1/not-to-be-used",
                "--mailwright.smtp.port=1", "--mailwright.imap.port=2", "--mailwright.domains=example.com",
                // limits a real MX keeps: the training's twenty senders reconnect from loopback all the time
                "--mailwright.connections.max-unauthenticated-per-ip=2", "--mailwright.inbound.rate-limits.exempt="},
                400, 1, 1);

        assertThat(outcome.exitCode()).isZero();
        assertThat(outcome.summary()).hasValueSatisfying(summary -> {
            assertThat(summary.delivered()).isEqualTo(400);
            assertThat(summary.imapCommands()).isGreaterThan(1_000);
            // sign-in, list pages, messages and their bodies, compose, search, a sort, sign-out: each answered as a person expects
            assertThat(summary.webmailRequests()).isGreaterThanOrEqualTo(36);
        });
        assertThat(data.resolve("mailwright.mv.db")).as("the store the caller named, and no other").isRegularFile();
    }

    @Test
    void aTrainingRunShouldRefuseAStoreThatHoldsAnything() throws Exception {
        Path data = Files.createDirectories(work.resolve("in-use"));
        Files.writeString(data.resolve("mailwright.mv.db"), "someone's mail");
        assertThat(TrainingLauncher.run(new String[] {"--mailwright.data-dir=" + data}, 8, 1, 1).exitCode())
                .isEqualTo(TrainingLauncher.FAILED);
        assertThat(TrainingLauncher.run(new String[] {"--server.port=1"}, 8, 1, 1).exitCode())
                .as("no data directory named").isEqualTo(TrainingLauncher.FAILED);
        assertThat(Files.readString(data.resolve("mailwright.mv.db"))).isEqualTo("someone's mail");
    }

    @Test
    void theTrainingDatabaseShouldBeTheDefaultOneInItsOwnDirectory() {
        var yaml = new org.springframework.beans.factory.config.YamlPropertiesFactoryBean();
        yaml.setResources(new org.springframework.core.io.ClassPathResource("application.yml"));
        String url = yaml.getObject().getProperty("spring.datasource.url");
        assertThat(TrainingLauncher.H2_URL.formatted("${mailwright.data-dir}")).isEqualTo(url);
    }

    @Test
    void everyListenerShouldGetItsOwnFreeLoopbackPort() throws Exception {
        Map<String, String> forced = TrainingLauncher.forcedProperties("secret", 5353);
        var ports = forced.entrySet().stream().filter(e -> e.getKey().endsWith(".port")).map(Map.Entry::getValue).toList();
        assertThat(ports).hasSize(9).doesNotHaveDuplicates().allSatisfy(port -> assertThat(Integer.parseInt(port)).isPositive());
        assertThat(forced.entrySet().stream().filter(e -> e.getKey().endsWith(".bind") || e.getKey().equals("server.address")))
                .hasSize(9).allSatisfy(e -> assertThat(e.getValue()).isEqualTo("127.0.0.1"));
        assertThat(forced).containsEntry("mailwright.spam.rspamd.url", "").containsEntry("mailwright.delivery.workers", "0")
                .containsEntry("mailwright.dns.servers", "127.0.0.1:5353");
    }

    @Test
    void aWorkloadTheServerRefusesShouldFailTheRunNotHangIt() throws Exception {
        Path data = work.resolve("refusing");
        TrainingLauncher.Outcome outcome = TrainingLauncher.run(new String[] {
                "--mailwright.data-dir=" + data,
                // every training message is larger than this: the MX refuses them, the workload notices
                "--mailwright.smtp-limits.max-message-size=1KB"}, 8, 1, 1);

        assertThat(outcome.exitCode()).isEqualTo(TrainingLauncher.FAILED);
        assertThat(outcome.summary()).isEmpty();
        assertThat(Files.exists(data)).isTrue();
    }
}
