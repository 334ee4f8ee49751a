package se.sakervard.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import se.sakervard.schemas.census.Admission;
import se.sakervard.schemas.census.AvailableBedsChanged;
import se.sakervard.schemas.census.CensusEvent;
import se.sakervard.schemas.census.Discharge;
import se.sakervard.schemas.census.Transfer;
import se.sakervard.schemas.common.CareType;
import se.sakervard.schemas.common.Envelope;
import se.sakervard.schemas.reference.UnitReference;

/**
 * The event semantics the census job relies on, over a month that crosses the start of summer
 * staffing and includes weekends.
 */
class CensusSimulatorInvariantsTest {
  private static final Pattern PERSONAL_IDENTITY_NUMBER = Pattern.compile("\\d{6,8}-?\\d{4}");

  private static SimulatedRun run;
  private static List<CensusEvent> events;

  @BeforeAll
  static void simulate() {
    run = SimulatedRun.of(3, 7, "2025-06-16T04:30:00Z", Duration.ofDays(30), FaultRates.none());
    events = run.events();
  }

  @Test
  void shouldEmitEventsInNonDecreasingEventTimeOrder() {
    List<String> violations = new ArrayList<>();
    Instant previous = Instant.MIN;
    for (CensusEvent event : events) {
      Instant time = event.getEnvelope().getEventTime();
      if (time.isBefore(previous)) {
        violations.add(time + " after " + previous);
      }
      previous = time;
    }
    assertThat(violations).isEmpty();
    assertThat(events.get(0).getEnvelope().getEventTime()).isEqualTo(run.config().start());
    assertThat(previous).isBefore(run.config().end());
  }

  @Test
  void shouldStartEveryStayWithItsOnlyAdmission() {
    List<String> violations = new ArrayList<>();
    Set<String> admitted = new HashSet<>();
    for (CensusEvent event : events) {
      String stay = stayRef(event);
      if (event.getChange() instanceof Admission) {
        if (!admitted.add(stay)) {
          violations.add("second admission of " + stay);
        }
      } else if (stay != null && !admitted.contains(stay)) {
        violations.add(event.getChange().getClass().getSimpleName() + " before admission: " + stay);
      }
    }
    assertThat(violations).isEmpty();
    assertThat(admitted).hasSizeGreaterThan(1000);
  }

  @Test
  void shouldNeverDischargeAPatientWhoIsNotAdmitted() {
    List<String> violations = new ArrayList<>();
    Set<String> present = new HashSet<>();
    for (CensusEvent event : events) {
      if (event.getChange() instanceof Admission a) {
        present.add(a.getStayRef());
      } else if (event.getChange() instanceof Discharge d && !present.remove(d.getStayRef())) {
        violations.add("discharge of " + d.getStayRef());
      }
    }
    assertThat(violations).isEmpty();
  }

  @Test
  void shouldEmitNothingForAStayAfterItsDischarge() {
    List<String> violations = new ArrayList<>();
    Set<String> discharged = new HashSet<>();
    for (CensusEvent event : events) {
      String stay = stayRef(event);
      if (discharged.contains(stay)) {
        violations.add(event.getChange().getClass().getSimpleName() + " after discharge: " + stay);
      }
      if (event.getChange() instanceof Discharge) {
        discharged.add(stay);
      }
    }
    assertThat(violations).isEmpty();
    assertThat(discharged).hasSizeGreaterThan(1000);
  }

  @Test
  void shouldMoveAndDischargePatientsFromTheUnitWhereTheyLie() {
    List<String> violations = new ArrayList<>();
    Map<String, String> lying = new HashMap<>();
    int transfers = 0;
    for (CensusEvent event : events) {
      String unit = event.getEnvelope().getUnitCode();
      if (event.getChange() instanceof Admission a) {
        lying.put(a.getStayRef(), unit);
      } else if (event.getChange() instanceof Transfer t) {
        String from = lying.put(t.getStayRef(), unit);
        if (!t.getFromUnitCode().equals(from) || from.equals(unit)) {
          violations.add(t.getStayRef() + " lay on " + from + ", transfer " + t + " to " + unit);
        }
        transfers++;
      } else if (event.getChange() instanceof Discharge d) {
        String from = lying.remove(d.getStayRef());
        if (!unit.equals(from)) {
          violations.add(d.getStayRef() + " lay on " + from + ", discharged from " + unit);
        }
      }
    }
    assertThat(violations).isEmpty();
    assertThat(transfers).isGreaterThan(100);
  }

