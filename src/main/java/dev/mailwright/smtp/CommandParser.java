package dev.mailwright.smtp;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.mailwright.smtp.SmtpCommand.Auth;
import dev.mailwright.smtp.SmtpCommand.Bdat;
import dev.mailwright.smtp.SmtpCommand.Chunk;
import dev.mailwright.smtp.SmtpCommand.Data;
import dev.mailwright.smtp.SmtpCommand.Ehlo;
import dev.mailwright.smtp.SmtpCommand.Helo;
import dev.mailwright.smtp.SmtpCommand.Help;
import dev.mailwright.smtp.SmtpCommand.Invalid;
import dev.mailwright.smtp.SmtpCommand.Mail;
import dev.mailwright.smtp.SmtpCommand.Noop;
import dev.mailwright.smtp.SmtpCommand.Quit;
import dev.mailwright.smtp.SmtpCommand.Rcpt;
import dev.mailwright.smtp.SmtpCommand.Rset;
import dev.mailwright.smtp.SmtpCommand.StartTls;
import dev.mailwright.smtp.SmtpCommand.Unknown;
import dev.mailwright.smtp.SmtpCommand.Vrfy;

/** Turns one command line into an {@link SmtpCommand}; never throws on client input. */
final class CommandParser {
    /** RFC 4954 §4: an AUTH command line may be up to 12288 octets. */
    static final int AUTH_LINE_LIMIT = 12288;
    /** Octets MAIL and RCPT may exceed the base limit by, for their ESMTP parameters (RFC 5321 §4.5.3.1.4). */
    static final int PARAMETER_ALLOWANCE = 512;

