package dev.mailwright.imap.command;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import dev.mailwright.imap.command.FetchItem.*;
import dev.mailwright.imap.command.MessageCommand.Fetch;

/** FETCH items (RFC 3501 §6.4.5) and the CHANGEDSINCE modifier (RFC 7162). */
final class FetchParser {
    private FetchParser() {
    }

    static Fetch fetch(String tag, NumSet set, CommandReader r) {
        r.sp();
        List<FetchItem> items = new ArrayList<>();
        if (r.tryChar('(')) {
            do {
                items.add(item(r));
            } while (r.tryChar(' '));
            r.expect(')');
        } else if (r.peekWord("ALL")) {
            r.atom();
            items.addAll(List.of(new Flags(), new InternalDate(), new Rfc822Size(), new Envelope()));
        } else if (r.peekWord("FAST")) {
            r.atom();
            items.addAll(List.of(new Flags(), new InternalDate(), new Rfc822Size()));
        } else if (r.peekWord("FULL")) {
            r.atom();
            items.addAll(List.of(new Flags(), new InternalDate(), new Rfc822Size(), new Envelope(), new Body()));
        } else {
            items.add(item(r));
        }
        Optional<Long> changedSince = Optional.empty();
        MessageCommand.Vanished vanished = MessageCommand.Vanished.OMIT;
        Optional<MessageCommand.PartialRange> partial = Optional.empty();
        if (r.more()) {
            r.expect('(');
            java.util.Set<String> seen = new java.util.HashSet<>();
            do {
                String modifier = r.keyword();
                if (!seen.add(modifier)) {
                    throw r.error("FETCH modifier " + modifier + " given twice");
                }
                switch (modifier) {
                    case "CHANGEDSINCE" -> {
                        r.sp();
                        changedSince = Optional.of(r.number());
                    }
                    case "VANISHED" -> vanished = MessageCommand.Vanished.REPORT;
                    case "PARTIAL" -> {
                        r.sp();
                        partial = Optional.of(SearchParser.partialRange(r));
                    }
                    default -> throw r.error("Unknown FETCH modifier " + modifier);
                }
            } while (r.tryChar(' '));
            r.expect(')');
        }
        if (vanished == MessageCommand.Vanished.REPORT && (changedSince.isEmpty() || set.form() != NumSet.Form.UID)) {
            throw r.error("VANISHED needs UID FETCH with CHANGEDSINCE");   // RFC 7162 §3.2.6
        }
        if (partial.isPresent() && set.form() != NumSet.Form.UID) {
            throw r.error("PARTIAL is a modifier of UID FETCH");   // RFC 9394 §3.3
        }
        return new Fetch(tag, set, List.copyOf(items), changedSince, vanished, partial);
    }

    static FetchItem item(CommandReader r) {
        String name = r.atomBefore('[').toUpperCase(java.util.Locale.ROOT);
        return switch (name) {
            case "FLAGS" -> new Flags();
            case "UID" -> new Uid();
            case "INTERNALDATE" -> new InternalDate();
            case "RFC822.SIZE" -> new Rfc822Size();
            case "ENVELOPE" -> new Envelope();
            case "BODYSTRUCTURE" -> new BodyStructure();
            case "MODSEQ" -> new ModSeq();
            case "SAVEDATE" -> new SaveDate();
            case "EMAILID" -> new EmailId();
            case "THREADID" -> new ThreadId();
            case "PREVIEW" -> preview(r);
            case "RFC822" -> new Rfc822(Rfc822Part.WHOLE);
            case "RFC822.HEADER" -> new Rfc822(Rfc822Part.HEADER);
            case "RFC822.TEXT" -> new Rfc822(Rfc822Part.TEXT);
            case "BODY" -> r.peekIs('[') ? section(Peek.SET_SEEN, r) : new Body();
            case "BODY.PEEK" -> section(Peek.PEEK, r);
            case "BINARY" -> new Binary(Peek.SET_SEEN, binarySection(r), partial(r));
            case "BINARY.PEEK" -> new Binary(Peek.PEEK, binarySection(r), partial(r));
            case "BINARY.SIZE" -> new BinarySize(binarySection(r));
            default -> throw r.error("Unknown FETCH item " + name);
        };
    }

    /** {@code PREVIEW [SP "(" preview-mod *(SP preview-mod) ")"]}, where the only modifier is {@code LAZY} (RFC 8970). */
    private static Preview preview(CommandReader r) {
        if (r.peekIs(' ') && r.peekAt(1) == '(') {
            r.sp();
            r.expect('(');
            do {
                String modifier = r.keyword();
                if (!modifier.equals("LAZY")) {
                    throw r.error("Unknown PREVIEW modifier " + modifier);
                }
            } while (r.tryChar(' '));
            r.expect(')');
        }
        return new Preview();
    }

    private static Section section(Peek peek, CommandReader r) {
        r.expect('[');
        List<Integer> part = new ArrayList<>();
        SectionText text = SectionText.WHOLE;
        List<String> fields = List.of();
        if (!r.peekIs(']')) {
            while (Character.isDigit(r.peek())) {
                long n = r.nzNumber();
                if (n > 10_000) {
                    throw r.error("Part number too large");
                }
                part.add((int) n);
                if (!r.tryChar('.')) {
                    break;
                }
            }
            if (!r.peekIs(']')) {
                String spec = r.atom().toUpperCase(java.util.Locale.ROOT);
                text = switch (spec) {
                    case "HEADER" -> SectionText.HEADER;
                    case "HEADER.FIELDS" -> SectionText.HEADER_FIELDS;
                    case "HEADER.FIELDS.NOT" -> SectionText.HEADER_FIELDS_NOT;
                    case "TEXT" -> SectionText.TEXT;
                    case "MIME" -> {
                        if (part.isEmpty()) {
                            throw r.error("MIME needs a part number");
                        }
                        yield SectionText.MIME;
                    }
                    default -> throw r.error("Unknown section " + spec);
                };
                if (text == SectionText.HEADER_FIELDS || text == SectionText.HEADER_FIELDS_NOT) {
                    r.sp();
                    r.expect('(');
                    List<String> names = new ArrayList<>();
                    do {
                        names.add(r.astring());
                    } while (r.tryChar(' '));
                    r.expect(')');
                    fields = List.copyOf(names);
                }
            }
        }
        r.expect(']');
        return new Section(peek, List.copyOf(part), text, fields, partial(r));
    }

    /** {@code <offset.count>} after a section, if present. */
    private static Optional<Partial> partial(CommandReader r) {
        if (!r.tryChar('<')) {
            return Optional.empty();
        }
        long offset = r.number();
        r.expect('.');
        long count = r.nzNumber();
        r.expect('>');
        return Optional.of(new Partial(offset, count));
    }

    /** RFC 3516 section-binary: {@code [} part numbers {@code ]}, nothing else. */
    private static List<Integer> binarySection(CommandReader r) {
        r.expect('[');
        List<Integer> part = new ArrayList<>();
        if (!r.peekIs(']')) {
            do {
                long n = r.nzNumber();
                if (n > 10_000) {
                    throw r.error("Part number too large");
                }
                part.add((int) n);
            } while (r.tryChar('.'));
        }
        r.expect(']');
        return List.copyOf(part);
    }
}
