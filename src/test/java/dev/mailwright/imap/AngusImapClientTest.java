package dev.mailwright.imap;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.eclipse.angus.mail.imap.AppendUID;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.mailwright.store.MessageSource;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.event.MessageCountAdapter;
import jakarta.mail.event.MessageCountEvent;
import jakarta.mail.internet.MimeMessage;

/** Angus Mail's IMAP client against the real listeners: imaps (implicit TLS) and imap on loopback. */
@SpringBootTest
class AngusImapClientTest extends ImapListenerTest {
    static final String PASSWORD = "angus-secret";

    static final String NESTED = """
            From: Alice <alice@example.test>\r
            To: bob@example.test\r
            Subject: nested\r
            MIME-Version: 1.0\r
            Content-Type: multipart/mixed; boundary="outer"\r
            \r
            --outer\r
            Content-Type: multipart/alternative; boundary="inner"\r
            \r
            --inner\r
            Content-Type: text/plain; charset=utf-8\r
            \r
            plain text body\r
            --inner\r
            Content-Type: text/html; charset=utf-8\r
            \r
            <p>html body</p>\r
            --inner--\r
            --outer\r
            Content-Type: application/octet-stream; name="a.bin"\r
            Content-Disposition: attachment; filename="a.bin"\r
            Content-Transfer-Encoding: base64\r
            \r
            AAECAw==\r
            --outer--\r
            """;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        ImapTestSupport.common(registry);
        for (String listener : new String[] {"imap", "imaps", "smtp"}) {
            ImapTestSupport.loopbackListener(registry, listener);
        }
    }

    String user;

    @BeforeEach
    void account() {
        user = newAccount("angus", PASSWORD).address();
    }

    private Store connect(String protocol) throws Exception {
        Properties props = new Properties();
        props.put("mail." + protocol + ".host", "127.0.0.1");
        props.put("mail." + protocol + ".port", Integer.toString(listeners.boundPort(protocol)));
        props.put("mail." + protocol + ".connectiontimeout", "5000");
        props.put("mail." + protocol + ".timeout", "5000");
        props.put("mail." + protocol + ".ssl.trust", "*");
        props.put("mail." + protocol + ".ssl.checkserveridentity", "false");
        Store store = Session.getInstance(props).getStore(protocol);
        store.connect(user, PASSWORD);
        return store;
    }

    private void deliver(String raw) {
        store.deliver(MessageSource.of(raw.getBytes(StandardCharsets.UTF_8)), List.of(accounts.findAccount(user).orElseThrow().id()));
    }

    @Test
    void foldersShouldBeListedWithTheirSpecialUseOverImplicitTls() throws Exception {
        try (Store imap = connect("imaps")) {
            Folder[] folders = imap.getDefaultFolder().list("*");
            assertThat(Arrays.stream(folders).map(Folder::getFullName))
                    .contains("INBOX", "Sent", "Drafts", "Trash", "Junk", "Archive");
            IMAPFolder sent = (IMAPFolder) imap.getFolder("Sent");
            assertThat(sent.getAttributes()).contains("\\Sent");
        }
    }

    @Test
    void nestedMultipartShouldBeReadPartByPart() throws Exception {
        deliver(NESTED);
        try (Store imap = connect("imaps")) {
            Folder inbox = imap.getFolder("INBOX");
            inbox.open(Folder.READ_ONLY);
            Message message = inbox.getMessage(1);
            assertThat(message.getSubject()).isEqualTo("nested");
            Multipart outer = (Multipart) message.getContent();
            assertThat(outer.getCount()).isEqualTo(2);
            Multipart inner = (Multipart) outer.getBodyPart(0).getContent();
            assertThat(inner.getBodyPart(0).getContent().toString().trim()).isEqualTo("plain text body");
            assertThat(inner.getBodyPart(1).getContentType()).startsWith("text/html");
            Part attachment = outer.getBodyPart(1);
            assertThat(attachment.getFileName()).isEqualTo("a.bin");
            assertThat(attachment.getInputStream().readAllBytes()).containsExactly(0, 1, 2, 3);
            assertThat(message.isSet(Flags.Flag.SEEN)).as("EXAMINE never sets \\Seen").isFalse();
        }
    }

    @Test
    void appendFlagCopyMoveAndExpungeShouldWorkThroughTheClient() throws Exception {
        try (Store imap = connect("imap")) {
            IMAPFolder inbox = (IMAPFolder) imap.getFolder("INBOX");
            MimeMessage draft = new MimeMessage(Session.getInstance(new Properties()),
                    new java.io.ByteArrayInputStream("Subject: appended\r\n\r\nbody\r\n".getBytes(StandardCharsets.US_ASCII)));
            AppendUID[] uids = inbox.appendUIDMessages(new Message[] {draft});
            assertThat(uids[0].uid).isEqualTo(1);
            inbox.open(Folder.READ_WRITE);
            Message message = inbox.getMessage(1);
            message.setFlag(Flags.Flag.FLAGGED, true);
            message.setFlags(new Flags("$Forwarded"), true);
            inbox.close(false);
            inbox.open(Folder.READ_WRITE);
            assertThat(inbox.getMessage(1).isSet(Flags.Flag.FLAGGED)).isTrue();
            assertThat(inbox.getMessage(1).getFlags().contains("$Forwarded")).isTrue();
            inbox.copyMessages(new Message[] {inbox.getMessage(1)}, imap.getFolder("Archive"));
            inbox.moveMessages(new Message[] {inbox.getMessage(1)}, imap.getFolder("Trash"));
            assertThat(imap.getFolder("INBOX").getMessageCount()).as("STATUS after MOVE").isZero();
            Folder trash = imap.getFolder("Trash");
            trash.open(Folder.READ_WRITE);
            assertThat(trash.getMessageCount()).isEqualTo(1);
            trash.getMessage(1).setFlag(Flags.Flag.DELETED, true);
            assertThat(trash.expunge()).hasSize(1);
            assertThat(trash.getMessageCount()).isZero();
            assertThat(imap.getFolder("Archive").getMessageCount()).isEqualTo(1);
        }
    }

    private record Idling(IMAPFolder inbox, CountDownLatch added, Thread idler) {
    }

    /** Opens INBOX, counts arriving messages, and sits in IDLE on a thread of its own (given a moment to start). */
    private static Idling idleInInbox(Store imap) throws Exception {
        IMAPFolder inbox = (IMAPFolder) imap.getFolder("INBOX");
        inbox.open(Folder.READ_WRITE);
        CountDownLatch added = new CountDownLatch(1);
        inbox.addMessageCountListener(new MessageCountAdapter() {
            @Override
            public void messagesAdded(MessageCountEvent e) {
                added.countDown();
            }
        });
        Thread idler = Thread.ofVirtual().start(() -> {
            try {
                inbox.idle(true);
            } catch (jakarta.mail.MessagingException e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(300);
        return new Idling(inbox, added, idler);
    }

    @Test
    void idleShouldReceiveAMessageDeliveredMeanwhile() throws Exception {
        try (Store imap = connect("imap")) {
            Idling idling = idleInInbox(imap);
            deliver("Subject: while idling\r\n\r\nhello\r\n");
            assertThat(idling.added().await(5, TimeUnit.SECONDS)).isTrue();
            idling.idler().join(5000);
            assertThat(idling.inbox().getMessage(1).getSubject()).isEqualTo("while idling");
        }
    }

    @Test
    void idleShouldReceiveAMessageArrivingBySmtp() throws Exception {
        try (Store imap = connect("imaps")) {
            Idling idling = idleInInbox(imap);
            try (RawImapClient smtp = new RawImapClient("127.0.0.1", listeners.boundPort("smtp"))) {
                assertThat(smtp.line()).startsWith("220");
                smtp.send("EHLO client.example.test\r\n");
                String line;
                do {
                    line = smtp.line();
                } while (line.startsWith("250-"));
                smtp.send("MAIL FROM:<sender@elsewhere.example>\r\n");
                assertThat(smtp.line()).startsWith("250");
                smtp.send("RCPT TO:<" + user + ">\r\n");
                assertThat(smtp.line()).startsWith("250");
                smtp.send("DATA\r\n");
                assertThat(smtp.line()).startsWith("354");
                smtp.send("From: sender@elsewhere.example\r\nSubject: by smtp\r\n\r\nhello over smtp\r\n.\r\n");
                assertThat(smtp.line()).startsWith("250");
            }
            assertThat(idling.added().await(5, TimeUnit.SECONDS)).isTrue();
            idling.idler().join(5000);
            assertThat(idling.inbox().getMessage(1).getSubject()).isEqualTo("by smtp");
        }
    }
}
