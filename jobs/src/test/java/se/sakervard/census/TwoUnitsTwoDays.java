package se.sakervard.census;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import se.sakervard.schemas.census.Admission;
import se.sakervard.schemas.census.AvailableBedsChanged;
import se.sakervard.schemas.census.CensusEvent;
import se.sakervard.schemas.census.Discharge;
import se.sakervard.schemas.census.Retraction;
import se.sakervard.schemas.census.Transfer;
import se.sakervard.schemas.codec.SingleObjectCodec;
import se.sakervard.schemas.common.Envelope;
import se.sakervard.schemas.reference.UnitReference;
import se.sakervard.testing.UnitReferenceRecords;

/**
 * The scripted end-to-end scenario: hospital H1 with a medicine unit MED (4 beds) and a surgery
 * unit SURG (3 beds, 2 from day 2) over two local days in January (Stockholm, UTC+1), sent in this
 * order (local times; D1 = 14 January 2026):
 *
 * <pre>
 *  D1 00:00  beds MED 4, SURG 3
 *  D1 02:00  S1, S2 admitted to MED          MED 2
 *  D1 03:00  S3 to MED                       MED 3
 *  D1 04:00  S4 to MED, sent twice (duplicate) MED 4
 *  D1 05:00  S5 to MED, responsible SURG     MED 5 (1 outlying, 1 overcrowded)
 *  D1 12:00  S6 to SURG                      SURG 1
 *  D1 18:00  S5 moved MED → SURG             MED 4, SURG 2
 *  D1 20:00  S1 discharged from MED          MED 3
 *  D2 00:00  beds SURG 2                     (watermark now D1 23:50)
 *  D1 22:30  S8 to SURG: late, inside 2 h    SURG 3 from D1 22:30
 *  D1 08:00  S9 to MED: 16 h late → dead letter, never counted
 *  (random bytes)                            → dead letter, MALFORMED
 *  D2 01:00  S7 to SURG                      SURG 4 (2 overcrowded)
 *  D2 10:00  S2 discharged from MED          MED 2
 *  D3 01:00  beds MED 4, SURG 2 (again)      closes day 2 (watermark D3 00:50)
 * </pre>
 */
final class TwoUnitsTwoDays {
  static final ZoneId STOCKHOLM = ZoneId.of("Europe/Stockholm");
  static final byte[] MALFORMED = {0x13, 0x37, 0x00, (byte) 0xff, 0x42};

  private final String region;
  private final String topic;
  private final SingleObjectCodec<CensusEvent> codec = SingleObjectCodec.of(CensusEvent.class);
  private final List<ProducerRecord<String, byte[]>> records = new ArrayList<>();
  private final Map<String, Integer> positions = new HashMap<>();
  private final List<UnitReference> units = new ArrayList<>();

  TwoUnitsTwoDays(String region, String topic) {
    this(region, topic, true);
  }

  private TwoUnitsTwoDays(String region, String topic, boolean scenario) {
    this.region = region;
    this.topic = topic;
    if (!scenario) {
      return;
    }
    beds("b1", at(1, 0, 0), "MED", 4);
    beds("b2", at(1, 0, 0), "SURG", 3);
    admit("a1", at(1, 2, 0), "S1", "MED", "MED");
    admit("a2", at(1, 2, 0), "S2", "MED", "MED");
    admit("a3", at(1, 3, 0), "S3", "MED", "MED");
    admit("a4", at(1, 4, 0), "S4", "MED", "MED");
    records.add(records.get(records.size() - 1));
    admit("a5", at(1, 5, 0), "S5", "MED", "SURG");
    admit("a6", at(1, 12, 0), "S6", "SURG", "SURG");
    transfer("t5", at(1, 18, 0), "S5", "MED", "SURG", "SURG");
    discharge("d1", at(1, 20, 0), "S1", "MED");
    beds("b3", at(2, 0, 0), "SURG", 2);
    admit("a8", at(1, 22, 30), "S8", "SURG", "SURG");
    admit("a9", at(1, 8, 0), "S9", "MED", "MED");
    records.add(new ProducerRecord<>(topic, "garbage", MALFORMED));
    admit("a7", at(2, 1, 0), "S7", "SURG", "SURG");
    discharge("d2", at(2, 10, 0), "S2", "MED");
    beds("b4", at(3, 1, 0), "MED", 4);
    beds("b5", at(3, 1, 0), "SURG", 2);
  }

  /** Reference data of the test's own instead of MED and SURG throughout. */
  TwoUnitsTwoDays withUnits(UnitReference... periods) {
    units.addAll(List.of(periods));
    return this;
  }

