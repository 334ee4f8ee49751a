package se.sakervard.census;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;
import se.sakervard.core.config.PipelineSettings;
import se.sakervard.schemas.census.Admission;
import se.sakervard.schemas.census.AvailableBedsChanged;
import se.sakervard.schemas.census.CensusEvent;
import se.sakervard.schemas.census.Discharge;
import se.sakervard.schemas.codec.SingleObjectCodec;
import se.sakervard.schemas.common.Envelope;
import se.sakervard.testing.InMemoryTopic;
import se.sakervard.testing.UnitReferenceRecords;

/**
 * The census graph ({@link CensusJob#build}) on an in-memory source, without Kafka or ClickHouse:
 * the wiring from raw records to unit figures. Unit U1 of hospital H1 (UTC times):
 *
 * <pre>
 *   07:00 20 available beds; 08:00 S1 admitted; 10:00 S1 discharged; garbage bytes (left out);
 *   11:00 S2 admitted
 *   → hours 07-08: occupied 0.0 of 20; 08-09 and 09-10: 1.0 of 20; 10-11 not closed: it ends at
 *     11:00, and the watermark is 11:00 less the 5 minutes events may come out of order
 * </pre>
 *
 * The unit's hour 09-10 repeats 08-09: it is summed into the hospital's hour but not written as the
 * unit's (the views fill it in). The hospital writes all three.
 */
class CensusGraphTest {
  private static final SingleObjectCodec<CensusEvent> CODEC =
      SingleObjectCodec.of(CensusEvent.class);
  private static final Instant DAY = Instant.parse("2026-03-02T00:00:00Z");

  @Test
  void shouldTurnRawRecordsIntoTheHourlyFiguresOfAUnitAndItsHospital() throws Exception {
    InMemoryTopic census =
        InMemoryTopic.named("census-events")
            .add(encoded(event("e0", 7, new AvailableBedsChanged(20))))
            .add(encoded(event("e1", 8, new Admission("S1", "P1", "R1-H1-U1"))))
            .add(encoded(event("e2", 10, new Discharge("S1", "P1"))))
            .add(new byte[] {1, 2, 3})
            .add(encoded(event("e3", 11, new Admission("S2", "P2", "R1-H1-U1"))));
    InMemoryTopic units =
        InMemoryTopic.named("units")
            .addAll(List.of(UnitReferenceRecords.somatic("units", "R1", "R1-H1", "R1-H1-U1")));
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.setParallelism(1);

    CensusJob.CensusStreams streams =
        CensusJob.build(
            census.read(env),
            units.asReference(),
            CensusSettings.from(PipelineSettings.of(Map.of("kafka.bounded", "true"))));

    List<String> hours = new ArrayList<>();
    try (CloseableIterator<String> figures =
        streams
            .units()
            .union(streams.hospitals())
            .map(f -> "written " + hour(f))
            .union(streams.unchangedUnitHours().map(f -> "unchanged " + hour(f)))
            .executeAndCollect()) {
      figures.forEachRemaining(
          f -> {
            if (f.contains(" HOUR ")) {
              hours.add(f);
            }
          });
    }
    assertThat(hours)
        .containsExactlyInAnyOrder(
            "written UNIT HOUR 07:00 0.0/20.0",
            "written UNIT HOUR 08:00 1.0/20.0",
            "unchanged UNIT HOUR 09:00 1.0/20.0",
            "written HOSPITAL HOUR 07:00 0.0/20.0",
            "written HOSPITAL HOUR 08:00 1.0/20.0",
            "written HOSPITAL HOUR 09:00 1.0/20.0");
  }

  private static String hour(CensusFigures f) {
    return f.level()
        + " "
        + f.kind()
        + " "
        + Instant.ofEpochMilli(f.periodStart()).toString().substring(11, 16)
        + " "
        + f.occupied()
        + "/"
        + f.available();
  }

  private static CensusEvent event(String id, int hour, Object change) {
    return new CensusEvent(
        Envelope.newBuilder()
            .setEventId(id)
            .setEventTime(DAY.plusSeconds(hour * 3600L))
            .setSourceSystem("test")
            .setRegionCode("R1")
            .setHospitalCode("R1-H1")
            .setUnitCode("R1-H1-U1")
            .setSequence(null)
            .build(),
        change);
  }

  private static byte[] encoded(CensusEvent e) {
    return CODEC.encode(e);
  }
}
