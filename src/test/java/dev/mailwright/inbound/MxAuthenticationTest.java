package dev.mailwright.inbound;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.time.Clock;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.mailwright.delivery.dkim.DkimSigner;
import dev.mailwright.delivery.dkim.DkimTestSupport;
import dev.mailwright.dns.TestDnsServer;
import dev.mailwright.net.TestPorts;

/**
 * SPF, DKIM, DMARC and forged local senders, end to end: real SMTP on the MX listener from several 127.0.0.x
 * source addresses, DNS answers from {@link TestDnsServer}, signatures from our own {@link DkimSigner}. Each test
 * reads the verdict where it shows: the reply at the end of DATA, the folder, and our Authentication-Results.
 * Time budget: one application start plus about 40 SMTP transactions, well under a minute on a quiet machine.
 */
@SpringBootTest
@Timeout(180)
class MxAuthenticationTest extends InboundTestSupport {
    static final TestDnsServer DNS = startDns();
    static final int SMTP_PORT = TestPorts.freePort();
    static final KeyPair RSA = generate("RSA");
    static final KeyPair ED25519 = generate("Ed25519");
    static final DkimSigner SIGNER = new DkimSigner(Clock.systemUTC());

    private static TestDnsServer startDns() {
        try {
            TestDnsServer dns = new TestDnsServer();
            dns.zone("""
                    $ORIGIN test.
                    spf-pass        TXT "v=spf1 ip4:127.0.0.2 -all"
                    spf-fail        TXT "v=spf1 ip4:127.0.0.99 -all"
                    spf-soft        TXT "v=spf1 ip4:127.0.0.99 ~all"
                    spf-neutral     TXT "v=spf1 ?all"
                    spf-none        A   192.0.2.1
                    spf-two         TXT "v=spf1 -all"
                    spf-two         TXT "v=spf1 +all"
                    spf-redirect    TXT "v=spf1 redirect=spf-pass.test"
                    spf-mx          TXT "v=spf1 mx:mail.spf-mx.test/24 -all"
                    mail.spf-mx     MX  10 out.spf-mx.test.
                    out.spf-mx      A   127.0.0.77
                    spf-macro       TXT "v=spf1 include:_spf.spf-macro.test -all"
                    _spf.spf-macro  TXT "v=spf1 exists:%{i}.%{l}._allow.spf-macro.test -all"
                    127.0.0.2.sender._allow.spf-macro A 127.0.0.2
                    spf-void        TXT "v=spf1 a:v1.spf-void.test a:v2.spf-void.test a:v3.spf-void.test ip4:127.0.0.2 -all"
                    spf-loop        TXT "v=spf1 include:l1.spf-loop.test -all"
                    l1.spf-loop     TXT "v=spf1 include:l2.spf-loop.test -all"
                    l2.spf-loop     TXT "v=spf1 include:l3.spf-loop.test -all"
                    l3.spf-loop     TXT "v=spf1 include:l4.spf-loop.test -all"
                    l4.spf-loop     TXT "v=spf1 include:l5.spf-loop.test -all"
                    l5.spf-loop     TXT "v=spf1 include:l6.spf-loop.test -all"
                    l6.spf-loop     TXT "v=spf1 include:l7.spf-loop.test -all"
                    l7.spf-loop     TXT "v=spf1 include:l8.spf-loop.test -all"
                    l8.spf-loop     TXT "v=spf1 include:l9.spf-loop.test -all"
                    l9.spf-loop     TXT "v=spf1 include:l10.spf-loop.test -all"
                    l10.spf-loop    TXT "v=spf1 include:l11.spf-loop.test -all"
                    l11.spf-loop    TXT "v=spf1 ip4:127.0.0.2 -all"
                    helo-host       TXT "v=spf1 ip4:127.0.0.2 -all"
                    dkim            TXT "v=spf1 -all"
                    ed              TXT "v=spf1 -all"
                    dmarc-reject    TXT "v=spf1 ip4:127.0.0.99 -all"
                    _dmarc.dmarc-reject TXT "v=DMARC1; p=reject"
                    dmarc-quarantine TXT "v=spf1 ?all"
                    _dmarc.dmarc-quarantine TXT "v=DMARC1; p=quarantine"
                    dmarc-none      TXT "v=spf1 ?all"
                    _dmarc.dmarc-none TXT "v=DMARC1; p=none; rua=mailto:r@dmarc-none.test"
                    dmarc-pct       TXT "v=spf1 ?all"
                    _dmarc.dmarc-pct TXT "v=DMARC1; p=reject; pct=0"
                    _dmarc.dmarc-sp TXT "v=DMARC1; p=none; sp=reject"
                    sub.dmarc-sp    TXT "v=spf1 ?all"
                    _dmarc.dkim     TXT "v=DMARC1; p=reject; adkim=s"
                    _dmarc.ed       TXT "v=DMARC1; p=reject"
                    _dmarc.spf-pass TXT "v=DMARC1; p=reject"
                    example         TXT "v=spf1 ip4:127.0.0.7 -all"
                    """);
            dns.failWith("spf-temp.test");
            return dns;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static KeyPair generate(String algorithm) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
            if (algorithm.equals("RSA")) {
                generator.initialize(2048);
            }
            return generator.generateKeyPair();
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static {
        DNS.txt("sel._domainkey.dkim.test", DkimTestSupport.keyRecord(RSA.getPublic()));
        DNS.txt("sel._domainkey.ed.test", DkimTestSupport.keyRecord(ED25519.getPublic()));
        DNS.txt("old._domainkey.dkim.test", "v=DKIM1; k=rsa; p=");
        DNS.txt("arc._domainkey.list.test", DkimTestSupport.keyRecord(RSA.getPublic()));
        DNS.txt("arc._domainkey.other-list.test", DkimTestSupport.keyRecord(RSA.getPublic()));
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        register(registry, DNS, SMTP_PORT);
        registry.add("mailwright.inbound.arc.trusted-sealers", () -> "list.test");
    }

    @AfterAll
    static void stopDns() {
        DNS.close();
    }

    /** Where a message ended up. */
    record Outcome(String reply, String folder, String raw) {
        /** Our Authentication-Results field, unfolded. */
        String results() {
            MessageHeader header = MessageHeader.parse(raw);
            return header.first("authentication-results").map(MessageHeader.Field::value).orElse("");
        }
    }

    private Outcome send(String ip, String mailFrom, String message, String marker) throws IOException {
        String reply = MxDialogue.send(ip, SMTP_PORT, "client.test", mailFrom, "bob@example.test", message);
        var inbox = inbox("bob@example.test", marker);
        var junk = junk("bob@example.test", marker);
        assertThat(inbox.size() + junk.size()).as("stored at most once").isLessThanOrEqualTo(1);
        if (!inbox.isEmpty()) {
            return new Outcome(reply, "INBOX", inbox.getFirst());
        }
        return junk.isEmpty() ? new Outcome(reply, "", "") : new Outcome(reply, "Junk", junk.getFirst());
    }

    private Outcome sendPlain(String ip, String mailFrom, String fromHeader) throws IOException {
        String marker = token();
        return send(ip, mailFrom, message(fromHeader, marker, ""), marker);
    }

    private static String signed(String message, String domain, String selector, PrivateKey key) {
        return SIGNER.sign(message.getBytes(StandardCharsets.ISO_8859_1), domain, selector, key) + message;
    }

    // ---- Spf ----
    @Test
    void anAllowedHostShouldPass() throws IOException {
        Outcome outcome = sendPlain("127.0.0.2", "sender@spf-pass.test", "<sender@spf-pass.test>");
        assertThat(outcome.folder()).isEqualTo("INBOX");
        assertThat(outcome.results()).contains("spf=pass").contains("smtp.mailfrom=sender@spf-pass.test")
                .contains("dmarc=pass");
    }

    @Test
    void aForbiddenHostShouldFailAndGoToJunk() throws IOException {
        Outcome outcome = sendPlain("127.0.0.2", "sender@spf-fail.test", "<sender@spf-fail.test>");
        assertThat(outcome.reply()).startsWith("250");
        assertThat(outcome.folder()).isEqualTo("Junk");
        assertThat(outcome.results()).contains("spf=fail");
    }

    @Test
    void softfailNeutralAndNoneShouldBeRecordedAndDelivered() throws IOException {
        assertThat(sendPlain("127.0.0.2", "s@spf-soft.test", "<s@spf-soft.test>"))
                .satisfies(o -> assertThat(o.results()).contains("spf=softfail"))
                .extracting(Outcome::folder).isEqualTo("INBOX");
        assertThat(sendPlain("127.0.0.2", "s@spf-neutral.test", "<s@spf-neutral.test>"))
                .satisfies(o -> assertThat(o.results()).contains("spf=neutral"))
                .extracting(Outcome::folder).isEqualTo("INBOX");
        assertThat(sendPlain("127.0.0.2", "s@spf-none.test", "<s@spf-none.test>"))
                .satisfies(o -> assertThat(o.results()).contains("spf=none"))
                .extracting(Outcome::folder).isEqualTo("INBOX");
    }

    @Test
    void aDnsFailureShouldBeATemperrorAndStillDeliver() throws IOException {
        Outcome outcome = sendPlain("127.0.0.2", "s@spf-temp.test", "<s@spf-temp.test>");
        assertThat(outcome.folder()).isEqualTo("INBOX");
        assertThat(outcome.results()).contains("spf=temperror");
    }

    @Test
    void brokenRecordsShouldBePermerrors() throws IOException {
        assertThat(sendPlain("127.0.0.2", "s@spf-two.test", "<s@spf-two.test>").results()).contains("spf=permerror");
    }

    @Test
    void moreThanTenDnsMechanismsShouldBeAPermerror() throws IOException {
        assertThat(sendPlain("127.0.0.2", "s@spf-loop.test", "<s@spf-loop.test>").results())
                .contains("spf=permerror").contains("more than 10 DNS-querying terms");
    }

    @Test
    void moreThanTwoVoidLookupsShouldBeAPermerror() throws IOException {
        assertThat(sendPlain("127.0.0.2", "s@spf-void.test", "<s@spf-void.test>").results())
                .contains("spf=permerror").contains("void");
    }

    @Test
    void redirectMxIncludeExistsAndMacrosShouldBeFollowed() throws IOException {
        assertThat(sendPlain("127.0.0.2", "s@spf-redirect.test", "<s@spf-redirect.test>").results()).contains("spf=pass");
        assertThat(sendPlain("127.0.0.76", "s@spf-mx.test", "<s@spf-mx.test>").results()).contains("spf=pass");
        assertThat(sendPlain("127.0.1.76", "s@spf-mx.test", "<s@spf-mx.test>").results()).contains("spf=fail");
        assertThat(sendPlain("127.0.0.2", "sender@spf-macro.test", "<sender@spf-macro.test>").results()).contains("spf=pass");
        assertThat(sendPlain("127.0.0.2", "other@spf-macro.test", "<other@spf-macro.test>").results()).contains("spf=fail");
    }

    @Test
    void theNullReversePathShouldCheckTheHeloName() throws IOException {
        String marker = token();
        String reply = MxDialogue.send("127.0.0.2", SMTP_PORT, "helo-host.test", "", "bob@example.test",
                message("<mailer-daemon@helo-host.test>", marker, ""));
        assertThat(reply).startsWith("250");
        assertThat(inbox("bob@example.test", marker)).singleElement()
                .satisfies(raw -> assertThat(raw).contains("spf=pass").contains("smtp.helo=helo-host.test"));
    }

    // ---- Dkim ----
    @Test
    void rsaAndEd25519SignaturesOfOurSignerShouldPassAndSatisfyDmarc() throws IOException {
        String marker = token();
        Outcome rsa = send("127.0.0.2", "s@dkim.test", signed(message("<s@dkim.test>", marker, ""), "dkim.test", "sel", RSA.getPrivate()), marker);
        assertThat(rsa.folder()).isEqualTo("INBOX");
        assertThat(rsa.results()).contains("dkim=pass").contains("header.d=dkim.test").contains("header.a=rsa-sha256").contains("dmarc=pass");

        String edMarker = token();
        Outcome ed = send("127.0.0.2", "s@ed.test", signed(message("<s@ed.test>", edMarker, ""), "ed.test", "sel", ED25519.getPrivate()), edMarker);
        assertThat(ed.folder()).isEqualTo("INBOX");
        assertThat(ed.results()).contains("dkim=pass").contains("header.a=ed25519-sha256").contains("dmarc=pass");
    }

    @Test
    void aChangedBodyShouldFailWithBodyHashMismatch() throws IOException {
        String marker = token();
        String signed = signed(message("<s@spf-neutral.test>", marker, ""), "dkim.test", "sel", RSA.getPrivate());
        Outcome outcome = send("127.0.0.2", "s@spf-neutral.test", signed.replace("Body of", "Changed body of"), marker);
        assertThat(outcome.results()).contains("dkim=fail (body hash mismatch)").contains("header.d=dkim.test");
        String rejected = token();
        String signedByDmarcDomain = signed(message("<s@dkim.test>", rejected, ""), "dkim.test", "sel", RSA.getPrivate());
        assertThat(send("127.0.0.2", "s@dkim.test", signedByDmarcDomain.replace("Body of", "Changed body of"), rejected).reply())
                .startsWith("550 5.7.1");   // dkim.test publishes p=reject
    }

    @Test
    void aChangedSignedHeaderShouldFailTheSignature() throws IOException {
        String marker = token();
        String dmarcFree = message("<s@dkim.test>", marker, "").replace("From: <s@dkim.test>", "From: <s@spf-neutral.test>");
        String signed = SIGNER.sign(dmarcFree.getBytes(StandardCharsets.ISO_8859_1), "dkim.test", "sel", RSA.getPrivate())
                + dmarcFree.replace("Subject: test", "Subject: changed test");
        assertThat(send("127.0.0.2", "s@spf-neutral.test", signed, marker).results()).contains("dkim=fail (signature did not verify)");
    }

    @Test
    void aMissingOrRevokedKeyShouldNotPass() throws IOException {
        String marker = token();
        String base = message("<s@spf-neutral.test>", marker, "");
        Outcome missing = send("127.0.0.2", "s@spf-neutral.test", signed(base, "dkim.test", "nokey", RSA.getPrivate()), marker);
        assertThat(missing.results()).contains("dkim=permerror (no key for signature");
        String marker2 = token();
        Outcome revoked = send("127.0.0.2", "s@spf-neutral.test",
                signed(message("<s@spf-neutral.test>", marker2, ""), "dkim.test", "old", RSA.getPrivate()), marker2);
        assertThat(revoked.results()).contains("dkim=fail (key revoked)");
    }

    @Test
    void contentAppendedAfterTheSignedLengthShouldNotCountForDmarc() throws IOException {
        String marker = token();
        String original = message("<s@dkim.test>", marker, "");
        String header = DkimTestSupport.signWithBodyLength(original.getBytes(StandardCharsets.ISO_8859_1), "dkim.test", "sel",
                RSA.getPrivate(), ("Body of " + marker + "\r\n").length());
        Outcome outcome = send("127.0.0.2", "s@dkim.test", header + original + "Click here: http://evil.test/\r\n", marker);
        assertThat(outcome.reply()).startsWith("550 5.7.1");
        assertThat(outcome.folder()).isEmpty();
    }

    // ---- Dmarc ----
    @Test
    void rejectShouldRefuseAtTheEndOfDataAndStoreNothing() throws IOException {
        Outcome outcome = sendPlain("127.0.0.2", "ceo@dmarc-reject.test", "CEO <ceo@dmarc-reject.test>");
        assertThat(outcome.reply()).startsWith("550 5.7.1 Message refused: the DMARC policy of dmarc-reject.test");
        assertThat(outcome.folder()).isEmpty();
    }

    @Test
    void quarantineShouldDeliverToJunk() throws IOException {
        Outcome outcome = sendPlain("127.0.0.2", "x@dmarc-quarantine.test", "<x@dmarc-quarantine.test>");
        assertThat(outcome.folder()).isEqualTo("Junk");
        assertThat(outcome.results()).contains("dmarc=fail (p=quarantine dis=quarantine)").contains("header.from=dmarc-quarantine.test");
    }

    @Test
    void noneShouldDeliverToTheInboxMarkedAsFailed() throws IOException {
        Outcome outcome = sendPlain("127.0.0.2", "x@dmarc-none.test", "<x@dmarc-none.test>");
        assertThat(outcome.folder()).isEqualTo("INBOX");
        assertThat(outcome.results()).contains("dmarc=fail (p=none dis=none)");
    }

    @Test
    void aMessageOutsideThePctSampleShouldGetTheMilderPolicy() throws IOException {
        Outcome outcome = sendPlain("127.0.0.2", "x@dmarc-pct.test", "<x@dmarc-pct.test>");
        assertThat(outcome.folder()).isEqualTo("Junk");
        assertThat(outcome.results()).contains("dmarc=fail (p=reject dis=quarantine)");
    }

    @Test
    void aSubdomainShouldFollowTheOrganizationsSpPolicy() throws IOException {
        Outcome outcome = sendPlain("127.0.0.2", "x@sub.dmarc-sp.test", "<x@sub.dmarc-sp.test>");
        assertThat(outcome.reply()).startsWith("550 5.7.1");
    }

    @Test
    void strictDkimAlignmentShouldRefuseASubdomainSignedByItsParent() throws IOException {
        String marker = token();
        String message = message("<x@news.dkim.test>", marker, "");
        Outcome outcome = send("127.0.0.2", "x@spf-neutral.test", signed(message, "dkim.test", "sel", RSA.getPrivate()), marker);
        assertThat(outcome.reply()).startsWith("550 5.7.1");
    }

    @Test
    void anSpfPassOfTheFromDomainShouldSatisfyAPolicyOfReject() throws IOException {
        assertThat(sendPlain("127.0.0.2", "x@spf-pass.test", "<x@spf-pass.test>").folder()).isEqualTo("INBOX");
        assertThat(sendPlain("127.0.0.3", "x@spf-pass.test", "<x@spf-pass.test>").reply()).startsWith("550 5.7.1");
    }

    @Test
    void aFromWithSeveralDomainsShouldGoToJunk() throws IOException {
        Outcome outcome = sendPlain("127.0.0.2", "x@spf-pass.test", "<x@spf-pass.test>, <boss@spf-neutral.test>");
        assertThat(outcome.folder()).isEqualTo("Junk");
        assertThat(outcome.results()).contains("dmarc=");
    }

    // ---- LocalDomains ----
    @Test
    void anUnauthenticatedEnvelopeSenderOfOurDomainShouldBeRefused() throws IOException {
        Outcome outcome = sendPlain("127.0.0.5", "alice@example.test", "Alice CEO <alice@example.test>");
        assertThat(outcome.reply()).startsWith("550 5.7.1 Forged sender: example.test is a domain of this server");
        assertThat(outcome.folder()).isEmpty();
    }

    @Test
    void aFromOfOurDomainBehindAForeignEnvelopeShouldBeRefused() throws IOException {
        Outcome outcome = sendPlain("127.0.0.2", "x@spf-pass.test", "Alice CEO <alice@example.test>");
        assertThat(outcome.reply()).startsWith("550 5.7.1 Forged sender: example.test");
    }

    @Test
    void aHostOurSpfAllowsShouldBeAccepted() throws IOException {
        Outcome outcome = sendPlain("127.0.0.7", "alice@example.test", "Alice <alice@example.test>");
        assertThat(outcome.reply()).startsWith("250");
        assertThat(outcome.results()).contains("spf=pass");
    }

    // ---- Arc ----

    /** A list re-sent a p=reject author's message from its own host, changing the subject: DMARC fails. */
    private Outcome forwardedThroughList(String sealer, boolean tamperAfterSealing) throws IOException {
        String marker = token();
        String original = message("CEO <ceo@dmarc-reject.test>", marker, "").replace("Subject: test", "Subject: [list] test");
        String seal = DkimTestSupport.arcSeal(original.getBytes(StandardCharsets.ISO_8859_1), sealer, "arc", RSA.getPrivate(),
                "spf=pass smtp.mailfrom=ceo@dmarc-reject.test; dkim=pass header.d=dmarc-reject.test; dmarc=pass");
        String sent = seal + (tamperAfterSealing ? original.replace("Body of", "Altered body of") : original);
        return send("127.0.0.2", "bounces@" + sealer, sent, marker);
    }

    @Test
    void aTrustedSealersPassingArcChainShouldOverrideADmarcReject() throws IOException {
        Outcome outcome = forwardedThroughList("list.test", false);
        assertThat(outcome.reply()).startsWith("250");
        assertThat(outcome.folder()).isEqualTo("INBOX");
        assertThat(outcome.results()).contains("arc=pass (sealed by list.test, chain of 1)")
                .contains("dmarc=fail").contains("overridden: ARC chain sealed by trusted list.test");
    }

    @Test
    void anUntrustedSealerShouldNotOverrideDmarc() throws IOException {
        assertThat(forwardedThroughList("other-list.test", false).reply()).startsWith("550 5.7.1");
    }

    @Test
    void aBrokenArcChainShouldNotOverrideDmarc() throws IOException {
        assertThat(forwardedThroughList("list.test", true).reply()).startsWith("550 5.7.1");
    }
}
