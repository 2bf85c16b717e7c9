/**
 * Parse once, at ingest: {@link dev.mailwright.store.ingest.Mime4jMessageParser} reads the raw bytes in
 * one streaming pass and returns a {@link dev.mailwright.store.ingest.ParsedMessage}.
 *
 * <p>The MIME tree comes from our own line scanner ({@code MimeScanner}), because the IMAP server serves
 * {@code BODY[1.2]}, {@code .MIME}, {@code .HEADER} and {@code .TEXT} straight from the blob and needs
 * exact byte offsets, which mime4j's token stream does not expose. mime4j does the decoding: RFC 2047
 * words, base64, quoted-printable and charset lookup. {@code Mime4jAgreementTest} checks that the tree
 * and every raw part body agree with mime4j's {@code MimeTokenStream} on the test corpus.
 *
 * <p>Choices where RFC 3501 leaves room, kept consistent everywhere:
 * <ul>
 *   <li>ENVELOPE and BODYSTRUCTURE strings are the raw header values (unfolded): encoded words, RFC 2231
 *       parameters and continuations are passed through for the client to decode. Type, subtype,
 *       disposition type and parameter names are lower-case; values are as sent; encodings upper-case.</li>
 *   <li>A string is quoted when it is 7-bit without CR/LF, otherwise a literal whose length counts UTF-8
 *       octets: the IMAP encoder must write these strings as UTF-8. Raw 8-bit header bytes are read as
 *       UTF-8 when valid, else ISO-8859-1. NUL is dropped.</li>
 *   <li>A text part without charset gets {@code ("charset" "us-ascii")} first in its parameters. A missing
 *       or invalid Content-Type is text/plain (message/rfc822 inside multipart/digest).</li>
 *   <li>A multipart without boundary or without any delimiter line is reported as text/plain. A
 *       message/rfc822 part in base64 or quoted-printable is a basic part (no envelope). The body MD5 is
 *       the Content-MD5 value when there is one, else NIL.</li>
 *   <li>A line that starts with a delimiter is one (RFC 2046 §5.1.1 note); the line end before it belongs
 *       to it. Sizes and line counts in BODYSTRUCTURE are those of the bytes served for BODY[n].</li>
 *   <li>Addresses: a mailbox without phrase takes its comment as name; a missing domain is {@code ""}
 *       (NIL would mean a group); an obsolete route goes to the adl field. Sender and Reply-To repeat
 *       From when absent or empty.</li>
 *   <li>Headers: a stray line inside a header is skipped; if the very first line is no field, the entity
 *       has no header and its body starts there. No separator line: all header, empty body.</li>
 * </ul>
 * Limits ({@code mailwright.ingest.*}, see {@link dev.mailwright.store.ingest.ParseLimits}) never make
 * parsing fail; beyond them the result is best-effort. Only the start of text parts is kept in memory.
 */
package dev.mailwright.store.ingest;
