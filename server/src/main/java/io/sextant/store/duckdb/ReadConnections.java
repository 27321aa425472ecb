package io.sextant.store.duckdb;

import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.duckdb.DuckDBConnection;

/**
 * The connections of the read stores (reports, inbox, exports, live, paths): kept open between
 * requests, each with the statements it has prepared, so that a report asked again is not prepared
 * (parsed and bound) anew. For a report of many metrics that saves a good part of its fixed cost
 * (about 9 of 45 ms for the overview at scale 0.3, 6 of 24 ms for the hourly day;
 * docs/benchmark.md).
 *
 * <p>DuckDB still binds, plans and optimises a kept statement again at each execution with new
 * values: it keeps no plan of a statement whose table scans take bound values, so that the values
 * reach the scans' filters and skip row groups. That planning is measured in docs/benchmark.md
 * (2026-12-02, 14:15 UTC). A statement whose execution failed is closed by the driver and prepared
 * again at its next use.
 *
 * <p>Idle connections are reused last in, first out (the warmest caches first); at most
 * {@code maxIdle} are kept and the rest closed when given back. A connection is given back outside
 * any transaction: one left open is rolled back, so the next borrower reads a fresh snapshot.
 * Nothing else of a connection's state is reset, so these connections are for reads only.
 */
final class ReadConnections implements ConnectionSource {

    /** Opens a connection of the database; the releaser closes and forgets it. */
    interface Opener {
        DuckDBConnection open() throws SQLException;
    }

    private final Opener opener;
    private final Consumer<Connection> releaser;
    private final int maxIdle;
    private final int maxStatements;
    private final Deque<Pooled> idle = new ArrayDeque<>(); // guarded by this

    ReadConnections(Opener opener, Consumer<Connection> releaser, int maxIdle, int maxStatements) {
        this.opener = opener;
        this.releaser = releaser;
        this.maxIdle = maxIdle;
        this.maxStatements = maxStatements;
    }

    /** An idle connection, or a new one when none is; closing it gives it back. */
    @Override
    public Connection getConnection() throws SQLException {
        while (true) {
            Pooled p;
            synchronized (this) {
                p = idle.pollFirst();
            }
            if (p == null) {
                p = new Pooled(opener.open());
                p.out = true;
                return p.proxy;
            }
            if (!p.connection.isClosed()) { // closed by Database.reopen meanwhile
                p.out = true;
                return p.proxy;
            }
            p.discard();
        }
    }

    /** How many connections wait to be reused. */
    synchronized int idle() {
        return idle.size();
    }

    /** Closes the idle connections (those handed out close when given back): the database closes. */
    void clear() {
        Pooled[] all;
        synchronized (this) {
            all = idle.toArray(Pooled[]::new);
            idle.clear();
        }
        for (Pooled p : all) {
            p.discard();
        }
    }

    private void giveBack(Pooled p) {
        if (!p.out) { // closed twice
            return;
        }
        p.out = false;
        try {
            if (p.connection.isClosed()) { // by Database.reopen while it was out
                p.discard();
                return;
            }
            if (!p.connection.getAutoCommit()) {
                p.connection.rollback();
                p.connection.setAutoCommit(true);
            }
        } catch (SQLException | RuntimeException e) {
            p.discard();
            return;
        }
        boolean kept = false;
        synchronized (this) {
            if (idle.size() < maxIdle) {
                idle.addFirst(p);
                kept = true;
            }
        }
        if (!kept) {
            p.discard();
        }
    }

    /** One connection and its prepared statements, by SQL text, least recently used first. */
    private final class Pooled {
        final DuckDBConnection connection;
        final Connection proxy;
        /** Borrowed: between {@link #getConnection} and its close, which gives it back once. */
        volatile boolean out;
        private final LinkedHashMap<String, PreparedStatement> statements = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, PreparedStatement> eldest) {
                if (size() <= maxStatements) {
                    return false;
                }
                closeQuietly(eldest.getValue());
                return true;
            }
        };

        Pooled(DuckDBConnection connection) {
            this.connection = connection;
            this.proxy = ConnectionSource.wrap(connection, () -> giveBack(this), this::prepared);
        }

        /** The statement prepared for {@code sql} on this connection; closing it keeps it for the next use. */
        private PreparedStatement prepared(String sql) throws SQLException {
            PreparedStatement ps = statements.get(sql);
            if (ps == null || ps.isClosed()) { // the driver closes a statement whose execution failed
                ps = connection.prepareStatement(sql);
                statements.put(sql, ps);
            }
            PreparedStatement target = ps;
            boolean[] closed = {false}; // this use of it
            return (PreparedStatement) Proxy.newProxyInstance(PreparedStatement.class.getClassLoader(), new Class<?>[] {PreparedStatement.class},
                    (self, method, args) -> switch (method.getName()) {
                        case "close" -> {
                            if (!closed[0] && !target.isClosed()) {
                                target.clearParameters();
                            }
                            closed[0] = true;
                            yield null;
                        }
                        case "isClosed" -> closed[0] || target.isClosed();
                        case "getConnection" -> proxy;
                        case "equals" -> self == args[0];
                        case "hashCode" -> System.identityHashCode(self);
                        case "unwrap" -> ((Class<?>) args[0]).isInstance(target) ? target : ConnectionSource.forward(target, method, args);
                        default -> ConnectionSource.forward(target, method, args);
                    });
        }

        void discard() {
            statements.values().forEach(ReadConnections::closeQuietly);
            statements.clear();
            releaser.accept(connection);
        }
    }

    private static void closeQuietly(PreparedStatement ps) {
        try {
            ps.close();
        } catch (SQLException | RuntimeException ignored) {
            // the connection goes with it
        }
    }
}
