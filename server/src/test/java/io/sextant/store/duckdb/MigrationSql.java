package io.sextant.store.duckdb;

/**
 * The schema migrations' SQL, for the tests that build an older schema or compare what the writer
 * keeps with what a migration's backfill computes from the same events.
 */
final class MigrationSql {

    private MigrationSql() {
    }

    /** The whole script of migration {@code version}. */
    static String script(int version) {
        return Database.migrations().stream().filter(m -> m.version() == version).findFirst().orElseThrow().sql();
    }

    /** The statement of migration {@code version} that starts with {@code prefix}. */
    static String statement(int version, String prefix) {
        return Database.splitStatements(script(version)).stream().filter(s -> s.startsWith(prefix)).findFirst().orElseThrow();
    }

    /** The query of the migration's statement {@code INSERT INTO <table>}, what follows the target, in parentheses. */
    static String backfill(int version, String table) {
        String insert = "INSERT INTO " + table;
        return "(" + statement(version, insert).substring(insert.length()) + ")";
    }
}
