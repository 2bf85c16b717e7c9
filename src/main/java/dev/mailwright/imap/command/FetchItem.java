package dev.mailwright.imap.command;

import java.util.List;
import java.util.Optional;

/** One FETCH data item (RFC 3501 §6.4.5); the macros ALL/FAST/FULL are expanded by the parser. */
public sealed interface FetchItem {

    record Flags() implements FetchItem {
    }

    record Uid() implements FetchItem {
    }

    record InternalDate() implements FetchItem {
    }

    record Rfc822Size() implements FetchItem {
    }

    record Envelope() implements FetchItem {
    }

    record BodyStructure() implements FetchItem {
    }

    /** {@code BODY} without section: the non-extensible structure. */
    record Body() implements FetchItem {
    }

    record ModSeq() implements FetchItem {
    }

    /** RFC 8514: when the message was put into this mailbox. */
    record SaveDate() implements FetchItem {
    }

    /** RFC 8474 EMAILID. */
    record EmailId() implements FetchItem {
    }

    /** RFC 8474 THREADID. */
    record ThreadId() implements FetchItem {
    }

    /**
     * RFC 8970 PREVIEW, with or without the {@code (LAZY)} modifier: the preview is stored at ingest, so it is never
     * expensive and LAZY changes nothing.
     */
    record Preview() implements FetchItem {
    }

    /** {@code RFC822} (sets \Seen), {@code RFC822.HEADER}, {@code RFC822.TEXT} (sets \Seen). */
    record Rfc822(Rfc822Part part) implements FetchItem {
    }

    enum Rfc822Part { WHOLE, HEADER, TEXT }

    enum Peek { SET_SEEN, PEEK }

    enum SectionText { WHOLE, HEADER, HEADER_FIELDS, HEADER_FIELDS_NOT, TEXT, MIME }

    /** {@code BODY[part.text (fields)]<offset.count>} and its PEEK form. */
    record Section(Peek peek, List<Integer> part, SectionText text, List<String> fields, Optional<Partial> partial)
            implements FetchItem {
    }

    record Partial(long offset, long count) {
    }

    /**
     * {@code BINARY[part]<offset.count>} and {@code BINARY.PEEK[...]} (RFC 3516 §4.2): the part after
     * content-transfer-decoding. The section is part numbers only; empty means the whole message.
     */
    record Binary(Peek peek, List<Integer> part, Optional<Partial> partial) implements FetchItem {
    }

    /** {@code BINARY.SIZE[part]} (RFC 3516 §4.2): the decoded size of the part. */
    record BinarySize(List<Integer> part) implements FetchItem {
    }
}
