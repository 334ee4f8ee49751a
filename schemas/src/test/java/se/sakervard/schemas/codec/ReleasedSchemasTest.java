package se.sakervard.schemas.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.apache.avro.AvroTypeException;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import se.sakervard.schemas.alerting.AlertAction;
import se.sakervard.schemas.census.Admission;
import se.sakervard.schemas.census.CensusEvent;
import se.sakervard.schemas.census.Retraction;
import se.sakervard.schemas.common.Envelope;
import se.sakervard.schemas.deviations.DeviationEvent;
import se.sakervard.schemas.infections.InfectionClusterEvent;
import se.sakervard.schemas.infections.InfectionObservation;
import se.sakervard.schemas.pipeline.DeadLetter;
import se.sakervard.schemas.pipeline.IndicatorValue;

class ReleasedSchemasTest {
  private static final ReleasedSchemas RELEASED = ReleasedSchemas.load();

  static Stream<Schema> currentSchemas() {
    return Stream.of(
        CensusEvent.getClassSchema(),
        DeviationEvent.getClassSchema(),
        InfectionObservation.getClassSchema(),
        InfectionClusterEvent.getClassSchema(),
        AlertAction.getClassSchema(),
        DeadLetter.getClassSchema(),
        IndicatorValue.getClassSchema());
  }

  @ParameterizedTest
  @MethodSource("currentSchemas")
  void shouldHaveReleasedTheSchemaTheCodeIsGeneratedFrom(Schema current) {
    List<Schema> versions = RELEASED.versionsOf(current.getFullName());

    assertThat(versions).isNotEmpty();
    assertThat(ReleasedSchemas.fingerprint(versions.get(versions.size() - 1)))
        .as("newest released %s equals the .avsc the code is generated from", current.getName())
        .isEqualTo(ReleasedSchemas.fingerprint(current));
  }

  @ParameterizedTest
  @MethodSource("currentSchemas")
  void shouldReadEveryReleasedVersionWithTheCurrentSchema(Schema current) {
    for (Schema writer : RELEASED.versionsOf(current.getFullName())) {
      assertThat(
              SchemaCompatibility.checkReaderWriterCompatibility(current, writer)
                  .getResult()
                  .getCompatibility())
          .as("current %s reads records written with %s", current.getName(), writer.getDoc())
          .isEqualTo(SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE);
    }
  }

  /**
   * A consumer still on an older version (an operator's dead-letter tool, a BI loader) keeps
   * reading what the pipeline writes now: new fields are skipped, a new enum symbol reads as the
   * enum's default. The one exception is a new kind of event in a union (a census retraction): an
   * older reader cannot know what it means, and reading it as anything else would count a cancelled
   * admission as an admission. It fails on that record alone (the next test).
   */
  @ParameterizedTest
  @MethodSource("currentSchemas")
  void shouldLetReadersOfEveryReleasedVersionReadTheCurrentSchema(Schema current) {
    for (Schema reader : RELEASED.versionsOf(current.getFullName())) {
      assertThat(
              SchemaCompatibility.checkReaderWriterCompatibility(reader, current)
                  .getResult()
                  .getIncompatibilities())
          .as("%s written now is readable with %s", current.getName(), reader.getDoc())
          .allSatisfy(
              i ->
                  assertThat(i.getType())
                      .isIn(
                          SchemaCompatibility.SchemaIncompatibilityType.MISSING_UNION_BRANCH,
                          SchemaCompatibility.SchemaIncompatibilityType.MISSING_ENUM_SYMBOLS));
    }
  }

  /**
   * A census job on version 2 reads today's admissions, and rejects a retraction (a kind it does
   * not know) with an error instead of misreading it: Avro resolves a union branch the reader lacks
   * to any of its branches of the same shape, and a retraction with a patient reference was read as
   * a discharge.
   */
  @Test
  void shouldLetAVersionTwoReaderReadAnAdmissionAndRejectARetraction() throws Exception {
    Schema v2 = RELEASED.versionsOf(CensusEvent.getClassSchema().getFullName()).get(1);
    Envelope envelope =
        new Envelope("e-1", Instant.parse("2026-03-01T10:00:00Z"), "bms", "R", "H", "U", 7L);
    CensusEvent admission = new CensusEvent(envelope, new Admission("stay-1", "patient-1", "U"));
    CensusEvent retraction = new CensusEvent(envelope, new Retraction("stay-1", "e-0"));

    GenericRecord read = readWith(v2, admission);
    assertThat(read.get("change").toString()).contains("stay-1");
    assertThatThrownBy(() -> readWith(v2, retraction)).isInstanceOf(AvroTypeException.class);
  }

  private static GenericRecord readWith(Schema reader, CensusEvent event) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(bytes, null);
    new SpecificDatumWriter<CensusEvent>(CensusEvent.getClassSchema()).write(event, encoder);
    encoder.flush();
    return new GenericDatumReader<GenericRecord>(CensusEvent.getClassSchema(), reader)
        .read(null, DecoderFactory.get().binaryDecoder(bytes.toByteArray(), null));
  }
}
