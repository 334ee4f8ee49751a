package se.sakervard.core.sink;

import java.io.IOException;
import java.io.Serializable;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.operators.ProcessingTimeService;
import org.apache.flink.api.connector.sink2.Committer;
import org.apache.flink.api.connector.sink2.CommitterInitContext;
import org.apache.flink.api.connector.sink2.CommittingSinkWriter;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.StatefulSinkWriter;
import org.apache.flink.api.connector.sink2.SupportsCommitter;
import org.apache.flink.api.connector.sink2.SupportsWriterState;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.connector.jdbc.core.datastream.sink.JdbcSink;
import org.apache.flink.connector.jdbc.core.datastream.sink.committer.JdbcCommitable;
import org.apache.flink.connector.jdbc.core.datastream.sink.writer.JdbcWriter;
import org.apache.flink.connector.jdbc.core.datastream.sink.writer.JdbcWriterState;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.util.function.SerializableFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JDBC connector's sink, except that closing a writer whose batch could not be written does not
 * throw. The connector's close flushes what is pending and rethrows the flush failure; when the
 * task is already failing (ClickHouse unreachable), Flink counts an exception from that cleanup as
 * fatal and shuts the whole TaskManager down, so the job can never recover (found with a one-minute
 * ClickHouse outage: ClickHouseOutageITCase). Nothing is lost by not throwing: the rows of a batch
 * that failed belong to a checkpoint that did not complete, and the restart replays them; a flush
 * at the end of the input is not a close and still fails the job.
 */
final class FailoverSafeJdbcSink<T>
    implements Sink<T>, SupportsWriterState<T, JdbcWriterState>, SupportsCommitter<JdbcCommitable> {
  private static final Logger LOG = LoggerFactory.getLogger(FailoverSafeJdbcSink.class);

  private final JdbcSink<T> sink;
  private final String table;
  private final NewestPerKey<T> newestPerKey;

  /**
   * @param newestPerKey null to write every row; else only the newest row per key of what arrives
   *     within a batch interval (see {@link NewestPerKey})
   */
  FailoverSafeJdbcSink(JdbcSink<T> sink, String table, NewestPerKey<T> newestPerKey) {
    this.sink = sink;
    this.table = table;
    this.newestPerKey = newestPerKey;
  }

  @Override
  public SinkWriter<T> createWriter(WriterInitContext context) throws IOException {
    return writer(sink.createWriter(context), context);
  }

  @Override
  public StatefulSinkWriter<T, JdbcWriterState> restoreWriter(
      WriterInitContext context, Collection<JdbcWriterState> state) throws IOException {
    return writer(sink.restoreWriter(context, state), context);
  }

  private Writer<T> writer(JdbcWriter<T> jdbc, WriterInitContext context) {
    return newestPerKey == null
        ? new Writer<>(jdbc, table)
        : new CoalescingWriter<>(jdbc, table, newestPerKey, context.getProcessingTimeService());
  }

  @Override
  public SimpleVersionedSerializer<JdbcWriterState> getWriterStateSerializer() {
    return sink.getWriterStateSerializer();
  }

  @Override
  public Committer<JdbcCommitable> createCommitter(CommitterInitContext context)
      throws IOException {
    return sink.createCommitter(context);
  }

  @Override
  public SimpleVersionedSerializer<JdbcCommitable> getCommittableSerializer() {
    return sink.getCommittableSerializer();
  }

  /**
   * For a table where a row replaces the rows of its key with a lower version (ReplacingMergeTree
   * ordered by that key): of the rows that arrive within {@code intervalMs}, or before a
   * checkpoint, only the newest per key is written; the rows in between would never be read. A
   * replay of a region's census writes a place's current row many times a second.
   */
  record NewestPerKey<T>(
      SerializableFunction<T, String> key,
      SerializableFunction<T, Long> version,
      int maxKeys,
      long intervalMs)
      implements Serializable {}

  private static final class CoalescingWriter<T> extends Writer<T> {
    private final NewestPerKey<T> newest;
    private final ProcessingTimeService time;
    private final Map<String, T> pending = new LinkedHashMap<>();

    CoalescingWriter(
        JdbcWriter<T> writer, String table, NewestPerKey<T> newest, ProcessingTimeService time) {
      super(writer, table);
      this.newest = newest;
      this.time = time;
    }

    @Override
    public void write(T element, Context context) throws IOException, InterruptedException {
      if (pending.isEmpty()) {
        time.registerTimer(time.getCurrentProcessingTime() + newest.intervalMs(), t -> drain());
      }
      pending.merge(
          newest.key().apply(element),
          element,
          (old, now) -> newest.version().apply(now) >= newest.version().apply(old) ? now : old);
      if (pending.size() >= newest.maxKeys()) {
        drain();
      }
    }

    @Override
    public void flush(boolean endOfInput) throws IOException, InterruptedException {
      passOn();
      super.flush(endOfInput);
    }

    private void drain() throws IOException, InterruptedException {
      if (!pending.isEmpty()) {
        passOn();
        super.flush(false);
      }
    }

    private void passOn() throws IOException, InterruptedException {
      for (T row : pending.values()) {
        super.write(row, null);
      }
      pending.clear();
    }
  }

  private static class Writer<T>
      implements StatefulSinkWriter<T, JdbcWriterState>, CommittingSinkWriter<T, JdbcCommitable> {
    private final JdbcWriter<T> writer;
    private final String table;

    Writer(JdbcWriter<T> writer, String table) {
      this.writer = writer;
      this.table = table;
    }

    @Override
    public void write(T element, Context context) throws IOException, InterruptedException {
      writer.write(element, context);
    }

    @Override
    public void writeWatermark(Watermark watermark) throws IOException, InterruptedException {
      writer.writeWatermark(watermark);
    }

    @Override
    public void flush(boolean endOfInput) throws IOException, InterruptedException {
      writer.flush(endOfInput);
    }

    @Override
    public List<JdbcWriterState> snapshotState(long checkpointId) throws IOException {
      return writer.snapshotState(checkpointId);
    }

    @Override
    public Collection<JdbcCommitable> prepareCommit() throws IOException, InterruptedException {
      return writer.prepareCommit();
    }

    @Override
    public void close() {
      try {
        writer.close();
      } catch (Exception e) {
        LOG.warn(
            "Closing the {} sink dropped an unwritten batch; the restart from the last checkpoint"
                + " writes it again: {}",
            table,
            e.toString());
      }
    }
  }
}
