package io.sextant.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The machine description that goes with every result. */
class ResultsTest {

    @TempDir
    Path dir;

    @Test
    void cpuModelIsTheFirstProcessorsNameFamilyModelSteppingAndClock() throws Exception {
        Path cpuinfo = Files.writeString(dir.resolve("cpuinfo"), """
                processor\t: 0
                vendor_id\t: GenuineIntel
                cpu family\t: 6
                model\t\t: 167
                model name\t: Intel(R) Xeon(R) Processor
                stepping\t: 1
                cpu MHz\t\t: 2600.000
                flags\t\t: fpu vme

                processor\t: 1
                cpu family\t: 7
                model name\t: Some Other CPU
                """);
        assertThat(Results.cpuModel(cpuinfo)).isEqualTo("Intel(R) Xeon(R) Processor, family 6 model 167 stepping 1, 2600.000 MHz");
    }

    @Test
    void cpuModelWithANameOnlyIsTheName() throws Exception {
        Path cpuinfo = Files.writeString(dir.resolve("cpuinfo"), "processor\t: 0\nmodel name\t: Intel(R) Xeon(R) Platinum 8480+\n");
        assertThat(Results.cpuModel(cpuinfo)).isEqualTo("Intel(R) Xeon(R) Platinum 8480+");
    }

    @Test
    void cpuModelIsUnknownWithoutCpuinfoOrModelName() throws Exception {
        assertThat(Results.cpuModel(dir.resolve("missing"))).isEqualTo("unknown");
        Path noModel = Files.writeString(dir.resolve("cpuinfo"), "processor\t: 0\nmodel name\t:\nCPU implementer\t: 0x41\n");
        assertThat(Results.cpuModel(noModel)).isEqualTo("unknown");
    }

    @Test
    void describeNamesCoresProcessorMemorySystemAndJava() {
        Machine machine = new Machine(2, "Intel(R) Xeon(R) Processor", "Linux 6.18 amd64", "OpenJDK 64-Bit Server VM 25.0.3+9-LTS", 24L << 30);
        assertThat(Results.describe(machine))
                .isEqualTo("2 cores (Intel(R) Xeon(R) Processor), 24.00 GiB memory, Linux 6.18 amd64, OpenJDK 64-Bit Server VM 25.0.3+9-LTS");
        Machine withoutMemory = new Machine(machine.cores(), machine.cpu(), machine.os(), machine.java(), null);
        assertThat(Results.describe(withoutMemory)).contains("unknown memory");
        assertThat(Results.json(withoutMemory)).as("a memory the JVM cannot tell is left out").doesNotContain("memoryBytes");
    }

    /**
     * Results files are compared across runs and months: a file the benchmark wrote before its
     * results were records (built as maps of string keys; kept under src/test/resources) reads into
     * the record and is written again with the same fields, names, nesting and values.
     */
    @Test
    void aBenchmarkResultsFileOfTheMapFormatReadsIntoTheRecordAndIsWrittenTheSame() throws Exception {
        String file = resource("bench-results-map-format.json");
        BenchmarkResults results = Results.JSON.readValue(file, BenchmarkResults.class);
        String written = Results.json(results);
        assertThat(Results.JSON.readTree(written)).isEqualTo(Results.JSON.readTree(file));
        assertThat(fieldNames(written)).as("the fields in the file's order").isEqualTo(fieldNames(file));

        assertThat(results.requests()).hasSize(7);
        assertThat(results.requests().get(0).computedWarm()).as("a report is also timed computed").isNotNull();
        assertThat(results.requests().get(6).computedWarm()).as("the export is not").isNull();
        assertThat(results.targets()).hasSize(10).allSatisfy(t -> assertThat(t.atLeast() == null).isNotEqualTo(t.atMost() == null));
        assertThat(results.ingestion().slowest10s()).as("the load was shorter than 10 s").isNull();
        assertThat(written).contains("\"slowest10s\" : null");
    }

    @Test
    void aSoakResultsFileOfTheMapFormatReadsIntoTheRecordAndIsWrittenTheSame() throws Exception {
        String file = resource("soak-results-map-format.json");
        SoakResults results = Results.JSON.readValue(file, SoakResults.class);
        String written = Results.json(results);
        assertThat(Results.JSON.readTree(written)).isEqualTo(Results.JSON.readTree(file));
        assertThat(fieldNames(written)).isEqualTo(fieldNames(file));
        assertThat(results.passed()).isTrue();
        assertThat(results.totals().resentEventsReturnedAsDuplicates()).isEqualTo(results.totals().acknowledgedEvents());
    }

    @Test
    void aFieldTheRecordsDoNotKnowFailsTheRead() {
        assertThatThrownBy(() -> Results.JSON.readValue("{\"cores\":2,\"cpu\":\"x\",\"os\":\"y\",\"java\":\"z\",\"gpu\":1}", Machine.class))
                .hasMessageContaining("gpu");
    }

    private static String resource(String name) throws Exception {
        try (var in = ResultsTest.class.getResourceAsStream("/" + name)) {
            assertThat(in).as(name).isNotNull();
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    /** The top-level field names in order. */
    private static List<String> fieldNames(String json) {
        return List.copyOf(Results.JSON.readTree(json).propertyNames());
    }
}
