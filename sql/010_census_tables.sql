-- Bed census (vårdplatser), written by the census job. Definitions:
-- docs/indicators.md (bed census).
--
-- Idempotency: every row has a deterministic key (the ORDER BY) and a version that grows with
-- every input event folded into it. ReplacingMergeTree keeps the highest version per key, so a
-- replay or a restart that writes a row again never double-counts. Read through the v_* views,
-- which deduplicate with FINAL.

-- The state after the newest event, per unit, hospital and region.
CREATE TABLE IF NOT EXISTS sakervard.census_current
(
    level          LowCardinality(String) COMMENT 'UNIT, HOSPITAL or REGION',
    region_code    LowCardinality(String),
    hospital_code  LowCardinality(String) COMMENT 'Empty at region level',
    unit_code      String COMMENT 'Empty above unit level',
    care_type      LowCardinality(String) COMMENT 'SOMATIC or PSYCHIATRIC: reported separately',
    technical_unit Bool COMMENT 'Intensive care, delivery, post-op; left out of rollups by default',
    as_of          DateTime64(3, 'UTC') COMMENT 'Event time of the newest event folded in',
    occupied       Float64 COMMENT 'Admitted patients lying on the unit(s)',
    outlying       Float64 COMMENT 'Of them, patients whose responsible unit is another (utlokaliserade)',
    available      Nullable(Float64) COMMENT 'Available (staffed) beds; NULL while unknown',
    overcrowded    Nullable(Float64) COMMENT 'Sum over units of max(0, occupied - available) (överbeläggningar)',
    units          UInt32 COMMENT 'Units with known beds behind the figures',
    version        UInt64 COMMENT 'Input events folded in; the highest version of a key wins',
    inserted_at    DateTime64(3, 'UTC') DEFAULT now64(3) COMMENT 'When ClickHouse received the row'
)
ENGINE = ReplacingMergeTree(version)
ORDER BY (level, region_code, hospital_code, unit_code, care_type)
COMMENT 'Current census per place; one row per key after deduplication';

-- Closed periods: hours, local days and the daily 06:00 snapshot. A unit's hour is written only when
-- its place or figures differ from the hour before; v_census_hourly fills in the others.
CREATE TABLE IF NOT EXISTS sakervard.census_figures
(
    period_kind    LowCardinality(String) COMMENT 'HOUR (a unit''s only when it differs from the hour before: read v_census_hourly), DAY, DAILY_SNAPSHOT, or HOURS_END (a unit''s hours under this place end here); ROLLING_24H in rows of earlier versions',
    level          LowCardinality(String) COMMENT 'UNIT, HOSPITAL or REGION',
    region_code    LowCardinality(String),
    hospital_code  LowCardinality(String) COMMENT 'Empty at region level',
    unit_code      String COMMENT 'Empty above unit level',
    care_type      LowCardinality(String),
    technical_unit Bool,
    period_start   DateTime64(3, 'UTC') COMMENT 'Hours are keyed by the instant they start',
    period_end     DateTime64(3, 'UTC') COMMENT 'Exclusive; equal to period_start for snapshots',
    occupied       Float64 COMMENT 'Count at a snapshot; time-weighted mean over an interval',
    outlying       Float64,
    available      Nullable(Float64) COMMENT 'Mean over the part of the period with known beds / period length',
    overcrowded    Nullable(Float64),
    patient_days   Nullable(Float64) COMMENT 'DAY rows: integral of occupied beds over the local day, in days (vårddagar)',
    units          UInt32,
    version        UInt64,
    inserted_at    DateTime64(3, 'UTC') DEFAULT now64(3)
)
ENGINE = ReplacingMergeTree(version)
PARTITION BY toYYYYMM(period_start)
ORDER BY (period_kind, level, region_code, hospital_code, unit_code, care_type, period_start)
COMMENT 'Census figures per place and closed period; one row per key after deduplication';
