package dev.mailwright.sieve;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.apache.james.mime4j.field.address.DefaultAddressParser;
import org.apache.james.mime4j.field.address.ParseException;

import dev.mailwright.sieve.SieveSyntax.Command;
import dev.mailwright.sieve.SieveSyntax.Test;

/**
 * One evaluation of a compiled script for one message (RFC 5228 §2.10: implicit keep unless an action cancels
 * it; §2.10.6: a run-time error keeps the message). Bounded by {@link SieveLimits}: actions, redirects, comparison
 * steps, variables and their length, includes and header edits.
 *
 * <p>Included scripts (RFC 6609) run in this same object: each has its own {@link Frame} (its requires and local
 * variables), they share the actions, the flags, the header and the global variables.
 */
final class SieveRun {
    private static final long DEFAULT_VACATION_DAYS = 7;
    private static final long MAX_VACATION_DAYS = 30;

    /** A run-time error: the run ends, the message is kept. */
    private static final class Failure extends RuntimeException {
        Failure(String message) {
            super(message, null, false, false);
        }
    }

    /** {@code stop}: ends the run normally. */
    private static final class Stop extends RuntimeException {
        Stop() {
            super(null, null, false, false);
        }
    }

    /** {@code return} (RFC 6609 §3.2): ends the current script; its includer goes on. */
    private static final class Return extends RuntimeException {
        Return() {
            super(null, null, false, false);
        }
    }

    /** One script being run: its extensions, its local variables, the names it declared global. */
    private record Frame(Set<String> required, Map<String, String> locals, Set<String> globalNames) {
    }

    private static final String GLOBAL_NAMESPACE = "global.";

    private final SieveScript script;
    private final SieveLimits limits;
    private final SieveMessage message;
    private final SieveEnvironment environment;
    private final SieveMatch.MatchBudget budget;
    private Frame frame;
    private Set<String> required;
    private final Map<String, String> globals = new HashMap<>();
    private final Deque<String> includeStack = new ArrayDeque<>();
    private final Set<String> includedOnce = new HashSet<>();
    private int includes;
    private final HeaderView header;
    private int headerEdits;
    private final List<SieveResult.DuplicateMark> duplicates = new ArrayList<>();
    private final List<String> matchVariables = new ArrayList<>();
    /** imap4flags' internal variable: lower-cased flag → flag as first written. */
    private final Map<String, String> flags = new LinkedHashMap<>();
    private final List<SieveAction> actions = new ArrayList<>();
    private boolean keepCancelled;
    private int redirects;

    SieveRun(SieveScript script, SieveLimits limits, SieveMessage message, SieveEnvironment environment) {
        this.script = script;
        this.limits = limits;
        this.message = message;
        this.environment = environment;
        this.budget = new SieveMatch.MatchBudget(limits.maxMatchSteps());
        this.header = new HeaderView(message.fields());
        enter(script.required());
    }

    private void enter(Set<String> extensions) {
        frame = new Frame(extensions, new HashMap<>(), new HashSet<>());
        required = extensions;
    }

    SieveResult execute() {
        if (!environment.activeScript().isEmpty()) {
            includeStack.push(SieveEnvironment.Location.PERSONAL + ":" + environment.activeScript());
        }
        try {
            block(script.commands());
        } catch (Stop | Return end) {
            // normal end
        } catch (Failure | SieveMatch.MatchBudget.Exhausted e) {
            return new SieveResult(List.of(new SieveAction.Keep(Set.of())), Optional.of(e.getMessage()));
        }
        boolean rejected = actions.stream().anyMatch(a -> a instanceof SieveAction.Reject);
        if (rejected && actions.stream().anyMatch(a -> a instanceof SieveAction.Keep || a instanceof SieveAction.FileInto
                || a instanceof SieveAction.Redirect || a instanceof SieveAction.Vacation)) {
            return new SieveResult(List.of(new SieveAction.Keep(Set.of())),
                    Optional.of("reject cannot be combined with keep, fileinto, redirect or vacation"));
        }
        List<SieveAction> result = new ArrayList<>(actions);
        if (!keepCancelled && result.stream().noneMatch(a -> a instanceof SieveAction.Keep)) {
            result.add(new SieveAction.Keep(currentFlags()));
        }
        return new SieveResult(result, Optional.empty(), header.edits(), duplicates);
    }

