// Where DuckDB leaves the rows an UPDATE changes: the rowids of a ten-row table after updating two
// of its rows from a joined table, with and without RETURNING, with and without a LIST column.
// A row whose rowid changed was deleted and inserted at the end of the table. Run with:
//   java --enable-native-access=ALL-UNNAMED -cp ~/.m2/repository/org/duckdb/duckdb_jdbc/2.0.0.1/duckdb_jdbc-2.0.0.1.jar \
//     docs/experiments/UpdateMoves.java
import java.sql.*;
public class UpdateMoves {
  static void run(Statement st, String table, String sql) throws Exception {
    st.execute("DROP TABLE IF EXISTS t");
    st.execute(table);
    st.execute("INSERT INTO t (id, n, lang) SELECT i, 0, 'xx' FROM range(10) r(i)");
    st.execute(sql);
    StringBuilder sb = new StringBuilder();
    try (ResultSet rs = st.executeQuery("SELECT rowid, id FROM t ORDER BY rowid")) { while (rs.next()) sb.append(rs.getLong(1)).append(':').append(rs.getInt(2)).append(' '); }
    System.out.println(table.substring(0, Math.min(60, table.length())) + " | " + sql + "\n   -> " + sb);
  }
  public static void main(String[] a) throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement()) {
      st.execute("CREATE TABLE s (id INT, n INT)");
      st.execute("INSERT INTO s VALUES (2, 5), (5, 7)");
      String withList = "CREATE TABLE t (id INT, n INT, lang VARCHAR, goals VARCHAR[] DEFAULT [])";
      String noList = "CREATE TABLE t (id INT, n INT, lang VARCHAR)";
      for (String table : new String[]{withList, noList}) {
        run(st, table, "UPDATE t SET n = t.n + s.n FROM s WHERE t.id = s.id");
        run(st, table, "UPDATE t SET n = t.n + s.n FROM s WHERE t.id = s.id RETURNING t.id");
        run(st, table, "UPDATE t SET lang = 'yy' FROM s WHERE t.id = s.id");
        run(st, table, "UPDATE t SET lang = 'yy' FROM s WHERE t.id = s.id RETURNING t.id");
      }
    }
  }
}
