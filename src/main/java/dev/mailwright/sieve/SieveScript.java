package dev.mailwright.sieve;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.mailwright.sieve.SieveArguments.Kind;
import dev.mailwright.sieve.SieveArguments.Spec;
import dev.mailwright.sieve.SieveSyntax.Command;
import dev.mailwright.sieve.SieveSyntax.Position;
import dev.mailwright.sieve.SieveSyntax.Test;

/**
 * A compiled Sieve script: parsed, every command and test checked against the extensions it requires and the
 * arguments it takes, so that running it can only fail on limits. {@link #run} evaluates it for one delivery.
 */
public final class SieveScript {
    /**
     * The extensions this implementation supports, in the order the capability strings list them: the one list
     * {@code require} checks against and ManageSieve's {@code SIEVE} capability (RFC 5804 §1.7) announces.
     */
    public static final List<String> EXTENSIONS = List.of("fileinto", "reject", "ereject", "envelope", "imap4flags",
            "variables", "body", "relational", "comparator-i;ascii-numeric", "comparator-i;octet",
            "comparator-i;ascii-casemap", "copy", "mailbox", "vacation", "vacation-seconds", "spamtest",
            "spamtestplus", "virustest", "editheader", "duplicate", "include", "date", "index", "regex");

    /** Commands and tests that need an extension, and the extension. */
    private static final Map<String, String> NEEDS = Map.ofEntries(
            Map.entry("fileinto", "fileinto"), Map.entry("reject", "reject"), Map.entry("ereject", "ereject"),
            Map.entry("envelope", "envelope"), Map.entry("set", "variables"), Map.entry("string", "variables"),
            Map.entry("addflag", "imap4flags"), Map.entry("setflag", "imap4flags"), Map.entry("removeflag", "imap4flags"),
            Map.entry("hasflag", "imap4flags"), Map.entry("body", "body"), Map.entry("vacation", "vacation"),
            Map.entry("spamtest", "spamtest"), Map.entry("virustest", "virustest"),
            Map.entry("addheader", "editheader"), Map.entry("deleteheader", "editheader"),
            Map.entry("duplicate", "duplicate"), Map.entry("include", "include"), Map.entry("return", "include"),
            Map.entry("global", "include"), Map.entry("date", "date"), Map.entry("currentdate", "date"));
    /** Tags that need an extension beyond their command's (a command that owns the tag itself is exempted below). */
    private static final Map<String, String> TAG_NEEDS = Map.of("copy", "copy", "create", "mailbox",
            "flags", "imap4flags", "seconds", "vacation-seconds", "percent", "spamtestplus", "quoteregex", "regex",
            "index", "index", "last", "index");
    /** Commands and tests whose own definition includes a tag that elsewhere needs an extension. */
    private static final Map<String, Set<String>> OWN_TAGS = Map.of("duplicate", Set.of("seconds", "last"),
            "deleteheader", Set.of("index", "last"), "addheader", Set.of("last"));

    private static final Map<String, Kind> ADDRESS_PARTS = Map.of("all", Kind.FLAG, "localpart", Kind.FLAG, "domain", Kind.FLAG);
    /** RFC 5260 §6: {@code :index} (and {@code :last}) pick one occurrence of a header field. */
    private static final Map<String, Kind> INDEX = Map.of("index", Kind.NUMBER, "last", Kind.FLAG);

