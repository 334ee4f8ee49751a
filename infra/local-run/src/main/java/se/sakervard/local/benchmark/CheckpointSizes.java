package se.sakervard.local.benchmark;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.JobID;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.JsonNode;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The largest completed checkpoint of the jobs sampled, and what it is made of: each operator
 * chain's share, from Flink's REST API. Tells which state a job's checkpoints are worth shrinking.
 */
final class CheckpointSizes {
  /** A completed checkpoint: its full size, and its chains' sizes, largest first. */
  record Checkpoint(long bytes, List<Share> shares) {}

  /** A chain's share, named by its first operator (the keyed one, after a shuffle). */
  record Share(String operator, long bytes) {}

  private final String restUrl;
  private final HttpClient http = HttpClient.newHttpClient();
  private final ObjectMapper json = new ObjectMapper();
  private Checkpoint largest;

  CheckpointSizes(String restUrl) {
    this.restUrl = restUrl;
  }

  /** Looks at the job's latest completed checkpoint; keeps it if it is the largest so far. */
  void sample(JobID job) {
    try {
      JsonNode completed = get("/jobs/" + job + "/checkpoints").path("latest").path("completed");
      long bytes = completed.path("state_size").asLong();
      if (!completed.has("id") || (largest != null && bytes <= largest.bytes())) {
        return;
      }
      Map<String, String> operators = new HashMap<>();
      for (JsonNode v : get("/jobs/" + job).path("vertices")) {
        operators.put(v.path("id").asText(), v.path("name").asText().split(" -> ")[0]);
      }
      List<Share> shares = new ArrayList<>();
      get("/jobs/" + job + "/checkpoints/details/" + completed.path("id").asLong())
          .path("tasks")
          .fields()
          .forEachRemaining(
              t ->
                  shares.add(
                      new Share(
                          operators.getOrDefault(t.getKey(), t.getKey()),
                          t.getValue().path("state_size").asLong())));
      shares.sort(Comparator.comparingLong(Share::bytes).reversed());
      largest = new Checkpoint(bytes, shares);
    } catch (IOException e) {
      // The job has just finished, or not started yet: the next sample looks again.
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The largest checkpoint sampled; null if none completed. */
  Checkpoint largest() {
    return largest;
  }

  private JsonNode get(String path) throws IOException, InterruptedException {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create(restUrl + path)).build(),
            HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IOException(path + ": HTTP " + response.statusCode());
    }
    return json.readTree(response.body());
  }
}
