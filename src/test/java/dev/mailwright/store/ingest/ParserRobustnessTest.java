package dev.mailwright.store.ingest;

import dev.mailwright.store.MessageSource;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class ParserRobustnessTest {
    private final Mime4jMessageParser parser = new Mime4jMessageParser();

    private ParsedMessage parse(String s) {
        return parser.parse(MessageSource.of(s.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void emptyMessageShouldYieldAnEmptyTextPart() {
        ParsedMessage p = parse("");
        assertThat(p.envelope()).isEqualTo("(NIL NIL NIL NIL NIL NIL NIL NIL NIL NIL)");
        assertThat(p.bodyStructure())
                .isEqualTo("(\"text\" \"plain\" (\"charset\" \"us-ascii\") NIL NIL \"7BIT\" 0 0 NIL NIL NIL NIL)");
        assertThat(p.root().bodyEnd()).isZero();
    }

    @Test
    void messageWithoutHeaderBodySeparatorShouldBeAllHeader() {
        ParsedMessage p = parse("Subject: only headers\r\nFrom: a@b.c\r\n");
        assertThat(p.subject()).isEqualTo("only headers");
        assertThat(p.root().bodyStart()).isEqualTo(p.root().bodyEnd()).isEqualTo(36);
    }

    @Test
    void multipartWithoutBoundaryParameterShouldBeReportedAsPlainText() {
        ParsedMessage p = parse("Content-Type: multipart/mixed\r\n\r\nhello\r\n");
        assertThat(p.bodyStructure())
                .isEqualTo("(\"text\" \"plain\" (\"charset\" \"us-ascii\") NIL NIL \"7BIT\" 7 1 NIL NIL NIL NIL)");
        assertThat(p.root().type()).isEqualTo("text");
    }
}