    private void block(List<Command> block) {
        boolean branchTaken = false;
        for (Command command : block) {
            switch (command.name()) {
                case "require" -> { }
                case "if" -> {
                    branchTaken = test(command.tests().getFirst());
                    if (branchTaken) {
                        block(command.block());
                    }
                }
                case "elsif" -> {
                    if (!branchTaken) {
                        branchTaken = test(command.tests().getFirst());
                        if (branchTaken) {
                            block(command.block());
                        }
                    }
                }
                case "else" -> {
                    if (!branchTaken) {
                        block(command.block());
                    }
                    branchTaken = true;
                }
                default -> action(command);
            }
        }
    }

    private SieveArguments arguments(Command command) {
        try {
            return SieveArguments.read(command.name(), command.arguments(), SieveScript.COMMANDS.get(command.name()), command.at());
        } catch (SieveException e) {
            throw new IllegalStateException("checked at compile time", e);
        }
    }

    private SieveArguments arguments(Test test) {
        try {
            return SieveArguments.read(test.name(), test.arguments(), SieveScript.TESTS.get(test.name()), test.at());
        } catch (SieveException e) {
            throw new IllegalStateException("checked at compile time", e);
        }
    }

    private void action(Command command) {
        SieveArguments args = arguments(command);
        switch (command.name()) {
            case "stop" -> throw new Stop();
            case "keep" -> add(new SieveAction.Keep(args.strings("flags").map(this::flagSet).orElseGet(this::currentFlags)));
            case "discard" -> {
                keepCancelled = true;
                add(new SieveAction.Discard());
            }
            case "fileinto" -> {
                String mailbox = expand(args.string(0));
                if (mailbox.isBlank()) {
                    throw new Failure("fileinto: empty mailbox name");
                }
                if (!args.has("copy")) {
                    keepCancelled = true;
                }
                add(new SieveAction.FileInto(mailbox, args.strings("flags").map(this::flagSet).orElseGet(this::currentFlags),
                        args.has("create")));
            }
            case "redirect" -> {
                String address = expand(args.string(0));
                try {
                    address = DefaultAddressParser.DEFAULT.parseMailbox(address).getAddress();
                } catch (ParseException | RuntimeException e) {
                    throw new Failure("redirect: \"" + address + "\" is not an address");
                }
                if (++redirects > limits.maxRedirects()) {
                    throw new Failure("more than " + limits.maxRedirects() + " redirects");
                }
                if (!args.has("copy")) {
                    keepCancelled = true;
                }
                add(new SieveAction.Redirect(address));
            }
            case "reject", "ereject" -> {
                keepCancelled = true;
                add(new SieveAction.Reject(expand(args.string(0)), command.name().equals("ereject")));
            }
            case "set" -> set(args);
            case "addflag", "setflag", "removeflag" -> changeFlags(command.name(), args);
            case "vacation" -> vacation(args);
            case "addheader" -> addHeader(args);
            case "deleteheader" -> deleteHeader(args);
            case "include" -> include(args);
            case "return" -> throw new Return();
            case "global" -> declareGlobals(args);
            default -> throw new IllegalStateException("compiled script has unknown command " + command.name());
        }
    }

    private void add(SieveAction action) {
        if (actions.contains(action)) {
            return;   // the same fileinto or redirect twice is done once (RFC 5228 §2.10.3)
        }
        if (actions.size() >= limits.maxActions()) {
            throw new Failure("more than " + limits.maxActions() + " actions");
        }
        if (action instanceof SieveAction.Vacation && actions.stream().anyMatch(a -> a instanceof SieveAction.Vacation)) {
            throw new Failure("vacation used twice");
        }
        actions.add(action);
    }

    // ---- variables (RFC 5229) ----

    private void set(SieveArguments args) {
        String name = args.string(0);
        String value = expand(args.string(1));
        if (args.has("lower")) {
            value = value.toLowerCase(Locale.ROOT);
        }
        if (args.has("upper")) {
            value = value.toUpperCase(Locale.ROOT);
        }
        if (args.has("lowerfirst") && !value.isEmpty()) {
            value = value.substring(0, 1).toLowerCase(Locale.ROOT) + value.substring(1);
        }
        if (args.has("upperfirst") && !value.isEmpty()) {
            value = value.substring(0, 1).toUpperCase(Locale.ROOT) + value.substring(1);
        }
        if (args.has("quotewildcard")) {
            value = value.replace("\\", "\\\\").replace("*", "\\*").replace("?", "\\?");
        }
        if (args.has("quoteregex")) {
            value = quoteRegex(value);
        }
        if (args.has("length")) {
            value = String.valueOf(value.codePointCount(0, value.length()));
        }
        setVariable(name, value);
    }

