package dev.mailwright.inbound.spam;

import java.util.List;

/** What content scoring decided for one message. {@code headerFields}: complete lines, CRLF-terminated, to prepend. */
public sealed interface ContentVerdict {
    List<String> headerFields();

    record Inbox(List<String> headerFields) implements ContentVerdict {
    }

    record Junk(List<String> headerFields) implements ContentVerdict {
    }

    record Refuse(Refusal refusal) implements ContentVerdict {
        @Override
        public List<String> headerFields() {
            return List.of();
        }
    }
}
