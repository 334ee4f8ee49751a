package se.sakervard.core.config;

import static org.apache.flink.configuration.ConfigOptions.key;

import java.time.Duration;
import java.util.List;
import org.apache.flink.configuration.ConfigOption;

/**
 * Every setting of the jobs, with its default. Given as {@code --key value} arguments or in a
 * properties file named by {@code --config}; the ClickHouse password only from the environment
 * variable {@code CLICKHOUSE_PASSWORD}.
 */
public final class PipelineOptions {
  private PipelineOptions() {}

  public static final ConfigOption<String> KAFKA_BOOTSTRAP_SERVERS =
      key("kafka.bootstrap-servers").stringType().noDefaultValue().withDescription("host:port,...");

  public static final ConfigOption<String> KAFKA_GROUP_ID_PREFIX =
      key("kafka.group-id-prefix")
          .stringType()
          .defaultValue("sakervard")
          .withDescription("Each job's consumer group is <prefix>-<job>, e.g. sakervard-census.");

  public static final ConfigOption<Boolean> KAFKA_BOUNDED =
      key("kafka.bounded")
          .booleanType()
          .defaultValue(false)
          .withDescription(
              "Read from the earliest offsets up to those latest at start, then finish"
                  + " (tests, benchmarks, backfills).");

  public static final ConfigOption<String> TOPIC_CENSUS =
      key("topic.census").stringType().defaultValue("census-events");

  public static final ConfigOption<String> TOPIC_DEVIATIONS =
      key("topic.deviations").stringType().defaultValue("deviation-events");

  public static final ConfigOption<String> TOPIC_INFECTIONS =
      key("topic.infections").stringType().defaultValue("infection-observations");

  public static final ConfigOption<String> TOPIC_INFECTION_CLUSTERS =
      key("topic.infection-clusters").stringType().defaultValue("infection-clusters");

  public static final ConfigOption<String> TOPIC_ALERT_ACTIONS =
      key("topic.alert-actions").stringType().defaultValue("alert-actions");

  public static final ConfigOption<String> TOPIC_INDICATORS =
      key("topic.indicators")
          .stringType()
          .defaultValue("indicators")
          .withDescription("Indicator values of closed periods (hours, days, months, rolling).");

  public static final ConfigOption<String> TOPIC_CURRENT_INDICATORS =
      key("topic.current-indicators")
          .stringType()
          .defaultValue("current-indicators")
          .withDescription(
              "Indicator values of period CURRENT, one per change: alerting reads them. Apart"
                  + " from topic.indicators because they are most of the values and only"
                  + " alerting needs them.");

  public static final ConfigOption<String> TOPIC_UNITS =
      key("topic.units")
          .stringType()
          .defaultValue("unit-reference")
          .withDescription(
              "The compacted topic of unit reference data (UnitReference records) that every job"
                  + " places its events by.");

  public static final ConfigOption<Duration> UNKNOWN_UNIT_WAIT =
      key("units.unknown-unit-wait")
          .durationType()
          .defaultValue(Duration.ofHours(2))
          .withDescription(
              "An event of a unit the reference data does not have at its time is held this long"
                  + " (event time), then dead-lettered; never longer than the job's allowed"
                  + " lateness, so that an event released by a late reference record still"
                  + " counts.");

  public static final ConfigOption<String> TOPIC_DEAD_LETTERS =
      key("topic.dead-letters").stringType().defaultValue("dead-letters");

  public static final ConfigOption<String> TOPIC_HL7_RAW =
      key("topic.hl7-raw")
          .stringType()
          .defaultValue("hl7-adt-raw")
          .withDescription(
              "HL7 v2 ADT messages as the MLLP listener received them (ER7 text, key = the"
                  + " visit's stay reference); sensitive: they hold identity numbers.");

  public static final ConfigOption<String> HL7_HOST =
      key("feeds.hl7.host")
          .stringType()
          .defaultValue("127.0.0.1")
          .withDescription("The address the MLLP listener binds to (0.0.0.0 for every interface).");

  public static final ConfigOption<Integer> HL7_PORT =
      key("feeds.hl7.port").intType().defaultValue(2575).withDescription("The MLLP port.");

  public static final ConfigOption<String> HL7_LOCATION_MAP =
      key("feeds.hl7.location-map")
          .stringType()
          .defaultValue("")
          .withDescription(
              "The properties file mapping HL7 locations and services to unit codes"
                  + " (docs/hospital-feeds.md); the HL7 listener and feed job need it.");

