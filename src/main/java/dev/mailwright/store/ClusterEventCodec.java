package dev.mailwright.store;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * Text form of a {@link MailboxEvent} for a PostgreSQL notification: {@code origin|kind|account|mailbox|...}.
 * A notification payload is limited (8,000 bytes by default), so an event with many UIDs is written as
 * several events of the same kind, each naming a part of the UIDs as ranges ({@code 1:40,45}).
 */
final class ClusterEventCodec {
    /** Well below PostgreSQL's 8,000-byte payload limit, leaving room for the fixed fields. */
    static final int MAX_UID_TEXT = 7_000;
    private static final Base64.Encoder NAME_ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder NAME_DECODER = Base64.getUrlDecoder();

    private ClusterEventCodec() {
    }

    record Received(String origin, MailboxEvent event) {
    }

    static List<String> encode(String origin, MailboxEvent event) {
        String head = origin + "|" + kind(event) + "|" + event.account().value() + "|" + event.mailbox().value() + "|";
        return switch (event) {
            case MailboxEvent.MessagesAdded e -> withUids(head + e.highestModseq() + "|", e.uids());
            case MailboxEvent.FlagsChanged e -> withUids(head + e.modseq() + "|", e.uids());
            case MailboxEvent.MessagesExpunged e -> withUids(head + e.modseq() + "|", e.uids());
            case MailboxEvent.MailboxChanged e -> List.of(head + name(e.oldName()) + "|" + e.newName().map(ClusterEventCodec::name).orElse("-"));
            case MailboxEvent.MailboxCreated e -> List.of(head + name(e.name()) + "|");
            case MailboxEvent.SubscriptionChanged e -> List.of(head + name(e.name()) + "|" + (e.subscribed() ? "+" : "-"));
        };
    }

    /** Throws {@link IllegalArgumentException} for a payload this version does not understand. */
    static Received decode(String payload) {
        String[] f = payload.split("\\|", -1);
        if (f.length != 6) {
            throw new IllegalArgumentException("not a mailbox event: " + payload);
        }
        AccountId account = new AccountId(Long.parseLong(f[2]));
        MailboxId mailbox = new MailboxId(Long.parseLong(f[3]));
        MailboxEvent event = switch (f[1]) {
            case "added" -> new MailboxEvent.MessagesAdded(account, mailbox, uids(f[5]), Long.parseLong(f[4]));
            case "flags" -> new MailboxEvent.FlagsChanged(account, mailbox, uids(f[5]), Long.parseLong(f[4]));
            case "expunged" -> new MailboxEvent.MessagesExpunged(account, mailbox, uids(f[5]), Long.parseLong(f[4]));
            case "mailbox" -> new MailboxEvent.MailboxChanged(account, mailbox, unname(f[4]),
                    f[5].equals("-") ? Optional.empty() : Optional.of(unname(f[5])));
            case "created" -> new MailboxEvent.MailboxCreated(account, mailbox, unname(f[4]));
            case "subscription" -> new MailboxEvent.SubscriptionChanged(account, mailbox, unname(f[4]), f[5].equals("+"));
            default -> throw new IllegalArgumentException("unknown event kind " + f[1]);
        };
        return new Received(f[0], event);
    }

    private static String kind(MailboxEvent event) {
        return switch (event) {
            case MailboxEvent.MessagesAdded e -> "added";
            case MailboxEvent.FlagsChanged e -> "flags";
            case MailboxEvent.MessagesExpunged e -> "expunged";
            case MailboxEvent.MailboxChanged e -> "mailbox";
            case MailboxEvent.MailboxCreated e -> "created";
            case MailboxEvent.SubscriptionChanged e -> "subscription";
        };
    }

    private static List<String> withUids(String head, List<Long> uids) {
        List<String> payloads = new ArrayList<>();
        StringBuilder part = new StringBuilder();
        for (UidRange range : UidSet.of(uids).ranges()) {
            String text = range.first() == range.last() ? Long.toString(range.first()) : range.first() + ":" + range.last();
            if (part.length() + text.length() + 1 > MAX_UID_TEXT) {
                payloads.add(head + part);
                part.setLength(0);
            }
            if (!part.isEmpty()) {
                part.append(',');
            }
            part.append(text);
        }
        payloads.add(head + part);
        return payloads;
    }

    private static List<Long> uids(String text) {
        List<Long> uids = new ArrayList<>();
        if (text.isEmpty()) {
            return uids;
        }
        for (String range : text.split(",")) {
            int colon = range.indexOf(':');
            long first = Long.parseLong(colon < 0 ? range : range.substring(0, colon));
            long last = colon < 0 ? first : Long.parseLong(range.substring(colon + 1));
            for (long uid = first; uid <= last; uid++) {
                uids.add(uid);
            }
        }
        return uids;
    }

    private static String name(String mailboxName) {
        return NAME_ENCODER.encodeToString(mailboxName.getBytes(StandardCharsets.UTF_8));
    }

    private static String unname(String encoded) {
        return new String(NAME_DECODER.decode(encoded), StandardCharsets.UTF_8);
    }
}
