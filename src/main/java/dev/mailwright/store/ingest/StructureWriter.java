package dev.mailwright.store.ingest;

import dev.mailwright.store.ingest.MimeParams.Param;

import java.util.List;
import java.util.Optional;

/** Writes ENVELOPE, BODYSTRUCTURE and BODY (RFC 3501 §7.4.2, grammar in §9) from the entity tree. */
final class StructureWriter {
    /** Whether body extension data is written: BODYSTRUCTURE has it, BODY does not. */
    enum Extensions { INCLUDED, OMITTED }

    private StructureWriter() {
    }

    static String envelope(Entity message) {
        StringBuilder out = new StringBuilder(256);
        envelope(out, message.header);
        return out.toString();
    }

    static String body(Entity root, Extensions ext) {
        StringBuilder out = new StringBuilder(256);
        body(out, root, ext);
        return out.toString();
    }

    private static void envelope(StringBuilder out, HeaderBlock h) {
        AddressList from = addresses(h, "from");
        AddressList sender = addresses(h, "sender");
        AddressList replyTo = addresses(h, "reply-to");
        out.append('(');
        ImapStrings.nstring(out, h.get("date"));
        out.append(' ');
        ImapStrings.nstring(out, h.get("subject"));
        out.append(' ');
        from.writeTo(out);
        out.append(' ');
        (sender.entries().isEmpty() ? from : sender).writeTo(out);
        out.append(' ');
        (replyTo.entries().isEmpty() ? from : replyTo).writeTo(out);
        for (String name : List.of("to", "cc", "bcc")) {
            out.append(' ');
            addresses(h, name).writeTo(out);
        }
        out.append(' ');
        ImapStrings.nstring(out, h.get("in-reply-to"));
        out.append(' ');
        ImapStrings.nstring(out, h.get("message-id"));
        out.append(')');
    }

    static AddressList addresses(HeaderBlock h, String name) {
        return h.get(name).map(AddressList::parse).orElse(new AddressList(List.of()));
    }

    private static void body(StringBuilder out, Entity e, Extensions ext) {
        PartInfo info = e.info;
        out.append('(');
        if (e.kind == Entity.Kind.MULTIPART) {
            for (Entity child : e.children) {
                body(out, child, ext);
            }
            out.append(' ');
            ImapStrings.string(out, info.subtype());
            if (ext == Extensions.INCLUDED) {
                out.append(' ');
                params(out, info.params());
                trailer(out, info);
            }
            out.append(')');
            return;
        }
        ImapStrings.string(out, info.type());
        out.append(' ');
        ImapStrings.string(out, info.subtype());
        out.append(' ');
        params(out, info.params());
        out.append(' ');
        ImapStrings.nstring(out, info.id());
        out.append(' ');
        ImapStrings.nstring(out, info.description());
        out.append(' ');
        ImapStrings.string(out, info.encoding());
        out.append(' ').append(e.size());
        if (e.kind == Entity.Kind.MESSAGE) {
            out.append(' ');
            envelope(out, e.message.header);
            out.append(' ');
            body(out, e.message, ext);
            out.append(' ').append(e.lines);
        } else if (info.type().equals("text")) {
            out.append(' ').append(e.lines);
        }
        if (ext == Extensions.INCLUDED) {
            out.append(' ');
            ImapStrings.nstring(out, info.md5());
            trailer(out, info);
        }
        out.append(')');
    }

    /** body-fld-dsp SP body-fld-lang SP body-fld-loc, shared by single parts and multiparts. */
    private static void trailer(StringBuilder out, PartInfo info) {
        out.append(' ');
        Optional<MimeParams> d = info.disposition();
        if (d.isPresent()) {
            out.append('(');
            ImapStrings.string(out, d.get().value());
            out.append(' ');
            params(out, d.get().params());
            out.append(')');
        } else {
            out.append(ImapStrings.NIL);
        }
        out.append(' ');
        List<String> lang = info.language();
        if (lang.isEmpty()) {
            out.append(ImapStrings.NIL);
        } else if (lang.size() == 1) {
            ImapStrings.string(out, lang.getFirst());
        } else {
            out.append('(');
            for (int i = 0; i < lang.size(); i++) {
                if (i > 0) {
                    out.append(' ');
                }
                ImapStrings.string(out, lang.get(i));
            }
            out.append(')');
        }
        out.append(' ');
        ImapStrings.nstring(out, info.location());
    }

    private static void params(StringBuilder out, List<Param> params) {
        if (params.isEmpty()) {
            out.append(ImapStrings.NIL);
            return;
        }
        out.append('(');
        for (int i = 0; i < params.size(); i++) {
            if (i > 0) {
                out.append(' ');
            }
            ImapStrings.string(out, params.get(i).name());
            out.append(' ');
            ImapStrings.string(out, params.get(i).value());
        }
        out.append(')');
    }
}