  public static final ConfigOption<String> HL7_TLS_KEYSTORE =
      key("feeds.hl7.tls.keystore")
          .stringType()
          .defaultValue("")
          .withDescription(
              "A PKCS12 keystore with the listener's key and certificate: MLLP over TLS (its"
                  + " password in SAKERVARD_HL7_KEYSTORE_PASSWORD). Empty: plain MLLP.");

  public static final ConfigOption<String> HL7_TLS_TRUSTSTORE =
      key("feeds.hl7.tls.truststore")
          .stringType()
          .defaultValue("")
          .withDescription(
              "A PKCS12 truststore of the certificates senders must present (mutual TLS; its"
                  + " password in SAKERVARD_HL7_TRUSTSTORE_PASSWORD). Empty: any sender may"
                  + " connect.");

  public static final ConfigOption<String> TOPIC_FHIR_RAW =
      key("topic.fhir-raw")
          .stringType()
          .defaultValue("fhir-encounter-raw")
          .withDescription(
              "FHIR R4 Encounter resources as JSON, one per record, key = the Encounter's id, as"
                  + " an integration engine or a subscription relay publishes them; sensitive.");

  public static final ConfigOption<String> FHIR_LOCATION_MAP =
      key("feeds.fhir.location-map")
          .stringType()
          .defaultValue("")
          .withDescription(
              "The properties file mapping FHIR Location ids and service codes to unit codes"
                  + " (docs/hospital-feeds.md); the FHIR feed job needs it.");

  public static final ConfigOption<String> CLICKHOUSE_JDBC_URL =
      key("clickhouse.jdbc-url")
          .stringType()
          .noDefaultValue()
          .withDescription(
              "e.g. jdbc:clickhouse://host:8123/sakervard?compress=false"
                  + "&clickhouse_setting_async_insert=0");

  public static final ConfigOption<String> CLICKHOUSE_USER =
      key("clickhouse.user").stringType().defaultValue("default");

  public static final ConfigOption<String> CLICKHOUSE_PASSWORD_FILE =
      key("clickhouse.password-file")
          .stringType()
          .defaultValue("")
          .withDescription(
              "A file holding the ClickHouse password (a mounted secret); unset: the"
                  + " CLICKHOUSE_PASSWORD environment variable, else no password.");

  public static final ConfigOption<Integer> CLICKHOUSE_BATCH_SIZE =
      key("clickhouse.batch-size")
          .intType()
          .defaultValue(10_000)
          .withDescription(
              "Rows per INSERT at most. ClickHouse makes a part of every INSERT and merges them in"
                  + " the background: a replay or catch-up writes fewer, larger parts.");

  public static final ConfigOption<Duration> CLICKHOUSE_BATCH_INTERVAL =
      key("clickhouse.batch-interval")
          .durationType()
          .defaultValue(Duration.ofMillis(500))
          .withDescription("A live dashboard needs a time-based flush, not only a full batch.");

  public static final ConfigOption<Integer> CLICKHOUSE_MAX_RETRIES =
      key("clickhouse.max-retries").intType().defaultValue(5);

  public static final ConfigOption<Duration> MAX_OUT_OF_ORDERNESS =
      key("events.max-out-of-orderness")
          .durationType()
          .defaultValue(Duration.ofMinutes(5))
          .withDescription("How far behind the newest event time the watermark trails.");

  public static final ConfigOption<Duration> ALLOWED_LATENESS =
      key("events.allowed-lateness")
          .durationType()
          .defaultValue(Duration.ofHours(2))
          .withDescription(
              "Events behind the watermark by at most this still correct the figures they touch;"
                  + " later ones go to the dead-letter topic.");

  public static final ConfigOption<Duration> MAX_FUTURE_SKEW =
      key("events.max-future-skew")
          .durationType()
          .defaultValue(Duration.ofDays(1))
          .withDescription(
              "An event time further ahead of the wall clock than this is invalid: it would drag"
                  + " the watermark into the future and make every real event late.");

  public static final ConfigOption<Duration> IDLE_TIMEOUT =
      key("events.idle-timeout").durationType().defaultValue(Duration.ofMinutes(1));

  public static final ConfigOption<String> END_OF_INPUT =
      key("events.end-of-input")
          .stringType()
          .defaultValue("")
          .withDescription(
              "For a bounded run or a backfill: the instant (ISO-8601, e.g. 2026-02-01T00:00:00Z)"
                  + " where the input's time ends. When the input is exhausted, event time moves"
                  + " to it, so every period ending by then closes (the last local day, the last"
                  + " month). Unset: a bounded run closes only what its last event's watermark"
                  + " closed.");

