package dev.mailwright.imap.command;

import java.time.LocalDate;
import java.util.List;

/** The SEARCH grammar of RFC 3501 §6.4.4 (plus MODSEQ, RFC 7162) as a tree. */
public sealed interface SearchKey {

    record All() implements SearchKey {
    }

    record And(List<SearchKey> keys) implements SearchKey {
    }

    record Or(SearchKey left, SearchKey right) implements SearchKey {
    }

    record Not(SearchKey key) implements SearchKey {
    }

    record InSet(NumSet set) implements SearchKey {
    }

    /** A system flag such as {@code \Seen} or a keyword is set. UNSEEN etc. are {@code Not(HasFlag)}. */
    record HasFlag(String flag) implements SearchKey {
    }

    record Recent() implements SearchKey {
    }

    /** RECENT and not SEEN. */
    record New() implements SearchKey {
    }

    /** SAVED: the save date of RFC 8514 (SAVEDBEFORE, SAVEDON, SAVEDSINCE). */
    enum DateField { INTERNAL, SENT, SAVED }

    enum DateRelation { BEFORE, ON, SINCE }

    record DateKey(DateField field, DateRelation relation, LocalDate date) implements SearchKey {
    }

    enum SizeRelation { LARGER, SMALLER }

    record SizeKey(SizeRelation relation, long size) implements SearchKey {
    }

    /** A header field contains {@code value} (FROM, TO, CC, BCC, SUBJECT, HEADER); empty value: field present. */
    record HeaderContains(String field, String value) implements SearchKey {
    }

    enum TextScope { BODY, TEXT }

    record TextContains(TextScope scope, String value) implements SearchKey {
    }

    record ModSeqKey(long modseq) implements SearchKey {
    }

    enum ObjectKind { EMAIL, THREAD }

    /** RFC 8474: {@code EMAILID id} or {@code THREADID id}. */
    record ObjectIdKey(ObjectKind kind, String id) implements SearchKey {
    }
}
