package io.sextant.support;

import io.sextant.store.StoreSelection;
import io.sextant.testkit.ClickHouseCluster;
import java.util.Locale;
import java.util.Map;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * Runs an {@link ApiTest} on the ClickHouse engine: the shared test cluster
 * ({@link ClickHouseCluster#shared()}) with a database of the test class's own. A subclass of a
 * reference test declares
 * <pre>
 * &#64;EnabledIf("io.sextant.support.OnClickHouse#available")
 * class XOnClickHouseTest extends XTest {
 *     &#64;DynamicPropertySource
 *     static void clickhouse(DynamicPropertyRegistry r) { OnClickHouse.properties(r, "x"); }
 * }
 * </pre>
 * so the same assertions run against both engines (Spring makes a context per configuration).
 */
public final class OnClickHouse {

    private OnClickHouse() {}

    /** Whether this build has the ClickHouse engine wired ({@code sextant.store=clickhouse}). */
    public static boolean available() {
        return StoreSelection.ENGINES.contains("clickhouse");
    }

    /** Points the service at the shared cluster, in a database named after {@code name} and this JVM. */
    public static void properties(DynamicPropertyRegistry registry, String name) {
        String database = name + "_" + ProcessHandle.current().pid();
        Map<String, String> env = ClickHouseCluster.shared().envWithDatabase(database);
        env.forEach((key, value) -> registry.add(key.toLowerCase(Locale.ROOT).replace('_', '.'), () -> value));
    }
}
