package se.sakervard.core.sink;

import java.io.IOException;
import java.util.Collection;
import java.util.List;
import org.apache.flink.api.common.eventtime.Watermark;
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

  FailoverSafeJdbcSink(JdbcSink<T> sink, String table) {
    this.sink = sink;
    this.table = table;
  }

  @Override
  public SinkWriter<T> createWriter(WriterInitContext context) throws IOException {
    return new Writer<>(sink.createWriter(context), table);
  }

  @Override
  public StatefulSinkWriter<T, JdbcWriterState> restoreWriter(
      WriterInitContext context, Collection<JdbcWriterState> state) throws IOException {
    return new Writer<>(sink.restoreWriter(context, state), table);
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

  private static final class Writer<T>
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
