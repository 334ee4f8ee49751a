package se.sakervard.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import se.sakervard.schemas.codec.SingleObjectCodec;
import se.sakervard.schemas.codec.UndecodableRecordException;
import se.sakervard.schemas.infections.HygieneObservation;
import se.sakervard.schemas.infections.HygieneStepResult;
import se.sakervard.schemas.infections.InfectionCase;
import se.sakervard.schemas.infections.InfectionObservation;
import se.sakervard.schemas.infections.PrevalenceSurveyRecord;

/**
 * The infection faults come at about their rates and look like what they are named; the per-record
 * faults apply to infection records too. The rates here are 4-10 times {@link
 * InfectionFaultRates#typical()} so that 240 days of a ten-hospital region (about 6,300 cases,
 * 13,800 observations and 6,000 survey records) have enough of each to count.
 */
class InfectionFaultInjectionTest {
  private static final InfectionFaultRates RATES = new InfectionFaultRates(0.02, 0.02, 0.02);
  private static final Set<RecordKind> FAULTS =
      EnumSet.of(
          RecordKind.DUPLICATE,
          RecordKind.MALFORMED,
          RecordKind.UNKNOWN_UNIT_CASE,
          RecordKind.HYGIENE_STEP_MISSING,
          RecordKind.SURVEY_RECORD_REPEATED);

  private static InfectionRun faulty;
  private static List<InfectionRun.Sent> sent;

  @BeforeAll
  static void simulate() {
    faulty =
        InfectionRun.of(
            10, 5, "2025-03-01T00:00:00Z", Duration.ofDays(240), FaultRates.none(), RATES);
    sent = faulty.sent();
  }

  @Test
  void shouldInjectEachInfectionFaultAtAboutItsRate() {
    long cases = faulty.count(RecordKind.INFECTION_CASE) + faulty.count(RecordKind.OUTBREAK_CASE);
    long observations =
        faulty.count(RecordKind.HYGIENE_OBSERVATION)
            + faulty.count(RecordKind.HYGIENE_STEP_MISSING);
    long surveyed = faulty.count(RecordKind.SURVEY_RECORD);

    assertThat(cases).isGreaterThan(5000);
    assertThat(surveyed).isGreaterThan(5000);
    // Poisson spreads of about 9%, 6% and 9%.
    assertThat((double) faulty.count(RecordKind.UNKNOWN_UNIT_CASE) / cases)
        .isCloseTo(RATES.unknownUnit(), within(RATES.unknownUnit() * 0.3));
    assertThat((double) faulty.count(RecordKind.HYGIENE_STEP_MISSING) / observations)
        .isCloseTo(RATES.missingStep(), within(RATES.missingStep() * 0.2));
    assertThat((double) faulty.count(RecordKind.SURVEY_RECORD_REPEATED) / surveyed)
        .isCloseTo(RATES.surveyRecordTwice(), within(RATES.surveyRecordTwice() * 0.3));
  }

  @Test
  void shouldPutAnUnknownUnitCaseOnAUnitCodeOfItsHospitalThatIsNotInTheRegion() {
    Map<String, Long> refs = new HashMap<>();
    sent.forEach(s -> refs.merge(s.record().key(), 1L, Long::sum));

    assertThat(InfectionRun.ofKind(sent, RecordKind.UNKNOWN_UNIT_CASE))
        .hasSizeGreaterThan(50)
        .allSatisfy(
            s -> {
              InfectionCase c = s.infectionCase();
              String unit = s.envelope().getUnitCode();
              assertThat(faulty.region().unit(unit)).isNull();
              assertThat(unit).startsWith(s.envelope().getHospitalCode() + "-U");
              assertThat(faulty.region().hospitals())
                  .anySatisfy(h -> assertThat(h.code()).isEqualTo(s.envelope().getHospitalCode()));
              assertThat(s.record().key()).isEqualTo(c.getCaseRef());
              assertThat(refs.get(c.getCaseRef())).isEqualTo(1);
              assertThat(c.getOnsetTime()).isBefore(s.eventTime());
            });
  }

