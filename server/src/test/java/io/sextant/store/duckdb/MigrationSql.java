package io.sextant.store.duckdb;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The schema migrations' SQL, for the tests that build an older schema or compare what the writer
 * keeps with what a migration's backfill computes from the same events.
 *
 * <p>The migrations before V18 read the event tables as they were then, with the chatbot's id in
 * every row; since V18 those rows carry its number ({@link ChatbotNumbers}). So their statements
 * that read the event tables ({@link #statement}, {@link #backfill}) come with the event tables as
 * they were, as CTEs of the same names over the tables and {@code chatbots} ({@link #EVENT_TABLES}).
 */
final class MigrationSql {

    /** The tables whose rows name their chatbot by its number since V18. */
    static final List<String> EVENT_TABLES = Stream.concat(Stream.of("event_ids"),
            Stream.concat(Erasure.EVENT_TABLES.stream(), Erasure.PART_TABLES.stream())).toList();

    /** The first migration whose event tables carry the chatbot's number. */
    private static final int NUMBERED = 18;

    private MigrationSql() {
    }

    /** The CTEs that give each event table its rows as before V18, the chatbot's id first. */
    static String eventTablesWithIds() {
        return "WITH " + EVENT_TABLES.stream()
                .map(t -> t + " AS (SELECT c.chatbot_id, e.* EXCLUDE (chatbot_no) FROM main." + t
                        + " e JOIN main.chatbots c ON c.chatbot_no = e.chatbot_no)")
                .collect(Collectors.joining(",\n")) + "\n";
    }

    /** A query of a migration before V18, reading the event tables as they were then. */
    private static String beforeNumbers(String query) {
        return eventTablesWithIds() + "SELECT * FROM (" + query + ")";
    }

    /**
     * Puts the event tables back as they were before V18 (and drops {@code chatbots}), for a test
     * that runs the migrations from an earlier version again; {@code dropped}: tables it dropped.
     */
    static void undoNumbers(org.springframework.jdbc.core.simple.JdbcClient jdbc, java.util.Set<String> dropped) {
        for (String t : EVENT_TABLES) {
            if (dropped.contains(t)) {
                continue;
            }
            jdbc.sql("CREATE TABLE " + t + "_ids AS SELECT c.chatbot_id, e.* EXCLUDE (chatbot_no) FROM " + t
                    + " e JOIN chatbots c ON c.chatbot_no = e.chatbot_no ORDER BY e.rowid").update();
            jdbc.sql("DROP TABLE " + t).update();
            jdbc.sql("ALTER TABLE " + t + "_ids RENAME TO " + t).update();
        }
        jdbc.sql("DROP TABLE chatbots").update();
    }

    /** The whole script of migration {@code version}. */
    static String script(int version) {
        return Database.migrations().stream().filter(m -> m.version() == version).findFirst().orElseThrow().sql();
    }

    /**
     * The statement of migration {@code version} that starts with {@code prefix}; before V18, a
     * {@code CREATE TEMP TABLE … AS} reads the event tables as they were then.
     */
    static String statement(int version, String prefix) {
        String statement = Database.splitStatements(script(version)).stream().filter(s -> s.startsWith(prefix)).findFirst().orElseThrow();
        Matcher m = Pattern.compile("(?s)(CREATE TEMP TABLE \\w+ AS\\s)(.*)").matcher(statement);
        return version < NUMBERED && m.matches() ? m.group(1) + beforeNumbers(m.group(2)) : statement;
    }

    /**
     * The query of the migration's statement {@code INSERT INTO <table>}, what follows the target, in
     * parentheses; before V18, reading the event tables as they were then.
     */
    static String backfill(int version, String table) {
        String insert = "INSERT INTO " + table;
        String query = Database.splitStatements(script(version)).stream().filter(s -> s.startsWith(insert)).findFirst().orElseThrow()
                .substring(insert.length());
        return "(" + (version < NUMBERED ? beforeNumbers(query) : query) + ")";
    }
}
