package se.sakervard.infections;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;
import se.sakervard.core.indicator.IndicatorRecord;
import se.sakervard.schemas.codec.SingleObjectCodec;
import se.sakervard.schemas.codec.UndecodableRecordException;
import se.sakervard.schemas.common.CareType;
import se.sakervard.schemas.common.Envelope;
import se.sakervard.schemas.infections.CaseRetraction;
import se.sakervard.schemas.infections.HygieneObservation;
import se.sakervard.schemas.infections.HygieneStep;
import se.sakervard.schemas.infections.HygieneStepResult;
import se.sakervard.schemas.infections.InfectionCase;
import se.sakervard.schemas.infections.InfectionObservation;
import se.sakervard.schemas.infections.InfectionType;
import se.sakervard.schemas.infections.MultiResistantFinding;
import se.sakervard.schemas.infections.MultiResistantOrganism;
import se.sakervard.schemas.infections.PrevalenceSurveyRecord;
import se.sakervard.schemas.pipeline.Level;
import se.sakervard.testing.UnitReferenceRecords;

/**
 * A small hand-worked scenario for the infection job: two units of one hospital over four local
 * days from Monday 2 March 2026 (Europe/Stockholm), with their patient days as the census job
 * publishes them.
 *
 * <pre>
 * patient days  U1: 20, 20 (first sent as 18, then corrected), 10, 10   U2: 15 a day
 * cases         C1 U1 Klebsiella pneumoniae, onset day 0 10:00, confirmed day 1 09:00
 *               C2 U1 Klebsiella pneumoniae, onset day 2 08:00, confirmed day 2 15:00 (a cluster)
 *               C3 U2 Escherichia coli (urinary tract), onset day 1 06:00, confirmed day 1 20:00
 *               C3 again (another event id), confirmed day 1 19:00: the earlier record stands,
 *               so C3's own record is dead-lettered whichever arrives first; C3 counts once
 *               C9 U9, a unit not in the reference data, day 0 12:00
 * hygiene       U1 day 1: all correct; gloves missed. Day 2: jewellery worn.
 *               U1 day 1: an observation with the apron step missing (invalid).
 *               U2 day 4 00:00: all correct (event time reaches the end of day 3).
 * survey S1     day 2, U1: P1 infected, P2, P3, P1 again (another event id); U2: P4 infected, P5
 * finding       U2 day 1: ESBL
 * </pre>
 */
final class TwoUnitsFourDays {
  static final ZoneId STOCKHOLM = ZoneId.of("Europe/Stockholm");
  static final LocalDate DAY_0 = LocalDate.of(2026, 3, 2);

  private final String region;
  private final String observationsTopic;
  private final String indicatorsTopic;
  private final SingleObjectCodec<InfectionObservation> codec =
      SingleObjectCodec.of(InfectionObservation.class);
  private final SingleObjectCodec<se.sakervard.schemas.pipeline.IndicatorValue> indicatorCodec =
      SingleObjectCodec.of(se.sakervard.schemas.pipeline.IndicatorValue.class);
  private final List<ProducerRecord<String, byte[]>> records = new ArrayList<>();
  private boolean corrected;
  private boolean lateDenominators;

  TwoUnitsFourDays(String region, String observationsTopic, String indicatorsTopic) {
    this.region = region;
    this.observationsTopic = observationsTopic;
    this.indicatorsTopic = indicatorsTopic;
  }

