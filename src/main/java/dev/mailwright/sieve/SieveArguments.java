package dev.mailwright.sieve;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import dev.mailwright.sieve.SieveSyntax.Argument;
import dev.mailwright.sieve.SieveSyntax.Position;
import dev.mailwright.sieve.SieveSyntax.Strings;
import dev.mailwright.sieve.SieveSyntax.Tag;

/**
 * The arguments of one command or test, sorted into tagged ones ({@code :copy}, {@code :days 7}) and positional
 * ones, checked against what the command accepts. The same decoding serves the compiler (which reports a wrong
 * argument with its position) and the interpreter (which can then rely on it).
 */
final class SieveArguments {
    enum Kind { FLAG, STRING, STRINGS, NUMBER }

    /** What a command accepts: tags (with the kind of value that follows), exclusive tag groups, positionals. */
    record Spec(Map<String, Kind> tags, List<Set<String>> exclusive, List<Kind> positional, int optionalLeading,
                int optionalTrailing) {
        static Spec of(List<Kind> positional) {
            return new Spec(Map.of(), List.of(), positional, 0, 0);
        }

        Spec withTags(Map<String, Kind> more) {
            Map<String, Kind> all = new HashMap<>(tags);
            all.putAll(more);
            return new Spec(all, exclusive, positional, optionalLeading, optionalTrailing);
        }

        Spec exclusive(Set<String> group) {
            List<Set<String>> all = new ArrayList<>(exclusive);
            all.add(group);
            return new Spec(tags, all, positional, optionalLeading, optionalTrailing);
        }

        /** The first {@code count} positionals may be left out (e.g. hasflag's variable list). */
        Spec optionalLeading(int count) {
            return new Spec(tags, exclusive, positional, count, optionalTrailing);
        }

        /** The last {@code count} positionals may be left out (e.g. deleteheader's value patterns). */
        Spec optionalTrailing(int count) {
            return new Spec(tags, exclusive, positional, optionalLeading, count);
        }
    }

    private final Map<String, Object> tagged;
    private final List<Object> positional;

    private SieveArguments(Map<String, Object> tagged, List<Object> positional) {
        this.tagged = tagged;
        this.positional = positional;
    }

    static SieveArguments read(String name, List<Argument> arguments, Spec spec, Position at) throws SieveException {
        Map<String, Object> tagged = new HashMap<>();
        List<Argument> rest = new ArrayList<>();
        for (int i = 0; i < arguments.size(); i++) {
            Argument argument = arguments.get(i);
            if (!(argument instanceof Tag tag)) {
                rest.add(argument);
                continue;
            }
            if (!rest.isEmpty()) {
                throw new SieveException(tag.at(), name + ": tag :" + tag.name() + " must come before the other arguments");
            }
            Kind kind = spec.tags().get(tag.name());
            if (kind == null) {
                throw new SieveException(tag.at(), name + " has no tag :" + tag.name());
            }
            if (tagged.containsKey(tag.name())) {
                throw new SieveException(tag.at(), name + ": tag :" + tag.name() + " given twice");
            }
            for (Set<String> group : spec.exclusive()) {
                if (group.contains(tag.name())) {
                    for (String other : group) {
                        if (tagged.containsKey(other)) {
                            throw new SieveException(tag.at(), name + ": :" + tag.name() + " and :" + other + " exclude each other");
                        }
                    }
                }
            }
            if (kind == Kind.FLAG) {
                tagged.put(tag.name(), Boolean.TRUE);
                continue;
            }
            if (i + 1 >= arguments.size() || arguments.get(i + 1) instanceof Tag) {
                throw new SieveException(tag.at(), name + ": :" + tag.name() + " needs " + describe(kind));
            }
            tagged.put(tag.name(), value(name, arguments.get(++i), kind));
        }
        int required = spec.positional().size() - spec.optionalLeading() - spec.optionalTrailing();
        if (rest.size() < required || rest.size() > spec.positional().size()) {
            throw new SieveException(at, name + " takes " + (required == spec.positional().size() ? String.valueOf(required)
                    : required + " to " + spec.positional().size()) + " argument(s) besides its tags, not " + rest.size());
        }
        int skip = spec.optionalLeading() > 0 ? spec.positional().size() - rest.size() : 0;
        List<Object> positional = new ArrayList<>();
        for (int i = 0; i < skip; i++) {
            positional.add(null);
        }
        for (int i = 0; i < rest.size(); i++) {
            positional.add(value(name, rest.get(i), spec.positional().get(skip + i)));
        }
        while (positional.size() < spec.positional().size()) {
            positional.add(null);
        }
        return new SieveArguments(tagged, positional);
    }

    private static Object value(String name, Argument argument, Kind kind) throws SieveException {
        return switch (kind) {
            case NUMBER -> {
                if (argument instanceof SieveSyntax.Number number) {
                    yield number.value();
                }
                throw new SieveException(argument.at(), name + " expects a number here");
            }
            case STRING -> {
                if (argument instanceof Strings strings && (!strings.list() || strings.values().size() == 1)) {
                    yield strings.values().getFirst();
                }
                throw new SieveException(argument.at(), name + " expects a single string here");
            }
            case STRINGS -> {
                if (argument instanceof Strings strings) {
                    yield strings.values();
                }
                throw new SieveException(argument.at(), name + " expects a string or a string list here");
            }
            case FLAG -> throw new IllegalStateException("flags have no value");
        };
    }

    private static String describe(Kind kind) {
        return switch (kind) {
            case NUMBER -> "a number";
            case STRING -> "a string";
            case STRINGS -> "a string list";
            case FLAG -> "nothing";
        };
    }

    boolean has(String tag) {
        return tagged.containsKey(tag);
    }

    Optional<String> string(String tag) {
        return Optional.ofNullable((String) tagged.get(tag));
    }

    Optional<Long> number(String tag) {
        return Optional.ofNullable((Long) tagged.get(tag));
    }

    @SuppressWarnings("unchecked")
    Optional<List<String>> strings(String tag) {
        return Optional.ofNullable((List<String>) tagged.get(tag));
    }

    String string(int index) {
        return (String) positional.get(index);
    }

    long number(int index) {
        return (Long) positional.get(index);
    }

    /** Null when an optional positional was left out. */
    @SuppressWarnings("unchecked")
    List<String> strings(int index) {
        return (List<String>) positional.get(index);
    }
}
