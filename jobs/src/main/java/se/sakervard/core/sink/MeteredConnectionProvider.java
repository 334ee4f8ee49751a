package se.sakervard.core.sink;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import org.apache.flink.connector.jdbc.JdbcConnectionOptions;
import org.apache.flink.connector.jdbc.datasource.connections.JdbcConnectionProvider;
import org.apache.flink.connector.jdbc.datasource.connections.SimpleJdbcConnectionProvider;
import se.sakervard.core.metrics.SinkMeters;

/**
 * The JDBC connector's connection provider, with every {@code executeBatch} timed: the connector
 * batches and retries internally, so the statement is the one place that sees each batch.
 *
 * <p>Its statements do no JDBC escape processing: the INSERTs have no escapes ({@code {fn ...}},
 * {@code {d ...}}), and the ClickHouse driver scans the whole batch's SQL text, values included,
 * for them (a fifth of a sink's time in the national benchmark), where text in a value that looked
 * like an escape would have been rewritten.
 */
final class MeteredConnectionProvider implements JdbcConnectionProvider {
  private final SimpleJdbcConnectionProvider delegate;
  private final String table;
  private transient Connection metered;

  MeteredConnectionProvider(JdbcConnectionOptions options, String table) {
    this.delegate = new SimpleJdbcConnectionProvider(options);
    this.table = table;
  }

  @Override
  public Connection getConnection() {
    Connection raw = delegate.getConnection();
    return raw == null ? null : meter(raw);
  }

  @Override
  public boolean isConnectionValid() throws SQLException {
    return delegate.isConnectionValid();
  }

  @Override
  public Connection getOrEstablishConnection() throws SQLException, ClassNotFoundException {
    return meter(delegate.getOrEstablishConnection());
  }

  @Override
  public void closeConnection() {
    metered = null;
    delegate.closeConnection();
  }

  @Override
  public Connection reestablishConnection() throws SQLException, ClassNotFoundException {
    metered = null;
    return meter(delegate.reestablishConnection());
  }

  private Connection meter(Connection raw) {
    if (metered == null) {
      metered =
          proxy(
              Connection.class,
              raw,
              (target, method, args) -> {
                Object result = invoke(method, target, args);
                if (!(result instanceof PreparedStatement statement)) {
                  return result;
                }
                statement.setEscapeProcessing(false);
                return proxy(PreparedStatement.class, statement, this::timeBatches);
              });
    }
    return metered;
  }

  private Object timeBatches(Object statement, java.lang.reflect.Method method, Object[] args)
      throws Throwable {
    if (!method.getName().equals("executeBatch")) {
      return invoke(method, statement, args);
    }
    long start = System.nanoTime();
    try {
      int[] counts = (int[]) invoke(method, statement, args);
      SinkMeters.batchWritten(table, counts.length, System.nanoTime() - start);
      return counts;
    } catch (Throwable e) {
      SinkMeters.batchFailed(table);
      throw e;
    }
  }

  private interface Handler {
    Object handle(Object target, java.lang.reflect.Method method, Object[] args) throws Throwable;
  }

  private static <T> T proxy(Class<T> type, Object target, Handler handler) {
    InvocationHandler h = (p, method, args) -> handler.handle(target, method, args);
    return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, h));
  }

  private static Object invoke(java.lang.reflect.Method method, Object target, Object[] args)
      throws Throwable {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }
}
