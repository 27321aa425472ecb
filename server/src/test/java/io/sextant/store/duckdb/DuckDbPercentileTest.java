package io.sextant.store.duckdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.sextant.stats.Percentile;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * Both SQL forms of the contract's percentile give the value of the Java reference: the form over
 * running counts exactly; {@code quantile_cont} to the last bits (see {@link DuckDbPercentile}), and
 * exactly for whole numbers that lie within 2^53.
 */
class DuckDbPercentileTest {

    private static final double[] PS = {0.0, 0.1, 0.25, Percentile.MEDIAN, 0.9, 0.99, 1.0};

    private static Connection connection;
    private static JdbcClient jdbc;

    @BeforeAll
    static void open() throws SQLException {
        connection = DriverManager.getConnection("jdbc:duckdb:");
        jdbc = JdbcClient.create(new SingleConnectionDataSource(connection, true));
        jdbc.sql("CREATE TABLE ints (v BIGINT)").update();
        jdbc.sql("CREATE TABLE doubles (v DOUBLE)").update();
    }

    @AfterAll
    static void close() throws SQLException {
        connection.close();
    }

    @Test
    void integersAndDoublesOfEveryCountFromNoneToSome() {
        Random random = new Random(15);
        for (int n = 0; n <= 40; n++) {
            List<Long> ints = new ArrayList<>();
            List<Double> doubles = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                ints.add((long) random.nextInt(n / 2 + 1)); // few distinct values, many ties
                doubles.add(random.nextDouble() * 1000);
            }
            check("ints", ints);
            check("doubles", doubles);
        }
    }

    @Test
    void largeMillisecondValues() {
        check("ints", List.of(1_709_251_200_123L, 1_709_251_200_456L, 3L, 1_000_000_000_001L));
    }

    private static void check(String table, List<? extends Number> samples) {
        jdbc.sql("DELETE FROM " + table).update();
        for (Number v : samples) {
            jdbc.sql("INSERT INTO " + table + " VALUES (?)").param(v).update();
        }
        for (double p : PS) {
            Double expected = Percentile.of(samples, p);
            Double aggregate = jdbc.sql("SELECT " + DuckDbPercentile.aggregate("v", p) + " FROM " + table)
                    .query((rs, i) -> rs.getObject(1, Double.class)).list().getFirst();
            record Row(long n, Double x) {}
            Row counted = jdbc.sql(DuckDbPercentile.overCounts("v", table, p))
                    .query((rs, i) -> new Row(rs.getLong("n"), rs.getObject("x", Double.class))).list().getFirst();
            String where = table + " " + samples + " p=" + p;
            if (expected == null || (table.equals("ints") && expected * 2 == Math.rint(expected * 2))) {
                assertThat(aggregate).as(where).isEqualTo(expected);
            } else {
                assertThat(aggregate).as(where).isCloseTo(expected, within(4 * Math.ulp(expected)));
            }
            assertThat(counted.x()).as(where).isEqualTo(expected);
            assertThat(counted.n()).as(where).isEqualTo(samples.size());
        }
    }
}
