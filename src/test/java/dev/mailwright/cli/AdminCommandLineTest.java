package dev.mailwright.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.OptionalLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.mailwright.admin.AdminOperations;
import dev.mailwright.admin.DnsRecords;
import dev.mailwright.store.AccountStore;
import dev.mailwright.store.MailStore;
import dev.mailwright.store.MessageSource;
import dev.mailwright.store.OutboundQueue;
import dev.mailwright.store.Quota;

/** Every {@code admin} command against the real store (one context; the launcher itself is AdminLauncherTest). */
@SpringBootTest
@Timeout(120)
class AdminCommandLineTest {
    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws IOException {
        registry.add("mailwright.data-dir", Files.createTempDirectory("mailwright-cli-ops-")::toString);
        registry.add("mailwright.domains", () -> "ops.test");
        for (String listener : new String[] {"smtp", "submission", "submissions", "imap", "imaps"}) {
            registry.add("mailwright." + listener + ".port", () -> "0");
        }
        registry.add("server.port", () -> "0");
        registry.add("mailwright.delivery.workers", () -> "0");
        registry.add("mailwright.published.hostname", () -> "mail.ops.test");
        registry.add("mailwright.imaps.port", () -> "0");
        registry.add("mailwright.quota.default-storage", () -> "5MB");
        registry.add("mailwright.quota.default-messages", () -> "1000");
    }

    @Autowired
    AdminOperations ops;
    @Autowired
    DnsRecords dns;
    @Autowired
    AccountStore accounts;
    @Autowired
    PasswordEncoder encoder;
    @Autowired
    MailStore store;
    @Autowired
    OutboundQueue queue;

    record Result(int code, String out, String err) {
    }

    private Result run(String stdin, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = new AdminCommandLine(ops, dns, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8))
                .run(List.of(args));
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void accountCommandsShouldCreateDisableQuotaAndPromote() {
        assertThat(run("", "domain", "add", "acc.test").code()).isZero();
        Result add = run("long-enough\n", "account", "add", "Ann@acc.test", "--password-stdin");
        assertThat(add.code()).as(add.err()).isZero();
        AccountStore.Account ann = accounts.findAccount("ann@acc.test").orElseThrow();
        assertThat(encoder.matches("long-enough", ann.passwordHash())).isTrue();

        assertThat(run("", "account", "disable", "ann@acc.test").out()).contains("\tdisabled\t");
        assertThat(accounts.findAccount(ann.id()).orElseThrow().enabled()).isFalse();
        assertThat(run("", "account", "promote", "ann@acc.test").out()).contains("\tadmin\t");
        assertThat(run("", "account", "quota", "ann@acc.test", "--bytes", "1KB").code()).isZero();
        assertThat(run("", "account", "quota", "ann@acc.test", "--messages", "3").code()).isZero();
        assertThat(accounts.quotaUsage(ann.id()).limits()).isEqualTo(new Quota(OptionalLong.of(1024), OptionalLong.of(3)));
        assertThat(run("", "account", "quota", "ann@acc.test", "--bytes", "none").code()).isZero();
        assertThat(accounts.quotaUsage(ann.id()).limits()).isEqualTo(new Quota(OptionalLong.empty(), OptionalLong.of(3)));

        assertThat(run("new-password-2\n", "account", "password", "ann@acc.test", "--password-stdin").code()).isZero();
        assertThat(encoder.matches("new-password-2", accounts.findAccount(ann.id()).orElseThrow().passwordHash())).isTrue();
    }

    @Test
    void newAccountsShouldGetTheConfiguredDefaultQuotaUnlessOneIsGiven() {
        run("long-enough\n", "account", "add", "dflt@ops.test", "--password-stdin");
        run("long-enough\n", "account", "add", "own@ops.test", "--password-stdin", "--quota-messages", "7");

        assertThat(accounts.quotaUsage(accounts.findAccount("dflt@ops.test").orElseThrow().id()).limits())
                .isEqualTo(new Quota(OptionalLong.of(5L * 1024 * 1024), OptionalLong.of(1000)));
        assertThat(accounts.quotaUsage(accounts.findAccount("own@ops.test").orElseThrow().id()).limits())
                .isEqualTo(new Quota(OptionalLong.empty(), OptionalLong.of(7)));
    }

    @Test
    void refusalsAndUsageErrorsShouldHaveTheirExitCodes() {
        assertThat(run("short\n", "account", "add", "b@ops.test", "--password-stdin").code()).isEqualTo(AdminCommandLine.REFUSED);
        assertThat(run("", "account", "add", "b@ops.test").code()).isEqualTo(AdminCommandLine.USAGE);   // no password on argv
        assertThat(run("long-enough\n", "account", "add", "b@nowhere.invalid", "--password-stdin").err()).contains("not a local domain");
        assertThat(run("", "account", "disable", "ghost@ops.test").code()).isEqualTo(AdminCommandLine.REFUSED);
        assertThat(run("", "queue", "retry", "abc").code()).isEqualTo(AdminCommandLine.USAGE);
        assertThat(run("", "frobnicate").code()).isEqualTo(AdminCommandLine.USAGE);
        assertThat(run("", "account", "list", "--bogus").code()).isEqualTo(AdminCommandLine.USAGE);
        assertThat(run("", "domain", "remove", "ops.test").err()).contains("mailwright.domains");
    }

