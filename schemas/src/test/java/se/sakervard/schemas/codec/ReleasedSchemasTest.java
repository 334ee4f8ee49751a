package se.sakervard.schemas.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import se.sakervard.schemas.alerting.AlertAction;
import se.sakervard.schemas.census.CensusEvent;
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
   * enum's default.
   */
  @ParameterizedTest
  @MethodSource("currentSchemas")
  void shouldLetReadersOfEveryReleasedVersionReadTheCurrentSchema(Schema current) {
    for (Schema reader : RELEASED.versionsOf(current.getFullName())) {
      assertThat(
              SchemaCompatibility.checkReaderWriterCompatibility(reader, current)
                  .getResult()
                  .getCompatibility())
          .as("%s written now is readable with %s", current.getName(), reader.getDoc())
          .isEqualTo(SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE);
    }
  }
}
