-- Deviation reports (avvikelser) and lex Maria, written by the deviation job. Definitions:
-- docs/indicators.md (deviations). Idempotency as for the census: a deterministic key (the
-- ORDER BY) and a version that grows with every event folded in; read through the v_* views.

-- One row per case: what its lifecycle events add up to so far.
CREATE TABLE IF NOT EXISTS sakervard.deviation_cases
(
    case_ref                  String COMMENT 'Pseudonymous case reference',
    region_code               LowCardinality(String),
    hospital_code             LowCardinality(String),
    unit_code                 String,
    occurred_at               DateTime64(3, 'UTC') COMMENT 'When the deviation happened',
    reported_at               DateTime64(3, 'UTC') COMMENT 'When it was reported: the case''s start',
    category                  LowCardinality(String) COMMENT 'Latest classification, else as reported',
    deviation_type            LowCardinality(String) COMMENT 'NEGATIVE_EVENT (negativ händelse) or NEAR_MISS (tillbud)',
    consequence               UInt8 COMMENT '1-4: mindre, måttlig, betydande, katastrofal',
    likelihood                UInt8 COMMENT '1-4',
    risk_score                UInt8 COMMENT 'consequence x likelihood',
    serious_care_injury       Bool COMMENT 'Classified as allvarlig vårdskada',
    needs_event_analysis      Bool COMMENT 'risk_score >= 8 or consequence >= 3 (deviations.event-analysis.*)',
    classified_at             Nullable(DateTime64(3, 'UTC')),
    investigation_started_at  Nullable(DateTime64(3, 'UTC')),
    event_analysis_started_at Nullable(DateTime64(3, 'UTC')) COMMENT 'First investigation that is a händelseanalys',
    event_analysis_deadline   Nullable(DateTime64(3, 'UTC')) COMMENT 'reported_at + deadline, when an analysis is needed',
    actions_decided_at        Nullable(DateTime64(3, 'UTC')),
    first_closed_at           Nullable(DateTime64(3, 'UTC')),
    closed_at                 Nullable(DateTime64(3, 'UTC')) COMMENT 'The close that stands; NULL while open (also after a reopening)',
    reopenings                UInt16,
    lex_maria_filed_at        Nullable(DateTime64(3, 'UTC')) COMMENT 'Report to IVO',
    complaint_received_at     Nullable(DateTime64(3, 'UTC')) COMMENT 'Klagomål',
    complaint_answered_at     Nullable(DateTime64(3, 'UTC')),
    version                   UInt64 COMMENT 'Events folded in; the highest version of a case wins',
    inserted_at               DateTime64(3, 'UTC') DEFAULT now64(3)
)
ENGINE = ReplacingMergeTree(version)
PARTITION BY toYYYYMM(reported_at)
ORDER BY (region_code, hospital_code, unit_code, reported_at, case_ref)
COMMENT 'Deviation cases as their lifecycle events add up; one row per case after deduplication';

-- A case closed as entered in error (felregistrerad) is in no figure; its row says so. Existing
-- deployments get the column here (idempotent).
ALTER TABLE sakervard.deviation_cases
    ADD COLUMN IF NOT EXISTS entered_in_error Bool DEFAULT false
    COMMENT 'Closed as entered in error: counted in no figure, left out of v_deviation_cases';

