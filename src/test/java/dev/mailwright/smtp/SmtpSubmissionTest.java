package dev.mailwright.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;

import org.junit.jupiter.api.Test;

import dev.mailwright.smtp.RawSmtpClient.Reply;

/** Submission (587, STARTTLS) and submissions (465, implicit TLS): TLS, AUTH, sender policy, added headers. */
class SmtpSubmissionTest extends SmtpServerTestSupport {

    private static RawSmtpClient submission() throws IOException {
        RawSmtpClient client = RawSmtpClient.connect(SUBMISSION_PORT);
        client.read();
        return client;
    }

    @Test
    void plaintextEhloShouldOfferStartTlsButNotAuth() throws IOException {
        try (RawSmtpClient client = submission()) {
            Reply ehlo = client.command("EHLO client.test");

            assertThat(ehlo.advertises("STARTTLS")).isTrue();
            assertThat(ehlo.advertises("AUTH")).isFalse();
        }
    }

    @Test
    void authBeforeTlsShouldAnswer538() throws IOException {
        try (RawSmtpClient client = submission()) {
            client.command("EHLO client.test");
            Reply reply = client.authPlain("alice@example.test", "alice-secret");

            assertThat(reply.code()).isEqualTo(538);
            assertThat(reply.enhanced()).isEqualTo("5.7.11");
        }
    }

    @Test
    void mailBeforeTlsShouldAnswer530() throws IOException {
        try (RawSmtpClient client = submission()) {
            client.command("EHLO client.test");

            assertThat(client.command("MAIL FROM:<alice@example.test>").last()).startsWith("530 5.7.0");
        }
    }

    @Test
    void ehloAfterStartTlsShouldOfferAuthAndNoLongerStartTls() throws IOException {
        try (RawSmtpClient client = submission()) {
            client.command("EHLO client.test");
            Reply ehlo = client.startTls();

            assertThat(ehlo.advertises("AUTH PLAIN LOGIN")).isTrue();
            assertThat(ehlo.advertises("STARTTLS")).isFalse();
            assertThat(client.command("STARTTLS").last()).startsWith("503 5.5.1");
        }
    }

    @Test
    void startTlsShouldBeRefusedWhenPlaintextIsPipelinedBehindIt() throws IOException {
        try (RawSmtpClient client = submission()) {
            client.command("EHLO client.test");
            client.sendRaw("STARTTLS\r\nMAIL FROM:<alice@example.test>\r\n");

            Reply refused = client.read();
            assertThat(refused.code()).isEqualTo(554);
            assertThat(refused.enhanced()).isEqualTo("5.5.1");
            assertThat(client.read().last()).as("the injected command ran in plaintext, not under TLS").startsWith("530 5.7.0");
        }
    }

    @Test
    void startTlsShouldForgetTheGreetingBeforeTheHandshake() throws IOException {
        try (RawSmtpClient client = RawSmtpClient.connect(SMTP_PORT)) {
            client.read();
            client.command("EHLO client.test");
            assertThat(client.command("STARTTLS").code()).isEqualTo(220);
            client.handshake();

            assertThat(client.command("MAIL FROM:<a@remote.invalid>").last()).startsWith("503 5.5.1");
            assertThat(client.command("EHLO client.test").advertises("STARTTLS")).isFalse();
            assertThat(client.command("MAIL FROM:<a@remote.invalid>").code()).isEqualTo(250);
        }
    }

    @Test
    void startTlsShouldBeRefusedInsideATransaction() throws IOException {
        try (RawSmtpClient client = mx()) {
            client.command("MAIL FROM:<a@remote.invalid>");

            assertThat(client.command("STARTTLS").code()).isEqualTo(503);
        }
    }

    @Test
    void authPlainWithInitialResponseShouldSucceed() throws IOException {
        try (RawSmtpClient client = submission()) {
            client.command("EHLO client.test");
            client.startTls();
            Reply reply = client.authPlain("alice@example.test", "alice-secret");

            assertThat(reply.last()).startsWith("235 2.7.0");
            assertThat(client.command("AUTH PLAIN").last()).as("second AUTH").startsWith("503 5.5.1");
        }
    }

    @Test
    void authPlainWithoutInitialResponseShouldSendEmptyChallenge() throws IOException {
        try (RawSmtpClient client = submission()) {
            client.command("EHLO client.test");
            client.startTls();
            Reply challenge = client.command("AUTH PLAIN");

            assertThat(challenge.last()).isEqualTo("334 ");
            assertThat(client.command(RawSmtpClient.base64("\0bob@example.test\0bob-secret")).code()).isEqualTo(235);
        }
    }

    @Test
    void authLoginWithoutInitialResponseShouldAskForUserAndPassword() throws IOException {
        try (RawSmtpClient client = submission()) {
            client.command("EHLO client.test");
            client.startTls();

            assertThat(client.command("AUTH LOGIN").last()).isEqualTo("334 VXNlcm5hbWU6");
            assertThat(client.command(RawSmtpClient.base64("carol@example.test")).last()).isEqualTo("334 UGFzc3dvcmQ6");
            assertThat(client.command(RawSmtpClient.base64("carol-secret")).code()).isEqualTo(235);
        }
    }

