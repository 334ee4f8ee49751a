package se.sakervard.alerting;

import java.io.IOException;
import java.io.Reader;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import se.sakervard.alerting.level.PlaceThresholds;
import se.sakervard.alerting.notify.OnCallRoster;
import se.sakervard.alerting.notify.RetryPolicy;
import se.sakervard.alerting.notify.SmtpDigestSender;
import se.sakervard.alerting.rules.AlertRule;
import se.sakervard.alerting.rules.AlertRules;
import se.sakervard.alerting.rules.AlertTiming;
import se.sakervard.core.config.PipelineOptions;
import se.sakervard.core.config.PipelineSettings;

/**
 * The alerting job's settings: the level thresholds and the rules (files, or the shipped defaults),
 * the notification timing, and event time's bounds.
 */
public record AlertingSettings(
    PlaceThresholds thresholds,
    List<AlertRule> rules,
    AlertTiming timing,
    Duration maxOutOfOrderness,
    Duration idleTimeout,
    Instant endOfInput,
    Duration maxFutureSkew,
    String webhookUrl,
    Duration groupWait,
    RetryPolicy retry,
    OnCallRoster roster,
    SmtpDigestSender digest,
    java.time.ZoneId zone,
    java.time.LocalTime digestTime,
    PlaceNames placeNames,
    String boardUrl)
    implements Serializable {

  public static AlertingSettings from(PipelineSettings config) throws IOException {
    String thresholds = config.get(PipelineOptions.ALERTING_LEVEL_THRESHOLDS);
    String rules = config.get(PipelineOptions.ALERTING_RULES);
    return new AlertingSettings(
        thresholds.isEmpty() ? PlaceThresholds.defaults() : PlaceThresholds.from(read(thresholds)),
        rules.isEmpty() ? AlertRules.defaults() : AlertRules.load(Path.of(rules)),
        new AlertTiming(
            config.get(PipelineOptions.ALERTING_ACKNOWLEDGE_WITHIN),
            config.get(PipelineOptions.ALERTING_ESCALATION_LEVELS),
            config.get(PipelineOptions.ALERTING_REPEAT_INTERVAL),
            config.get(PipelineOptions.ALERTING_MAX_REMINDERS)),
        config.get(PipelineOptions.MAX_OUT_OF_ORDERNESS),
        config.get(PipelineOptions.IDLE_TIMEOUT),
        PipelineOptions.endOfInput(config),
        config.get(PipelineOptions.MAX_FUTURE_SKEW),
        config.get(PipelineOptions.ALERTING_WEBHOOK_URL),
        config.get(PipelineOptions.ALERTING_GROUP_WAIT),
        RetryPolicy.defaults(),
        OnCallRoster.load(
            config.get(PipelineOptions.ALERTING_ROSTER),
            java.time.ZoneId.of(config.get(PipelineOptions.ZONE))),
        digestSender(
            config.get(PipelineOptions.ALERTING_SMTP),
            config.get(PipelineOptions.ALERTING_DIGEST_FROM),
            config.get(PipelineOptions.ALERTING_DIGEST_TO)),
        java.time.ZoneId.of(config.get(PipelineOptions.ZONE)),
        java.time.LocalTime.parse(config.get(PipelineOptions.ALERTING_DIGEST_TIME)),
        PlaceNames.load(config.get(PipelineOptions.ALERTING_PLACE_NAMES)),
        config.get(PipelineOptions.ALERTING_BOARD_URL));
  }

  /**
   * The defaults, sending pages to {@code webhookUrl} (empty: none) with this retry policy, and no
   * digest.
   */
  public static AlertingSettings defaults(String webhookUrl, RetryPolicy retry) throws IOException {
    return new AlertingSettings(
        PlaceThresholds.defaults(),
        AlertRules.defaults(),
        AlertTiming.defaults(),
        PipelineOptions.MAX_OUT_OF_ORDERNESS.defaultValue(),
        PipelineOptions.IDLE_TIMEOUT.defaultValue(),
        null,
        PipelineOptions.MAX_FUTURE_SKEW.defaultValue(),
        webhookUrl,
        PipelineOptions.ALERTING_GROUP_WAIT.defaultValue(),
        retry,
        OnCallRoster.load("", java.time.ZoneId.of(PipelineOptions.ZONE.defaultValue())),
        null,
        java.time.ZoneId.of(PipelineOptions.ZONE.defaultValue()),
        java.time.LocalTime.parse(PipelineOptions.ALERTING_DIGEST_TIME.defaultValue()),
        PlaceNames.none(),
        "");
  }

  /**
   * The same settings for a bounded run whose time ends at {@code end} (events.end-of-input): at
   * the end of every input, event time moves there, so the run's last figures do not depend on
   * which input ends last.
   */
  public AlertingSettings withEndOfInput(Instant end) {
    return copy(end, digest, placeNames, boardUrl);
  }

  /** The same settings, mailing the digest through this sender. */
  public AlertingSettings withDigest(SmtpDigestSender sender) {
    return copy(endOfInput, sender, placeNames, boardUrl);
  }

  /** The same settings, with names beside the codes and a link to the board in every page. */
  public AlertingSettings withPageReading(PlaceNames names, String board) {
    return copy(endOfInput, digest, names, board);
  }

  private AlertingSettings copy(
      Instant end, SmtpDigestSender sender, PlaceNames names, String board) {
    return new AlertingSettings(
        thresholds,
        rules,
        timing,
        maxOutOfOrderness,
        idleTimeout,
        end,
        maxFutureSkew,
        webhookUrl,
        groupWait,
        retry,
        roster,
        sender,
        zone,
        digestTime,
        names,
        board);
  }

  /** {@code [user@]host[:port]}, or null for an empty server: no digest. */
  static SmtpDigestSender digestSender(String server, String from, String to) {
    if (server.isEmpty()) {
      return null;
    }
    if (to.isEmpty()) {
      throw new IllegalArgumentException(
          "alerting.smtp is set but alerting.digest-to is empty: who should get the digest?");
    }
    int at = server.lastIndexOf('@');
    String user = at < 0 ? "" : server.substring(0, at);
    String hostPort = server.substring(at + 1);
    int colon = hostPort.lastIndexOf(':');
    try {
      return new SmtpDigestSender(
          colon < 0 ? hostPort : hostPort.substring(0, colon),
          colon < 0 ? 25 : Integer.parseInt(hostPort.substring(colon + 1)),
          user,
          from,
          to);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "alerting.smtp: expected [user@]host[:port], was '" + server + "'");
    }
  }

  private static Map<String, String> read(String file) throws IOException {
    Properties p = new Properties();
    try (Reader in = Files.newBufferedReader(Path.of(file), StandardCharsets.UTF_8)) {
      p.load(in);
    }
    Map<String, String> values = new HashMap<>();
    p.forEach((k, v) -> values.put(k.toString(), v.toString().trim()));
    return values;
  }
}