  @Test
  void shouldLeaveOutOneOfTheEightStepsOfAnObservationMissingAStep() {
    assertThat(InfectionRun.ofKind(sent, RecordKind.HYGIENE_STEP_MISSING))
        .hasSizeGreaterThan(100)
        .allSatisfy(
            s -> {
              HygieneObservation o = (HygieneObservation) s.observation();
              assertThat(o.getSteps()).hasSize(7);
              assertThat(o.getSteps().stream().map(HygieneStepResult::getStep).distinct())
                  .hasSize(7);
            });
    assertThat(InfectionRun.ofKind(sent, RecordKind.HYGIENE_OBSERVATION))
        .allSatisfy(s -> assertThat(((HygieneObservation) s.observation()).getSteps()).hasSize(8));
  }

  @Test
  void shouldRegisterARepeatedSurveyRecordLaterWithANewEventIdForTheSamePatient() {
    Map<String, InfectionRun.Sent> first = new HashMap<>();
    int checked = 0;
    for (InfectionRun.Sent s : sent) {
      if (s.kind() == RecordKind.SURVEY_RECORD) {
        first.put(s.record().key(), s);
      } else if (s.kind() == RecordKind.SURVEY_RECORD_REPEATED) {
        InfectionRun.Sent original = first.get(s.record().key());
        assertThat(original).as("original of " + s.record().key()).isNotNull();
        PrevalenceSurveyRecord again = (PrevalenceSurveyRecord) s.observation();
        assertThat(again).isEqualTo(original.observation());
        assertThat(s.envelope().getEventId()).isNotEqualTo(original.envelope().getEventId());
        assertThat(s.envelope().getUnitCode()).isEqualTo(original.envelope().getUnitCode());
        assertThat(Duration.between(original.eventTime(), s.eventTime()))
            .isBetween(Duration.ofMinutes(5), Duration.ofHours(3));
        checked++;
      }
    }
    assertThat(checked).isGreaterThan(50);
  }

  @Test
  void shouldInjectNothingWithoutFaults() {
    InfectionRun clean =
        InfectionRun.of(
            3,
            5,
            "2025-03-01T00:00:00Z",
            Duration.ofDays(60),
            FaultRates.none(),
            InfectionFaultRates.none());

    assertThat(clean.records().size()).isGreaterThan(2000);
    assertThat(clean.records())
        .allSatisfy(r -> assertThat(r.sendAt()).isEqualTo(r.eventTime()))
        .noneMatch(r -> FAULTS.contains(r.kind()));
  }

  @Test
  void shouldApplyTheRecordFaultsToInfectionRecordsToo() {
    FaultRates rates = new FaultRates(0.02, 0.02, 0.005, Duration.ofHours(6), 0.01);
    InfectionRun run =
        InfectionRun.of(
            10, 6, "2025-01-06T00:00:00Z", Duration.ofDays(120), rates, InfectionFaultRates.none());
    long valid =
        run.records().size() - run.count(RecordKind.DUPLICATE) - run.count(RecordKind.MALFORMED);
    SingleObjectCodec<InfectionObservation> codec =
        SingleObjectCodec.of(InfectionObservation.class);

    assertThat(valid).isGreaterThan(12_000);
    assertThat((double) run.count(RecordKind.DUPLICATE) / valid)
        .isCloseTo(rates.duplicate(), within(rates.duplicate() * 0.25));
    assertThat((double) run.count(RecordKind.MALFORMED) / valid)
        .isCloseTo(rates.malformed(), within(rates.malformed() * 0.3));
    assertThat(run.records().stream().filter(r -> r.kind() == RecordKind.MALFORMED))
        .allSatisfy(
            r ->
                assertThatThrownBy(() -> codec.decode(r.value()))
                    .isInstanceOf(UndecodableRecordException.class));
    Instant previous = Instant.MIN;
    for (SimulatedRecord record : run.records()) {
      assertThat(record.sendAt()).isAfterOrEqualTo(previous).isAfterOrEqualTo(record.eventTime());
      previous = record.sendAt();
    }
  }
}
