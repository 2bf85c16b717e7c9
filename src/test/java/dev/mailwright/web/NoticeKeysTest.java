package dev.mailwright.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * Controllers hand notices to the page as bundle keys, never as English sentences: every flash attribute, and every
 * model attribute that carries a notice or an error ({@code flash}, {@code problem}, {@code ...Error},
 * {@code ...Flash}), may hold string literals only if they are keys of {@code messages.properties} (or the start of
 * keys, as in {@code "filters.field." + name}), and may not pass an exception's English {@code getMessage()} alone.
 * Every {@code Notice.of("key")} names a key that exists.
 */
class NoticeKeysTest {
    static final Path WEB = Path.of("src/main/java/dev/mailwright/web");
    static final Pattern CALL = Pattern.compile("\\.(addFlashAttribute|addAttribute)\\(\"(\\w+)\",");
    static final Pattern LITERAL = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"");
    static final Pattern NOTICE = Pattern.compile("(?:Notice\\.of|pages\\.text)\\(\"([\\w.]+)\"");

    @Test
    void noticesShouldBeBundleKeysNotSentences() throws IOException {
        Set<String> keys = BundleKeysTest.load(BundleKeysTest.ENGLISH).stringPropertyNames();
        List<String> problems = new ArrayList<>();
        int calls = 0;
        for (Path file : sources()) {
            String source = Files.readString(file, StandardCharsets.UTF_8);
            for (String argument : noticeArguments(source)) {
                calls++;
                problems.addAll(literalProblems(file.getFileName() + ": " + argument, argument, keys));
            }
            Matcher notice = NOTICE.matcher(source);
            while (notice.find()) {
                if (!keys.contains(notice.group(1))) {
                    problems.add(file.getFileName() + ": no key " + notice.group(1));
                }
            }
        }
        assertThat(calls).as("notice calls found").isGreaterThan(30);
        assertThat(problems).isEmpty();
    }

    @Test
    void checkShouldCatchSentencesAndLetKeysPass() {
        Set<String> keys = Set.of("a.done", "filters.field.FROM");
        String english = "x.addFlashAttribute(\"flash\", \"Folder \" + name + \" created.\");";
        assertThat(noticeArguments(english)).containsExactly("\"Folder \" + name + \" created.\"");
        assertThat(literalProblems("", noticeArguments(english).getFirst(), keys)).hasSize(2);
        assertThat(literalProblems("", "e.getMessage()", keys)).hasSize(1);
        assertThat(literalProblems("", "Notice.of(\"a.done\", n)", keys)).isEmpty();
        assertThat(literalProblems("", "pages.text(\"filters.field.\" + f)", keys)).isEmpty();
        assertThat(noticeArguments("model.addAttribute(\"rows\", \"not a notice\")")).isEmpty();
        assertThat(noticeArguments("model.addAttribute(\"nameError\", f(\"x\", g(1)));")).containsExactly("f(\"x\", g(1))");
    }

    private static List<Path> sources() throws IOException {
        try (Stream<Path> files = Files.walk(WEB)) {
            return files.filter(p -> p.toString().endsWith(".java")).sorted().toList();
        }
    }

    /** The value argument of each call that sets a notice (up to the call's closing parenthesis). */
    static List<String> noticeArguments(String source) {
        List<String> found = new ArrayList<>();
        Matcher call = CALL.matcher(source);
        while (call.find()) {
            String name = call.group(2);
            boolean notice = call.group(1).equals("addFlashAttribute") || name.equals("flash") || name.equals("problem")
                    || name.endsWith("Error") || name.endsWith("Flash");
            if (!notice) {
                continue;
            }
            int depth = 1;
            int i = call.end();
            boolean quoted = false;
            for (; i < source.length() && depth > 0; i++) {
                char c = source.charAt(i);
                if (c == '\\' && quoted) {
                    i++;
                } else if (c == '"') {
                    quoted = !quoted;
                } else if (!quoted && c == '(') {
                    depth++;
                } else if (!quoted && c == ')') {
                    depth--;
                }
            }
            found.add(source.substring(call.end(), i - 1).strip());
        }
        return found;
    }

    static List<String> literalProblems(String where, String argument, Set<String> keys) {
        List<String> problems = new ArrayList<>();
        if (argument.matches("\\w+\\.getMessage\\(\\)")) {
            problems.add(where + " (an exception's own English text)");
        }
        Matcher literal = LITERAL.matcher(argument);
        while (literal.find()) {
            String text = literal.group(1);
            boolean key = keys.contains(text) || text.endsWith(".") && keys.stream().anyMatch(k -> k.startsWith(text));
            if (!key && text.codePoints().anyMatch(Character::isLetter)) {
                problems.add(where + " (\"" + text + "\" is not a bundle key)");
            }
        }
        return problems;
    }
}
