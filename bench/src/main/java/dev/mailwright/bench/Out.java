package dev.mailwright.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;

/**
 * Machine-readable results: one TSV line per measured value,
 * {@code server  scenario  metric  value  unit  better}, on stdout and appended to {@code --out} when given.
 */
final class Out {
    private final String server;
    private final Path file;

    Out(String server, Path file) {
        this.server = server;
        this.file = file;
    }

    enum Better { HIGHER, LOWER }

    void emit(String scenario, String metric, double value, String unit, Better better) {
        String line = String.format(Locale.ROOT, "%s\t%s\t%s\t%.3f\t%s\t%s", server, scenario, metric, value, unit,
                better.name().toLowerCase(Locale.ROOT));
        System.out.println(line);
        if (file != null) {
            try {
                Files.writeString(file, line + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            } catch (IOException e) {
                throw new IllegalStateException("cannot append to " + file, e);
            }
        }
    }
}
