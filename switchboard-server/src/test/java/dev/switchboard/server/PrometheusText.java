package dev.switchboard.server;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A parsed Prometheus text exposition (format 0.0.4): its samples and the metric families it declares. */
record PrometheusText(List<Sample> samples, Set<String> families) {

    /** One line {@code name{label="value",...} value}. */
    record Sample(String name, Map<String, String> labels, double value) {
    }

    /**
     * Parses an exposition, failing on any line that is not a comment, a blank or a well-formed
     * sample, so a test over it also checks the format.
     */
    static PrometheusText parse(String text) {
        List<Sample> samples = new ArrayList<>();
        Set<String> families = new HashSet<>();
        for (String line : text.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            if (line.startsWith("# TYPE ")) {
                families.add(line.substring(7, line.indexOf(' ', 7)));
                continue;
            }
            if (line.startsWith("#")) {
                continue;
            }
            int brace = line.indexOf('{');
            int space = line.lastIndexOf(' ');
            String name;
            Map<String, String> labels = new LinkedHashMap<>();
            if (brace >= 0 && brace < space) {
                name = line.substring(0, brace);
                String body = line.substring(brace + 1, line.lastIndexOf('}'));
                int i = 0;
                while (i < body.length()) {
                    int eq = body.indexOf('=', i);
                    String key = body.substring(i, eq);
                    if (body.charAt(eq + 1) != '"') {
                        throw new IllegalArgumentException("label value not quoted: " + line);
                    }
                    StringBuilder value = new StringBuilder();
                    int j = eq + 2;
                    for (; body.charAt(j) != '"'; j++) {
                        if (body.charAt(j) == '\\') {
                            j++;
                        }
                        value.append(body.charAt(j));
                    }
                    labels.put(key, value.toString());
                    i = j + 1;
                    if (i < body.length() && body.charAt(i) == ',') {
                        i++;
                    }
                }
            } else {
                name = line.substring(0, space);
            }
            if (!name.matches("[a-zA-Z_:][a-zA-Z0-9_:]*")) {
                throw new IllegalArgumentException("bad metric name in line: " + line);
            }
            samples.add(new Sample(name, labels, Double.parseDouble(line.substring(space + 1))));
        }
        return new PrometheusText(samples, families);
    }

    /** The sum of the samples named {@code name} whose labels include every one of {@code labels}. */
    double sum(String name, Map<String, String> labels) {
        double total = 0;
        for (Sample sample : samples) {
            if (sample.name().equals(name) && sample.labels().entrySet().containsAll(labels.entrySet())) {
                total += sample.value();
            }
        }
        return total;
    }

    /** The samples named {@code name}. */
    List<Sample> named(String name) {
        return samples.stream().filter(s -> s.name().equals(name)).toList();
    }
}
