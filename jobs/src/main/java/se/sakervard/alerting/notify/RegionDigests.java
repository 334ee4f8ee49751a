package se.sakervard.alerting.notify;

import jakarta.mail.MessagingException;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import se.sakervard.alerting.notify.NotificationGroups.Outgoing;
import se.sakervard.alerting.rules.AlertEvent;
import se.sakervard.alerting.rules.AlertRule;
import se.sakervard.alerting.rules.AlertStep;
import se.sakervard.alerting.rules.Urgency;

/**
 * The daily digest of a region's alerts (keyed by region code): every notification of an alert to
 * act on today ({@link Urgency#ACT_TODAY}) waits until the next digest time (local, event time) and
 * goes out in one mail with the alerts to act on still open then ({@link OpenAlert}; what is only
 * to know stays on the dashboard); each notification in it gets an audit step, DIGESTED or
 * DIGEST_FAILED with the reason. A day with open alerts and no new warning still has its digest. At
 * the end of a bounded input the waiting warnings go out.
 */
public final class RegionDigests extends KeyedProcessFunction<String, AlertStep, AlertStep> {
  private final Map<String, AlertRule> rules;
  private final SmtpDigestSender sender;
  private final ZoneId zone;
  private final LocalTime digestTime;
  private transient ListState<AlertStep> waiting;
  private transient MapState<String, OpenAlert> open;

  public RegionDigests(
      Map<String, AlertRule> rules, SmtpDigestSender sender, ZoneId zone, LocalTime digestTime) {
    this.rules = rules;
    this.sender = sender;
    this.zone = zone;
    this.digestTime = digestTime;
  }

  @Override
  public void open(OpenContext openContext) {
    waiting =
        getRuntimeContext()
            .getListState(
                new ListStateDescriptor<>("waiting", TypeInformation.of(AlertStep.class)));
    open =
        getRuntimeContext()
            .getMapState(
                new MapStateDescriptor<>(
                    "open", TypeInformation.of(String.class), TypeInformation.of(OpenAlert.class)));
  }

  @Override
  public void processElement(AlertStep step, Context ctx, Collector<AlertStep> out)
      throws Exception {
    String key = step.event().dedupKey();
    if (!key.isEmpty() && step.urgency() != Urgency.KNOW) {
      OpenAlert before = open.get(key);
      OpenAlert after = OpenAlert.after(before, step, rules.get(step.rule()));
      if (after == null) {
        open.remove(key);
      } else {
        open.put(key, after);
      }
      if (before == null && after != null) {
        ctx.timerService().registerEventTimeTimer(nextDigest(step.event().at()));
      }
    }
    if (step.urgency() != Urgency.ACT_TODAY || !step.event().asksForAction()) {
      return;
    }
    waiting.add(step);
    ctx.timerService().registerEventTimeTimer(nextDigest(step.event().at()));
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<AlertStep> out)
      throws Exception {
    boolean ended = ctx.timerService().currentWatermark() == Long.MAX_VALUE;
    List<AlertStep> due = new ArrayList<>();
    List<AlertStep> later = new ArrayList<>();
    for (AlertStep s : waiting.get()) {
      (ended || s.event().at() < timestamp ? due : later).add(s);
    }
    List<OpenAlert> openNow = new ArrayList<>();
    for (OpenAlert a : open.values()) {
      if (ended || a.since() < timestamp) {
        openNow.add(a);
      }
    }
    if (!ended && !openNow.isEmpty()) {
      ctx.timerService().registerEventTimeTimer(nextDigest(timestamp));
    }
    if (due.isEmpty() && (ended || openNow.isEmpty())) {
      return;
    }
    long at = ended ? due.stream().mapToLong(s -> s.event().at()).max().getAsLong() : timestamp;
    List<Outgoing> warnings = new ArrayList<>();
    for (AlertStep s : due) {
      warnings.add(
          new Outgoing(rules.get(s.rule()), s.place(), s.event(), s.event().at(), s.ref()));
    }
    String failure = null;
    try {
      sender.send(
          DigestMail.of(
              ctx.getCurrentKey(), Instant.ofEpochMilli(at), warnings, openNow, rules, zone));
    } catch (MessagingException e) {
      failure = "digest not sent: " + e.getMessage();
    }
    for (AlertStep s : due) {
      AlertEvent e = s.event();
      out.collect(
          new AlertStep(
              s.rule(),
              s.urgency(),
              s.place(),
              new AlertEvent(
                  at,
                  e.dedupKey(),
                  failure == null ? AlertEvent.Kind.DIGESTED : AlertEvent.Kind.DIGEST_FAILED,
                  e.sequence(),
                  e.escalation(),
                  e.value(),
                  null),
              0,
              failure == null ? "" : failure,
              s.ref()));
    }
    waiting.update(later);
  }

  /** The first digest time strictly after {@code t}. */
  long nextDigest(long t) {
    ZonedDateTime local = Instant.ofEpochMilli(t).atZone(zone);
    ZonedDateTime next = local.toLocalDate().atTime(digestTime).atZone(zone);
    if (!next.isAfter(local)) {
      next = local.toLocalDate().plusDays(1).atTime(digestTime).atZone(zone);
    }
    return next.toInstant().toEpochMilli();
  }
}
