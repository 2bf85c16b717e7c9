package dev.mailwright.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

/**
 * The English and Korean bundles hold the same keys: a key only in English would show English to a Korean reader, a key
 * only in Korean would fall back to the key itself for everybody else. Empty values and placeholders that one side
 * lacks are refused too.
 */
class BundleKeysTest {
    static final Path ENGLISH = Path.of("src/main/resources/messages.properties");
    static final Path KOREAN = Path.of("src/main/resources/messages_ko.properties");

    @Test
    void everyKeyShouldExistInBothLanguages() throws IOException {
        Properties english = load(ENGLISH);
        Properties korean = load(KOREAN);
        assertThat(english).as("the English bundle was read").hasSizeGreaterThan(300);
        Set<String> onlyEnglish = new TreeSet<>(english.stringPropertyNames());
        onlyEnglish.removeAll(korean.stringPropertyNames());
        Set<String> onlyKorean = new TreeSet<>(korean.stringPropertyNames());
        onlyKorean.removeAll(english.stringPropertyNames());
        assertThat(onlyEnglish).as("keys missing from messages_ko.properties").isEmpty();
        assertThat(onlyKorean).as("keys missing from messages.properties").isEmpty();
    }

    @Test
    void bothLanguagesShouldUseTheSamePlaceholders() throws IOException {
        Properties english = load(ENGLISH);
        Properties korean = load(KOREAN);
        Set<String> problems = new TreeSet<>();
        for (String key : english.stringPropertyNames()) {
            String en = english.getProperty(key);
            String ko = korean.getProperty(key, "");
            if (en.isBlank() || ko.isBlank()) {
                problems.add(key + ": empty");
            } else if (!placeholders(en).equals(placeholders(ko))) {
                problems.add(key + ": " + placeholders(en) + " vs " + placeholders(ko));
            }
            // a text with placeholders goes through MessageFormat, where a lone ' starts a quoted (unformatted) part
            for (String value : List.of(en, ko)) {
                if (!placeholders(value).isEmpty() && value.replace("''", "").contains("'")) {
                    problems.add(key + ": single quote in a text with placeholders (write '')");
                }
            }

        }
        assertThat(problems).isEmpty();
    }

    @Test
    void checkShouldSeePlaceholders() {
        assertThat(placeholders("{1} of {0}, {0}")).containsExactly("{0}", "{1}");
        assertThat(placeholders("none")).isEmpty();
    }

    static Properties load(Path file) throws IOException {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        }
        return properties;
    }

    private static Set<String> placeholders(String text) {
        Set<String> found = new TreeSet<>();
        for (int i = text.indexOf('{'); i >= 0 && i + 2 < text.length(); i = text.indexOf('{', i + 1)) {
            int end = text.indexOf('}', i);
            if (end > i + 1 && text.substring(i + 1, end).chars().allMatch(Character::isDigit)) {
                found.add(text.substring(i, end + 1));
            }
        }
        return found;
    }
}