  /** A unit code of the scenario's region. */
  String unit(String local) {
    return region + local;
  }

  /** No events yet: a test builds its own with the event methods below. */
  static TwoUnitsTwoDays none(String region, String topic) {
    return new TwoUnitsTwoDays(region, topic, false);
  }

  /**
   * Units as the reference data has them, on 14 January 2026 (local times, Stockholm):
   *
   * <pre>
   *  A  H1 until 12:00, then H2 (moved)     beds 10 from 00:00; S2 admitted 02:00
   *  B  H1 until 12:00 (closed)             beds 10 from 00:00; S3 04:00-10:00; S5 admitted 13:00
   *  C  H1 throughout                       S1 admitted 02:00, its first bed report (5) at 06:00
   *  GHOST  not in the reference data       S4 admitted 08:00
   *  next day 01:00: beds A 10, C 5 (closes the 14th)
   * </pre>
   */
  static TwoUnitsTwoDays movedAndClosed(String region, String topic) {
    var since = UnitReferenceRecords.SINCE;
    var noon = at(1, 12, 0);
    var somatic = se.sakervard.schemas.common.CareType.SOMATIC;
    TwoUnitsTwoDays s = none(region, topic);
    String h1 = region + "H1";
    s.withUnits(
        UnitReferenceRecords.period(region, h1, s.unit("A"), somatic, false, since, noon),
        UnitReferenceRecords.period(region, region + "H2", s.unit("A"), somatic, false, noon, null),
        UnitReferenceRecords.period(region, h1, s.unit("B"), somatic, false, since, noon),
        UnitReferenceRecords.period(region, h1, s.unit("C"), somatic, false, since, null));
    s.beds("b1", at(1, 0, 0), "A", 10);
    s.beds("b2", at(1, 0, 0), "B", 10);
    s.admit("a1", at(1, 2, 0), "S1", "C", "C");
    s.admit("a2", at(1, 2, 0), "S2", "A", "A");
    s.admit("a3", at(1, 4, 0), "S3", "B", "B");
    s.beds("b3", at(1, 6, 0), "C", 5);
    s.admit("a4", at(1, 8, 0), "S4", "GHOST", "GHOST");
    s.discharge("d3", at(1, 10, 0), "S3", "B");
    s.admit("a5", at(1, 13, 0), "S5", "B", "B");
    s.beds("b4", at(2, 1, 0), "A", 10);
    s.beds("b5", at(2, 1, 0), "C", 5);
    return s;
  }

  String topic() {
    return topic;
  }

  /** The reference data of the scenario's units: MED and SURG of H1, somatic, throughout. */
  List<ProducerRecord<String, byte[]>> units(String unitsTopic) {
    if (!units.isEmpty()) {
      return units.stream().map(u -> UnitReferenceRecords.record(unitsTopic, u)).toList();
    }
    return List.of(
        UnitReferenceRecords.somatic(unitsTopic, region, region + "H1", region + "MED"),
        UnitReferenceRecords.somatic(unitsTopic, region, region + "H1", region + "SURG"));
  }

  List<ProducerRecord<String, byte[]>> records() {
    return records;
  }

  /**
   * How many records come up to and including event {@code id} (as in the table above, e.g. "a4";
   * its first copy if sent twice): where to cut the scenario to send it in two parts.
   */
  int recordsThrough(String id) {
    Integer position = positions.get(id);
    if (position == null) {
      throw new IllegalArgumentException("The scenario has no event " + id);
    }
    return position + 1;
  }

  /**
   * Adds a hostile stream on top of the scenario, each record with the reason it must be
   * dead-lettered: random bytes of three sizes, a truncated record, an unknown schema fingerprint
   * (MALFORMED ×4, UNKNOWN_SCHEMA); a 200,000-character unit code, event times in the year 9999 and
   * in 1970, unit codes with a zero-width space and a right-to-left override (INVALID ×5). Were any
   * of them counted, the region's figures would differ from the scenario's.
   */
  TwoUnitsTwoDays withHostileRecords() {
    java.util.Random random = new java.util.Random(7);
    for (int size : new int[] {0, 100, 100_000}) {
      byte[] bytes = new byte[size];
      random.nextBytes(bytes);
      if (size > 0) {
        bytes[0] = 0; // not the single-object marker: plain garbage
      }
      records.add(new ProducerRecord<>(topic, "random", bytes));
    }
    byte[] valid = records.get(0).value();
    records.add(
        new ProducerRecord<>(topic, "truncated", java.util.Arrays.copyOf(valid, valid.length / 2)));
    byte[] otherSchema = valid.clone();
    for (int i = 2; i < 10; i++) {
      otherSchema[i] = (byte) random.nextInt();
    }
    records.add(new ProducerRecord<>(topic, "other-schema", otherSchema));
    beds("huge", at(1, 6, 0), "U".repeat(200_000), 4);
    beds("future", java.time.Instant.parse("9999-01-01T00:00:00Z"), "MED", 40);
    beds("past", java.time.Instant.parse("1970-01-01T00:00:00Z"), "MED", 40);
    beds("zwsp", at(1, 6, 0), "MED\u200B", 40);
    beds("rtl", at(1, 6, 0), "\u202EMED", 40);
    return this;
  }