-- Per place and local month: the cohort of cases reported in the month, lex Maria filings in the
-- month and complaints received in the month. Durations are exact nearest-rank percentiles.
CREATE TABLE IF NOT EXISTS sakervard.deviation_monthly
(
    level                          LowCardinality(String) COMMENT 'UNIT, HOSPITAL or REGION',
    region_code                    LowCardinality(String),
    hospital_code                  LowCardinality(String) COMMENT 'Empty at region level',
    unit_code                      String COMMENT 'Empty above unit level',
    month                          Date COMMENT 'First day of the local (Europe/Stockholm) month',
    reported                       UInt32 COMMENT 'Cases reported in the month (the cohort)',
    negative_events                UInt32 COMMENT 'Of them negativ händelse',
    near_misses                    UInt32 COMMENT 'Of them tillbud',
    serious_care_injuries          UInt32 COMMENT 'Of them classified allvarlig vårdskada',
    open_cases                     UInt32 COMMENT 'Of them open now',
    closed_within_30_days          UInt32 COMMENT 'Of them closed (the close that stands) within 30 days of the report',
    closed_within_60_days          UInt32,
    closed_within_90_days          UInt32,
    reporting_delay_median_hours   Nullable(Float64) COMMENT 'reported - occurred, median over the cohort',
    reporting_delay_p90_hours      Nullable(Float64),
    handling_time_median_days      Nullable(Float64) COMMENT 'closed - reported, median over the cohort''s closed cases',
    handling_time_p90_days         Nullable(Float64),
    needs_event_analysis           UInt32 COMMENT 'Cohort cases with risk >= 8 or consequence >= 3',
    event_analysis_in_time         UInt32 COMMENT 'Of them with an event analysis started by the deadline (more: the columns after inserted_at)',
    lex_maria_filed                UInt32 COMMENT 'Lex Maria reports filed in the month',
    lex_maria_lead_time_median_days Nullable(Float64) COMMENT 'filed - occurred, median over the month''s filings',
    complaints_received            UInt32 COMMENT 'Complaints (klagomål) received in the month',
    complaints_answered_within_30_days UInt32,
    is_final                       Bool COMMENT 'All cohort cases closed and no event-analysis deadline ahead, or 90 days since the month ended',
    version                        UInt64,
    inserted_at                    DateTime64(3, 'UTC') DEFAULT now64(3),
    as_of                          Nullable(DateTime64(3, 'UTC')) COMMENT 'The event time the figures are as of: the newest event folded in, or a deadline or the 90 days passed since; NULL in rows written before the column existed',
    event_analysis_started_late    Nullable(UInt32) COMMENT 'Cohort cases needing an event analysis that started it after the deadline; NULL where not known (rows written before the column existed, months tallied by a job before it)',
    event_analysis_overdue         Nullable(UInt32) COMMENT 'Cohort cases needing an event analysis not started, the deadline passed before as_of; NULL where not known (rows written before the column existed, months tallied by a job before it)',
    event_analysis_not_yet_due     Nullable(UInt32) COMMENT 'Cohort cases needing an event analysis not started, the deadline not passed at as_of; NULL where not known (rows written before the column existed, months tallied by a job before it)'
)
ENGINE = ReplacingMergeTree(version)
ORDER BY (level, region_code, hospital_code, unit_code, month)
COMMENT 'Deviation figures per place and month; one row per key after deduplication';

-- A table created before the figures' as-of instant and the event analyses' split were kept gets
-- the columns; new ones have them already. in time + started late + overdue + not yet due =
-- needs_event_analysis; rows written before read NULL until the job writes them again.
ALTER TABLE sakervard.deviation_monthly
    ADD COLUMN IF NOT EXISTS as_of Nullable(DateTime64(3, 'UTC'))
    COMMENT 'The event time the figures are as of: the newest event folded in, or a deadline or the 90 days passed since; NULL in rows written before the column existed',
    ADD COLUMN IF NOT EXISTS event_analysis_started_late Nullable(UInt32)
    COMMENT 'Cohort cases needing an event analysis that started it after the deadline; NULL where not known (rows written before the column existed, months tallied by a job before it)',
    ADD COLUMN IF NOT EXISTS event_analysis_overdue Nullable(UInt32)
    COMMENT 'Cohort cases needing an event analysis not started, the deadline passed before as_of; NULL where not known (rows written before the column existed, months tallied by a job before it)',
    ADD COLUMN IF NOT EXISTS event_analysis_not_yet_due Nullable(UInt32)
    COMMENT 'Cohort cases needing an event analysis not started, the deadline not passed at as_of; NULL where not known (rows written before the column existed, months tallied by a job before it)';

-- The open backlog per place now: cases open from their report until the close that stands, and
-- how many of them were reported more than 30, 60 and 90 days before as_of. It ages without new
-- events: the job re-emits it when an open case turns 30, 60 or 90 days old.
CREATE TABLE IF NOT EXISTS sakervard.deviation_backlog
(
    level              LowCardinality(String) COMMENT 'UNIT, HOSPITAL or REGION',
    region_code        LowCardinality(String),
    hospital_code      LowCardinality(String) COMMENT 'Empty at region level',
    unit_code          String COMMENT 'Empty above unit level',
    as_of              DateTime64(3, 'UTC') COMMENT 'The event time the figures are at',
    open_cases         UInt32,
    open_over_30_days  UInt32,
    open_over_60_days  UInt32,
    open_over_90_days  UInt32,
    open_serious_care_injuries UInt32 COMMENT 'Open cases classified allvarlig vårdskada',
    version            UInt64,
    inserted_at        DateTime64(3, 'UTC') DEFAULT now64(3)
)
ENGINE = ReplacingMergeTree(version)
ORDER BY (level, region_code, hospital_code, unit_code)
COMMENT 'Open deviation backlog per place, now; one row per place after deduplication';

