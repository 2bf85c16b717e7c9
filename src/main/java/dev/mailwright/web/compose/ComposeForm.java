package dev.mailwright.web.compose;

/**
 * The compose form as posted. {@code reply*} name the message answered (it gets \Answered),
 * {@code forward*} the message whose attachments travel along, {@code draft*} the draft this replaces;
 * {@code html} is set when the rich text editor wrote the message (sanitized before sending).
 */
record ComposeForm(String to, String cc, String bcc, String subject, String body, String inReplyTo, String references,
                   Long replyMailbox, Long replyUid, Long forwardMailbox, Long forwardUid, Long draftMailbox, Long draftUid,
                   String html) {

    ComposeForm {
        to = orEmpty(to);
        cc = orEmpty(cc);
        bcc = orEmpty(bcc);
        subject = orEmpty(subject);
        body = orEmpty(body);
        inReplyTo = orEmpty(inReplyTo);
        references = orEmpty(references);
        html = orEmpty(html);
    }

    /** Written in the rich text editor: {@code html} is what counts, {@code body} only its fallback. */
    boolean rich() {
        return !html.isBlank();
    }

    static ComposeForm empty() {
        return new ComposeForm("", "", "", "", "", "", "", null, null, null, null, null, null, "");
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }
}