    /** draft-ietf-sieve-regex's {@code :quoteregex}: every character with a meaning in a regular expression escaped. */
    private static String quoteRegex(String value) {
        StringBuilder quoted = new StringBuilder(value.length() + 8);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if ("\\.*+?()[]{}|^$".indexOf(c) >= 0) {
                quoted.append('\\');
            }
            quoted.append(c);
        }
        return quoted.toString();
    }

    /** The map a variable lives in (the script's own, or the shared globals of RFC 6609 §3.3) and its key. */
    private Map.Entry<Map<String, String>, String> slot(String name) {
        String key = name.toLowerCase(Locale.ROOT);
        if (key.startsWith(GLOBAL_NAMESPACE) && required.contains("include")) {
            return Map.entry(globals, key.substring(GLOBAL_NAMESPACE.length()));
        }
        return frame.globalNames().contains(key) ? Map.entry(globals, key) : Map.entry(frame.locals(), key);
    }

    private String variable(String name) {
        Map.Entry<Map<String, String>, String> slot = slot(name);
        return slot.getKey().getOrDefault(slot.getValue(), "");
    }

    private void setVariable(String name, String value) {
        Map.Entry<Map<String, String>, String> slot = slot(name);
        if (!slot.getKey().containsKey(slot.getValue()) && variableCount() >= limits.maxVariables()) {
            throw new Failure("more than " + limits.maxVariables() + " variables");
        }
        slot.getKey().put(slot.getValue(), truncate(value));
    }

    private int variableCount() {
        return globals.size() + frame.locals().size();
    }

    private void declareGlobals(SieveArguments args) {
        for (String name : args.strings(0)) {
            frame.globalNames().add(name.toLowerCase(Locale.ROOT));
        }
    }

    /** Replaces {@code ${name}} and {@code ${digits}} when the script requires "variables"; unknown ones are empty. */
    String expand(String text) {
        if (!required.contains("variables") || !text.contains("${")) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        int i = 0;
        while (i < text.length()) {
            int open = text.indexOf("${", i);
            if (open < 0) {
                out.append(text, i, text.length());
                break;
            }
            int close = text.indexOf('}', open + 2);
            if (close < 0) {
                out.append(text, i, text.length());
                break;
            }
            String name = text.substring(open + 2, close);
            out.append(text, i, open);
            if (isDigits(name)) {
                int index = name.length() > 3 ? Integer.MAX_VALUE : Integer.parseInt(name);
                out.append(index < matchVariables.size() ? matchVariables.get(index) : "");
                i = close + 1;
            } else if (SieveScript.validVariableName(name) || (required.contains("include")
                    && name.regionMatches(true, 0, GLOBAL_NAMESPACE, 0, GLOBAL_NAMESPACE.length())
                    && SieveScript.validVariableName(name.substring(GLOBAL_NAMESPACE.length())))) {
                out.append(variable(name));
                i = close + 1;
            } else {
                out.append("${");   // not a variable reference: kept as written
                i = open + 2;
            }
            if (out.length() > limits.maxVariableChars()) {
                break;
            }
        }
        return truncate(out.toString());
    }

    private static boolean isDigits(String text) {
        if (text.isEmpty()) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) < '0' || text.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    private String truncate(String value) {
        return value.length() > limits.maxVariableChars() ? value.substring(0, limits.maxVariableChars()) : value;
    }

    private List<String> expandAll(List<String> values) {
        if (!required.contains("variables")) {
            return values;
        }
        List<String> expanded = new ArrayList<>(values.size());
        for (String value : values) {
            expanded.add(expand(value));
        }
        return expanded;
    }

    // ---- imap4flags (RFC 5232) ----

    private void changeFlags(String command, SieveArguments args) {
        String variable = args.string(0);
        Map<String, String> target = new LinkedHashMap<>();
        if (variable == null) {
            target.putAll(flags);
        } else {
            splitFlags(variable(variable)).forEach(f -> target.put(f.toLowerCase(Locale.ROOT), f));
        }
        List<String> given = new ArrayList<>();
        for (String list : expandAll(args.strings(1))) {
            given.addAll(splitFlags(list));
        }
        switch (command) {
            case "setflag" -> {
                target.clear();
                given.forEach(f -> target.putIfAbsent(f.toLowerCase(Locale.ROOT), f));
            }
            case "addflag" -> given.forEach(f -> target.putIfAbsent(f.toLowerCase(Locale.ROOT), f));
            case "removeflag" -> given.forEach(f -> target.remove(f.toLowerCase(Locale.ROOT)));
            default -> throw new IllegalStateException(command);
        }
        if (target.size() > limits.maxActions() * 4) {
            throw new Failure("too many flags");
        }
        if (variable == null) {
            flags.clear();
            flags.putAll(target);
        } else {
            setVariable(variable, String.join(" ", target.values()));
        }
    }

    private static List<String> splitFlags(String list) {
        List<String> result = new ArrayList<>();
        for (String flag : list.trim().split("\\s+")) {
            if (!flag.isEmpty()) {
                result.add(flag);
            }
        }
        return result;
    }

    private Set<String> flagSet(List<String> lists) {
        Map<String, String> result = new LinkedHashMap<>();
        for (String list : expandAll(lists)) {
            splitFlags(list).forEach(f -> result.putIfAbsent(f.toLowerCase(Locale.ROOT), f));
        }
        return new LinkedHashSet<>(result.values());
    }

    private Set<String> currentFlags() {
        return new LinkedHashSet<>(flags.values());
    }

    // ---- vacation (RFC 5230, RFC 6131) ----

    private void vacation(SieveArguments args) {
        long period;
        if (args.number("seconds").isPresent()) {
            period = Math.min(args.number("seconds").get(), MAX_VACATION_DAYS * 86_400);
        } else {
            long days = args.number("days").orElse(DEFAULT_VACATION_DAYS);
            period = Math.max(1, Math.min(days, MAX_VACATION_DAYS)) * 86_400;
        }
        String reason = expand(args.string(0));
        Optional<String> subject = args.string("subject").map(this::expand);
        Optional<String> from = args.string("from").map(this::expand);
        List<String> addresses = args.strings("addresses").map(this::expandAll).orElse(List.of());
        String handle = args.string("handle").map(this::expand)
                .orElseGet(() -> digest(reason + "\0" + subject.orElse("") + "\0" + from.orElse("") + "\0" + addresses));
        add(new SieveAction.Vacation(reason, subject, from, addresses, args.has("mime"), handle, period));
    }

    private static String digest(String text) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- tests ----

    private boolean test(Test test) {
        return switch (test.name()) {
            case "true" -> true;
            case "false" -> false;
            case "not" -> !test(test.tests().getFirst());
            case "allof" -> test.tests().stream().allMatch(this::test);
            case "anyof" -> test.tests().stream().anyMatch(this::test);
            default -> leafTest(test);
        };
    }

    private boolean leafTest(Test test) {
        SieveArguments args = arguments(test);
        switch (test.name()) {
            case "exists" -> {
                for (String name : expandAll(args.strings(0))) {
                    if (header.values(name).isEmpty()) {
                        return false;
                    }
                }
                return true;
            }
            case "duplicate" -> {
                return duplicate(args);
            }
            case "size" -> {
                long limit = args.number(0);
                return args.has("over") ? message.size() > limit : message.size() < limit;
            }
            default -> {
                SieveMatch match = match(args, test);
                List<String> keys;
                List<String> values;
                switch (test.name()) {
                    case "header" -> {
                        values = new ArrayList<>();
                        for (String name : expandAll(args.strings(0))) {
                            values.addAll(indexed(header.values(name), args));
                        }
                        keys = expandAll(args.strings(1));
                    }
                    case "date" -> {
                        values = new ArrayList<>();
                        Optional<String> zone = args.string("zone").map(this::expand);
                        for (String value : indexed(header.values(expand(args.string(0))), args)) {
                            SieveDates.parse(value).flatMap(date -> inZone(date, zone, args.has("originalzone")))
                                    .flatMap(date -> SieveDates.part(date, expand(args.string(1)))).ifPresent(values::add);
                        }
                        keys = expandAll(args.strings(2));
                    }
                    case "currentdate" -> {
                        values = new ArrayList<>();
                        ZonedDateTime now = environment.clock().instant().atZone(environment.zone());
                        inZone(now, args.string("zone").map(this::expand), false)
                                .flatMap(date -> SieveDates.part(date, expand(args.string(0)))).ifPresent(values::add);
                        keys = expandAll(args.strings(1));
                    }
                    case "address" -> {
                        values = new ArrayList<>();
                        for (String name : expandAll(args.strings(0))) {
                            for (String value : indexed(header.values(name), args)) {
                                for (String address : ParsedSieveMessage.addresses(value)) {
                                    values.add(part(address, args));
                                }
                            }
                        }
                        keys = expandAll(args.strings(1));
                    }
                    case "envelope" -> {
                        values = new ArrayList<>();
                        for (String part : args.strings(0)) {
                            String address = part.equalsIgnoreCase("from") ? message.envelopeFrom() : message.envelopeTo();
                            // the null reverse-path matches only "" and only with :all (RFC 5228 §5.4)
                            values.add(address.isEmpty() ? "" : part(address, args));
                        }
                        keys = expandAll(args.strings(1));
                    }
                    case "string" -> {
                        values = expandAll(args.strings(0));
                        keys = expandAll(args.strings(1));
                    }
                    case "hasflag" -> {
                        values = new ArrayList<>();
                        if (args.strings(0) == null) {
                            values.addAll(flags.values());
                        } else {
                            for (String variable : args.strings(0)) {
                                values.addAll(splitFlags(variable(variable)));
                            }
                        }
                        keys = new ArrayList<>();
                        for (String list : expandAll(args.strings(1))) {
                            keys.addAll(splitFlags(list));
                        }
                    }
                    case "body" -> {
                        String body = args.has("raw") ? message.bodyRaw() : message.bodyText();
                        values = List.of(body);
                        keys = expandAll(args.strings(0));
                    }
                    case "spamtest" -> {
                        SieveRatings ratings = message.ratings().orElse(SieveRatings.NOT_TESTED);
                        values = List.of(args.has("percent") ? ratings.spamPercentValue() : ratings.spamTestValue());
                        keys = List.of(expand(args.string(0)));
                    }
                    case "virustest" -> {
                        values = List.of(message.ratings().orElse(SieveRatings.NOT_TESTED).virusTestValue());
                        keys = List.of(expand(args.string(0)));
                    }
                    default -> throw new IllegalStateException("compiled script has unknown test " + test.name());
                }
                List<String> captures = required.contains("variables")
                        && (match.type() == SieveMatch.Type.MATCHES || match.type() == SieveMatch.Type.REGEX)
                        ? new ArrayList<>() : null;
                boolean matched = match.test(values, keys, captures, budget);
                if (matched && captures != null) {
                    matchVariables.clear();
                    captures.stream().limit(10).map(this::truncate).forEach(matchVariables::add);
                }
                return matched;
            }
        }
    }

    private SieveMatch match(SieveArguments args, Test test) {
        try {
            return SieveMatch.of(args, required, test.at());
        } catch (SieveException e) {
            throw new IllegalStateException("checked at compile time", e);
        }
    }

    /** RFC 5260 §6: with {@code :index n} only the n-th occurrence counts ({@code :last}: n-th from the end). */
    private static List<String> indexed(List<String> occurrences, SieveArguments args) {
        Optional<Long> index = args.number("index");
        if (index.isEmpty()) {
            return occurrences;
        }
        long n = index.get();
        if (n < 1 || n > occurrences.size()) {
            return List.of();
        }
        return List.of(occurrences.get(args.has("last") ? occurrences.size() - (int) n : (int) n - 1));
    }

    /** RFC 5260 §4.1: {@code :originalzone} keeps the field's own zone; {@code :zone} or the server's zone converts. */
    private Optional<ZonedDateTime> inZone(ZonedDateTime date, Optional<String> zone, boolean original) {
        if (original) {
            return Optional.of(date);
        }
        if (zone.isPresent()) {
            return SieveDates.zone(zone.get()).map(date::withZoneSameInstant);
        }
        ZoneId local = environment.zone();
        return Optional.of(date.withZoneSameInstant(local));
    }

    // ---- duplicate (RFC 7352) ----

    private boolean duplicate(SieveArguments args) {
        String id;
        if (args.string("uniqueid").isPresent()) {
            id = expand(args.string("uniqueid").get());
        } else {
            List<String> values = header.values(expand(args.string("header").orElse("Message-ID")));
            if (values.isEmpty()) {
                return false;   // nothing identifies the message: it cannot be a duplicate
            }
            id = values.getFirst().strip();
        }
        String handle = args.string("handle").map(this::expand).orElse("");
        long maxSeconds = limits.maxDuplicatePeriod().toSeconds();
        long seconds = Math.max(0, Math.min(maxSeconds, args.number("seconds").orElse(limits.duplicatePeriod().toSeconds())));
        // the handle and the id in one digest; "\0" cannot occur in either, so no two pairs share a key
        String key = digest("duplicate\0" + handle + "\0" + id);
        Instant now = environment.clock().instant();
        boolean seen = environment.duplicates().seen(key, now);
        duplicates.removeIf(mark -> mark.key().equals(key));
        duplicates.add(new SieveResult.DuplicateMark(key, now.plusSeconds(seconds), args.has("last")));
        return seen;
    }

    // ---- editheader (RFC 5293) ----

    private void countHeaderEdit() {
        if (++headerEdits > limits.maxHeaderEdits()) {
            throw new Failure("more than " + limits.maxHeaderEdits() + " header edits");
        }
    }

    private String fieldName(String written) {
        String name = expand(written);
        if (!HeaderView.validName(name)) {
            throw new Failure("\"" + name + "\" is not a header field name");
        }
        return name;
    }

    private void addHeader(SieveArguments args) {
        countHeaderEdit();
        header.add(fieldName(args.string(0)), expand(args.string(1)), args.has("last"));
    }

    private void deleteHeader(SieveArguments args) {
        countHeaderEdit();
        String name = fieldName(args.string(0));
        List<String> patterns = args.strings(1);
        if (patterns == null) {
            header.delete(name, args.number("index"), args.has("last"), (value, at) -> true);
            return;
        }
        SieveMatch match;
        try {
            match = SieveMatch.of(args, required, null);
        } catch (SieveException e) {
            throw new IllegalStateException("checked at compile time", e);
        }
        List<String> keys = expandAll(patterns);
        header.delete(name, args.number("index"), args.has("last"), (value, at) -> match.test(List.of(value), keys, null, budget));
    }

    // ---- include (RFC 6609) ----

    private void include(SieveArguments args) {
        SieveEnvironment.Location location = args.has("global") ? SieveEnvironment.Location.GLOBAL : SieveEnvironment.Location.PERSONAL;
        String name = args.string(0);
        String key = location + ":" + name;
        if (args.has("once") && includedOnce.contains(key)) {
            return;
        }
        if (includeStack.contains(key)) {
            throw new Failure("include loop: " + location.name().toLowerCase(Locale.ROOT) + " script \"" + name
                    + "\" includes itself");
        }
        if (includeStack.size() - (environment.activeScript().isEmpty() ? 0 : 1) >= limits.maxIncludeDepth()) {
            throw new Failure("includes nested deeper than " + limits.maxIncludeDepth());
        }
        if (++includes > limits.maxIncludes()) {
            throw new Failure("more than " + limits.maxIncludes() + " includes");
        }
        Optional<String> text = environment.includes().load(location, name);
        if (text.isEmpty()) {
            if (args.has("optional")) {
                return;
            }
            throw new Failure("included " + location.name().toLowerCase(Locale.ROOT) + " script \"" + name + "\" does not exist");
        }
        SieveScript included;
        try {
            included = SieveScript.compile(text.get(), limits);
        } catch (SieveException e) {
            throw new Failure("included script \"" + name + "\": " + e.getMessage());
        }
        includedOnce.add(key);
        Frame includer = frame;
        includeStack.push(key);
        enter(included.required());
        try {
            block(included.commands());
        } catch (Return done) {
            // back to the includer
        } finally {
            includeStack.pop();
            frame = includer;
            required = includer.required();
        }
    }

    private static String part(String address, SieveArguments args) {
        int at = address.lastIndexOf('@');
        if (args.has("localpart")) {
            return at < 0 ? address : address.substring(0, at);
        }
        if (args.has("domain")) {
            return at < 0 ? "" : address.substring(at + 1);
        }
        return address;
    }
}