-- The open backlog per place at the end of each local month, exact in event time: every event
-- before the month's end counts (a case closed after it was open at it), none after it; ages and
-- the classification as they were then. Written once event time passed the month's end, from the
-- place's first report on; a late event rewrites the month ends it changes (a higher version) while
-- it is within the allowed lateness (deviations.allowed-lateness).
CREATE TABLE IF NOT EXISTS sakervard.deviation_backlog_month_end
(
    level              LowCardinality(String) COMMENT 'UNIT, HOSPITAL or REGION',
    region_code        LowCardinality(String),
    hospital_code      LowCardinality(String) COMMENT 'Empty at region level',
    unit_code          String COMMENT 'Empty above unit level',
    month              Date COMMENT 'First day of the local (Europe/Stockholm) month at whose end the backlog is counted',
    month_end          DateTime64(3, 'UTC') COMMENT 'The instant the month ends: local midnight starting the next month',
    open_cases         UInt32 COMMENT 'Cases reported and not closed at month_end',
    open_over_30_days  UInt32 COMMENT 'Of them reported more than 30 days before month_end',
    open_over_60_days  UInt32,
    open_over_90_days  UInt32,
    open_serious_care_injuries UInt32 COMMENT 'Of them classified allvarlig vårdskada before month_end',
    version            UInt64 COMMENT 'Times the row was written: a late event''s correction has a higher one',
    inserted_at        DateTime64(3, 'UTC') DEFAULT now64(3)
)
ENGINE = ReplacingMergeTree(version)
PARTITION BY toYear(month)
ORDER BY (level, region_code, hospital_code, unit_code, month)
COMMENT 'Open deviation backlog per place at each local month end; one row per place and month after deduplication';

-- Reported cases per place, local day of report and current classification (a reclassified case
-- moves to its new classification, on the day of its report).
CREATE TABLE IF NOT EXISTS sakervard.deviation_daily
(
    level           LowCardinality(String) COMMENT 'UNIT, HOSPITAL or REGION',
    region_code     LowCardinality(String),
    hospital_code   LowCardinality(String) COMMENT 'Empty at region level',
    unit_code       String COMMENT 'Empty above unit level',
    day             Date COMMENT 'Local (Europe/Stockholm) day of the report',
    category        LowCardinality(String) COMMENT 'Latest classification, else as reported',
    deviation_type  LowCardinality(String) COMMENT 'NEGATIVE_EVENT (negativ händelse) or NEAR_MISS (tillbud)',
    consequence     UInt8 COMMENT 'Severity: consequence 1-4 (mindre, måttlig, betydande, katastrofal)',
    reported        UInt32 COMMENT 'Cases reported that day with this classification now',
    version         UInt64,
    inserted_at     DateTime64(3, 'UTC') DEFAULT now64(3)
)
ENGINE = ReplacingMergeTree(version)
PARTITION BY toYYYYMM(day)
ORDER BY (level, region_code, hospital_code, unit_code, day, category, deviation_type, consequence)
COMMENT 'Reported deviation cases per place, day and classification; one row per key after deduplication';

-- Per place and local day: cases reported that day, in the 12 months ending with the day (elapsed
-- time ending at the next local midnight) and in the 12 months before those.
CREATE TABLE IF NOT EXISTS sakervard.deviation_reported_rolling
(
    level                       LowCardinality(String) COMMENT 'UNIT, HOSPITAL or REGION',
    region_code                 LowCardinality(String),
    hospital_code               LowCardinality(String) COMMENT 'Empty at region level',
    unit_code                   String COMMENT 'Empty above unit level',
    day                         Date COMMENT 'Local (Europe/Stockholm) day the 12 months end with',
    reported_on_day             UInt32,
    reported_last_12_months     UInt32 COMMENT 'Reports from the same local time 12 months before the day''s end',
    reported_previous_12_months UInt32 COMMENT 'Reports in the 12 months before those',
    version                     UInt64,
    inserted_at                 DateTime64(3, 'UTC') DEFAULT now64(3)
)
ENGINE = ReplacingMergeTree(version)
PARTITION BY toYear(day)
ORDER BY (level, region_code, hospital_code, unit_code, day)
COMMENT 'Reported deviation cases per place and day, rolling 12 months and the 12 months before; one row per key after deduplication';
