package dev.mailwright.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class MailboxNamesTest {

    @Test
    void inboxShouldMatchCaseInsensitivelyAlsoAsAPrefix() {
        assertThat(MailboxNames.normalize("inbox")).isEqualTo("INBOX");
        assertThat(MailboxNames.normalize("Inbox/Lists/java")).isEqualTo("INBOX/Lists/java");
        assertThat(MailboxNames.normalize("Inboxes")).isEqualTo("Inboxes");
        assertThat(MailboxNames.normalize("Sent Items")).isEqualTo("Sent Items");
    }

    @Test
    void namesWithEmptyLevelsWildcardsOrControlsShouldBeRefused() {
        for (String bad : new String[] {"", "/", "a/", "/a", "a//b", "*", "a%", "x\ny", "x\u007fy", "x".repeat(1025)}) {
            assertThatThrownBy(() -> MailboxNames.normalize(bad)).as(bad).isInstanceOf(StoreException.MailboxNotAllowed.class);
        }
    }

    @Test
    void ancestorsAndInferiorsShouldFollowTheDelimiter() {
        assertThat(MailboxNames.ancestors("a/b/c")).containsExactly("a", "a/b");
        assertThat(MailboxNames.ancestors("a")).isEmpty();
        assertThat(MailboxNames.isInferior("a/b", "a")).isTrue();
        assertThat(MailboxNames.isInferior("ab", "a")).isFalse();
        assertThat(MailboxNames.isInferior("a", "a")).isFalse();
    }
}
