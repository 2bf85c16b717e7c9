package dev.mailwright.web.mailbox;

import java.util.List;
import java.util.Locale;

import dev.mailwright.store.MailStore.SortDirection;
import dev.mailwright.store.MailStore.SortKey;

/**
 * The order of the message list as the URL carries it: {@code sort=date|from|subject|size} and
 * {@code dir=asc|desc}. Without {@code sort} the list is in arrival (UID) order, newest first. Date is the
 * Date: header (the internal date when there is none), the same date the list shows.
 */
record ListSort(SortKey key, SortDirection direction) {
    static final ListSort ARRIVAL = new ListSort(SortKey.ARRIVAL, SortDirection.DESCENDING);
    private static final List<SortKey> COLUMNS = List.of(SortKey.SENDER, SortKey.SUBJECT, SortKey.DATE, SortKey.SIZE);

    static ListSort of(String sort, String dir) {
        if (sort == null || sort.isBlank()) {
            return ARRIVAL;
        }
        SortKey key = COLUMNS.stream().filter(k -> param(k).equals(sort.toLowerCase(Locale.ROOT))).findFirst().orElse(null);
        if (key == null) {
            return ARRIVAL;
        }
        SortDirection direction = "asc".equalsIgnoreCase(dir) ? SortDirection.ASCENDING
                : "desc".equalsIgnoreCase(dir) ? SortDirection.DESCENDING : natural(key);
        return new ListSort(key, direction);
    }

    /** The URL value of {@code sort}; empty for arrival order. */
    public String sortParam() {
        return key == SortKey.ARRIVAL ? "" : param(key);
    }

    public String dirParam() {
        return direction == SortDirection.ASCENDING ? "asc" : "desc";
    }

    public boolean arrival() {
        return key == SortKey.ARRIVAL;
    }

    /** The clickable column headers: the current column flips its direction, another starts in its natural one. */
    public List<Header> headers() {
        return COLUMNS.stream().map(k -> {
            boolean active = k == key;
            SortDirection next = active ? flip(direction) : natural(k);
            String arrow = !active ? "" : direction == SortDirection.ASCENDING ? "▲" : "▼";
            String ariaSort = !active ? "none" : direction == SortDirection.ASCENDING ? "ascending" : "descending";
            return new Header(label(k), param(k), next == SortDirection.ASCENDING ? "asc" : "desc", active, arrow, ariaSort);
        }).toList();
    }

    record Header(String label, String sort, String dir, boolean active, String arrow, String ariaSort) {
    }

    private static String param(SortKey key) {
        return switch (key) {
            case ARRIVAL -> "arrival";
            case DATE -> "date";
            case SENDER -> "from";
            case SUBJECT -> "subject";
            case SIZE -> "size";
        };
    }

    private static String label(SortKey key) {
        return switch (key) {
            case ARRIVAL -> "mailbox.sort.arrival";
            case DATE -> "mailbox.sort.date";
            case SENDER -> "mailbox.sort.from";
            case SUBJECT -> "mailbox.sort.subject";
            case SIZE -> "mailbox.sort.size";

        };
    }

    /** Newest and biggest first; names and subjects A to Z. */
    private static SortDirection natural(SortKey key) {
        return switch (key) {
            case ARRIVAL, DATE, SIZE -> SortDirection.DESCENDING;
            case SENDER, SUBJECT -> SortDirection.ASCENDING;
        };
    }

    private static SortDirection flip(SortDirection direction) {
        return switch (direction) {
            case ASCENDING -> SortDirection.DESCENDING;
            case DESCENDING -> SortDirection.ASCENDING;
        };
    }
}
