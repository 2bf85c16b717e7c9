package dev.mailwright.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads the TSV lines of one or more runs and prints one Markdown table: per scenario and metric the median and
 * min–max per server, and the ratio Mailwright / anchor (the non-Mailwright server that measured that row:
 * Postfix for SMTP, Dovecot for IMAP, both for start-up). Whether a ratio above 1 is good depends on the
 * {@code better} column.
 */
final class Report {
    private static final List<String> MAILWRIGHT = List.of("mailwright-h2", "mailwright-pg");

    private record Row(String scenario, String metric, String unit, String better) {
    }

    private Report() {
    }

    static void run(Args args) throws IOException {
        Map<Row, Map<String, List<Double>>> table = new LinkedHashMap<>();
        for (String file : args.required("in").split(",")) {
            for (String line : Files.readAllLines(Path.of(file))) {
                String[] f = line.split("\t");
                if (f.length != 6) {
                    continue;
                }
                table.computeIfAbsent(new Row(f[1], f[2], f[4], f[5]), k -> new LinkedHashMap<>())
                        .computeIfAbsent(f[0], k -> new ArrayList<>()).add(Double.parseDouble(f[3]));
            }
        }
        StringBuilder sb = new StringBuilder();
        sb.append("| scenario | metric | unit | better | mailwright-h2 | mailwright-pg | anchor | anchor value"
                + " | H2 / anchor | PG / anchor |\n");
        sb.append("|---|---|---|---|---|---|---|---|---|---|\n");
        for (Map.Entry<Row, Map<String, List<Double>>> e : table.entrySet()) {
            Row row = e.getKey();
            Map<String, List<Double>> servers = e.getValue();
            String anchor = servers.keySet().stream().filter(s -> !MAILWRIGHT.contains(s)).findFirst().orElse("");
            Double anchorMedian = anchor.isEmpty() ? null : median(servers.get(anchor));
            sb.append("| ").append(row.scenario()).append(" | ").append(row.metric()).append(" | ")
                    .append(row.unit()).append(" | ").append(row.better()).append(" | ")
                    .append(cell(servers.get(MAILWRIGHT.get(0)))).append(" | ")
                    .append(cell(servers.get(MAILWRIGHT.get(1)))).append(" | ")
                    .append(anchor.isEmpty() ? "–" : anchor).append(" | ")
                    .append(cell(anchor.isEmpty() ? null : servers.get(anchor))).append(" | ")
                    .append(ratio(servers.get(MAILWRIGHT.get(0)), anchorMedian)).append(" | ")
                    .append(ratio(servers.get(MAILWRIGHT.get(1)), anchorMedian)).append(" |\n");
        }
        System.out.print(sb);
    }

    private static String cell(List<Double> values) {
        if (values == null || values.isEmpty()) {
            return "–";
        }
        double min = values.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
        double max = values.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
        return values.size() == 1 ? num(min) + " (n=1)"
                : num(median(values)) + " (" + num(min) + "–" + num(max) + ", n=" + values.size() + ")";
    }

    private static String ratio(List<Double> values, Double anchorMedian) {
        if (values == null || values.isEmpty() || anchorMedian == null || anchorMedian == 0) {
            return "–";
        }
        return String.format(Locale.ROOT, "%.2f", median(values) / anchorMedian);
    }

    static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static String num(double v) {
        if (Math.abs(v) >= 100) {
            return String.format(Locale.ROOT, "%.0f", v);
        }
        return String.format(Locale.ROOT, Math.abs(v) >= 10 ? "%.1f" : "%.2f", v);
    }
}
