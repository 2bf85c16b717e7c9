package dev.mailwright.managesieve;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

import dev.mailwright.managesieve.CommandReader.Word;

/** The commands of RFC 5804 §2, decoded from a {@link CommandReader.Frame.Command}; anything else is {@link Invalid}. */
sealed interface ManageSieveCommand {

    /** Allowed in every state. */
    sealed interface AnyState extends ManageSieveCommand {
    }

    /** Allowed only before authentication. */
    sealed interface BeforeLogin extends ManageSieveCommand {
    }

    /** Allowed only once authenticated. */
    sealed interface AfterLogin extends ManageSieveCommand {
    }

    /** The commands on the account's scripts ({@link ScriptCommands}). */
    sealed interface ScriptCommand extends AfterLogin {
    }

    record Capability() implements AnyState {
    }

    record Logout() implements AnyState {
    }

    /** {@code tag} is echoed back in a TAG response code (RFC 5804 §2.11). */
    record Noop(Optional<String> tag) implements AnyState {
    }

    record StartTls() implements BeforeLogin {
    }

    /** {@code initialResponse} is present (possibly empty) when the client sent one. */
    record Authenticate(String mechanism, Optional<String> initialResponse) implements BeforeLogin {
    }

    record Unauthenticate() implements AfterLogin {
    }

    record HaveSpace(String name, long size) implements ScriptCommand {
    }

    record PutScript(String name, Script script) implements ScriptCommand {
    }

    record CheckScript(Script script) implements ScriptCommand {
    }

    record ListScripts() implements ScriptCommand {
    }

    /** An empty name deactivates every script. */
    record SetActive(String name) implements ScriptCommand {
    }

    record GetScript(String name) implements ScriptCommand {
    }

    record DeleteScript(String name) implements ScriptCommand {
    }

    record RenameScript(String from, String to) implements ScriptCommand {
    }

    /** Not a command we know, or the wrong arguments for one. */
    record Invalid(String reason) implements AnyState {
    }

    /** A script's text and its size in octets as sent. */
    record Script(String text, long octets) {
    }

    static ManageSieveCommand decode(List<Word> words) {
        if (!(words.getFirst() instanceof Word.Atom(String name))) {
            return new Invalid("a command must start with its name");
        }
        List<Word> arguments = words.subList(1, words.size());
        return switch (name.toUpperCase(Locale.ROOT)) {
            case "CAPABILITY" -> none(arguments, new Capability());
            case "LOGOUT" -> none(arguments, new Logout());
            case "STARTTLS" -> none(arguments, new StartTls());
            case "LISTSCRIPTS" -> none(arguments, new ListScripts());
            case "UNAUTHENTICATE" -> none(arguments, new Unauthenticate());
            case "NOOP" -> arguments.isEmpty() ? new Noop(Optional.empty())
                    : strings(arguments, 1).map(s -> (ManageSieveCommand) new Noop(Optional.of(s.getFirst().value())))
                            .orElseGet(() -> invalid("NOOP takes at most one string"));
            case "AUTHENTICATE" -> arguments.size() == 1 || arguments.size() == 2
                    ? strings(arguments, arguments.size()).map(s -> (ManageSieveCommand) new Authenticate(
                            s.getFirst().value(), s.size() == 2 ? Optional.of(s.get(1).value()) : Optional.empty()))
                            .orElseGet(() -> invalid("AUTHENTICATE takes a mechanism and an optional initial response as strings"))
                    : invalid("AUTHENTICATE takes a mechanism and an optional initial response as strings");
            case "HAVESPACE" -> haveSpace(arguments);
            case "PUTSCRIPT" -> strings(arguments, 2).map(s -> (ManageSieveCommand) new PutScript(s.get(0).value(),
                    new Script(s.get(1).value(), s.get(1).octets())))
                    .orElseGet(() -> invalid("PUTSCRIPT takes a script name and a script as strings"));
            case "CHECKSCRIPT" -> strings(arguments, 1).map(s -> (ManageSieveCommand) new CheckScript(
                    new Script(s.getFirst().value(), s.getFirst().octets())))
                    .orElseGet(() -> invalid("CHECKSCRIPT takes a script as a string"));
            case "SETACTIVE" -> strings(arguments, 1).map(s -> (ManageSieveCommand) new SetActive(s.getFirst().value()))
                    .orElseGet(() -> invalid("SETACTIVE takes a script name as a string"));
            case "GETSCRIPT" -> strings(arguments, 1).map(s -> (ManageSieveCommand) new GetScript(s.getFirst().value()))
                    .orElseGet(() -> invalid("GETSCRIPT takes a script name as a string"));
            case "DELETESCRIPT" -> strings(arguments, 1).map(s -> (ManageSieveCommand) new DeleteScript(s.getFirst().value()))
                    .orElseGet(() -> invalid("DELETESCRIPT takes a script name as a string"));
            case "RENAMESCRIPT" -> strings(arguments, 2).map(s -> (ManageSieveCommand) new RenameScript(s.get(0).value(),
                    s.get(1).value())).orElseGet(() -> invalid("RENAMESCRIPT takes two script names as strings"));
            default -> invalid("Unknown command");
        };
    }

    private static ManageSieveCommand none(List<Word> arguments, ManageSieveCommand command) {
        return arguments.isEmpty() ? command : invalid("This command takes no arguments");
    }

    private static ManageSieveCommand invalid(String reason) {
        return new Invalid(reason);
    }

    /** The arguments as strings when there are exactly {@code count} of them and all are strings. */
    private static Optional<List<Word.Text>> strings(List<Word> arguments, int count) {
        if (arguments.size() != count) {
            return Optional.empty();
        }
        List<Word.Text> texts = new java.util.ArrayList<>();
        for (Word word : arguments) {
            if (!(word instanceof Word.Text text)) {
                return Optional.empty();
            }
            texts.add(text);
        }
        return Optional.of(texts);
    }

    /** {@code HAVESPACE name number}, the number at most 4294967295 (RFC 5804 §4). */
    private static ManageSieveCommand haveSpace(List<Word> arguments) {
        if (arguments.size() == 2 && arguments.get(0) instanceof Word.Text(String name, long octets)
                && arguments.get(1) instanceof Word.Atom(String digits) && !digits.isEmpty() && digits.length() <= 10
                && digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            long size = Long.parseLong(digits);
            if (size <= 0xFFFF_FFFFL) {
                return new HaveSpace(name, size);
            }
        }
        return invalid("HAVESPACE takes a script name as a string and a size as a number");
    }
}