  /** The {@link #END_OF_INPUT} instant, or null when unset. */
  public static java.time.Instant endOfInput(PipelineSettings settings) {
    String value = settings.get(END_OF_INPUT);
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return java.time.Instant.parse(value.strip());
    } catch (java.time.format.DateTimeParseException e) {
      throw new IllegalArgumentException(
          END_OF_INPUT.key()
              + " must be an ISO-8601 instant such as 2026-02-01T00:00:00Z; was '"
              + value
              + "'",
          e);
    }
  }

  /**
   * How long a job holds an event of a unit unknown to the reference data: {@link
   * #UNKNOWN_UNIT_WAIT}, but never longer than the job's {@code allowedLateness}.
   */
  public static Duration unknownUnitWait(PipelineSettings settings, Duration allowedLateness) {
    Duration wait = settings.get(UNKNOWN_UNIT_WAIT);
    return wait.compareTo(allowedLateness) < 0 ? wait : allowedLateness;
  }

  public static final ConfigOption<String> ZONE =
      key("census.zone").stringType().defaultValue("Europe/Stockholm");

  public static final ConfigOption<String> SNAPSHOT_TIME =
      key("census.snapshot-time")
          .stringType()
          .defaultValue("06:00")
          .withDescription("Local time of the official daily census snapshot.");

  public static final ConfigOption<Boolean> EXCLUDE_TECHNICAL_UNITS =
      key("census.exclude-technical-units")
          .booleanType()
          .defaultValue(true)
          .withDescription(
              "Leave intensive care, delivery and post-op units out of hospital and region bed"
                  + " figures, as regional practice does.");

  public static final ConfigOption<Boolean> WRITE_UNCHANGED_HOURS =
      key("census.write-unchanged-hours")
          .booleanType()
          .defaultValue(false)
          .withDescription(
              "Also write a unit's hour to census_figures when its figures equal the hour before."
                  + " The census views fill such hours in either way (docs/sql.md); writing them"
                  + " makes about twice the rows.");

  public static final ConfigOption<Duration> STAY_RETENTION =
      key("census.stay-retention")
          .durationType()
          .defaultValue(Duration.ofDays(400))
          .withDescription("Forget a stay that has had no event for this long (never discharged).");

  public static final ConfigOption<Duration> DEVIATIONS_ALLOWED_LATENESS =
      key("deviations.allowed-lateness")
          .durationType()
          .defaultValue(Duration.ofDays(400))
          .withDescription(
              "A deviation event (e.g. a report that arrives after its case was closed) corrects"
                  + " the case and its figures while it is at most this far behind the watermark;"
                  + " over a year, so a late report still corrects the rolling 12 months.");

  public static final ConfigOption<Duration> DEVIATIONS_CASE_RETENTION =
      key("deviations.case-retention")
          .durationType()
          .defaultValue(Duration.ofDays(730))
          .withDescription(
              "A case is forgotten when it has had no event for this long (cases stay open up to"
                  + " two years); lifecycle events of a case never reported are dead-lettered then.");

  public static final ConfigOption<Integer> DEVIATIONS_ANALYSIS_RISK_SCORE =
      key("deviations.event-analysis.risk-score")
          .intType()
          .defaultValue(8)
          .withDescription(
              "Consequence x likelihood at or above which a case needs an event analysis.");

  public static final ConfigOption<Integer> DEVIATIONS_ANALYSIS_CONSEQUENCE =
      key("deviations.event-analysis.consequence")
          .intType()
          .defaultValue(3)
          .withDescription("Consequence (1-4) at or above which a case needs an event analysis.");

  public static final ConfigOption<Duration> DEVIATIONS_ANALYSIS_DEADLINE =
      key("deviations.event-analysis.deadline")
          .durationType()
          .defaultValue(Duration.ofDays(14))
          .withDescription("An event analysis must start within this time of the report.");

  public static final ConfigOption<Duration> INFECTIONS_ALLOWED_LATENESS =
      key("infections.allowed-lateness")
          .durationType()
          .defaultValue(Duration.ofDays(30))
          .withDescription(
              "An infection observation up to this far behind the watermark still corrects the"
                  + " figures (hygiene audits and surveys are often entered days later).");

  public static final ConfigOption<Duration> INFECTIONS_MAX_ONSET_LAG =
      key("infections.max-onset-lag")
          .durationType()
          .defaultValue(Duration.ofDays(30))
          .withDescription(
              "A case whose onset is longer than this before its confirmation is invalid.");

  public static final ConfigOption<Duration> INFECTIONS_CLUSTER_WINDOW =
      key("infections.cluster-window")
          .durationType()
          .defaultValue(Duration.ofDays(14))
          .withDescription("Cases of one pathogen on one unit this close by onset form a cluster.");

  public static final ConfigOption<Duration> INFECTIONS_CLUSTER_WINDOW_NOROVIRUS =
      key("infections.cluster-window-norovirus")
          .durationType()
          .defaultValue(Duration.ofHours(72))
          .withDescription("The cluster window of calici- and noroviruses.");

  public static final ConfigOption<String> INFECTIONS_CLUSTER_RULE =
      key("infections.cluster-rule")
          .stringType()
          .defaultValue("baseline")
          .withDescription(
              "baseline: a run of cases is a cluster once it holds more cases than the unit's own"
                  + " rate of the pathogen makes likely (docs/indicators.md); plain: any two cases"
                  + " within the window.");

  public static final ConfigOption<Double> INFECTIONS_CLUSTER_ALPHA =
      key("infections.cluster-alpha")
          .doubleType()
          .defaultValue(0.01)
          .withDescription(
              "The baseline rule's largest chance probability of a run's count that still flags"
                  + " it.");

  public static final ConfigOption<Double> INFECTIONS_CLUSTER_PRIOR_PER_YEAR =
      key("infections.cluster-prior-per-year")
          .doubleType()
          .defaultValue(5.0)
          .withDescription(
              "The baseline rule's rate of a pathogen on a unit (cases a year) for the part of the"
                  + " baseline year not yet observed.");

  public static final ConfigOption<String> ALERTING_LEVEL_THRESHOLDS =
      key("alerting.level-thresholds")
          .stringType()
          .defaultValue("")
          .withDescription(
              "A properties file of level.* thresholds for the here-and-now level; empty: the"
                  + " documented defaults.");

  public static final ConfigOption<String> ALERTING_RULES =
      key("alerting.rules")
          .stringType()
          .defaultValue("")
          .withDescription(
              "A properties file of alert rules (rule.<name>.<field>); empty: the shipped"
                  + " defaults.");

  public static final ConfigOption<String> ALERTING_WEBHOOK_URL =
      key("alerting.webhook-url")
          .stringType()
          .defaultValue("")
          .withDescription(
              "Where pages are POSTed (the paging system's webhook); empty: no pages are sent,"
                  + " the audit trail still records every alert.");

  public static final ConfigOption<Duration> ALERTING_GROUP_WAIT =
      key("alerting.group-wait")
          .durationType()
          .defaultValue(Duration.ofSeconds(30))
          .withDescription(
              "A hospital's critical notifications within this event time of its first go out as"
                  + " one page.");

  public static final ConfigOption<Duration> ALERTING_ACKNOWLEDGE_WITHIN =
      key("alerting.acknowledge-within")
          .durationType()
          .defaultValue(Duration.ofMinutes(15))
          .withDescription(
              "A critical alert not acknowledged within this event time escalates to the next"
                  + " on-call level (and again after each further period).");

  public static final ConfigOption<Integer> ALERTING_ESCALATION_LEVELS =
      key("alerting.escalation-levels")
          .intType()
          .defaultValue(1)
          .withDescription("How many on-call levels above the primary contact an alert escalates.");

  public static final ConfigOption<Duration> ALERTING_REPEAT_INTERVAL =
      key("alerting.repeat-interval")
          .durationType()
          .defaultValue(Duration.ofHours(4))
          .withDescription("An unacknowledged firing alert is notified again after this long.");

  public static final ConfigOption<Integer> ALERTING_MAX_REMINDERS =
      key("alerting.max-reminders")
          .intType()
          .defaultValue(3)
          .withDescription(
              "At most this many reminders per alert; then it stays on the board and in the"
                  + " digest.");

  public static final ConfigOption<String> ALERTING_ROSTER =
      key("alerting.roster")
          .stringType()
          .defaultValue("")
          .withDescription(
              "A properties file of the on-call roster (oncall.<hospital|default>.<level>); empty:"
                  + " the shipped example.");

  public static final ConfigOption<String> ALERTING_SMTP =
      key("alerting.smtp")
          .stringType()
          .defaultValue("")
          .withDescription(
              "The SMTP server of the digest, host:port or user@host:port (password from"
                  + " SMTP_PASSWORD); empty: no digest is mailed.");

  public static final ConfigOption<String> ALERTING_DIGEST_TO =
      key("alerting.digest-to")
          .stringType()
          .defaultValue("")
          .withDescription("Who gets the digest of warnings (comma-separated addresses).");

  public static final ConfigOption<String> ALERTING_DIGEST_FROM =
      key("alerting.digest-from")
          .stringType()
          .defaultValue("sakervard@localhost")
          .withDescription("The digest's sender address.");

  public static final ConfigOption<String> ALERTING_DIGEST_TIME =
      key("alerting.digest-time")
          .stringType()
          .defaultValue("07:00")
          .withDescription("The local time of day the digest of warnings goes out.");

  public static final ConfigOption<String> ALERTING_PLACE_NAMES =
      key("alerting.place-names")
          .stringType()
          .defaultValue("")
          .withDescription(
              "A properties file of place names (code = name) that pages show beside the codes;"
                  + " empty: codes only.");

  public static final ConfigOption<String> ALERTING_BOARD_URL =
      key("alerting.board-url")
          .stringType()
          .defaultValue("")
          .withDescription(
              "The here-and-now board's address as the on-call physician reaches it; every page"
                  + " links to its hospital there. Empty: no link.");

  public static final ConfigOption<Duration> CHECKPOINT_INTERVAL =
      key("pipeline.checkpoint-interval").durationType().defaultValue(Duration.ofSeconds(30));

  /** Every option, for validation and documentation. */
  public static final List<ConfigOption<?>> ALL =
      List.of(
          KAFKA_BOOTSTRAP_SERVERS,
          KAFKA_GROUP_ID_PREFIX,
          KAFKA_BOUNDED,
          TOPIC_CENSUS,
          TOPIC_DEVIATIONS,
          TOPIC_INFECTIONS,
          TOPIC_INFECTION_CLUSTERS,
          TOPIC_ALERT_ACTIONS,
          TOPIC_INDICATORS,
          TOPIC_CURRENT_INDICATORS,
          TOPIC_UNITS,
          TOPIC_HL7_RAW,
          HL7_HOST,
          HL7_PORT,
          HL7_LOCATION_MAP,
          HL7_TLS_KEYSTORE,
          HL7_TLS_TRUSTSTORE,
          TOPIC_FHIR_RAW,
          FHIR_LOCATION_MAP,
          TOPIC_DEAD_LETTERS,
          UNKNOWN_UNIT_WAIT,
          CLICKHOUSE_JDBC_URL,
          CLICKHOUSE_USER,
          CLICKHOUSE_PASSWORD_FILE,
          CLICKHOUSE_BATCH_SIZE,
          CLICKHOUSE_BATCH_INTERVAL,
          CLICKHOUSE_MAX_RETRIES,
          MAX_OUT_OF_ORDERNESS,
          ALLOWED_LATENESS,
          MAX_FUTURE_SKEW,
          IDLE_TIMEOUT,
          END_OF_INPUT,
          ZONE,
          SNAPSHOT_TIME,
          EXCLUDE_TECHNICAL_UNITS,
          WRITE_UNCHANGED_HOURS,
          STAY_RETENTION,
          DEVIATIONS_ALLOWED_LATENESS,
          DEVIATIONS_CASE_RETENTION,
          DEVIATIONS_ANALYSIS_RISK_SCORE,
          DEVIATIONS_ANALYSIS_CONSEQUENCE,
          DEVIATIONS_ANALYSIS_DEADLINE,
          INFECTIONS_ALLOWED_LATENESS,
          INFECTIONS_MAX_ONSET_LAG,
          INFECTIONS_CLUSTER_WINDOW,
          INFECTIONS_CLUSTER_RULE,
          INFECTIONS_CLUSTER_ALPHA,
          INFECTIONS_CLUSTER_PRIOR_PER_YEAR,
          INFECTIONS_CLUSTER_WINDOW_NOROVIRUS,
          ALERTING_LEVEL_THRESHOLDS,
          ALERTING_RULES,
          ALERTING_WEBHOOK_URL,
          ALERTING_GROUP_WAIT,
          ALERTING_ACKNOWLEDGE_WITHIN,
          ALERTING_ESCALATION_LEVELS,
          ALERTING_REPEAT_INTERVAL,
          ALERTING_MAX_REMINDERS,
          ALERTING_ROSTER,
          ALERTING_SMTP,
          ALERTING_DIGEST_TO,
          ALERTING_DIGEST_FROM,
          ALERTING_DIGEST_TIME,
          ALERTING_PLACE_NAMES,
          ALERTING_BOARD_URL,
          CHECKPOINT_INTERVAL);
}