    static final Map<String, Spec> COMMANDS = Map.ofEntries(
            Map.entry("require", Spec.of(List.of(Kind.STRINGS))),
            Map.entry("if", Spec.of(List.of())),
            Map.entry("elsif", Spec.of(List.of())),
            Map.entry("else", Spec.of(List.of())),
            Map.entry("stop", Spec.of(List.of())),
            Map.entry("keep", Spec.of(List.of()).withTags(Map.of("flags", Kind.STRINGS))),
            Map.entry("discard", Spec.of(List.of())),
            Map.entry("fileinto", Spec.of(List.of(Kind.STRING))
                    .withTags(Map.of("copy", Kind.FLAG, "create", Kind.FLAG, "flags", Kind.STRINGS))),
            Map.entry("redirect", Spec.of(List.of(Kind.STRING)).withTags(Map.of("copy", Kind.FLAG))),
            Map.entry("reject", Spec.of(List.of(Kind.STRING))),
            Map.entry("ereject", Spec.of(List.of(Kind.STRING))),
            Map.entry("set", Spec.of(List.of(Kind.STRING, Kind.STRING)).withTags(Map.of("lower", Kind.FLAG,
                    "upper", Kind.FLAG, "lowerfirst", Kind.FLAG, "upperfirst", Kind.FLAG, "quotewildcard", Kind.FLAG,
                    "length", Kind.FLAG, "quoteregex", Kind.FLAG)).exclusive(Set.of("lower", "upper"))
                    .exclusive(Set.of("lowerfirst", "upperfirst")).exclusive(Set.of("quotewildcard", "quoteregex"))),
            Map.entry("addheader", Spec.of(List.of(Kind.STRING, Kind.STRING)).withTags(Map.of("last", Kind.FLAG))),
            Map.entry("deleteheader", matching(List.of(Kind.STRING, Kind.STRINGS)).optionalTrailing(1)
                    .withTags(Map.of("index", Kind.NUMBER, "last", Kind.FLAG))),
            Map.entry("include", Spec.of(List.of(Kind.STRING)).withTags(Map.of("personal", Kind.FLAG,
                    "global", Kind.FLAG, "once", Kind.FLAG, "optional", Kind.FLAG)).exclusive(Set.of("personal", "global"))),
            Map.entry("return", Spec.of(List.of())),
            Map.entry("global", Spec.of(List.of(Kind.STRINGS))),
            Map.entry("addflag", Spec.of(List.of(Kind.STRING, Kind.STRINGS)).optionalLeading(1)),
            Map.entry("setflag", Spec.of(List.of(Kind.STRING, Kind.STRINGS)).optionalLeading(1)),
            Map.entry("removeflag", Spec.of(List.of(Kind.STRING, Kind.STRINGS)).optionalLeading(1)),
            Map.entry("vacation", Spec.of(List.of(Kind.STRING)).withTags(Map.of("days", Kind.NUMBER,
                    "seconds", Kind.NUMBER, "subject", Kind.STRING, "from", Kind.STRING, "addresses", Kind.STRINGS,
                    "mime", Kind.FLAG, "handle", Kind.STRING)).exclusive(Set.of("days", "seconds"))));

    static final Map<String, Spec> TESTS = Map.ofEntries(
            Map.entry("address", matching(List.of(Kind.STRINGS, Kind.STRINGS)).withTags(ADDRESS_PARTS)
                    .exclusive(ADDRESS_PARTS.keySet()).withTags(INDEX)),
            Map.entry("envelope", matching(List.of(Kind.STRINGS, Kind.STRINGS)).withTags(ADDRESS_PARTS)
                    .exclusive(ADDRESS_PARTS.keySet())),
            Map.entry("header", matching(List.of(Kind.STRINGS, Kind.STRINGS)).withTags(INDEX)),
            Map.entry("date", matching(List.of(Kind.STRING, Kind.STRING, Kind.STRINGS)).withTags(INDEX)
                    .withTags(Map.of("zone", Kind.STRING, "originalzone", Kind.FLAG)).exclusive(Set.of("zone", "originalzone"))),
            Map.entry("currentdate", matching(List.of(Kind.STRING, Kind.STRINGS)).withTags(Map.of("zone", Kind.STRING))),
            Map.entry("duplicate", Spec.of(List.of()).withTags(Map.of("handle", Kind.STRING, "header", Kind.STRING,
                    "uniqueid", Kind.STRING, "seconds", Kind.NUMBER, "last", Kind.FLAG)).exclusive(Set.of("header", "uniqueid"))),
            Map.entry("virustest", matching(List.of(Kind.STRING))),
            Map.entry("string", matching(List.of(Kind.STRINGS, Kind.STRINGS))),
            Map.entry("hasflag", matching(List.of(Kind.STRINGS, Kind.STRINGS)).optionalLeading(1)),
            Map.entry("body", matching(List.of(Kind.STRINGS)).withTags(Map.of("raw", Kind.FLAG, "text", Kind.FLAG))
                    .exclusive(Set.of("raw", "text"))),
            Map.entry("spamtest", matching(List.of(Kind.STRING)).withTags(Map.of("percent", Kind.FLAG))),
            Map.entry("exists", Spec.of(List.of(Kind.STRINGS))),
            Map.entry("size", Spec.of(List.of(Kind.NUMBER)).withTags(Map.of("over", Kind.FLAG, "under", Kind.FLAG))
                    .exclusive(Set.of("over", "under"))),
            Map.entry("allof", Spec.of(List.of())),
            Map.entry("anyof", Spec.of(List.of())),
            Map.entry("not", Spec.of(List.of())),
            Map.entry("true", Spec.of(List.of())),
            Map.entry("false", Spec.of(List.of())));

    private static Spec matching(List<Kind> positional) {
        return Spec.of(positional).withTags(SieveMatch.TAGS).exclusive(SieveMatch.TYPE_TAGS);
    }

    private final List<Command> commands;
    private final Set<String> required;
    private final SieveLimits limits;

    private SieveScript(List<Command> commands, Set<String> required, SieveLimits limits) {
        this.commands = commands;
        this.required = required;
        this.limits = limits;
    }

