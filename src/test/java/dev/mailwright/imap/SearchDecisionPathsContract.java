package dev.mailwright.imap;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.mailwright.store.AccountStore;
import dev.mailwright.store.MessageSource;

/**
 * IMAP SEARCH (RFC 3501 §6.4.4) answers the same whichever way a message is decided (issue 14, imap-speed): from
 * the search index alone (a BODY/TEXT column hit, a header the index rules out), from the stored header text where
 * its lines are exactly the fields (V27 {@code search_header_exact}), or from the header read from the blob (rows
 * from before V27, a decoded line break, MODSEQ searches). The commands run once as delivered, then again after
 * every row has been made "from before V27"; the answers must be identical, and the main ones are also checked
 * against their known values. H2 and PostgreSQL. Time budget: one Spring context, a few seconds of commands.
 */
@SpringBootTest
@Timeout(180)
abstract class SearchDecisionPathsContract extends ImapListenerTest {
    private static final String PASSWORD = "paths-secret";

    @Autowired
    JdbcClient jdbc;

    @Test
    void everyDecisionPathShouldGiveTheSameAnswer() throws Exception {
        AccountStore.Account account = newAccount("paths", PASSWORD);
        deliver(account, "From: Carol <carol@example.org>\r\nSubject: Animals\r\nDate: Mon, 1 Jan 2024 10:00:00 +0000\r\n"
                + "\r\nThe Zebra crossed the road.\r\n");
        deliver(account, "From: =?UTF-8?Q?J=C3=BCrgen?= <juergen@example.de>\r\nSubject: zebra news\r\n"
                + "X-Note: zebra-tag\r\nDate: Tue, 2 Jan 2024 23:30:00 -0800\r\n\r\nnothing here\r\n");
        deliver(account, "From: Dave <dave (the boss) @ (office) corp.example>\r\nDate: 2 Jan 2024 08:00:00 +0100\r\n"
                + "\r\nzebra and more\r\n");
        // no message with a decoded line break yet: on H2 the index answers the header keys exactly
        assertThat(run(account, List.of("UID SEARCH FROM \"dave@corp.example\"", "UID SEARCH FROM \"(the boss)\"",
                "UID SEARCH SUBJECT \"zebra\"", "UID SEARCH TO \"zebra\"", "UID SEARCH OR FROM \"carol\" BODY \"zebra\"",
                "UID SEARCH CHARSET UTF-8 FROM \"rgen <juergen\"", "UID SEARCH NOT FROM \"example.org\"",
                "UID SEARCH FROM \"carol\" SUBJECT \"animals\" SENTON 1-Jan-2024")).values())
                .containsExactly("* SEARCH 3", "* SEARCH 3", "* SEARCH 2", "* SEARCH", "* SEARCH 1 3", "* SEARCH 2",
                        "* SEARCH 2 3", "* SEARCH 1");
        deliver(account, "From: =?UTF-8?Q?Eve=0Afrom:_mallory?= <eve@example.org>\r\nSubject: split\r\n\r\nno\r\n");
        deliver(account, "To: zebra@zoo.test\r\nSubject: plain\r\n\r\nplain\r\n");
        List<String> commands = List.of("UID SEARCH TEXT \"zebra\"", "UID SEARCH BODY \"zebra\"",
                "UID SEARCH FROM \"dave@corp.example\"", "UID SEARCH FROM \"(the boss)\"", "UID SEARCH FROM \"mallory\"",
                "UID SEARCH HEADER X-Note \"zebra\"", "UID SEARCH SUBJECT \"zebra\"", "UID SEARCH TO \"zebra\"",
                "UID SEARCH NOT BODY \"zebra\"", "UID SEARCH OR FROM \"carol\" BODY \"zebra\"",
                "UID SEARCH BODY \"zebra\" SENTON 2-Jan-2024", "UID SEARCH TEXT \"zebra\" MODSEQ 1",
                "UID SEARCH CHARSET UTF-8 FROM \"rgen <juergen\"", "UID SEARCH TEXT \"zebra-t\" NOT SUBJECT \"news\"",
                "UID SEARCH HEADER X-Note \"\"", "UID SEARCH FROM \"eve\" SENTBEFORE 1-Jan-2030");

        Map<String, String> fast = run(account, commands);
        assertThat(fast).containsEntry("UID SEARCH TEXT \"zebra\"", "* SEARCH 1 2 3 5")
                .containsEntry("UID SEARCH BODY \"zebra\"", "* SEARCH 1 3")
                .containsEntry("UID SEARCH FROM \"dave@corp.example\"", "* SEARCH 3")
                .containsEntry("UID SEARCH FROM \"mallory\"", "* SEARCH 4")
                .containsEntry("UID SEARCH HEADER X-Note \"zebra\"", "* SEARCH 2")
                .containsEntry("UID SEARCH NOT BODY \"zebra\"", "* SEARCH 2 4 5")
                .containsEntry("UID SEARCH OR FROM \"carol\" BODY \"zebra\"", "* SEARCH 1 3")
                .containsEntry("UID SEARCH BODY \"zebra\" SENTON 2-Jan-2024", "* SEARCH 3")
                .containsEntry("UID SEARCH CHARSET UTF-8 FROM \"rgen <juergen\"", "* SEARCH 2")
                .containsEntry("UID SEARCH TEXT \"zebra-t\" NOT SUBJECT \"news\"", "* SEARCH");
        assertThat(fast.get("UID SEARCH TEXT \"zebra\" MODSEQ 1")).contains("* SEARCH 1 2 3 5 (MODSEQ ");

        long exact = jdbc.sql("SELECT COUNT(*) FROM message WHERE account_id = ? AND search_header_exact")
                .param(account.id().value()).query(Long.class).single();
        assertThat(exact).as("all but the message with a decoded line break").isEqualTo(4);
        jdbc.sql("UPDATE message SET search_header_exact = NULL WHERE account_id = ?").param(account.id().value()).update();
        assertThat(run(account, commands)).as("decided from the blobs").isEqualTo(fast);
    }

    private void deliver(AccountStore.Account account, String raw) {
        store.deliver(MessageSource.of(raw.getBytes(StandardCharsets.UTF_8)), List.of(account.id()));
    }

    private Map<String, String> run(AccountStore.Account account, List<String> commands) throws Exception {
        Map<String, String> answers = new LinkedHashMap<>();
        try (RawImapClient client = new RawImapClient("127.0.0.1", listeners.boundPort("imap"))) {
            client.socket().setSoTimeout(30_000);
            client.line();
            client.send("l1 LOGIN \"" + account.address() + "\" " + PASSWORD + "\r\n");
            assertThat(client.until("l1").getLast()).startsWith("l1 OK");
            client.send("s1 SELECT INBOX\r\n");
            assertThat(client.until("s1").getLast()).startsWith("s1 OK");
            int n = 0;
            for (String command : commands) {
                String tag = "c" + n++;
                byte[] line = (tag + " " + command + "\r\n").getBytes(StandardCharsets.UTF_8);
                client.send(line);
                List<String> lines = new ArrayList<>(client.until(tag));
                assertThat(lines.getLast()).as(command).startsWith(tag + " OK");
                answers.put(command, String.join("\n", lines.subList(0, lines.size() - 1)));
            }
        }
        return answers;
    }
}
