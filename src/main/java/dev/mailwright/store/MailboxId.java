package dev.mailwright.store;

/** Database id of a mailbox (folder). */
public record MailboxId(long value) {
}
