package se.sakervard.infections;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.Collector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import se.sakervard.core.time.LocalCalendar;
import se.sakervard.testing.MiniClusters;

/**
 * The census input of the join, read from one partition by a job at parallelism 2: the join's event
 * time is the census's, and every unit day reaches the join once.
 */
class CensusTimeITCase {
  @RegisterExtension static final MiniClusterExtension FLINK = MiniClusters.twoSlots();

  private static final LocalCalendar CALENDAR = new LocalCalendar(ZoneId.of("Europe/Stockholm"));

  @Test
  void shouldEndEveryDayTheCensusHasEndedBeforeTheInputEnds() throws Exception {
    // One unit's patient days over four days, as one partition. Day 3's record takes the census's
    // event time to 5 minutes and 1 ms before the end of day 3, past the end of day 2, so the join
    // must end day 2 before the input ends. Spread round-robin over two subtasks before its event
    // time was worked out, only one of them saw day 3; unless that one happened to finish last, the
    // join's event time (the least of its inputs') stayed in day 2 until the end of the input, and
    // no day ends then.
    int first = CensusTimeTest.FIRST_DAY;
    List<PatientDays> days = new ArrayList<>();
    for (int day = first; day < first + 4; day++) {
      days.add(CensusTimeTest.unitDay("R01-H01-U01", day, 20));
    }
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.setParallelism(2);

    List<String> seen =
        InfectionJob.censusInput(env.fromData(days), CensusTimeTest.settings("10 s"))
            .keyBy(UnitInput::unitKey)
            .process(new EndOfDay(CALENDAR.dayEnd(first + 2)))
            .executeAndCollect(10);

    assertThat(seen)
        .containsExactlyInAnyOrder(
            "day " + first,
            "day " + (first + 1),
            "day " + (first + 2),
            "day " + (first + 3),
            "day " + (first + 2) + " ended before the end of the input");
  }

  /** Says which unit days arrive, and whether event time passed {@code dayEnd} before the end. */
  private static final class EndOfDay extends KeyedProcessFunction<String, UnitInput, String> {
    private final long dayEnd;

    EndOfDay(long dayEnd) {
      this.dayEnd = dayEnd;
    }

    @Override
    public void processElement(UnitInput u, Context ctx, Collector<String> out) {
      out.collect("day " + u.patientDays().day());
      ctx.timerService().registerEventTimeTimer(dayEnd);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<String> out) {
      if (ctx.timerService().currentWatermark() != Long.MAX_VALUE) {
        out.collect("day " + CALENDAR.day(timestamp - 1) + " ended before the end of the input");
      }
    }
  }
}
