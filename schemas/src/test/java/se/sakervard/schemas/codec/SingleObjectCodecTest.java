package se.sakervard.schemas.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Arrays;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageEncoder;
import org.junit.jupiter.api.Test;
import se.sakervard.schemas.census.AvailableBedsChanged;
import se.sakervard.schemas.census.CensusEvent;
import se.sakervard.schemas.common.Envelope;

class SingleObjectCodecTest {
  private static final Instant SEVEN_O_CLOCK = Instant.parse("2026-03-02T06:00:00Z");

  private final SingleObjectCodec<CensusEvent> codec = SingleObjectCodec.of(CensusEvent.class);

  @Test
  void shouldReadBackWhatItWrote() throws Exception {
    CensusEvent event = bedsChanged(22);

    byte[] bytes = codec.encode(event);

    // Single-object encoding: marker C3 01, then the writer schema's fingerprint (little endian).
    assertThat(bytes[0]).isEqualTo((byte) 0xC3);
    assertThat(bytes[1]).isEqualTo((byte) 0x01);
    assertThat(ByteBuffer.wrap(bytes, 2, 8).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong())
        .isEqualTo(ReleasedSchemas.fingerprint(CensusEvent.getClassSchema()));
    assertThat(codec.decode(bytes)).isEqualTo(event);
  }

  @Test
  void shouldReadARecordWrittenWithTheOlderReleasedSchema() throws Exception {
    Schema v1 =
        ReleasedSchemas.load().versionsOf(CensusEvent.getClassSchema().getFullName()).get(0);
    Schema bedsV1 = v1.getField("change").schema().getTypes().get(3);
    assertThat(bedsV1.getField("careType")).as("v1 predates careType").isNull();
    GenericRecord envelope = new GenericData.Record(v1.getField("envelope").schema());
    envelope.put("eventId", "ev-1");
    envelope.put("eventTime", SEVEN_O_CLOCK.toEpochMilli());
    envelope.put("sourceSystem", "bed-system-v1");
    envelope.put("regionCode", "R1");
    envelope.put("hospitalCode", "H1");
    envelope.put("unitCode", "U1");
    GenericRecord beds = new GenericData.Record(bedsV1);
    beds.put("availableBeds", 18);
    GenericRecord old = new GenericData.Record(v1);
    old.put("envelope", envelope);
    old.put("change", beds);
    byte[] writtenByOldProducer =
        new BinaryMessageEncoder<GenericRecord>(GenericData.get(), v1).encode(old).array();

    CensusEvent read = codec.decode(writtenByOldProducer);

    assertThat(read.getEnvelope().getEventId()).isEqualTo("ev-1");
    assertThat(read.getEnvelope().getEventTime()).isEqualTo(SEVEN_O_CLOCK);
    AvailableBedsChanged change = (AvailableBedsChanged) read.getChange();
    assertThat(change.getAvailableBeds()).isEqualTo(18);
  }

  @Test
  void shouldCallAnUnknownFingerprintAnUnknownSchema() {
    byte[] bytes = codec.encode(bedsChanged(10));
    bytes[2] ^= 0x55;

    assertThatThrownBy(() -> codec.decode(bytes))
        .isInstanceOfSatisfying(
            UndecodableRecordException.class,
            e -> assertThat(e.kind()).isEqualTo(UndecodableRecordException.Kind.UNKNOWN_SCHEMA));
  }

  @Test
  void shouldCallRandomAndTruncatedBytesMalformed() {
    byte[] good = codec.encode(bedsChanged(10));
    byte[] truncated = Arrays.copyOf(good, good.length - 5);
    byte[] text = "{\"eventId\": \"x\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8);

    for (byte[] bad : new byte[][] {truncated, text, new byte[0], null}) {
      assertThatThrownBy(() -> codec.decode(bad))
          .isInstanceOfSatisfying(
              UndecodableRecordException.class,
              e -> assertThat(e.kind()).isEqualTo(UndecodableRecordException.Kind.MALFORMED));
    }
  }

  private static CensusEvent bedsChanged(int beds) {
    return CensusEvent.newBuilder()
        .setEnvelope(
            Envelope.newBuilder()
                .setEventId("ev-1")
                .setEventTime(SEVEN_O_CLOCK)
                .setSourceSystem("bed-system")
                .setRegionCode("R1")
                .setHospitalCode("H1")
                .setUnitCode("U1")
                .build())
        .setChange(AvailableBedsChanged.newBuilder().setAvailableBeds(beds).build())
        .build();
  }
}