  @Test
  void shouldAnnounceAUnitsAvailableBedsBeforeItsFirstPatient() {
    Set<String> violations = new TreeSet<>();
    Set<String> staffed = new HashSet<>();
    for (CensusEvent event : events) {
      String unit = event.getEnvelope().getUnitCode();
      if (event.getChange() instanceof AvailableBedsChanged) {
        staffed.add(unit);
      } else if (!staffed.contains(unit)) {
        violations.add(unit);
      }
    }
    assertThat(violations).as("units with patients before beds").isEmpty();
    assertThat(staffed).hasSameSizeAs(run.region().units());
  }

  /**
   * Bed events no longer say what care a unit gives: the unit reference data does, and it must
   * agree with how the simulation staffs and fills the unit. Every event's unit has a period there
   * at the event's time that places it in the envelope's hospital and region; each unit's care type
   * and technical flag are those of the specialty the simulation runs it as; and its beds stay
   * within its staffing.
   */
  @Test
  void shouldDescribeEachUnitAsTheRegionsReferenceDataDoes() {
    Map<String, UnitReference> reference = new HashMap<>();
    SimulatedUnitReferences.of(run.region()).forEach(u -> reference.put(u.getUnitCode(), u));
    Set<String> violations = new TreeSet<>();
    for (CensusEvent event : events) {
      Envelope envelope = event.getEnvelope();
      UnitReference period = reference.get(envelope.getUnitCode());
      if (period == null
          || envelope.getEventTime().isBefore(period.getValidFrom())
          || period.getValidTo() != null
          || !envelope.getHospitalCode().equals(period.getHospitalCode())
          || !envelope.getRegionCode().equals(period.getRegionCode())) {
        violations.add("envelope " + envelope + " against " + period);
        continue;
      }
      SimulatedUnit unit = run.region().unit(envelope.getUnitCode());
      if (event.getChange() instanceof AvailableBedsChanged b
          && (b.getAvailableBeds() < 1 || b.getAvailableBeds() > unit.baseBeds())) {
        violations.add(unit + ": " + b);
      }
    }
    for (SimulatedUnit unit : run.region().units()) {
      UnitReference period = reference.get(unit.code());
      CareType careType =
          unit.specialty() == Specialty.PSYCHIATRY ? CareType.PSYCHIATRIC : CareType.SOMATIC;
      if (period.getCareType() != careType
          || period.getTechnicalUnit() != (unit.specialty() == Specialty.INTENSIVE_CARE)) {
        violations.add(unit + ": " + period);
      }
    }
    assertThat(violations).isEmpty();
    // Both kinds of unit the bed indicators treat apart are there to be told apart.
    assertThat(reference.values())
        .anyMatch(UnitReference::getTechnicalUnit)
        .anyMatch(u -> u.getCareType() == CareType.PSYCHIATRIC)
        .anyMatch(u -> u.getCareType() == CareType.SOMATIC && !u.getTechnicalUnit());
  }

  @Test
  void shouldGiveEveryEventItsOwnId() {
    Set<String> ids = new HashSet<>();
    events.forEach(e -> ids.add(e.getEnvelope().getEventId()));
    assertThat(ids).hasSameSizeAs(events);
  }

  @Test
  void shouldNeverEmitAnythingShapedLikeAPersonalIdentityNumber() {
    assertThat(events.stream().flatMap(e -> strings(e).stream()))
        .noneMatch(field -> PERSONAL_IDENTITY_NUMBER.matcher(field).find());
  }

  private static String stayRef(CensusEvent event) {
    Object change = event.getChange();
    if (change instanceof Admission a) {
      return a.getStayRef();
    } else if (change instanceof Transfer t) {
      return t.getStayRef();
    } else if (change instanceof Discharge d) {
      return d.getStayRef();
    }
    return null;
  }

  private static List<String> strings(CensusEvent event) {
    Envelope e = event.getEnvelope();
    List<String> strings =
        new ArrayList<>(
            List.of(
                e.getEventId(),
                e.getSourceSystem(),
                e.getRegionCode(),
                e.getHospitalCode(),
                e.getUnitCode()));
    Object change = event.getChange();
    if (change instanceof Admission a) {
      strings.addAll(List.of(a.getStayRef(), a.getPatientRef(), a.getResponsibleUnitCode()));
    } else if (change instanceof Transfer t) {
      strings.addAll(
          List.of(
              t.getStayRef(), t.getPatientRef(), t.getFromUnitCode(), t.getResponsibleUnitCode()));
    } else if (change instanceof Discharge d) {
      strings.addAll(List.of(d.getStayRef(), d.getPatientRef()));
    }
    return strings;
  }
}
