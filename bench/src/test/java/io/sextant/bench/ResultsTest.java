package io.sextant.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
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
        Map<String, Object> machine = new LinkedHashMap<>();
        machine.put("cores", 2);
        machine.put("cpu", "Intel(R) Xeon(R) Processor");
        machine.put("os", "Linux 6.18 amd64");
        machine.put("java", "OpenJDK 64-Bit Server VM 25.0.3+9-LTS");
        machine.put("memoryBytes", 24L << 30);
        assertThat(Results.describe(machine))
                .isEqualTo("2 cores (Intel(R) Xeon(R) Processor), 24.00 GiB memory, Linux 6.18 amd64, OpenJDK 64-Bit Server VM 25.0.3+9-LTS");
        machine.remove("memoryBytes");
        assertThat(Results.describe(machine)).contains("unknown memory");
    }
}
