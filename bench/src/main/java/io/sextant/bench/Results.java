package io.sextant.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Where results go: one JSON file per run, named by its kind and start time, written from a
 * {@link BenchmarkResults} or {@link SoakResults} record.
 */
final class Results {

    /** Writes the records as the results files have them, indented; reads them back strictly. */
    static final ObjectMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private Results() {}

    /** A name for this run's files: {@code kind-20261125T135000Z}. */
    /** The 1-, 5- and 15-minute load averages of this machine ({@code /proc/loadavg}), or "unknown". */
    static String loadAverage() {
        try {
            String[] f = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (java.io.IOException | RuntimeException e) {
            return "unknown";
        }
    }

    static String runName(String kind, Instant started) {
        return kind + "-" + STAMP.format(started.truncatedTo(ChronoUnit.SECONDS));
    }

    /** Writes {@code results} (a results record) to {@code dir/name.json} and returns the file. */
    static Path write(Path dir, String name, Record results) {
        try {
            Files.createDirectories(dir);
            Path file = dir.resolve(name + ".json");
            Files.writeString(file, json(results) + "\n", StandardCharsets.UTF_8);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the results to " + dir, e);
        }
    }

    /** The results as their file has them. */
    static String json(Record results) {
        return JSON.writeValueAsString(results);
    }

    /** Reads a results file back into its record; fails on a field the record does not know. */
    static <T extends Record> T read(Path file, Class<T> type) {
        try {
            return JSON.readValue(Files.readString(file, StandardCharsets.UTF_8), type);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the results " + file, e);
        }
    }

    /**
     * What the numbers were measured on. A VM of the same size can run on hosts of quite different
     * speed, so the processor model is recorded with the results it explains.
     */
    static Machine machine() {
        Long memory = ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getTotalMemorySize() : null;
        return new Machine(Runtime.getRuntime().availableProcessors(), cpuModel(Path.of("/proc/cpuinfo")),
                System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"),
                System.getProperty("java.vm.name") + " " + Runtime.version(), memory);
    }

    /** One line for a run's header: cores, processor, memory, system and Java. */
    static String describe(Machine machine) {
        return String.format("%s cores (%s), %s memory, %s, %s", machine.cores(), machine.cpu(),
                machine.memoryBytes() != null ? bytes(machine.memoryBytes()) : "unknown", machine.os(), machine.java());
    }

    /**
     * The first processor of a Linux {@code /proc/cpuinfo}: its model name, with family, model,
     * stepping and clock where given (a hypervisor may show only a generic name); {@code "unknown"}
     * elsewhere.
     */
    static String cpuModel(Path cpuinfo) {
        Map<String, String> first = new LinkedHashMap<>();
        try (Stream<String> lines = Files.lines(cpuinfo)) {
            for (String line : (Iterable<String>) lines::iterator) {
                int colon = line.indexOf(':');
                if (colon < 0) {
                    if (line.isBlank() && !first.isEmpty()) {
                        break; // the end of the first processor's block
                    }
                    continue;
                }
                first.putIfAbsent(line.substring(0, colon).strip(), line.substring(colon + 1).strip());
            }
        } catch (IOException | UncheckedIOException e) {
            return "unknown";
        }
        String name = first.getOrDefault("model name", "");
        if (name.isEmpty()) {
            return "unknown";
        }
        List<String> parts = new ArrayList<>(List.of(name));
        List<String> identity = new ArrayList<>();
        for (String key : List.of("cpu family", "model", "stepping")) {
            if (!first.getOrDefault(key, "").isEmpty()) {
                identity.add((key.equals("cpu family") ? "family" : key) + " " + first.get(key));
            }
        }
        if (!identity.isEmpty()) {
            parts.add(String.join(" ", identity));
        }
        if (!first.getOrDefault("cpu MHz", "").isEmpty()) {
            parts.add(first.get("cpu MHz") + " MHz");
        }
        return String.join(", ", parts);
    }

    /** The bytes of every file under {@code dir}. */
    static long size(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(p -> {
                try {
                    return Files.size(p);
                } catch (IOException e) {
                    return 0; // deleted meanwhile (an expired export)
                }
            }).sum();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot measure " + dir, e);
        }
    }

    /** The size of a file; 0 when there is none. */
    static long fileSize(Path file) {
        try {
            return Files.exists(file) ? Files.size(file) : 0;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot measure " + file, e);
        }
    }

    /** {@link #bytes(long)}, or "unknown" for a size the system did not tell. */
    static String bytes(Long n) {
        return n == null ? "unknown" : bytes(n.longValue());
    }

    static String bytes(long n) {
        if (n >= 1L << 30) {
            return String.format("%.2f GiB", n / (double) (1L << 30));
        }
        return String.format("%.1f MiB", n / (double) (1L << 20));
    }
}
