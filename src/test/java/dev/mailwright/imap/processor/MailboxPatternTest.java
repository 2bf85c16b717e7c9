package dev.mailwright.imap.processor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.mailwright.config.MailwrightProperties.ImapLimits;
import dev.mailwright.imap.command.MailboxCommand.ListMailboxes;
import dev.mailwright.imap.command.MailboxCommand.ListReturn;
import dev.mailwright.imap.command.MailboxCommand.ListSelection;
import dev.mailwright.imap.wire.Status;

/** The LIST wildcard matcher: RFC 3501 §6.3.8 semantics, the old regex's results, linear time, and the limits. */
class MailboxPatternTest {

    /** The regex the matcher replaces, kept here as the reference semantics (its backtracking is the bug). */
    private static Pattern reference(String full) {
        StringBuilder regex = new StringBuilder();
        if (full.regionMatches(true, 0, "INBOX", 0, 5) && (full.length() == 5 || "/%*".indexOf(full.charAt(5)) >= 0)) {
            regex.append("INBOX");
            full = full.substring(5);
        }
        for (char c : full.toCharArray()) {
            switch (c) {
                case '*' -> regex.append(".*");
                case '%' -> regex.append("[^/]*");
                default -> regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex.toString());
    }

    private static boolean matches(String pattern, String name) {
        return MailboxPattern.compile(pattern).matches(name);
    }

    @Test
    void starShouldMatchAcrossTheDelimiterAndPercentShouldNot() {
        assertThat(matches("*", "a/b/c")).isTrue();
        assertThat(matches("%", "a/b")).isFalse();
        assertThat(matches("%", "abc")).isTrue();
        assertThat(matches("a/%", "a/b")).isTrue();
        assertThat(matches("a/%", "a/b/c")).isFalse();
        assertThat(matches("a/*", "a/b/c")).isTrue();
        assertThat(matches("%/%", "a/b")).isTrue();
        assertThat(matches("*a%b", "a/ab")).isTrue();
        assertThat(matches("%a%b", "a/ab")).isFalse();
        assertThat(matches("", "")).isTrue();
        assertThat(matches("", "a")).isFalse();
        assertThat(matches("%", "")).isTrue();
        assertThat(matches("a%*%b", "a/x/b")).isTrue();
    }

    @Test
    void inboxShouldMatchInAnyCaseOnlyAsTheLeadingWord() {
        assertThat(matches("inbox", "INBOX")).isTrue();
        assertThat(matches("InBoX/%", "INBOX/Sub")).isTrue();
        assertThat(matches("inbox*", "INBOX")).isTrue();
        assertThat(matches("inboxes", "INBOXES")).isFalse();
        assertThat(matches("Work/inbox", "Work/INBOX")).isFalse();
    }

    @Test
    void joinShouldAddTheDelimiterOnlyWhenNeitherSideHasIt() {
        assertThat(MailboxPattern.join("", "%")).isEqualTo("%");
        assertThat(MailboxPattern.join("Work", "%")).isEqualTo("Work/%");
        assertThat(MailboxPattern.join("Work/", "%")).isEqualTo("Work/%");
        assertThat(MailboxPattern.join("Work", "/x")).isEqualTo("Work/x");
    }

    /** 200,000 random small cases from a fixed seed, over an alphabet rich in the characters that matter. */
    @Test
    void matcherShouldAgreeWithTheOldRegexOnRandomSmallInputs() {
        Random random = new Random(20261204L);
        String nameChars = "ab/INBOXinbx";
        String patternChars = "ab/INBOXinbx*%%**";
        for (int round = 0; round < 200_000; round++) {
            String pattern = randomString(random, patternChars, random.nextInt(9));
            if (random.nextInt(4) == 0) {
                pattern = (random.nextBoolean() ? "INBOX" : "inbox") + pattern;
            }
            String name = randomString(random, nameChars, random.nextInt(10));
            if (random.nextInt(4) == 0) {
                name = "INBOX" + name;
            }
            boolean expected = reference(pattern).matcher(name).matches();
            assertThat(matches(pattern, name)).as("pattern %s, name %s", pattern, name).isEqualTo(expected);
        }
    }

    /** Patterns longer than one 64-bit word of states, so the carry between words is exercised. */
    @Test
    void matcherShouldAgreeWithTheOldRegexOnPatternsLongerThanOneWord() {
        Random random = new Random(7L);
        for (int round = 0; round < 2_000; round++) {
            String name = randomString(random, "ab/", 60 + random.nextInt(140));
            StringBuilder pattern = new StringBuilder();
            for (int i = 0; i < name.length(); i++) {   // the name with a few runs turned into wildcards
                int roll = random.nextInt(30);
                pattern.append(roll == 0 ? "*" : roll == 1 ? "%" : roll == 2 ? "x" : String.valueOf(name.charAt(i)));
            }
            String full = pattern.toString();
            assertThat(matches(full, name)).as("pattern %s, name %s", full, name)
                    .isEqualTo(reference(full).matcher(name).matches());
        }
    }

    private static String randomString(Random random, String alphabet, int length) {
        StringBuilder out = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            out.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return out.toString();
    }

    /** The reporter's patterns, far past the configured limits, still cost the matcher microseconds. */
    @Test
    @Timeout(10)
    void matcherShouldStayLinearForTenThousandWildcards() {
        String name = "a".repeat(1000);
        assertThat(matches("%".repeat(10_000) + "x", name)).isFalse();
        assertThat(matches("*".repeat(10_000) + "x", name)).isFalse();
        assertThat(matches("%a".repeat(5_000) + "x", name)).isFalse();
        assertThat(matches("*a".repeat(500) + "*", name)).isTrue();
        assertThat(matches("%/".repeat(5_000) + "x", "a/".repeat(500) + "x")).isFalse();
    }

    private static ListMailboxes list(String reference, String... patterns) {
        return new ListMailboxes("t", ListMailboxes.Kind.LIST, Set.<ListSelection>of(), reference, List.of(patterns),
                Set.<ListReturn>of(), List.of());
    }

    private static ImapLimits limits(int length, int wildcards) {
        return new ImapLimits(65536, org.springframework.util.unit.DataSize.ofKilobytes(8),
                org.springframework.util.unit.DataSize.ofMegabytes(50), java.time.Duration.ofMinutes(30),
                java.time.Duration.ofMinutes(30), 20, 20, java.time.Duration.ofSeconds(60), length, wildcards, 1000, java.time.Duration.ofSeconds(60),
                java.time.Duration.ofSeconds(60), org.springframework.util.unit.DataSize.ofKilobytes(10),
                java.time.Duration.ofSeconds(30), java.time.Duration.ofMinutes(2),
                100, 64, org.springframework.util.unit.DataSize.ofMegabytes(200), 1000, 5, 20000);
    }

    @Test
    void compileShouldRefuseWithLimitWhenAllPatternsTogetherHaveTooManyWildcards() {
        assertThat(ListProcessor.compile(list("", "%".repeat(32), "*".repeat(32)), limits(2048, 64))).hasSize(2);
        assertThatThrownBy(() -> ListProcessor.compile(list("", "%".repeat(32), "*".repeat(33)), limits(2048, 64)))
                .isInstanceOfSatisfying(ImapException.class, e -> {
                    assertThat(e.status()).isEqualTo(Status.NO);
                    assertThat(e.code()).contains("LIMIT");
                    assertThat(e.getMessage()).contains("64 wildcards");
                });
    }

    @Test
    void compileShouldRefuseWithLimitWhenThePatternsJoinedToTheReferenceAreTooLong() {
        assertThat(ListProcessor.compile(list("Work", "x".repeat(95)), limits(100, 64))).hasSize(1);
        assertThatThrownBy(() -> ListProcessor.compile(list("Work", "x".repeat(96)), limits(100, 64)))
                .isInstanceOfSatisfying(ImapException.class, e -> assertThat(e.code()).contains("LIMIT"));
        assertThatThrownBy(() -> ListProcessor.compile(list("Work", "x".repeat(45), "y".repeat(46)), limits(100, 64)))
                .isInstanceOf(ImapException.class);
    }
}
