package dev.mailwright.web.compose;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import dev.mailwright.web.message.MessageView;

/** Prefills reply, reply-all and forward: subject prefix, quoted text, In-Reply-To and References. */
final class Quoting {
    private Quoting() {
    }

    /** The quote's own words (attribution line, forward header) in the writer's language, from the bundles. */
    @FunctionalInterface
    interface Texts {
        String text(String code, Object... args);
    }

    static ComposeForm reply(MessageView original, boolean all, Texts texts) {
        String to = original.replyAllAddresses().isEmpty() ? original.fromAddress() : original.replyAllAddresses().getFirst();
        String cc = "";
        if (all && original.replyAllAddresses().size() > 1) {
            cc = String.join(", ", original.replyAllAddresses().subList(1, original.replyAllAddresses().size()));
        }
        String body = "\n\n" + texts.text("compose.quote.wrote", original.date(), original.from()) + "\n" + quote(original.text());
        List<String> references = new ArrayList<>(original.references());
        original.messageId().ifPresent(references::add);
        return new ComposeForm(to, cc, "", prefixed("Re: ", original.subject()), body, original.messageId().orElse(""),
                String.join(" ", references), original.mailboxId(), original.uid(), null, null, null, null, "");
    }

    static ComposeForm forward(MessageView original, Texts texts) {
        String body = "\n\n---------- " + texts.text("compose.quote.forwarded") + " ----------\n"
                + texts.text("message.from") + ": " + original.from() + "\n" + texts.text("message.date") + ": " + original.date()
                + "\n" + texts.text("compose.subject") + ": " + original.subject() + "\n" + texts.text("message.to") + ": "
                + original.to() + "\n\n" + original.text();
        return new ComposeForm("", "", "", prefixed("Fwd: ", original.subject()), body, "", "", null, null,
                original.mailboxId(), original.uid(), null, null, "");
    }

    /** Continues a saved draft; its attachments come along like a forward's, and sending replaces it. */
    /** {@code html}: the draft's cleaned HTML body when it was written in the rich text editor, else empty. */
    static ComposeForm draft(MessageView draft, String html) {
        return new ComposeForm(draft.to(), draft.cc(), draft.bcc(), draft.subject(), draft.text(), "", "", null, null,
                draft.mailboxId(), draft.uid(), draft.mailboxId(), draft.uid(), html);
    }

    /**
     * Puts the signature under the writer's (still empty) text, above any quote or forwarded message, after the
     * "-- " separator line that mail programs recognise (RFC 3676 §4.3).
     */
    static ComposeForm signed(ComposeForm form, String signature) {
        if (signature.isBlank()) {
            return form;
        }
        String rest = form.body().startsWith("\n\n") ? form.body().substring(2) : form.body();
        String body = "\n\n-- \n" + signature + (rest.isEmpty() ? "" : "\n\n" + rest);
        return new ComposeForm(form.to(), form.cc(), form.bcc(), form.subject(), body, form.inReplyTo(), form.references(),
                form.replyMailbox(), form.replyUid(), form.forwardMailbox(), form.forwardUid(), form.draftMailbox(),
                form.draftUid(), form.html());
    }

    static String quote(String text) {
        StringBuilder out = new StringBuilder(text.length() + 64);
        for (String line : text.replace("\r\n", "\n").split("\n", -1)) {
            out.append(line.startsWith(">") ? ">" : "> ").append(line).append('\n');
        }
        return out.toString();
    }

    private static String prefixed(String prefix, String subject) {
        String lower = subject.toLowerCase(Locale.ROOT);
        return lower.startsWith(prefix.toLowerCase(Locale.ROOT)) ? subject : prefix + subject;
    }
}
