package dev.mailwright.imap.wire;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Everything the server writes, as data. Only {@link ImapEncoder} turns these into bytes. */
public sealed interface ImapResponse {

    record Tagged(String tag, Status status, Optional<String> code, String text) implements ImapResponse {
    }

    record Continuation(String text) implements ImapResponse {
    }

    sealed interface Untagged extends ImapResponse {
    }

    /** {@code * OK|NO|BAD|BYE|PREAUTH [code] text}. */
    record StatusLine(Status status, Optional<String> code, String text) implements Untagged {
    }

    record Capabilities(List<String> names) implements Untagged {
    }

    record Exists(long count) implements Untagged {
    }

    record Recent(long count) implements Untagged {
    }

    record Expunge(long msn) implements Untagged {
    }

    /** {@code * VANISHED [(EARLIER)] uid-set} (RFC 7162 §3.2.10), instead of EXPUNGE once QRESYNC is enabled. */
    record Vanished(When when, String uids) implements Untagged {
        public enum When { NOW, EARLIER }
    }

    record FlagList(List<String> flags) implements Untagged {
    }

    /** One LIST, LSUB or XLIST line; {@code name} is the Unicode mailbox name. */
    /** {@code childInfo}: the selection criteria of RFC 5258 §3.5 CHILDINFO, empty for none. */
    record MailboxListing(ListKind kind, List<String> attributes, String name, List<String> childInfo) implements Untagged {
        public MailboxListing(ListKind kind, List<String> attributes, String name) {
            this(kind, attributes, name, List.of());
        }
    }

    enum ListKind { LIST, LSUB, XLIST }

    /** {@code * LIST () "/" new ("OLDNAME" (old))}: a mailbox renamed, announced by NOTIFY MailboxName (RFC 5465 §5.4). */
    record RenamedListing(String name, String oldName) implements Untagged {
    }

    record MailboxStatus(String name, List<StatusValue> values) implements Untagged {
    }

    /** {@code value} is IMAP syntax: a number, or a parenthesised object id (MAILBOXID). */
    record StatusValue(String item, String value) {
        public StatusValue(String item, long value) {
            this(item, Long.toString(value));
        }
    }

    record SearchResult(List<Long> numbers, Optional<Long> highestModseq) implements Untagged {
    }

    /** {@code * SORT n... [(MODSEQ m)]} (RFC 5256 §4; MODSEQ when the criteria used it, RFC 7162 §3.1.5). */
    record SortResult(List<Long> numbers, Optional<Long> highestModseq) implements Untagged {
    }

    /** {@code * THREAD (...)...} (RFC 5256 §4). */
    record ThreadResult(ThreadForest threads) implements Untagged {
    }

    /**
     * {@code * ESEARCH (TAG "t") [UID] name value ...} (RFC 4731 §3.2); values are already IMAP syntax (numbers,
     * sequence sets).
     */
    record ExtendedSearch(String tag, Numbering numbering, List<SearchData> data) implements Untagged {
        public enum Numbering { SEQUENCE, UID }
    }

    record SearchData(String name, String value) {
    }

    record Fetched(long msn, List<FetchValue> values) implements Untagged {
    }

    record Namespace() implements Untagged {
    }

    /** {@code * ID (...)}; empty means NIL. */
    record Id(List<String> keysAndValues) implements Untagged {
    }

    record Enabled(List<String> names) implements Untagged {
    }

    /** RFC 9208 {@code * QUOTAROOT mailbox root...}. */
    record QuotaRoot(String mailbox, List<String> roots) implements Untagged {
    }

    /** RFC 9208 {@code * QUOTA root (resource usage limit ...)}. */
    record Quota(String root, List<QuotaResource> resources) implements Untagged {
    }

    record QuotaResource(String name, long usage, long limit) {
    }

    /** RFC 4314 §3.6 {@code * ACL mailbox identifier rights ...}. */
    record Acl(String mailbox, List<AclGrant> grants) implements Untagged {
    }

    record AclGrant(String identifier, String rights) {
    }

    /** RFC 4314 §3.7 {@code * LISTRIGHTS mailbox identifier required optional...}. */
    record ListRights(String mailbox, String identifier, String required, List<String> optional) implements Untagged {
    }

    /** RFC 4314 §3.8 {@code * MYRIGHTS mailbox rights}. */
    record MyRights(String mailbox, String rights) implements Untagged {
    }

    /** One item of a FETCH response. */
    sealed interface FetchValue {
    }

    record FlagsValue(List<String> flags) implements FetchValue {
    }

    record UidValue(long uid) implements FetchValue {
    }

    record ModSeqValue(long modseq) implements FetchValue {
    }

    record InternalDateValue(Instant date) implements FetchValue {
    }

    /** {@code RFC822.SIZE n}. */
    record SizeValue(long size) implements FetchValue {
    }

    /** RFC 8514 {@code SAVEDATE}: a date-time, or NIL when the mailbox keeps no save date for the message. */
    record SaveDateValue(Optional<Instant> date) implements FetchValue {
    }

    /** RFC 8474 {@code EMAILID (id)} / {@code THREADID (id)}, {@code THREADID NIL} when there is none. */
    record ObjectIdValue(String name, Optional<String> id) implements FetchValue {
    }

    /** RFC 8970 {@code PREVIEW}: the text as a string (quoted or literal), NIL when none could be made. */
    record PreviewValue(Optional<String> text) implements FetchValue {
    }

    /** An item whose value is already IMAP syntax: ENVELOPE, BODY, BODYSTRUCTURE. */
    record SyntaxValue(String name, String imapSyntax) implements FetchValue {
    }

    /** {@code BODY[...]<o>}, {@code RFC822...}: written as a literal, streamed when large; NIL when absent. */
    record SectionValue(String name, Optional<BodySource> body) implements FetchValue {
    }

    /**
     * {@code BINARY[...]<o>} (RFC 3516 §4.2): written as a literal, or as a literal8 ({@code ~{n}}) when the
     * decoded data contains NUL; NIL when absent.
     */
    record BinaryValue(String name, Optional<BodySource> body, LiteralForm form) implements FetchValue {
    }

    enum LiteralForm { LITERAL, LITERAL8 }

    /** An item whose value is a number: {@code BINARY.SIZE[...] n}. */
    record NumberValue(String name, long value) implements FetchValue {
    }

    /** Bytes of a body section, read when written. */
    interface BodySource {
        long length();

        java.io.InputStream open() throws java.io.IOException;
    }
}
