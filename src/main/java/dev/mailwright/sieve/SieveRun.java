package dev.mailwright.sieve;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
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
 * steps, variables and their length.
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

    private final List<Command> commands;
    private final Set<String> required;
    private final SieveLimits limits;
    private final SieveMessage message;
    private final SieveMatch.MatchBudget budget;
    private final Map<String, String> variables = new HashMap<>();
    private final List<String> matchVariables = new ArrayList<>();
    /** imap4flags' internal variable: lower-cased flag → flag as first written. */
    private final Map<String, String> flags = new LinkedHashMap<>();
    private final List<SieveAction> actions = new ArrayList<>();
    private boolean keepCancelled;
    private int redirects;

    SieveRun(List<Command> commands, Set<String> required, SieveLimits limits, SieveMessage message) {
        this.commands = commands;
        this.required = required;
        this.limits = limits;
        this.message = message;
        this.budget = new SieveMatch.MatchBudget(limits.maxMatchSteps());
    }

    SieveResult execute() {
        try {
            block(commands);
        } catch (Stop stop) {
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
        return new SieveResult(result, Optional.empty());
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
        String name = args.string(0).toLowerCase(Locale.ROOT);
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
        if (args.has("length")) {
            value = String.valueOf(value.codePointCount(0, value.length()));
        }
        if (!variables.containsKey(name) && variables.size() >= limits.maxVariables()) {
            throw new Failure("more than " + limits.maxVariables() + " variables");
        }
        variables.put(name, truncate(value));
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
            } else if (SieveScript.validVariableName(name)) {
                out.append(variables.getOrDefault(name.toLowerCase(Locale.ROOT), ""));
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
            splitFlags(variables.getOrDefault(variable.toLowerCase(Locale.ROOT), "")).forEach(f -> target.put(f.toLowerCase(Locale.ROOT), f));
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
            if (!variables.containsKey(variable.toLowerCase(Locale.ROOT)) && variables.size() >= limits.maxVariables()) {
                throw new Failure("more than " + limits.maxVariables() + " variables");
            }
            variables.put(variable.toLowerCase(Locale.ROOT), truncate(String.join(" ", target.values())));
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
                    if (message.header(name).isEmpty()) {
                        return false;
                    }
                }
                return true;
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
                            values.addAll(message.header(name));
                        }
                        keys = expandAll(args.strings(1));
                    }
                    case "address" -> {
                        values = new ArrayList<>();
                        for (String name : expandAll(args.strings(0))) {
                            for (String value : message.header(name)) {
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
                                values.addAll(splitFlags(variables.getOrDefault(variable.toLowerCase(Locale.ROOT), "")));
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
                        Optional<Integer> score = message.spamTest();
                        int value = score.orElse(0);
                        values = List.of(args.has("percent") ? String.valueOf(value * 10) : String.valueOf(value));
                        keys = List.of(expand(args.string(0)));
                    }
                    default -> throw new IllegalStateException("compiled script has unknown test " + test.name());
                }
                List<String> captures = required.contains("variables") && match.type() == SieveMatch.Type.MATCHES
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
