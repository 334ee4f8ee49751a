package se.sakervard.infections;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import se.sakervard.core.deadletter.DeadLetterRecord;
import se.sakervard.core.deadletter.DeadLetters;
import se.sakervard.schemas.pipeline.DeadLetterReason;

/**
 * Counts each surveyed patient once per point-prevalence survey. Keyed by survey and unit ({@link
 * #key}); a second record of a patient in the same survey (another event id) is dead-lettered
 * INVALID and the first stands.
 */
public final class SurveyPatients
    extends KeyedProcessFunction<String, InfectionInput, InfectionInput> {
  private final String job;
  private transient MapState<String, String> patients;

  public SurveyPatients(String job) {
    this.job = job;
  }

  public static String key(InfectionInput record) {
    return record.ref() + "|" + record.regionCode() + "|" + record.unitCode();
  }

  @Override
  public void open(OpenContext openContext) {
    patients =
        getRuntimeContext()
            .getMapState(new MapStateDescriptor<>("patients", Types.STRING, Types.STRING));
  }

  @Override
  public void processElement(InfectionInput record, Context ctx, Collector<InfectionInput> out)
      throws Exception {
    String first = patients.get(record.patientRef());
    if (first != null) {
      ctx.output(
          DeadLetters.TAG,
          new DeadLetterRecord(
              job,
              record.origin().topic(),
              record.origin().partition(),
              record.origin().offset(),
              DeadLetterReason.INVALID,
              "patient "
                  + record.patientRef()
                  + " is already in survey "
                  + record.ref()
                  + " (event "
                  + first
                  + "); a patient counts once per survey, the first record stands",
              record.eventId(),
              record.eventTime(),
              record.origin().value()));
      return;
    }
    patients.put(record.patientRef(), record.eventId());
    out.collect(record);
  }
}
