package dev.mailwright.store;

/**
 * How the webmail's sort keys of a placement ({@code mailbox_message_keys}, V5, V30, V31) are derived from its message
 * row, as SQL over that row under the alias {@code m}: written at every placement ({@code MessageRows}) and derived
 * again by the integrity repair, which must produce the same values.
 */
public final class SortKeyColumns {
    /** The first 200 characters of the From field, lower-cased. */
    public static final String SORT_FROM = "SUBSTRING(LOWER(m.from_address) FROM 1 FOR 200)";
    /** The first 200 characters of the Subject, lower-cased. */
    public static final String SORT_SUBJECT = "SUBSTRING(LOWER(m.subject) FROM 1 FOR 200)";

    private SortKeyColumns() {
    }
}
