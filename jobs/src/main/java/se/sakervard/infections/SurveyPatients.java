package se.sakervard.infections;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import se.sakervard.core.deadletter.DeadLetters;

/**
 * Counts each surveyed patient once per point-prevalence survey. Keyed by survey and unit ({@link
 * #key}); a second record of a patient in the same survey (another event id) is dead-lettered
 * INVALID and the first stands.
 */
public final class SurveyPatients
    extends KeyedProcessFunction<String, InfectionInput, SurveyPatients.SurveyCount> {
  private final String job;
  private transient MapState<String, InfectionInput> patients;

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
            .getMapState(
                new MapStateDescriptor<>(
                    "patients", Types.STRING, TypeInformation.of(InfectionInput.class)));
  }

  @Override
  public void processElement(InfectionInput record, Context ctx, Collector<SurveyCount> out)
      throws Exception {
    InfectionInput kept = patients.get(record.patientRef());
    if (kept == null) {
      patients.put(record.patientRef(), record);
      out.collect(new SurveyCount(record, 1));
      return;
    }
    // The earliest record (event time, then event id) stands, whatever order they arrived in.
    if (record.standsBefore(kept)) {
      patients.put(record.patientRef(), record);
      out.collect(new SurveyCount(kept, -1));
      out.collect(new SurveyCount(record, 1));
      deadLetter(kept, record, ctx);
    } else {
      deadLetter(record, kept, ctx);
    }
  }

  private void deadLetter(InfectionInput repeat, InfectionInput stands, Context ctx) {
    ctx.output(
        DeadLetters.TAG,
        repeat.invalid(
            job,
            "patient "
                + repeat.patientRef()
                + " is already in survey "
                + repeat.ref()
                + " (event "
                + stands.eventId()
                + "); a patient counts once per survey, the earliest record stands"));
  }

  /** A surveyed patient counted in (+1) or, when an earlier record of them turns up, out (-1). */
  public record SurveyCount(InfectionInput record, int sign) {}
}
