package dev.mailwright.web.message;

import java.util.List;
import java.util.Optional;

import dev.mailwright.inbound.AuthenticationResults.SenderVerdict;

/**
 * A message as the reading page, reply and forward need it. {@code plainHtml} is the text body already
 * escaped, with links made clickable; an HTML body is never put here but served to the sandboxed frame.
 * {@code senderVerdict}: what our own Authentication-Results say about the From address.
 */
public record MessageView(long mailboxId, String mailboxName, long uid, String subject, String from, String fromAddress,
                          String to, String cc, String bcc, String date, Optional<String> messageId, List<String> references,
                          List<String> replyAllAddresses, boolean seen, boolean flagged, boolean deleted, boolean draft,
                          BodyKind bodyKind, String plainHtml, String text, int remoteImages,
                          List<AttachmentView> attachments, SenderVerdict senderVerdict) {

    public enum BodyKind { PLAIN, HTML, NONE }

    public boolean html() {
        return bodyKind == BodyKind.HTML;
    }

    public record AttachmentView(String section, String filename, String contentType, String size) {
        /** The file name with its bidi and control characters made visible (the page isolates it as well). */
        public String displayName() {
            return VisibleControls.reveal(filename);
        }
    }
}