    public static SieveScript compile(String text, SieveLimits limits) throws SieveException {
        if (text.getBytes(StandardCharsets.UTF_8).length > limits.maxScriptBytes()) {
            throw new SieveException(new Position(1, 1), "script larger than " + limits.maxScriptBytes() + " bytes");
        }
        List<Command> commands = SieveParser.parse(text, limits.maxNesting());
        Set<String> required = new HashSet<>();
        boolean requiresAllowed = true;
        for (Command command : commands) {
            if (command.name().equals("require")) {
                if (!requiresAllowed) {
                    throw new SieveException(command.at(), "require must come before every other command");
                }
                SieveArguments arguments = SieveArguments.read("require", command.arguments(), COMMANDS.get("require"), command.at());
                for (String extension : arguments.strings(0)) {
                    if (!EXTENSIONS.contains(extension)) {
                        throw new SieveException(command.at(), "extension \"" + extension + "\" is not supported");
                    }
                    required.add(extension);
                }
            } else {
                requiresAllowed = false;
            }
        }
        check(commands, required, true);
        return new SieveScript(List.copyOf(commands), Set.copyOf(required), limits);
    }

    private static void check(List<Command> commands, Set<String> required, boolean topLevel) throws SieveException {
        String previous = "";
        for (Command command : commands) {
            String name = command.name();
            Spec spec = COMMANDS.get(name);
            if (spec == null) {
                throw new SieveException(command.at(), "unknown command " + name);
            }
            needs(name, required, command.at());
            if (name.equals("require") && !topLevel) {
                throw new SieveException(command.at(), "require is allowed only at the top of the script");
            }
            SieveArguments arguments = SieveArguments.read(name, command.arguments(), spec, command.at());
            checkTags(name, command.arguments(), required);
            boolean conditional = name.equals("if") || name.equals("elsif");
            if ((name.equals("elsif") || name.equals("else")) && !(previous.equals("if") || previous.equals("elsif"))) {
                throw new SieveException(command.at(), name + " must follow if or elsif");
            }
            if (conditional && command.tests().size() != 1) {
                throw new SieveException(command.at(), name + " takes exactly one test");
            }
            if (!conditional && !command.tests().isEmpty()) {
                throw new SieveException(command.at(), name + " takes no test");
            }
            boolean blockCommand = conditional || name.equals("else");
            if (blockCommand != command.hasBlock()) {
                throw new SieveException(command.at(), blockCommand ? name + " needs a block { ... }" : name + " takes no block; end it with ';'");
            }
            for (Test test : command.tests()) {
                checkTest(test, required);
            }
            checkExtensionCommand(name, arguments, required, command.at());
            if (name.equals("addflag") || name.equals("setflag") || name.equals("removeflag") || name.equals("set")) {
                String variable = arguments.string(0);
                boolean global = required.contains("include") && variable != null
                        && variable.regionMatches(true, 0, "global.", 0, 7) && validVariableName(variable.substring(7));
                if (variable != null && !global && !validVariableName(variable)) {
                    throw new SieveException(command.at(), "\"" + variable + "\" is not a variable name");
                }
            }
            check(command.block(), required, false);
            previous = name;
        }
    }

    private static void checkTest(Test test, Set<String> required) throws SieveException {
        Spec spec = TESTS.get(test.name());
        if (spec == null) {
            throw new SieveException(test.at(), "unknown test " + test.name());
        }
        needs(test.name(), required, test.at());
        SieveArguments arguments = SieveArguments.read(test.name(), test.arguments(), spec, test.at());
        checkTags(test.name(), test.arguments(), required);
        if (arguments.has("last") && !arguments.has("index") && !test.name().equals("duplicate")) {
            throw new SieveException(test.at(), ":last needs :index");
        }
        if (arguments.number("index").filter(n -> n < 1).isPresent()) {
            throw new SieveException(test.at(), ":index counts from 1");
        }
        if (spec.tags().containsKey("comparator")) {
            checkRegexKeys(SieveMatch.of(arguments, required, test.at()), test.name(), arguments, test.at());
        }
        if (test.name().equals("date") || test.name().equals("currentdate")) {
            SieveDates.check(arguments, test.name().equals("date") ? 1 : 0, test.at());
        }
        switch (test.name()) {
            case "allof", "anyof" -> {
                if (test.tests().isEmpty()) {
                    throw new SieveException(test.at(), test.name() + " needs a list of tests in parentheses");
                }
            }
            case "not" -> {
                if (test.tests().size() != 1) {
                    throw new SieveException(test.at(), "not takes exactly one test");
                }
            }
            case "size" -> {
                if (!arguments.has("over") && !arguments.has("under")) {
                    throw new SieveException(test.at(), "size needs :over or :under");
                }
            }
            case "envelope" -> {
                for (String part : arguments.strings(0)) {
                    if (!part.equalsIgnoreCase("from") && !part.equalsIgnoreCase("to")) {
                        throw new SieveException(test.at(), "envelope part \"" + part + "\" is not supported (from, to)");
                    }
                }
            }
            default -> {
                if (!test.tests().isEmpty()) {
                    throw new SieveException(test.at(), test.name() + " takes no tests");
                }
            }
        }
        for (Test inner : test.tests()) {
            checkTest(inner, required);
        }
    }

