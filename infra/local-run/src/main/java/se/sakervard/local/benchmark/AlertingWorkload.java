package se.sakervard.local.benchmark;

import static se.sakervard.local.benchmark.BenchmarkReport.say;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.flink.configuration.ConfigOption;
import se.sakervard.core.config.PipelineOptions;
import se.sakervard.local.LocalPipeline;
import se.sakervard.schemas.codec.SingleObjectCodec;
import se.sakervard.schemas.codec.UndecodableRecordException;
import se.sakervard.schemas.deviations.CaseClassified;
import se.sakervard.schemas.deviations.DeviationEvent;
import se.sakervard.simulator.DeviationSimulator;

/**
 * The alerting job's benchmark: a region's deviation cases for the alert rules, pages to a webhook
 * on loopback. Its latency run times every serious care injury from its classification entering
 * Kafka to its page arriving at the webhook.
 */
final class AlertingWorkload {
  private AlertingWorkload() {}

  /**
   * The alerting job on a region's year of deviation cases (by default 10 hospitals at the
   * deviations workload's reporting rate), read straight from the deviation topic as in production:
   * every case classified as a serious care injury pages through the webhook, here a receiver in
   * this process. Latency: from the classification entering Kafka to its page arriving.
   */
  static Workload of(BenchmarkOptions options, PageReceiver receiver) {
    SimulatedPeriod period = SimulatedPeriod.endingNow(options.deviationDays());
    DeviationSimulator simulator =
        DeviationWorkload.simulator(
            options, options.alertingHospitals(), options.seed(), period, true);
    SimulatedPeriod latency = options.latencyPeriod(options.alertingLatencySpeed());
    return new Workload(
        "alerting",
        List.of(Stage.ALERTING),
        Workload.describeRegion(
                options.deviationDays(),
                "deviation cases",
                simulator.region(),
                options.alertingHospitals())
            + ", typical faults) for the alert rules, pages to a webhook on loopback",
        period,
        List.of(new Input(PipelineOptions.TOPIC_DEVIATIONS, simulator, Input.DEVIATION_DECODER)),
        // The alerting job places no events in units: it reads no unit reference data.
        null,
        List.of("alert_audit"),
        new LatencyRun(
            new WebhookPages(receiver, PipelineOptions.TOPIC_DEVIATIONS),
            latency,
            List.of(
                new Input(
                    PipelineOptions.TOPIC_DEVIATIONS,
                    DeviationWorkload.simulator(
                        options, options.alertingHospitals(), options.seed() + 1, latency, false),
                    Input.DEVIATION_DECODER)),
            null,
            options.alertingLatencySpeed()),
        Map.of(PipelineOptions.ALERTING_WEBHOOK_URL, receiver.url()));
  }

  /**
   * The pages of serious care injuries: each timed from its case's classification entering Kafka
   * (the record's timestamp) to the page arriving at the webhook (this process's clock, the same
   * machine's). Pages of the throughput run are forgotten before the latency run starts.
   */
  private record WebhookPages(PageReceiver receiver, ConfigOption<String> topicOption)
      implements LatencyProbe {

    /**
     * The alerting job's inputs without records (indicators, clusters, actions) hold event time
     * back until they count as idle ({@link LocalPipeline#IDLE_TIMEOUT}); in production they flow.
     */
    static final Duration WARM_UP = LocalPipeline.IDLE_TIMEOUT.plusSeconds(5);

    @Override
    public String table() {
      return "alert_audit";
    }

    @Override
    public void beforeRun() {
      receiver.forget();
    }

    @Override
    public String describe() {
      return "serious care injury into Kafka → its page at the webhook, after a warm-up of "
          + WARM_UP.toSeconds()
          + " s";
    }

    @Override
    public List<Long> latencies(LocalPipeline pipeline, Map<ConfigOption<String>, String> topics) {
      SingleObjectCodec<DeviationEvent> codec = SingleObjectCodec.of(DeviationEvent.class);
      Map<String, Long> classifiedAt = new HashMap<>();
      long[] lastSent = {Long.MIN_VALUE};
      Topics.readTopic(
          pipeline,
          topics.get(topicOption),
          r -> {
            lastSent[0] = Math.max(lastSent[0], r.timestamp());
            try {
              DeviationEvent e = codec.decode(r.value());
              if (e.getChange() instanceof CaseClassified c && c.getSeriousCareInjury()) {
                classifiedAt.merge(e.getCaseRef(), r.timestamp(), Math::min);
              }
            } catch (UndecodableRecordException e) {
              // the latency run sends no malformed records
            }
          });
      List<Long> latencies = new ArrayList<>();
      long warm =
          classifiedAt.values().stream().mapToLong(Long::longValue).min().orElse(0)
              + WARM_UP.toMillis();
      int paged = 0;
      long earliestUnpaged = Long.MAX_VALUE;
      for (Map.Entry<String, Long> c : classifiedAt.entrySet()) {
        Long arrived = receiver.arrival("serious-care-injury", c.getKey());
        if (arrived != null) {
          paged++;
          if (c.getValue() >= warm) {
            latencies.add(arrived - c.getValue());
          }
        } else {
          earliestUnpaged = Math.min(earliestUnpaged, c.getValue());
        }
      }
      if (paged < classifiedAt.size()) {
        // Event time trails the newest event by the out-of-orderness bound: the run's last cases
        // wait for later events that never come.
        say(
            String.format(
                Locale.ROOT,
                "      not paged: %d, the earliest classified %.1f s before the last record sent"
                    + " (event time trails the newest event by events.max-out-of-orderness)",
                classifiedAt.size() - paged,
                (lastSent[0] - earliestUnpaged) / 1000.0));
      }
      say(
          String.format(
              Locale.ROOT,
              "      %d serious care injuries classified, %d of them paged, %d alerts paged in all",
              classifiedAt.size(),
              paged,
              receiver.received().size()));
      return latencies;
    }
  }
}