  /**
   * Adds events that are all taken back, so that the region's figures must equal the plain
   * scenario's. Sent right after t5 (day 1 18:00, watermark 17:50, allowed lateness 2 h):
   *
   * <pre>
   *  retraction of x2 (before the event it takes back)
   *  x1 day 1 17:00 admit S10 to MED          retracted after it (a cancelled admission, A11)
   *  x2 day 1 16:30 transfer S3 MED → SURG    retracted before it (a cancelled transfer, A12)
   *  x3 day 1 17:30 discharge S4 from MED     retracted after it (a cancelled discharge, A13)
   *  retraction of a4 (day 1 04:00)            past the allowed lateness: TOO_LATE, a4 stands
   * </pre>
   */
  TwoUnitsTwoDays withRetractedEvents() {
    List<ProducerRecord<String, byte[]>> after =
        new ArrayList<>(records.subList(recordsThrough("t5"), records.size()));
    records.subList(recordsThrough("t5"), records.size()).clear();
    retract("r2", at(1, 16, 30), "S3", "x2");
    admit("x1", at(1, 17, 0), "S10", "MED", "MED");
    transfer("x2", at(1, 16, 30), "S3", "MED", "SURG", "SURG");
    discharge("x3", at(1, 17, 30), "S4", "MED");
    retract("r1", at(1, 17, 0), "S10", "x1");
    retract("r3", at(1, 17, 30), "S4", "x3");
    retract("r4", at(1, 4, 0), "S4", "a4");
    records.addAll(after);
    return this;
  }

  /** Local time on day {@code day} (1 = 14 January 2026) in Stockholm. */
  static Instant at(int day, int hour, int minute) {
    return LocalDateTime.of(2026, 1, 13 + day, hour, minute).atZone(STOCKHOLM).toInstant();
  }

  String eventId(String local) {
    return region + "-" + local;
  }

  void beds(String id, Instant at, String unit, int beds) {
    send(unit, id, at, unit, AvailableBedsChanged.newBuilder().setAvailableBeds(beds).build());
  }

  void admit(String id, Instant at, String stay, String unit, String responsible) {
    send(
        stay,
        id,
        at,
        unit,
        Admission.newBuilder()
            .setStayRef(region + stay)
            .setPatientRef("P-" + stay)
            .setResponsibleUnitCode(region + responsible)
            .build());
  }

  void transfer(String id, Instant at, String stay, String from, String to, String responsible) {
    send(
        stay,
        id,
        at,
        to,
        Transfer.newBuilder()
            .setStayRef(region + stay)
            .setPatientRef("P-" + stay)
            .setFromUnitCode(region + from)
            .setResponsibleUnitCode(region + responsible)
            .build());
  }

  void discharge(String id, Instant at, String stay, String unit) {
    send(
        stay,
        id,
        at,
        unit,
        Discharge.newBuilder().setStayRef(region + stay).setPatientRef("P-" + stay).build());
  }

  private void retract(String id, Instant at, String stay, String retracted) {
    send(
        stay,
        id,
        at,
        "MED",
        Retraction.newBuilder()
            .setStayRef(region + stay)
            .setRetractedEventId(eventId(retracted))
            .build());
  }

  private void send(String key, String id, Instant at, String unit, Object change) {
    CensusEvent event =
        CensusEvent.newBuilder()
            .setEnvelope(
                Envelope.newBuilder()
                    .setEventId(eventId(id))
                    .setEventTime(at)
                    .setSourceSystem("scenario")
                    .setRegionCode(region)
                    .setHospitalCode(region + "H1")
                    .setUnitCode(region + unit)
                    .build())
            .setChange(change)
            .build();
    positions.putIfAbsent(id, records.size());
    records.add(new ProducerRecord<>(topic, region + key, codec.encode(event)));
  }
}
