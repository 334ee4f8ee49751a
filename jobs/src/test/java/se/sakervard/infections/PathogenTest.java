package se.sakervard.infections;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PathogenTest {
  private static final Duration DEFAULT = Duration.ofDays(14);
  private static final Duration FAST = Duration.ofHours(72);

  /**
   * Every calicivirus, however the lab names it, gets the 72-hour window; other organisms 14 days.
   */
  @ParameterizedTest
  @CsvSource({
    "Norovirus GII.4, 72",
    "Sapovirus, 72",
    "  SAPOVIRUS   GI.1 , 72",
    "Calicivirus, 72",
    "Clostridioides difficile, 336",
    "Staphylococcus aureus, 336"
  })
  void shouldGiveEveryCalicivirusTheShortWindow(String organism, long hours) {
    assertThat(Pathogen.of(organism, "GASTROINTESTINAL").window(DEFAULT, FAST).toHours())
        .isEqualTo(hours);
  }

  @ParameterizedTest
  @CsvSource({"GASTROINTESTINAL", "URINARY_TRACT"})
  void shouldGiveACaseWithoutAnOrganismTheDefaultWindow(String type) {
    assertThat(Pathogen.of(null, type).window(DEFAULT, FAST)).isEqualTo(DEFAULT);
  }
}
