package se.sakervard.census;

import java.time.Duration;
import java.time.LocalDate;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.connector.jdbc.JdbcStatementBuilder;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import se.sakervard.core.config.PipelineSettings;
import se.sakervard.core.sink.ClickHouseSink;
import se.sakervard.schemas.pipeline.Level;

/**
 * Test only: the indicator a job upgrade adds in {@link SavepointResumeITCase}. Per unit and local
 * day, how many of its closed hours had overcrowding (a mean of more than zero overcrowded
 * patients), of how many closed hours were seen; written to {@code census_overcrowded_hours}
 * ({@code src/test/resources/savepoint-upgrade/}). The production job has no such indicator; this
 * one is small, stateful and hand-checkable, which is what the upgrade needs.
 *
 * <p>Keyed by unit and local day; event time. Keeps each hour's flag, so a late correction of an
 * hour (the unit re-emits it with a higher version) replaces it instead of counting it again.
 * Forgets the day once the watermark is past its end by the allowed lateness: no hour of it can be
 * corrected after that.
 */
final class OvercrowdedHours
    extends KeyedProcessFunction<String, CensusFigures, OvercrowdedHours.Day> {
  /** One unit's local day so far; {@code version} counts the hour rows folded in. */
  public record Day(
      String regionCode,
      String hospitalCode,
      String unitCode,
      long epochDay,
      int hours,
      int overcrowdedHours,
      long version) {}

  static final String INSERT =
      "INSERT INTO census_overcrowded_hours (region_code, hospital_code, unit_code, day, hours,"
          + " overcrowded_hours, version) VALUES (?, ?, ?, toDate(?), ?, ?, ?)";

  private final CensusCalendar calendar;
  private final long allowedLatenessMs;
  private transient MapState<Long, Boolean> overcrowdedByHour;
  private transient ValueState<Long> version;

  OvercrowdedHours(CensusCalendar calendar, Duration allowedLateness) {
    this.calendar = calendar;
    this.allowedLatenessMs = allowedLateness.toMillis();
  }

  /** Attaches the indicator to the census figures, with uids of its own, and its sink. */
  static void attach(
      DataStream<CensusFigures> figures, CensusSettings census, PipelineSettings settings) {
    CensusCalendar calendar = census.calendar();
    figures
        .filter(f -> f.level() == Level.UNIT && f.kind() == PeriodKind.HOUR)
        .name("Unit hours")
        .keyBy(f -> f.unitCode() + "|" + calendar.localDate(f.periodStart()))
        .process(
            new OvercrowdedHours(calendar, census.ingest().allowedLateness()),
            TypeInformation.of(Day.class))
        .name("Overcrowded hours per unit and day")
        .uid("census-overcrowded-hours")
        .sinkTo(ClickHouseSink.of(settings, INSERT, bind()))
        .name("ClickHouse census_overcrowded_hours")
        .uid("census-overcrowded-hours-sink");
  }

  @Override
  public void open(OpenContext openContext) {
    overcrowdedByHour =
        getRuntimeContext()
            .getMapState(
                new MapStateDescriptor<>("overcrowded-by-hour", Types.LONG, Types.BOOLEAN));
    version = getRuntimeContext().getState(new ValueStateDescriptor<>("version", Types.LONG));
  }

  @Override
  public void processElement(CensusFigures hour, Context ctx, Collector<Day> out) throws Exception {
    LocalDate day = calendar.localDate(hour.periodStart());
    if (version.value() == null) {
      long dayEnd = day.plusDays(1).atStartOfDay(calendar.zone()).toInstant().toEpochMilli();
      ctx.timerService().registerEventTimeTimer(dayEnd + allowedLatenessMs + 1);
    }
    overcrowdedByHour.put(hour.periodStart(), hour.overcrowded() != null && hour.overcrowded() > 0);
    long folded = version.value() == null ? 1 : version.value() + 1;
    version.update(folded);
    int hours = 0;
    int overcrowded = 0;
    for (boolean flag : overcrowdedByHour.values()) {
      hours++;
      overcrowded += flag ? 1 : 0;
    }
    out.collect(
        new Day(
            hour.regionCode(),
            hour.hospitalCode(),
            hour.unitCode(),
            day.toEpochDay(),
            hours,
            overcrowded,
            folded));
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<Day> out) {
    overcrowdedByHour.clear();
    version.clear();
  }

  static JdbcStatementBuilder<Day> bind() {
    return (ps, d) -> {
      ps.setString(1, d.regionCode());
      ps.setString(2, d.hospitalCode());
      ps.setString(3, d.unitCode());
      ps.setString(4, LocalDate.ofEpochDay(d.epochDay()).toString());
      ps.setInt(5, d.hours());
      ps.setInt(6, d.overcrowdedHours());
      ps.setLong(7, d.version());
    };
  }
}