    private static final Pattern PATH = Pattern.compile("(?i)^(FROM|TO):\\s?<([^<>]*)>(.*)$");
    private static final Pattern BDAT = Pattern.compile("(?i)^(\\d{1,18})(?: +(LAST))? *$");
    private static final Pattern KEYWORD = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9-]*$");

    private final int maxCommandLine;

    CommandParser(int maxCommandLine) {
        this.maxCommandLine = maxCommandLine;
    }

    /** The longest line the reader must accept before the verb is known. */
    int readerLimit() {
        return Math.max(maxCommandLine + PARAMETER_ALLOWANCE, AUTH_LINE_LIMIT);
    }

    SmtpCommand parse(String line) {
        int space = line.indexOf(' ');
        String verb = (space < 0 ? line : line.substring(0, space)).toUpperCase(Locale.ROOT);
        String argument = space < 0 ? "" : line.substring(space + 1);
        int octets = line.getBytes(StandardCharsets.UTF_8).length + 2;
        boolean withParameters = verb.equals("MAIL") || verb.equals("RCPT");
        if (octets > limitFor(verb) || (withParameters && octets - parameterOctets(argument) > maxCommandLine)) {
            return new Invalid(SmtpReplies.LINE_TOO_LONG);
        }
        return switch (verb) {
            case "EHLO" -> domainArgument(argument).<SmtpCommand>map(Ehlo::new).orElse(syntax("EHLO domain"));
            case "HELO" -> domainArgument(argument).<SmtpCommand>map(Helo::new).orElse(syntax("HELO domain"));
            case "MAIL" -> mail(argument);
            case "RCPT" -> rcpt(argument);
            case "DATA" -> argument.isBlank() ? new Data() : syntax("DATA");
            case "BDAT" -> bdat(argument);
            case "RSET" -> argument.isBlank() ? new Rset() : syntax("RSET");
            case "NOOP" -> new Noop();
            case "QUIT" -> argument.isBlank() ? new Quit() : syntax("QUIT");
            case "VRFY" -> {
                // trim() drops control characters, strip() Unicode blanks: what is left is the user, or nothing
                String user = argument.trim().strip();
                yield user.isEmpty() ? syntax("VRFY user") : new Vrfy(user);
            }
            case "HELP" -> new Help();
            case "STARTTLS" -> argument.isBlank() ? new StartTls() : syntax("STARTTLS");
            case "AUTH" -> auth(argument);
            default -> new Unknown(verb);
        };
    }

    private int limitFor(String verb) {
        return switch (verb) {
            case "AUTH" -> AUTH_LINE_LIMIT;
            case "MAIL", "RCPT" -> maxCommandLine + PARAMETER_ALLOWANCE;
            default -> maxCommandLine;
        };
    }

    /**
     * The ESMTP parameters after the path of MAIL and RCPT: only they may use the allowance; the command
     * with its path must fit the base limit.
     */
    private static int parameterOctets(String argument) {
        int close = argument.indexOf('>');
        if (close < 0) {
            return 0;
        }
        return argument.substring(close + 1).getBytes(StandardCharsets.UTF_8).length;
    }

    private static Optional<String> domainArgument(String argument) {
        String domain = argument.trim();
        boolean valid = !domain.isEmpty() && domain.chars().noneMatch(c -> c <= ' ' || c == 0x7f);
        return valid ? Optional.of(domain) : Optional.empty();
    }

    private static SmtpCommand mail(String argument) {
        Matcher m = PATH.matcher(argument);
        if (!m.matches() || !m.group(1).equalsIgnoreCase("FROM")) {
            return syntax("MAIL FROM:<address> [parameters]");
        }
        Optional<String> path = reversePath(m.group(2));
        Optional<Map<String, String>> parameters = parameters(m.group(3));
        if (path.isEmpty()) {
            return new Invalid(SmtpReplies.BAD_ADDRESS.format("<" + m.group(2) + ">"));
        }
        return parameters.<SmtpCommand>map(p -> new Mail(path.get(), p)).orElse(syntax("MAIL FROM:<address> [parameters]"));
    }

    private static SmtpCommand rcpt(String argument) {
        Matcher m = PATH.matcher(argument);
        if (!m.matches() || !m.group(1).equalsIgnoreCase("TO")) {
            return syntax("RCPT TO:<address> [parameters]");
        }
        String path = stripSourceRoute(m.group(2));
        Optional<Map<String, String>> parameters = parameters(m.group(3));
        if (!path.equalsIgnoreCase("postmaster") && !isMailbox(path)) {
            return new Invalid(SmtpReplies.BAD_ADDRESS.format("<" + m.group(2) + ">"));
        }
        String mailbox = path.equalsIgnoreCase("postmaster") ? path : unquoteIfPlain(path);
        return parameters.<SmtpCommand>map(p -> new Rcpt(mailbox, p)).orElse(syntax("RCPT TO:<address> [parameters]"));
    }

    private static Optional<String> reversePath(String inner) {
        if (inner.isEmpty()) {
            return Optional.of("");
        }
        String path = stripSourceRoute(inner);
        return isMailbox(path) ? Optional.of(unquoteIfPlain(path)) : Optional.empty();
    }

    /** {@code @a,@b:user@c} is {@code user@c} (RFC 5321 §4.1.2: source routes are ignored). */
    private static String stripSourceRoute(String path) {
        return path.startsWith("@") && path.indexOf(':') > 0 ? path.substring(path.indexOf(':') + 1) : path;
    }

    /**
     * local@domain within RFC 5321 §4.5.3.1 sizes. The local part is a dot-string without spaces or
     * control characters, or a quoted string (RFC 5321 §4.1.2) whose content is printable ASCII
     * (space included) with {@code \\} escaping only {@code "} and {@code \\}-pairs.
     */
    private static boolean isMailbox(String address) {
        int at = address.lastIndexOf('@');
        if (at <= 0 || at == address.length() - 1 || address.length() > 254) {
            return false;
        }
        String local = address.substring(0, at);
        String domain = address.substring(at + 1);
        boolean localOk = isQuotedString(local) || local.chars().noneMatch(c -> c <= ' ' || c == 0x7f || c == '"');
        return localOk && local.getBytes(StandardCharsets.UTF_8).length <= 64 && domain.length() <= 255
                && domain.chars().noneMatch(c -> c <= ' ' || c == 0x7f)
                && !domain.startsWith(".") && !domain.endsWith(".") && !domain.contains("..");
    }

    private static boolean isQuotedString(String local) {
        if (local.length() < 2 || local.charAt(0) != '"' || local.charAt(local.length() - 1) != '"') {
            return false;
        }
        for (int i = 1; i < local.length() - 1; i++) {
            char c = local.charAt(i);
            if (c == '\\') {
                i++;
                if (i >= local.length() - 1 || local.charAt(i) < 32 || local.charAt(i) > 126) {
                    return false;
                }
            } else if (c < 32 || c > 126 || c == '"') {
                return false;
            }
        }
        return true;
    }

    /** {@code "alice"@x} names the same mailbox as {@code alice@x} when the quotes are not needed (RFC 5321 §4.1.2). */
    private static String unquoteIfPlain(String address) {
        int at = address.lastIndexOf('@');
        String local = address.substring(0, at);
        if (isQuotedString(local)) {
            String inner = local.substring(1, local.length() - 1);
            if (inner.matches("[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*")) {
                return inner + address.substring(at);
            }
        }
        return address;
    }

    /** {@code KEY=value KEY} after the path; keys upper-cased, a key without value maps to "". */
    private static Optional<Map<String, String>> parameters(String text) {
        Map<String, String> result = new LinkedHashMap<>();
        String trimmed = text.trim();
        if (trimmed.isEmpty()) {
            return Optional.of(result);
        }
        if (!text.startsWith(" ")) {
            return Optional.empty();
        }
        for (String token : trimmed.split(" +")) {
            int eq = token.indexOf('=');
            String key = eq < 0 ? token : token.substring(0, eq);
            if (!KEYWORD.matcher(key).matches() || (eq >= 0 && eq == token.length() - 1)) {
                return Optional.empty();
            }
            result.put(key.toUpperCase(Locale.ROOT), eq < 0 ? "" : token.substring(eq + 1));
        }
        return Optional.of(result);
    }

    private static SmtpCommand bdat(String argument) {
        Matcher m = BDAT.matcher(argument);
        if (!m.matches()) {
            return syntax("BDAT octets [LAST]");
        }
        return new Bdat(Long.parseLong(m.group(1)), m.group(2) == null ? Chunk.MORE : Chunk.LAST);
    }

    private static SmtpCommand auth(String argument) {
        String[] parts = argument.trim().split(" +");
        if (parts.length == 0 || parts[0].isEmpty() || parts.length > 2) {
            return syntax("AUTH mechanism [initial-response]");
        }
        return new Auth(parts[0].toUpperCase(Locale.ROOT), parts.length == 2 ? Optional.of(parts[1]) : Optional.empty());
    }

    private static Invalid syntax(String usage) {
        return new Invalid(SmtpReplies.SYNTAX.format(usage));
    }
}
