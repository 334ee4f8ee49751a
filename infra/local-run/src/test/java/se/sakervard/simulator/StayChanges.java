package se.sakervard.simulator;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import se.sakervard.census.CensusDecoder;
import se.sakervard.census.CensusInput;
import se.sakervard.census.StayTimeline;
import se.sakervard.census.UnitChange;
import se.sakervard.core.ingest.RejectedRecordException;
import se.sakervard.core.source.SourceRecord;

/**
 * Census stay events as the job decodes them and places them on their stays' timelines: the net
 * occupancy changes per unit and instant, which every census figure is computed from.
 */
final class StayChanges {
  private static final Clock FAR_FUTURE =
      Clock.fixed(Instant.parse("2100-01-01T00:00:00Z"), ZoneOffset.UTC);

  private StayChanges() {}

  static CensusInput decode(byte[] value) throws RejectedRecordException {
    return new CensusDecoder(Duration.ofHours(1), FAR_FUTURE)
        .decode(new SourceRecord("census", 0, 0, value));
  }

  /** Net occupied and outlying changes per unit and instant ("unit@time" → "occupied/outlying"). */
  static Map<String, String> net(List<CensusInput> arrivals) {
    Map<String, StayTimeline> stays = new HashMap<>();
    Map<String, int[]> net = new TreeMap<>();
    for (CensusInput e : arrivals) {
      if (e.kind() == CensusInput.Kind.AVAILABLE_BEDS) {
        continue;
      }
      StayTimeline stay = stays.computeIfAbsent(e.stayRef(), k -> new StayTimeline());
      List<UnitChange> changes =
          e.kind() == CensusInput.Kind.RETRACTION
              ? stay.retract(e.retractedEventId())
              : stay.place(e.stayKey(), e.placementAfter());
      for (UnitChange c : changes) {
        int[] sums = net.computeIfAbsent(c.unitCode() + "@" + c.time(), k -> new int[2]);
        sums[0] += c.occupiedDelta();
        sums[1] += c.outlyingDelta();
      }
    }
    Map<String, String> result = new TreeMap<>();
    net.forEach(
        (k, v) -> {
          if (v[0] != 0 || v[1] != 0) {
            result.put(k, v[0] + "/" + v[1]);
          }
        });
    return result;
  }
}
