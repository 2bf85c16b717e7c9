package dev.mailwright.store;

/** Database id of an account. */
public record AccountId(long value) {
}