    /** editheader's, include's and regex's own rules on arguments that are constant. */
    private static void checkExtensionCommand(String name, SieveArguments arguments, Set<String> required, Position at)
            throws SieveException {
        switch (name) {
            case "addheader", "deleteheader" -> {
                String field = arguments.string(0);
                if (!field.contains("${") && !HeaderView.validName(field)) {
                    throw new SieveException(at, "\"" + field + "\" is not a header field name");
                }
                if (arguments.has("last") && name.equals("deleteheader") && !arguments.has("index")) {
                    throw new SieveException(at, ":last needs :index");
                }
                if (arguments.number("index").filter(n -> n < 1).isPresent()) {
                    throw new SieveException(at, ":index counts from 1");
                }
                if (name.equals("deleteheader") && arguments.strings(1) != null) {
                    checkRegexKeys(SieveMatch.of(arguments, required, at), name, arguments, at);
                }
            }
            case "include" -> {
                String script = arguments.string(0);
                if (script.isEmpty() || script.contains("/") || script.contains("${") || script.length() > 255) {
                    throw new SieveException(at, "include needs a constant script name without '/' (RFC 6609)");
                }
            }
            case "global" -> {
                for (String variable : arguments.strings(0)) {
                    if (!validVariableName(variable)) {
                        throw new SieveException(at, "\"" + variable + "\" is not a variable name");
                    }
                }
            }
            case "set" -> {
                if (arguments.has("quoteregex") && !required.contains("regex")) {
                    throw new SieveException(at, ":quoteregex needs require \"regex\"");
                }
            }
            default -> { }
        }
    }

    /** A constant {@code :regex} key that does not compile is a compile error, with its position. */
    private static void checkRegexKeys(SieveMatch match, String name, SieveArguments arguments, Position at) throws SieveException {
        if (match.type() != SieveMatch.Type.REGEX) {
            return;
        }
        int keysAt = switch (name) {
            case "header", "address", "envelope", "string", "hasflag", "deleteheader" -> 1;
            case "date" -> 2;
            case "currentdate" -> 1;
            default -> 0;
        };
        List<String> keys = keysAt == 0 && !name.equals("body") ? List.of(arguments.string(0)) : arguments.strings(keysAt);
        for (String key : keys) {
            if (!key.contains("${") && SieveMatch.compileRegex(key, match.comparator()).isEmpty()) {
                throw new SieveException(at, "\"" + key + "\" is not a valid regular expression");
            }
        }
    }

    private static void needs(String name, Set<String> required, Position at) throws SieveException {
        String extension = NEEDS.get(name);
        if (extension != null && extension.equals("spamtest") && required.contains("spamtestplus")) {
            return;   // RFC 5235 §3.2: spamtestplus brings spamtest with it
        }
        if (name.equals("global") && !required.contains("variables")) {
            throw new SieveException(at, "global needs require \"variables\"");
        }
        if (extension != null && !required.contains(extension)) {
            throw new SieveException(at, name + " needs require \"" + extension + "\"");
        }
    }

    private static void checkTags(String owner, List<SieveSyntax.Argument> arguments, Set<String> required) throws SieveException {
        for (SieveSyntax.Argument argument : arguments) {
            if (argument instanceof SieveSyntax.Tag tag) {
                if (OWN_TAGS.getOrDefault(owner, Set.of()).contains(tag.name())) {
                    continue;
                }
                String extension = TAG_NEEDS.get(tag.name());
                if (extension != null && !required.contains(extension)) {
                    throw new SieveException(tag.at(), ":" + tag.name() + " needs require \"" + extension + "\"");
                }
            }
        }
    }

    static boolean validVariableName(String name) {
        if (name.isEmpty() || Character.isDigit(name.charAt(0))) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!(c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))) {
                return false;
            }
        }
        return true;
    }

    public Set<String> required() {
        return required;
    }

    List<Command> commands() {
        return commands;
    }

    SieveLimits limits() {
        return limits;
    }

    /** Evaluates the script for one delivery. Never throws: a run-time error becomes a keep plus the error text. */
    public SieveResult run(SieveMessage message) {
        return run(message, SieveEnvironment.DETACHED);
    }

    /** {@link #run(SieveMessage)} with the clock, the included scripts and the duplicate tracking of a delivery. */
    public SieveResult run(SieveMessage message, SieveEnvironment environment) {
        return new SieveRun(this, limits, message, environment).execute();
    }
}
