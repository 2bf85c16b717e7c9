package dev.mailwright.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import dev.mailwright.smtp.SmtpCommand.Auth;
import dev.mailwright.smtp.SmtpCommand.Bdat;
import dev.mailwright.smtp.SmtpCommand.Chunk;
import dev.mailwright.smtp.SmtpCommand.Ehlo;
import dev.mailwright.smtp.SmtpCommand.Invalid;
import dev.mailwright.smtp.SmtpCommand.Mail;
import dev.mailwright.smtp.SmtpCommand.Rcpt;

class CommandParserTest {
    private final CommandParser parser = new CommandParser(512);

    @Test
    void verbsAndParameterNamesShouldBeCaseInsensitive() {
        assertThat(parser.parse("ehlo client.test")).isEqualTo(new Ehlo("client.test"));
        assertThat(parser.parse("mail from:<a@b.test> size=100 body=8bitmime"))
                .isEqualTo(new Mail("a@b.test", Map.of("SIZE", "100", "BODY", "8bitmime")));
        assertThat(parser.parse("Rcpt To:<c@d.test>")).isEqualTo(new Rcpt("c@d.test", Map.of()));
    }

    @Test
    void nullSenderAndSpaceAfterColonShouldBeAccepted() {
        assertThat(parser.parse("MAIL FROM:<>")).isEqualTo(new Mail("", Map.of()));
        assertThat(parser.parse("MAIL FROM: <a@b.test>")).isEqualTo(new Mail("a@b.test", Map.of()));
    }

    @Test
    void sourceRouteShouldBeIgnored() {
        assertThat(parser.parse("RCPT TO:<@relay.test,@other.test:c@d.test>")).isEqualTo(new Rcpt("c@d.test", Map.of()));
    }

    @Test
    void valuelessParameterShouldMapToEmptyString() {
        assertThat(parser.parse("MAIL FROM:<a@b.test> SMTPUTF8")).isEqualTo(new Mail("a@b.test", Map.of("SMTPUTF8", "")));
    }

    @Test
    void bareRecipientPostmasterShouldBeAccepted() {
        assertThat(parser.parse("RCPT TO:<Postmaster>")).isEqualTo(new Rcpt("Postmaster", Map.of()));
    }

    @Test
    void quotedLocalPartShouldBeAValidAddress() {
        assertThat(parser.parse("RCPT TO:<\"quoted name\"@example.test>")).isEqualTo(new Rcpt("\"quoted name\"@example.test", Map.of()));
        assertThat(parser.parse("RCPT TO:<\"a\\\"b\"@example.test>")).isEqualTo(new Rcpt("\"a\\\"b\"@example.test", Map.of()));
        assertThat(parser.parse("MAIL FROM:<\"alice\"@example.test>")).isEqualTo(new Mail("alice@example.test", Map.of()));
        assertThat(parser.parse("RCPT TO:<\"bob.smith\"@example.test>")).isEqualTo(new Rcpt("bob.smith@example.test", Map.of()));
        assertThat(((Invalid) parser.parse("RCPT TO:<\"open@example.test>")).reply().code()).isEqualTo(553);
        assertThat(((Invalid) parser.parse("RCPT TO:<not quoted@example.test>")).reply().code()).isEqualTo(553);
    }

    @Test
    void malformedPathsShouldBeSyntaxErrors() {
        assertThat(parser.parse("MAIL FROM:a@b.test")).isInstanceOf(Invalid.class);
        assertThat(parser.parse("MAIL TO:<a@b.test>")).isInstanceOf(Invalid.class);
        assertThat(((Invalid) parser.parse("RCPT TO:<no-at-sign>")).reply().code()).isEqualTo(553);
        assertThat(((Invalid) parser.parse("MAIL FROM:<a@b.test>junk")).reply().code()).isEqualTo(501);
        assertThat(((Invalid) parser.parse("EHLO")).reply().code()).isEqualTo(501);
        assertThat(((Invalid) parser.parse("EHLO bad\rname")).reply().code()).isEqualTo(501);
    }

    @Test
    void bdatShouldCarrySizeAndLastMarker() {
        assertThat(parser.parse("BDAT 100")).isEqualTo(new Bdat(100, Chunk.MORE));
        assertThat(parser.parse("bdat 0 last")).isEqualTo(new Bdat(0, Chunk.LAST));
        assertThat(parser.parse("BDAT x")).isInstanceOf(Invalid.class);
    }

    @Test
    void authShouldCarryMechanismAndOptionalInitialResponse() {
        assertThat(parser.parse("AUTH plain AGFAYgBj")).isEqualTo(new Auth("PLAIN", Optional.of("AGFAYgBj")));
        assertThat(parser.parse("AUTH LOGIN")).isEqualTo(new Auth("LOGIN", Optional.empty()));
    }

    @Test
    void lineLimitShouldDependOnTheVerb() {
        String padding = "x".repeat(600);
        assertThat(parser.parse("NOOP " + padding)).isEqualTo(new Invalid(SmtpReplies.LINE_TOO_LONG));
        assertThat(parser.parse("MAIL FROM:<a@b.test> X-PAD=" + padding)).isInstanceOf(Mail.class);
        assertThat(parser.parse("MAIL FROM:<" + padding + "@b.test>")).isEqualTo(new Invalid(SmtpReplies.LINE_TOO_LONG));
        assertThat(parser.parse("RCPT TO:<a@b.test> X-PAD=" + padding + padding)).isEqualTo(new Invalid(SmtpReplies.LINE_TOO_LONG));
        assertThat(parser.parse("AUTH PLAIN " + "A".repeat(4000))).isInstanceOf(Auth.class);
    }

    @Test
    void controlCharactersFromTheClientShouldNotReachTheReplyLine() {
        SmtpReply reply = ((Invalid) parser.parse("MAIL FROM:<a\rb>")).reply();

        assertThat(new String(reply.encode(), java.nio.charset.StandardCharsets.UTF_8)).isEqualTo("553 5.1.3 Bad address syntax: <a?b>\r\n");
    }

    @Test
    void unknownVerbShouldBeReportedAsUnknown() {
        assertThat(parser.parse("EXPN list")).isEqualTo(new SmtpCommand.Unknown("EXPN"));
    }
}
