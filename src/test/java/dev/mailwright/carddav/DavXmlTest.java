package dev.mailwright.carddav;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/** Text written into a WebDAV response stays well-formed XML 1.0 whatever a stored card holds. */
class DavXmlTest {
    @Test
    void escapeShouldReplaceCharactersXmlCannotCarryAndKeepSurrogatePairs() throws DavXml.BadRequest {
        String text = "a\uFFFFb\uFFFEc\uD800d\uDC00e\uD83D\uDE00<&>\"\r\u0001";
        String escaped = DavXml.escape(text);
        assertThat(escaped).isEqualTo("a\uFFFDb\uFFFDc\uFFFDd\uFFFDe\uD83D\uDE00&lt;&amp;&gt;&quot;&#13; ");
        String document = "<d:a xmlns:d=\"DAV:\">" + escaped + "</d:a>";
        assertThat(DavXml.parse(document.getBytes(StandardCharsets.UTF_8)).orElseThrow().getTextContent())
                .isEqualTo("a\uFFFDb\uFFFDc\uFFFDd\uFFFDe\uD83D\uDE00<&>\"\r ");
    }
}
