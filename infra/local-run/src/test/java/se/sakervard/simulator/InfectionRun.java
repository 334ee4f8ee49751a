package se.sakervard.simulator;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import se.sakervard.schemas.codec.SingleObjectCodec;
import se.sakervard.schemas.common.Envelope;
import se.sakervard.schemas.infections.InfectionCase;
import se.sakervard.schemas.infections.InfectionObservation;

/**
 * A finished infection simulation run, its records, decoded observations and seeded outbreaks, for
 * the tests.
 */
record InfectionRun(
    InfectionSimulationConfig config,
    SimulatedRegion region,
    List<SimulatedRecord> records,
    List<SeededOutbreak> outbreaks) {

  /** A record that is neither malformed nor a duplicate, with its observation. */
  record Sent(SimulatedRecord record, InfectionObservation event) {
    RecordKind kind() {
      return record.kind();
    }

    Envelope envelope() {
      return event.getEnvelope();
    }

    Object observation() {
      return event.getObservation();
    }

    Instant eventTime() {
      return event.getEnvelope().getEventTime();
    }

    /** The case, for a record of a case of any kind. */
    InfectionCase infectionCase() {
      return (InfectionCase) event.getObservation();
    }
  }

  static InfectionRun of(
      int hospitals,
      long seed,
      String start,
      Duration duration,
      FaultRates faults,
      InfectionFaultRates infectionFaults) {
    return of(
        new InfectionSimulationConfig(
            hospitals, seed, Instant.parse(start), duration, faults, infectionFaults));
  }

  static InfectionRun of(InfectionSimulationConfig config) {
    InfectionSimulator simulator = new InfectionSimulator(config);
    List<SimulatedRecord> records = new ArrayList<>();
    simulator.forEachRemaining(records::add);
    return new InfectionRun(config, simulator.region(), records, simulator.outbreaks());
  }

  /** The records that are neither malformed nor duplicates, decoded, in send order. */
  List<Sent> sent() {
    SingleObjectCodec<InfectionObservation> codec =
        SingleObjectCodec.of(InfectionObservation.class);
    return records.stream()
        .filter(SimulatedRun::isValid)
        .map(r -> new Sent(r, SimulatedRun.decode(codec, r)))
        .toList();
  }

  /** The sent records of these kinds. */
  static List<Sent> ofKind(List<Sent> sent, RecordKind... kinds) {
    List<RecordKind> wanted = List.of(kinds);
    return sent.stream().filter(s -> wanted.contains(s.kind())).toList();
  }

  long count(RecordKind kind) {
    return SimulatedRun.count(records, kind);
  }

  /**
   * The patient days of the period, computed apart from the simulator from what the census
   * simulator runs at: 86% of each unit's available beds taken, 75% in intensive care, hour by hour
   * with the summer and weekend closures.
   */
  double patientDays() {
    double patientDays = 0;
    long end = config.end().toEpochMilli();
    for (long hour = config.start().toEpochMilli(); hour < end; hour += CareCalendar.HOUR) {
      LocalDateTime local = CareCalendar.local(hour);
      boolean summer = CareCalendar.summer(local.toLocalDate());
      boolean closure = CareCalendar.weekendClosure(local);
      for (SimulatedUnit unit : region.units()) {
        patientDays += unit.availableBeds(summer, closure) * (unit.technical() ? 0.75 : 0.86) / 24;
      }
    }
    return patientDays;
  }
}