    @Test
    void authLoginWithInitialResponseShouldAskOnlyForThePassword() throws IOException {
        try (RawSmtpClient client = submission()) {
            client.command("EHLO client.test");
            client.startTls();

            assertThat(client.command("AUTH LOGIN " + RawSmtpClient.base64("carol@example.test")).last()).isEqualTo("334 UGFzc3dvcmQ6");
            assertThat(client.command(RawSmtpClient.base64("carol-secret")).code()).isEqualTo(235);
        }
    }

    @Test
    void wrongPasswordShouldAnswer535AndCancelShouldAnswer501() throws IOException {
        try (RawSmtpClient client = submission()) {
            client.command("EHLO client.test");
            client.startTls();

            Reply failed = client.authPlain("carol@example.test", "wrong");
            assertThat(failed.code()).isEqualTo(535);
            assertThat(failed.enhanced()).isEqualTo("5.7.8");
            client.command("AUTH LOGIN");
            assertThat(client.command("*").code()).isEqualTo(501);
            assertThat(client.command("AUTH CRAM-MD5").code()).isEqualTo(504);
            assertThat(client.command("AUTH PLAIN !!!notbase64").code()).isEqualTo(501);
        }
    }

    @Test
    void plainAuthorizationAsAnotherUserShouldAnswer535() throws IOException {
        try (RawSmtpClient client = submission()) {
            client.command("EHLO client.test");
            client.startTls();

            Reply proxy = client.command("AUTH PLAIN " + RawSmtpClient.base64("dave@example.test\0carol@example.test\0carol-secret"));
            assertThat(proxy.code()).isEqualTo(535);
            assertThat(proxy.enhanced()).isEqualTo("5.7.8");
            Reply self = client.command("AUTH PLAIN " + RawSmtpClient.base64("carol@example.test\0carol@example.test\0carol-secret"));
            assertThat(self.code()).isEqualTo(235);
        }
    }

    @Test
    void mailWithoutAuthShouldAnswer530EvenOverTls() throws IOException {
        try (RawSmtpClient client = submission()) {
            client.command("EHLO client.test");
            client.startTls();

            assertThat(client.command("MAIL FROM:<alice@example.test>").last()).startsWith("530 5.7.0");
        }
    }

    @Test
    void senderNotOwnedByTheAccountShouldAnswer553() throws IOException {
        try (RawSmtpClient client = submissionAsAlice()) {
            Reply reply = client.command("MAIL FROM:<bob@example.test>");

            assertThat(reply.code()).isEqualTo(553);
            assertThat(reply.enhanced()).isEqualTo("5.7.1");
            assertThat(client.command("MAIL FROM:<>").code()).isEqualTo(553);
            assertThat(client.command("MAIL FROM:<sales@example.test>").code()).as("alias of alice").isEqualTo(250);
        }
    }

    @Test
    void submissionShouldDeliverLocallyQueueRemoteAndAddMissingHeaders() throws IOException {
        String marker = token();
        try (RawSmtpClient client = submissionAsAlice()) {
            assertThat(client.command("MAIL FROM:<alice@example.test>").code()).isEqualTo(250);
            assertThat(client.command("RCPT TO:<bob@example.test>").code()).isEqualTo(250);
            assertThat(client.command("RCPT TO:<friend-" + marker + "@remote.invalid>").code()).isEqualTo(250);
            client.command("DATA");
            Reply accepted = client.command("From: alice@example.test\r\nSubject: " + marker + "\r\n\r\nhi\r\n.");

            assertThat(accepted.code()).isEqualTo(250);
        }
        assertThat(inboxMessagesWith("bob@example.test", marker)).singleElement().satisfies(raw -> {
            assertThat(raw).startsWith("Received: from client.test ([127.0.0.1])");
            assertThat(raw).contains("with ESMTPSA id submission-");
            assertThat(raw).containsPattern("\r\nMessage-ID: <[0-9a-f-]+@mx\\.example\\.test>\r\n");
            assertThat(raw).containsPattern("\r\nDate: \\w{3}, \\d{1,2} \\w{3} \\d{4} \\d\\d:\\d\\d:\\d\\d \\+0000\r\n");
        });
        assertThat(queuedRecipientsFrom("alice@example.test")).contains("friend-" + marker.toLowerCase() + "@remote.invalid");
    }

    @Test
    void implicitTlsPortShouldGreetOverTlsAndOfferAuthWithoutStartTls() throws IOException {
        String marker = token();
        try (RawSmtpClient client = RawSmtpClient.connectImplicitTls(SUBMISSIONS_PORT)) {
            assertThat(client.read().code()).isEqualTo(220);
            Reply ehlo = client.command("EHLO client.test");
            assertThat(ehlo.advertises("AUTH PLAIN LOGIN")).isTrue();
            assertThat(ehlo.advertises("STARTTLS")).isFalse();

            assertThat(client.command("MAIL FROM:<bob@example.test>").last()).startsWith("530 5.7.0");
            assertThat(client.authPlain("bob@example.test", "bob-secret").code()).isEqualTo(235);
            assertThat(client.command("MAIL FROM:<bob@example.test>").code()).isEqualTo(250);
            assertThat(client.command("RCPT TO:<carol@example.test>").code()).isEqualTo(250);
            client.command("DATA");
            assertThat(client.command(message("bob@example.test", "carol@example.test", marker) + ".").code()).isEqualTo(250);
        }
        assertThat(inboxMessagesWith("carol@example.test", marker)).singleElement()
                .satisfies(raw -> assertThat(raw).contains("with ESMTPSA id submissions-"));
    }
}
