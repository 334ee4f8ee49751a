package se.sakervard.feeds;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class PseudonymsTest {
  private final Pseudonyms pseudonyms =
      new Pseudonyms("a test key of sixteen bytes or more".getBytes(StandardCharsets.UTF_8));

  @Test
  void shouldGiveTheSameReferenceForTheSameValueAndKeyOnly() {
    Pseudonyms otherKey =
        new Pseudonyms("another test key, sixteen bytes+".getBytes(StandardCharsets.UTF_8));

    assertThat(pseudonyms.of("visit", "V1")).isEqualTo(pseudonyms.of("visit", "V1"));
    assertThat(pseudonyms.of("visit", "V1")).isNotEqualTo(pseudonyms.of("visit", "V2"));
    assertThat(pseudonyms.of("visit", "V1")).isNotEqualTo(pseudonyms.of("patient", "V1"));
    assertThat(pseudonyms.of("visit", "V1")).isNotEqualTo(otherKey.of("visit", "V1"));
  }

  @Test
  void shouldGiveEveryThreadTheSameReferences() throws Exception {
    // The MLLP listener handles each message on a thread of its own: one shared Mac gave wrong
    // hashes and ArrayIndexOutOfBoundsExceptions under concurrent messages.
    int values = 2_000;
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < values; i++) {
      expected.add(pseudonyms.of("visit", "V" + i));
    }
    ExecutorService threads = Executors.newFixedThreadPool(8);
    try {
      List<Future<List<String>>> runs = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        runs.add(
            threads.submit(
                () -> {
                  List<String> got = new ArrayList<>();
                  for (int i = 0; i < values; i++) {
                    got.add(pseudonyms.of("visit", "V" + i));
                  }
                  return got;
                }));
      }
      for (Future<List<String>> run : runs) {
        assertThat(run.get()).containsExactlyElementsOf(expected);
      }
    } finally {
      threads.shutdown();
    }
  }
}
