package io.sextant.store.duckdb;

import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.duckdb.DuckDBConnection;

/**
 * A {@link DataSource} that only hands out connections of the open database (no credentials, no
 * log writer, no login timeout), and the proxy its connections are handed out as.
 */
interface ConnectionSource extends DataSource {

    /** What a proxy does instead of the connection's {@code close()}. */
    interface OnClose {
        void close() throws SQLException;
    }

    /** What a proxy answers {@code prepareStatement(sql)} with. */
    interface Preparer {
        PreparedStatement prepare(String sql) throws SQLException;
    }

    /**
     * A proxy of {@code c}: {@code close()} runs {@code onClose}, {@code prepareStatement(sql)} goes
     * to {@code preparer} (to {@code c} when null), it unwraps to {@code c}, equals only itself, and
     * every other call goes to {@code c}.
     */
    static Connection wrap(DuckDBConnection c, OnClose onClose, Preparer preparer) {
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "close" -> {
                        onClose.close();
                        yield null;
                    }
                    case "prepareStatement" -> preparer != null && args.length == 1 ? preparer.prepare((String) args[0]) : forward(c, method, args);
                    case "equals" -> proxy == args[0];
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "unwrap" -> ((Class<?>) args[0]).isInstance(c) ? c : forward(c, method, args);
                    case "isWrapperFor" -> ((Class<?>) args[0]).isInstance(c) || (boolean) forward(c, method, args);
                    default -> forward(c, method, args);
                });
    }

    @Override
    default Connection getConnection(String username, String password) throws SQLException {
        return getConnection();
    }

    @Override
    default PrintWriter getLogWriter() {
        return null;
    }

    @Override
    default void setLogWriter(PrintWriter out) {}

    @Override
    default void setLoginTimeout(int seconds) {}

    @Override
    default int getLoginTimeout() {
        return 0;
    }

    @Override
    default Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException();
    }

    @Override
    default <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface.isInstance(this)) {
            return iface.cast(this);
        }
        throw new SQLException("not a wrapper for " + iface);
    }

    @Override
    default boolean isWrapperFor(Class<?> iface) {
        return iface.isInstance(this);
    }

    /** Calls {@code method} on {@code target} for a proxy, throwing what it throws. */
    static Object forward(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
