package se.sakervard.core.ingest;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import se.sakervard.core.deadletter.DeadLetterRecord;
import se.sakervard.core.deadletter.DeadLetters;
import se.sakervard.core.source.SourceRecord;

/**
 * The ingest steps every job runs on its raw topic, in this order (docs/reliability.md):
 *
 * <ol>
 *   <li>decode and validate ({@link DecodeAndValidate}), in the subtask that read the record, so
 *       that event time follows each split's order; what is refused is a dead letter;
 *   <li>event time and its watermarks ({@link EventTimeWatermarks}), in the same subtask;
 *   <li>duplicates (by event id) and events later than the allowed lateness dropped ({@link
 *       AdmitEvents}), keyed by event id.
 * </ol>
 */
public final class Ingest {
  private Ingest() {}

  /** The decoded events and the admitted ones, each operator with its dead letters. */
  public record Admitted<T>(
      SingleOutputStreamOperator<T> decoded, SingleOutputStreamOperator<T> admitted) {
    /** The records refused on the way: undecodable, invalid, duplicate-free but too late. */
    public DataStream<DeadLetterRecord> deadLetters() {
      return decoded.getSideOutput(DeadLetters.TAG).union(admitted.getSideOutput(DeadLetters.TAG));
    }
  }

  /**
   * The ingest steps on {@code raw}.
   *
   * @param job the job's name, in dead letters and metrics
   * @param what the events, in the operators' names ("census events")
   * @param uidPrefix the operators' uids start with it ({@code census} gives {@code census-decode},
   *     {@code census-watermarks}, {@code census-admit}): keep it, or savepoints no longer match
   */
  public static <T extends InputEvent> Admitted<T> admit(
      DataStream<SourceRecord> raw,
      String job,
      String what,
      String uidPrefix,
      RecordDecoder<T> decoder,
      Class<T> type,
      IngestSettings settings) {
    TypeInformation<T> info = TypeInformation.of(type);
    SingleOutputStreamOperator<T> decoded =
        raw.process(new DecodeAndValidate<>(job, job, decoder), info)
            .name("Decode and validate " + what)
            .uid(uidPrefix + "-decode")
            .setParallelism(raw.getParallelism());
    SingleOutputStreamOperator<T> admitted =
        EventTimeWatermarks.assign(
                decoded,
                info,
                settings.maxOutOfOrderness(),
                settings.idleTimeout(),
                settings.endOfInput())
            .uid(uidPrefix + "-watermarks")
            .setParallelism(raw.getParallelism())
            .keyBy(InputEvent::eventId, Types.STRING)
            .process(new AdmitEvents<T>(job, job, settings.allowedLateness()), info)
            .name("Drop duplicate and too-late " + what)
            .uid(uidPrefix + "-admit");
    return new Admitted<>(decoded, admitted);
  }
}