  List<ProducerRecord<String, byte[]>> records() {
    records.clear();
    double[] u1 = {20, 18, 10, 10};
    for (int day = 0; day < 4; day++) {
      patientDays("U1", day, u1[day], 1);
      if (!lateDenominators) {
        patientDays("U2", day, 15, 1);
      }
    }
    patientDays("U1", 1, 20, 2);
    caseOf("c1", "C1", "U1", at(1, 9), at(0, 10), InfectionType.PNEUMONIA, "Klebsiella pneumoniae");
    if (corrected) {
      withdraw("c5-withdrawn", "C5", "U1", at(0, 20));
      caseOf("c2-first", "C2", "U2", at(2, 12), at(2, 8), InfectionType.PNEUMONIA, null);
    }
    caseOf(
        "c2",
        "C2",
        "U1",
        at(2, 15),
        at(2, 8),
        InfectionType.PNEUMONIA,
        "Klebsiella pneumoniae",
        corrected ? 1 : 0);
    if (corrected) {
      caseOf(
          "c4", "C4", "U2", at(1, 8), at(1, 2), InfectionType.BLOODSTREAM, "Staphylococcus aureus");
      caseOf(
          "c5", "C5", "U1", at(1, 7), at(1, 1), InfectionType.PNEUMONIA, "Klebsiella pneumoniae");
      withdraw("c4-withdrawn", "C4", "U2", at(1, 16));
    }
    caseOf("c3", "C3", "U2", at(1, 20), at(1, 6), InfectionType.URINARY_TRACT, "Escherichia coli");
    caseOf(
        "c3-again",
        "C3",
        "U2",
        at(1, 19),
        at(1, 6),
        InfectionType.URINARY_TRACT,
        "Escherichia coli");
    caseOf("c9", "C9", "U9", at(0, 12), at(0, 11), InfectionType.OTHER, null);
    hygiene("h1", "U1", at(1, 10), null, List.of());
    hygiene("h2", "U1", at(1, 11), null, List.of(HygieneStep.GLOVES));
    hygiene("h3", "U1", at(2, 10), null, List.of(HygieneStep.NO_JEWELLERY));
    hygiene("h-bad", "U1", at(1, 12), HygieneStep.APRON, List.of());
    survey("s1", "U1", "P1", true);
    survey("s2", "U1", "P2", false);
    survey("s3", "U1", "P3", false);
    survey("s1-again", "U1", "P1", true);
    survey("s4", "U2", "P4", true);
    survey("s5", "U2", "P5", false);
    send(
        "f1",
        "U2",
        at(1, 14),
        MultiResistantFinding.newBuilder()
            .setFindingRef(region + "-F1")
            .setPatientRef(region + "-P7")
            .setOrganism(MultiResistantOrganism.ESBL)
            .build());
    // At the end of day 3, as the census's last day: both inputs end at the same event time, so
    // a bounded run's last watermark does not depend on which input is read to its end first.
    hygiene("h4", "U2", at(4, 0), null, List.of());
    if (lateDenominators) {
      for (int day = 0; day < 4; day++) {
        patientDays("U2", day, 15, 1);
      }
    }
    return List.copyOf(records);
  }

  /**
   * The same figures reached through corrections and withdrawals, which a real feed sends: C2 first
   * reported on U2 without its organism and corrected (revision 1) to U1 with Klebsiella; C4 (U2,
   * S. aureus) reported and withdrawn; C5 (U1, Klebsiella, within the C1–C2 window) withdrawn
   * before its report arrives. Every figure and cluster must equal the plain scenario's.
   */
  TwoUnitsFourDays withCorrectionsAndWithdrawals() {
    corrected = true;
    return this;
  }

  /**
   * The same figures with U2's patient days sent last, after U1's four days: the census's event
   * time has passed every U2 observation by days when U2's first denominator arrives, as in a
   * backfill where the census writes one unit after another. Nothing of U2 may be lost.
   */
  TwoUnitsFourDays withLateDenominators() {
    lateDenominators = true;
    return this;
  }

  static Instant at(int day, int hour) {
    return DAY_0.plusDays(day).atTime(hour, 0).atZone(STOCKHOLM).toInstant();
  }

  /** The reference data of the scenario's units: U1 and U2 of H1, somatic, throughout. */
  List<ProducerRecord<String, byte[]>> units(String unitsTopic) {
    return List.of(
        UnitReferenceRecords.somatic(unitsTopic, region, region + "-H1", region + "-H1-U1"),
        UnitReferenceRecords.somatic(unitsTopic, region, region + "-H1", region + "-H1-U2"));
  }

