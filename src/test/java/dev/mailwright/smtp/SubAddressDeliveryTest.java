package dev.mailwright.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import dev.mailwright.store.AccountId;
import dev.mailwright.store.MailStore.RightsChange;
import dev.mailwright.store.MailboxInfo;
import dev.mailwright.store.Rights;
import dev.mailwright.store.SieveScripts;
import dev.mailwright.store.UidSet;

/**
 * Delivery to {@code user+detail@domain} over the real MX port (raw SMTP client), the rule README's sub-addressing
 * section states: the recipient's own mailbox the detail names (exact name, else the only one equal ignoring case,
 * hierarchy with {@code /}), the INBOX when it does not exist, another account's mailbox by its shared name only when
 * that mailbox grants {@code p} to {@code anyone}; a Sieve {@code fileinto} still wins over the detail.
 */
class SubAddressDeliveryTest extends SmtpServerTestSupport {
    @Autowired
    SieveScripts scripts;

    private AccountId newAccount(String prefix) {
        String address = prefix + "-" + token().substring(1, 11).toLowerCase() + "@example.test";
        return accounts.createAccount(address, "{noop}unused", false).id();
    }

    private String address(AccountId id) {
        return accounts.findAccount(id).orElseThrow().address();
    }

    /** {@code user+detail@domain} for the account. */
    private String plus(AccountId id, String detail) {
        String address = address(id);
        int at = address.indexOf('@');
        return address.substring(0, at) + "+" + detail + address.substring(at);
    }

    /** {@code "user+detail"@domain}: the only way a detail can carry the {@code @} of a shared name. */
    private String quotedPlus(AccountId id, String detail) {
        String address = address(id);
        int at = address.indexOf('@');
        return "\"" + address.substring(0, at) + "+" + detail + "\"" + address.substring(at);
    }

    private static void send(String to, String marker) throws IOException {
        try (RawSmtpClient client = mx()) {
            assertThat(client.command("MAIL FROM:<list@remote.invalid>").code()).isEqualTo(250);
            assertThat(client.command("RCPT TO:<" + to + ">").code()).isEqualTo(250);
            assertThat(client.command("DATA").code()).isEqualTo(354);
            assertThat(client.command(message("list@remote.invalid", to, marker) + ".").code()).isEqualTo(250);
        }
    }

    /** The markers of the messages in one mailbox, as {@code actor} names it. */
    private List<String> contents(AccountId actor, String mailbox) {
        Optional<MailboxInfo> box = store.mailbox(actor, mailbox);
        assertThat(box).as(mailbox).isPresent();
        List<String> found = new ArrayList<>();
        store.forEachMeta(box.get().id(), UidSet.ALL, meta -> {
            try (InputStream in = store.openMessage(meta.blobHash())) {
                found.add(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        return found;
    }

    @Test
    void detailFilesIntoTheRecipientsExistingMailboxAndMissingOnesIntoTheInbox() throws IOException {
        AccountId user = newAccount("detail");
        store.createMailbox(user, "Lists");
        store.createMailbox(user, "Lists/Java");
        String intoLists = token();
        String intoSub = token();
        String caseFolded = token();
        String missing = token();
        send(plus(user, "Lists"), intoLists);
        send(plus(user, "Lists/Java"), intoSub);
        send(plus(user, "lists"), caseFolded);          // case as the mailbox exists
        send(plus(user, "Nowhere"), missing);           // no such mailbox: never created by mail

        assertThat(String.join("", contents(user, "Lists"))).contains(intoLists, caseFolded).doesNotContain(intoSub, missing);
        assertThat(String.join("", contents(user, "Lists/Java"))).contains(intoSub);
        assertThat(String.join("", contents(user, "INBOX"))).contains(missing).doesNotContain(intoLists, intoSub, caseFolded);
        assertThat(store.mailbox(user, "Nowhere")).isEmpty();
    }

    @Test
    void anAmbiguousCaseFoldedDetailAndTheInboxItselfGoToTheInbox() throws IOException {
        AccountId user = newAccount("ambiguous");
        store.createMailbox(user, "Work");
        store.createMailbox(user, "WORK");
        String ambiguous = token();
        String inbox = token();
        send(plus(user, "work"), ambiguous);
        send(plus(user, "inbox"), inbox);
        assertThat(String.join("", contents(user, "INBOX"))).contains(ambiguous, inbox);
        assertThat(contents(user, "Work")).isEmpty();
        assertThat(contents(user, "WORK")).isEmpty();
    }

    @Test
    void anotherAccountsMailboxTakesPostsOnlyWhenAnyoneHasThePostRight() throws IOException {
        AccountId owner = newAccount("o");
        AccountId member = newAccount("m");
        store.createMailbox(owner, "Team");
        store.createMailbox(owner, "Board");
        // the member may read and even append to Board, but anyone may not post to it
        store.changeRights(owner, "Board", address(member), new RightsChange(RightsChange.Mode.REPLACE, Rights.parse("lrip")));
        store.changeRights(owner, "Team", address(member), new RightsChange(RightsChange.Mode.REPLACE, Rights.parse("lr")));
        store.changeRights(owner, "Team", "anyone", new RightsChange(RightsChange.Mode.REPLACE, Rights.parse("p")));
        String team = "Shared/" + address(owner) + "/Team";
        String board = "Shared/" + address(owner) + "/Board";

        String posted = token();
        String refused = token();
        String ownerDirect = token();
        send(quotedPlus(member, team), posted);
        send(quotedPlus(member, board), refused);
        send(plus(owner, "Board"), ownerDirect);        // the owner's own mailbox: no right needed

        assertThat(String.join("", contents(owner, "Team"))).contains(posted);
        assertThat(String.join("", contents(owner, "Board"))).contains(ownerDirect).doesNotContain(refused);
        assertThat(String.join("", contents(member, "INBOX"))).contains(refused).doesNotContain(posted);
    }

    @Test
    void sieveFileintoWinsOverTheDetailAndTheImplicitKeepFollowsIt() throws IOException {
        AccountId user = newAccount("sieve-detail");
        store.createMailbox(user, "Lists");
        store.createMailbox(user, "Urgent");
        scripts.put(user, "main", """
                require "fileinto";
                if header :contains "subject" "URGENT" { fileinto "Urgent"; }
                """);
        assertThat(scripts.activate(user, Optional.of("main"))).isTrue();
        String kept = token();
        String urgent = "URGENT" + token();
        send(plus(user, "Lists"), kept);
        send(plus(user, "Lists"), urgent);
        assertThat(String.join("", contents(user, "Lists"))).contains(kept).doesNotContain(urgent);
        assertThat(String.join("", contents(user, "Urgent"))).contains(urgent).doesNotContain(kept);
        assertThat(contents(user, "INBOX")).isEmpty();
    }
}