    @Test
    void aliasCommandsShouldAddAccountAliasesCatchAllAndForwards() {
        run("long-enough\n", "account", "add", "carl@ops.test", "--password-stdin");
        assertThat(run("", "alias", "add", "info@ops.test", "carl@ops.test").code()).isZero();
        assertThat(run("", "alias", "add", "@ops.test", "carl@ops.test").code()).isZero();
        assertThat(run("", "alias", "add", "out@ops.test", "friend@far.invalid").code()).isZero();
        assertThat(run("", "alias", "add", "x@ops.test", "nobody@ops.test").code()).isEqualTo(AdminCommandLine.REFUSED);

        assertThat(run("", "alias", "list").out()).contains("info@ops.test\taccount\tcarl@ops.test",
                "@ops.test\taccount\tcarl@ops.test", "out@ops.test\tforward\tfriend@far.invalid");
        assertThat(accounts.resolveDestination("out@ops.test")).contains(new AccountStore.Destination.Forward("friend@far.invalid"));
        assertThat(run("", "alias", "remove", "@ops.test").code()).isZero();
        assertThat(accounts.resolveRecipient("random@ops.test")).isEmpty();
    }

    @Test
    void queueCommandsShouldListRetryAndDelete() {
        MailStore.Delivery d = store.accept(MessageSource.of("Subject: q\r\n\r\nbody\r\n".getBytes(StandardCharsets.US_ASCII)),
                new MailStore.Envelope("someone@ops.test", List.of(), List.of("r1@far.invalid", "r2@far.invalid")));
        long first = d.queued().get(0);
        long second = d.queued().get(1);

        assertThat(run("", "queue", "list").out()).contains(first + "\tsomeone@ops.test\tr1@far.invalid\t0\t");
        assertThat(run("", "queue", "retry", Long.toString(first)).code()).isZero();
        assertThat(run("", "queue", "delete", Long.toString(second)).code()).isZero();
        assertThat(queue.entry(second)).isEmpty();
        assertThat(queue.entry(first)).isPresent();
        assertThat(run("", "queue", "delete", Long.toString(second)).code()).isEqualTo(AdminCommandLine.REFUSED);
    }

    @Test
    void domainDnsShouldPrintZoneLinesWithThePublishedHostAndTheDkimKey() {
        Result dnsOut = run("", "domain", "dns", "ops.test");
        assertThat(dnsOut.out()).contains("ops.test. 3600 IN MX 10 mail.ops.test.",
                "ops.test. 3600 IN TXT \"v=spf1 mx -all\"", "mailwright._domainkey.ops.test. 3600 IN TXT \"v=DKIM1; k=rsa; p=",
                "_dmarc.ops.test. 3600 IN TXT \"v=DMARC1;", "_imaps._tcp.ops.test. 3600 IN SRV 0 0 0 .",
                "_sieve._tcp.ops.test. 3600 IN SRV 0 0 0 .", "autoconfig.ops.test. 3600 IN CNAME mail.ops.test.");
    }

    @Test
    void shareCommandsShouldSetListAndRemoveRightsOnTheOwnersBehalf() {
        accounts.createAccount("info@ops.test", "x", false);
        accounts.createAccount("pat@ops.test", "x", false);
        Result set = run("", "share", "set", "info@ops.test", "INBOX", "pat@ops.test", "lrs");
        assertThat(set.code()).as(set.err()).isZero();
        assertThat(run("", "share", "set", "info@ops.test", "INBOX", "pat@ops.test", "+wi").code()).isZero();
        assertThat(run("", "share", "set", "info@ops.test", "INBOX", "pat@ops.test", "-s").code()).isZero();
        assertThat(run("", "share", "list", "info@ops.test", "INBOX").out()).isEqualTo(
                "info@ops.test\tlrswipkxtea\npat@ops.test\tlrwi\n".replace("\n", System.lineSeparator()));
        assertThat(store.myRights(accounts.findAccount("pat@ops.test").orElseThrow().id(), "Shared/info@ops.test/INBOX"))
                .map(r -> r.letters()).contains("lrwi");
        assertThat(run("", "share", "set", "info@ops.test", "INBOX", "pat@ops.test", "lrz").code()).isEqualTo(AdminCommandLine.REFUSED);
        assertThat(run("", "share", "set", "nobody@ops.test", "INBOX", "pat@ops.test", "l").code()).isEqualTo(AdminCommandLine.REFUSED);
        assertThat(run("", "share", "set", "info@ops.test", "INBOX").code()).isEqualTo(AdminCommandLine.USAGE);
        assertThat(run("", "share", "remove", "info@ops.test", "INBOX", "pat@ops.test").code()).isZero();
        assertThat(store.myRights(accounts.findAccount("pat@ops.test").orElseThrow().id(), "Shared/info@ops.test/INBOX")).isEmpty();
    }
}