  private void patientDays(String unit, int day, double value, long version) {
    IndicatorRecord r =
        new IndicatorRecord(
            "census.patient_days",
            Level.UNIT,
            region,
            region + "-H1",
            region + "-H1-" + unit,
            CareType.SOMATIC,
            "DAY",
            at(day, 0).toEpochMilli(),
            at(day + 1, 0).toEpochMilli(),
            value,
            null,
            null,
            version);
    records.add(new ProducerRecord<>(indicatorsTopic, r.key(), indicatorCodec.encode(r.toAvro())));
  }

  private void caseOf(
      String id,
      String caseRef,
      String unit,
      Instant confirmed,
      Instant onset,
      InfectionType type,
      String organism) {
    caseOf(id, caseRef, unit, confirmed, onset, type, organism, 0);
  }

  private void caseOf(
      String id,
      String caseRef,
      String unit,
      Instant confirmed,
      Instant onset,
      InfectionType type,
      String organism,
      int revision) {
    send(
        id,
        unit,
        confirmed,
        InfectionCase.newBuilder()
            .setCaseRef(region + "-" + caseRef)
            .setPatientRef(region + "-P-" + caseRef)
            .setOnsetTime(onset)
            .setInfectionType(type)
            .setOrganism(organism)
            .setRevision(revision)
            .build());
  }

  private void withdraw(String id, String caseRef, String unit, Instant at) {
    send(id, unit, at, CaseRetraction.newBuilder().setCaseRef(region + "-" + caseRef).build());
  }

  private void hygiene(
      String id, String unit, Instant at, HygieneStep missing, List<HygieneStep> wrong) {
    List<HygieneStepResult> steps = new ArrayList<>();
    for (HygieneStep s : HygieneStep.values()) {
      if (s != missing) {
        steps.add(new HygieneStepResult(s, !wrong.contains(s)));
      }
    }
    send(
        id,
        unit,
        at,
        HygieneObservation.newBuilder()
            .setObservationRef(region + "-" + id)
            .setSteps(steps)
            .build());
  }

  private void survey(String id, String unit, String patient, boolean infected) {
    send(
        id,
        unit,
        at(2, 9),
        PrevalenceSurveyRecord.newBuilder()
            .setSurveyId(region + "-S1")
            .setPatientRef(region + "-" + patient)
            .setInfectionTypes(infected ? List.of(InfectionType.PNEUMONIA) : List.of())
            .build());
  }

  private void send(String id, String unit, Instant at, Object observation) {
    InfectionObservation o =
        InfectionObservation.newBuilder()
            .setEnvelope(
                Envelope.newBuilder()
                    .setEventId(region + "-" + id)
                    .setEventTime(at)
                    .setSourceSystem("scenario")
                    .setRegionCode(region)
                    .setHospitalCode(region + "-H1")
                    .setUnitCode(region + "-H1-" + unit)
                    .build())
            .setObservation(observation)
            .build();
    records.add(new ProducerRecord<>(observationsTopic, region + "-" + unit, codec.encode(o)));
  }

  /**
   * Records that only move both inputs' event time on to local day {@code day} 00:00, for a run
   * without end: the patient days of both units from day 4 on, and an all-correct audit of U2 at
   * the day's start. Figures of day 3 and later change with them.
   */
  List<ProducerRecord<String, byte[]>> timeTo(int day) {
    records.clear();
    for (int d = 4; d < day; d++) {
      patientDays("U1", d, 10, 1);
      patientDays("U2", d, 15, 1);
    }
    hygiene("h-time-" + day, "U2", at(day, 0), null, List.of());
    return List.copyOf(records);
  }

  /** How many of {@link #records()} come up to and including the observation {@code id}. */
  int recordsThrough(String id) throws UndecodableRecordException {
    List<ProducerRecord<String, byte[]>> all = records();
    String key = region + "-" + id;
    for (int i = 0; i < all.size(); i++) {
      if (all.get(i).topic().equals(observationsTopic)
          && codec.decode(all.get(i).value()).getEnvelope().getEventId().equals(key)) {
        return i + 1;
      }
    }
    throw new IllegalArgumentException("The scenario has no observation " + id);
  }
}
