package se.sakervard.testing;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.api.common.JobID;
import org.apache.flink.client.program.ClusterClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;

/** The Flink mini cluster the job tests run on: one TaskManager with two slots (parallelism 2). */
public final class MiniClusters {
  private MiniClusters() {}

  public static MiniClusterExtension twoSlots() {
    return slots(2);
  }

  /**
   * The state backend a job of the cluster uses, as its REST API reports it (e.g. {@code
   * EmbeddedRocksDBStateBackend}, {@code HashMapStateBackend}); waits up to 30 s while the job is
   * still being scheduled and the API says "Unknown".
   */
  public static String stateBackendOf(ClusterClient<?> cluster, JobID job) throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    HttpRequest request =
        HttpRequest.newBuilder(
                URI.create(cluster.getWebInterfaceURL() + "/jobs/" + job + "/checkpoints/config"))
            .build();
    long deadline = System.nanoTime() + 30_000_000_000L;
    String config = "";
    while (System.nanoTime() < deadline) {
      config = http.send(request, HttpResponse.BodyHandlers.ofString()).body();
      Matcher backend = Pattern.compile("\"state_backend\":\"([^\"]+)\"").matcher(config);
      if (backend.find() && !backend.group(1).equals("Unknown")) {
        return backend.group(1);
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException("No state backend in the job's configuration: " + config);
  }

  /** One TaskManager with {@code slots} slots, for a test that runs a job at that parallelism. */
  public static MiniClusterExtension slots(int slots) {
    return new MiniClusterExtension(
        new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1)
            .setNumberSlotsPerTaskManager(slots)
            .build());
  }
}
