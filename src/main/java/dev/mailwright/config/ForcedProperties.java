package dev.mailwright.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Command-line properties ({@code --key=value}) with some keys forced to a value of ours, as the {@code admin} and
 * {@code train} launchers start the application. The caller's value of a forced key is dropped, not merely outranked:
 * Spring binds a key given twice on the command line as a list ({@code "value,forced"}).
 */
public final class ForcedProperties {
    private ForcedProperties() {
    }

    /** {@code properties} without the keys {@code forced} sets, then {@code forced}; both as {@code --key=value}. */
    public static List<String> over(List<String> properties, List<String> forced) {
        Set<String> keys = forced.stream().map(ForcedProperties::key).collect(Collectors.toSet());
        List<String> merged = new ArrayList<>();
        for (String property : properties) {
            if (!keys.contains(key(property))) {
                merged.add(property);
            }
        }
        merged.addAll(forced);
        return merged;
    }

    private static String key(String property) {
        return property.substring(2, property.indexOf('='));
    }
}
