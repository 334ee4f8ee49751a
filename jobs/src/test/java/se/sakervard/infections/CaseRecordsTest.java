package se.sakervard.infections;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CaseRecordsTest {
  private static final long T0 = 1_780_000_000_000L;
  private static final long HOUR = 3_600_000L;

  // Case C1: first reported as gastroenteritis without organism (revision 0), corrected a day
  // later with the organism (revision 1), a repeat of revision 0 sent again by another system.
  private static final InfectionInput FIRST = record("e1", T0, 0, null);
  private static final InfectionInput CORRECTED = record("e2", T0 + 24 * HOUR, 1, "Norovirus");
  private static final InfectionInput REPEAT = record("e3", T0 + 2 * HOUR, 0, null);
  private static final InfectionInput WITHDRAWN = withdrawal("e4", T0 + 48 * HOUR);

  @Test
  void shouldCountTheHighestRevision() {
    CaseRecords c = new CaseRecords();

    assertThat(c.take(FIRST)).isEqualTo(new CaseRecords.Change(null, FIRST, null));
    assertThat(c.take(CORRECTED)).isEqualTo(new CaseRecords.Change(FIRST, CORRECTED, null));
    assertThat(c.standing()).isEqualTo(CORRECTED);
  }

  @Test
  void shouldKeepTheEarlierOfTwoRecordsOfOneRevisionAndNameTheRepeat() {
    CaseRecords c = new CaseRecords();
    c.take(REPEAT);

    // FIRST is earlier than the repeat that came before it: it takes its place.
    assertThat(c.take(FIRST)).isEqualTo(new CaseRecords.Change(REPEAT, FIRST, REPEAT));
    assertThat(c.take(record("e5", T0 + 3 * HOUR, 0, null)).repeat()).isNotNull();
    assertThat(c.standing()).isEqualTo(FIRST);
  }

  @Test
  void shouldCountNothingOnceWithdrawnWhereverTheWithdrawalArrives() {
    CaseRecords before = new CaseRecords();
    before.take(WITHDRAWN);
    assertThat(before.take(FIRST)).isEqualTo(new CaseRecords.Change(null, null, null));
    assertThat(before.take(CORRECTED)).isEqualTo(new CaseRecords.Change(null, null, null));

    CaseRecords after = new CaseRecords();
    after.take(FIRST);
    after.take(CORRECTED);
    assertThat(after.take(WITHDRAWN)).isEqualTo(new CaseRecords.Change(CORRECTED, null, null));
    assertThat(after.standing()).isNull();
  }

  /** In any of many arrival orders the same record stands, and the ins and outs net to it. */
  @Test
  void shouldEndWithTheSameCountedRecordInAnyOrder() {
    List<InfectionInput> all = new ArrayList<>(List.of(FIRST, CORRECTED, REPEAT));
    Random random = new Random(3);
    for (int i = 0; i < 50; i++) {
      Collections.shuffle(all, random);
      CaseRecords c = new CaseRecords();
      List<InfectionInput> counted = new ArrayList<>();
      for (InfectionInput r : all) {
        CaseRecords.Change change = c.take(r);
        if (change.out() != null) {
          assertThat(counted.remove(change.out())).isTrue();
        }
        if (change.in() != null) {
          counted.add(change.in());
        }
      }
      assertThat(counted).containsExactly(CORRECTED);
    }
  }

  private static InfectionInput record(String id, long time, int revision, String organism) {
    return CaseInputs.infectionCase(
        id, time, "R1-H1-U1", "C1", T0 - HOUR, "GASTROENTERITIS", organism, revision);
  }

  private static InfectionInput withdrawal(String id, long time) {
    return CaseInputs.withdrawal(id, time, "R1-H1-U1", "C1");
  }
}
