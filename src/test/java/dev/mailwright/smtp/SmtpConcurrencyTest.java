package dev.mailwright.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.mailwright.store.MailboxInfo;
import dev.mailwright.store.UidSet;

/** Many clients at once: every acknowledged message is stored exactly once, none is lost. */
class SmtpConcurrencyTest extends SmtpServerTestSupport {
    private static final int CLIENTS = 50;
    private static final int MESSAGES_PER_CLIENT = 20;

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void fiftyParallelClientsSendingTwentyMessagesEachShouldStoreEveryMessageExactlyOnce() throws Exception {
        String run = token();
        long before = inboxCount("load@example.test");
        List<Future<Integer>> results = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(CLIENTS)) {
            for (int c = 0; c < CLIENTS; c++) {
                int clientNumber = c;
                results.add(pool.submit(() -> send(run, clientNumber)));
            }
            int accepted = 0;
            for (Future<Integer> result : results) {
                accepted += result.get(5, TimeUnit.MINUTES);
            }
            assertThat(accepted).isEqualTo(CLIENTS * MESSAGES_PER_CLIENT);
        }

        Map<String, Integer> seen = storedMarkers(run);
        assertThat(seen).hasSize(CLIENTS * MESSAGES_PER_CLIENT);
        assertThat(seen.values()).allMatch(count -> count == 1);
        assertThat(inboxCount("load@example.test") - before).isEqualTo(CLIENTS * MESSAGES_PER_CLIENT);
    }

    private static int send(String run, int clientNumber) throws IOException {
        int accepted = 0;
        try (RawSmtpClient client = RawSmtpClient.connect(SMTP_PORT)) {
            client.read();
            client.command("EHLO load" + clientNumber + ".client.test");
            for (int m = 0; m < MESSAGES_PER_CLIENT; m++) {
                String marker = run + "-" + clientNumber + "-" + m;
                // pipelined like a real MTA: MAIL, RCPT, DATA in one write
                client.sendRaw("MAIL FROM:<load" + clientNumber + "@remote.invalid>\r\nRCPT TO:<load@example.test>\r\nDATA\r\n");
                if (client.read().code() != 250 || client.read().code() != 250 || client.read().code() != 354) {
                    throw new IOException("transaction refused for " + marker);
                }
                RawSmtpClient.Reply reply = client.command(message("load" + clientNumber + "@remote.invalid",
                        "load@example.test", "<" + marker + ">") + ".");
                if (reply.code() == 250) {
                    accepted++;
                }
            }
            client.command("QUIT");
        }
        return accepted;
    }

    private Map<String, Integer> storedMarkers(String run) {
        Pattern pattern = Pattern.compile("Subject: test <(" + Pattern.quote(run) + "-\\d+-\\d+)>");
        MailboxInfo inbox = store.mailbox(account("load@example.test"), "INBOX").orElseThrow();
        Map<String, Integer> seen = new ConcurrentHashMap<>();
        store.forEachMeta(inbox.id(), UidSet.ALL, meta -> {
            try (InputStream in = store.openMessage(meta.blobHash())) {
                Matcher m = pattern.matcher(new String(in.readAllBytes(), StandardCharsets.UTF_8));
                if (m.find()) {
                    seen.merge(m.group(1), 1, Integer::sum);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        return seen;
    }
}
