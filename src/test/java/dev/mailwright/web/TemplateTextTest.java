package dev.mailwright.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Attribute;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.TextNode;
import org.jsoup.parser.Parser;
import org.junit.jupiter.api.Test;

/**
 * Every user-visible text of a template comes from the message bundles: a text node or a visible attribute (title,
 * alt, placeholder, aria-label) that Thymeleaf does not replace ({@code th:text}, {@code th:utext}, {@code th:title},
 * ...) may hold only whitespace, punctuation, digits, symbols and the allow-listed names below.
 * Every template is checked: there is no list of exceptions.
 */
class TemplateTextTest {
    static final Path TEMPLATES = Path.of("src/main/resources/templates");

    /** Names that are the same in every language. */
    static final Set<String> ALLOWED = Set.of("Mailwright", "English", "한국어", "IMAP", "SMTP", "POP3", "SSL/TLS", "STARTTLS", "TLS",
            "SHA-256", "DNS", "MX", "SPF", "DKIM", "DMARC");

    static final Set<String> VISIBLE_ATTRIBUTES = Set.of("title", "alt", "placeholder", "aria-label");

    @Test
    void templatesShouldHoldNoLiteralText() throws IOException {
        List<String> problems = new ArrayList<>();
        List<Path> all = templates();
        for (Path template : all) {
            String name = TEMPLATES.relativize(template).toString().replace('\\', '/');
            literalTexts(Files.readString(template, StandardCharsets.UTF_8)).forEach(text -> problems.add(name + ": \"" + text + "\""));
        }
        assertThat(all).as("the templates were found").hasSizeGreaterThan(20);
        assertThat(problems).as("literal text outside the message bundles").isEmpty();
    }

    @Test
    void checkShouldCatchLiteralTextAndLetBundleTextPass() {
        assertThat(literalTexts("<p>Hello <b th:text=\"#{x}\">there</b></p>")).containsExactly("Hello");
        assertThat(literalTexts("<button title=\"Delete it\" th:text=\"#{d}\">x</button>")).containsExactly("Delete it");
        assertThat(literalTexts("<button th:title=\"#{t}\" title=\"Delete it\" th:text=\"#{d}\">x</button>")).isEmpty();
        assertThat(literalTexts("<p>Mailwright · 3 / 4 — <span th:utext=\"${x}\">text</span></p>")).isEmpty();
        assertThat(literalTexts("<p><!--/* a comment */--> ( ) </p>")).isEmpty();
        assertThat(literalTexts("<input placeholder=\"someone@example.org\"><input placeholder=\"example.org\">")).isEmpty();
        assertThat(literalTexts("<input placeholder=\"name at example.org\">")).containsExactly("name at example.org");

    }

    private static List<Path> templates() throws IOException {
        try (Stream<Path> files = Files.walk(TEMPLATES)) {
            return files.filter(p -> p.toString().endsWith(".html")).sorted().toList();
        }
    }

    /** Texts of the markup a reader would see untranslated. */
    static List<String> literalTexts(String html) {
        Document document = Jsoup.parse(html, "", Parser.htmlParser());
        List<String> found = new ArrayList<>();
        for (Element element : document.getAllElements()) {
            if (!replacesContent(element) && !"script".equals(element.tagName()) && !"style".equals(element.tagName())) {
                for (TextNode text : element.textNodes()) {
                    String words = text.text().strip();
                    if (isWords(words)) {
                        found.add(words);
                    }
                }
            }
            for (Attribute attribute : element.attributes()) {
                if (VISIBLE_ATTRIBUTES.contains(attribute.getKey()) && !element.hasAttr("th:" + attribute.getKey())
                        && !element.hasAttr("th:attr") && isWords(attribute.getValue().strip())) {
                    found.add(attribute.getValue().strip());
                }
            }
        }
        return found;
    }

    /** An element whose children Thymeleaf replaces (so its sample text never reaches the reader). */
    private static boolean replacesContent(Element element) {
        for (Element e = element; e != null; e = e.parent()) {
            if (e.hasAttr("th:text") || e.hasAttr("th:utext") || e.hasAttr("th:replace") && e != element.ownerDocument()
                    && !"html".equals(e.tagName())) {
                return true;
            }
        }
        return false;
    }

    private static boolean isWords(String text) {
        String rest = text;
        for (String allowed : ALLOWED) {
            rest = rest.replace(allowed, " ");
        }
        // letters are words; digits, punctuation, symbols (emoji icons, arrows) and [[${...}]] inlined values are not
        rest = rest.replaceAll("\\[\\[.*?]]", " ");
        // example addresses and host names (someone@example.org, example.org) are the same in every language
        rest = rest.replaceAll("[\\w.+-]*@?[\\w-]+(\\.[\\w-]+)*\\.(org|test|com|net)\\b", " ");
        return rest.codePoints().anyMatch(Character::isLetter);
    }
}
