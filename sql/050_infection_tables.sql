-- Healthcare-associated infections (VRI), hygiene compliance (PPM-BHK), point prevalence (PPM-VRI),
-- multi-resistant findings and infection clusters, written by the infection job. Definitions:
-- docs/indicators.md (infections). Idempotency as for the other families: a
-- deterministic key (the ORDER BY) and a version that grows with every correction.

-- Per place, local day and period (DAY, ROLLING_30_DAYS ending with the day, MONTH_TO_DATE): VRI
-- cases by onset day, all ('ALL') and per infection type, with the patient days of the same days
-- from the census: incidence = 1000 x cases / patient days.
CREATE TABLE IF NOT EXISTS sakervard.infection_incidence
(
    level           LowCardinality(String) COMMENT 'UNIT, HOSPITAL or REGION',
    region_code     LowCardinality(String),
    hospital_code   LowCardinality(String) COMMENT 'Empty at region level',
    unit_code       String COMMENT 'Empty above unit level',
    day             Date COMMENT 'Local (Europe/Stockholm) day the window ends with',
    period          LowCardinality(String) COMMENT 'DAY, ROLLING_30_DAYS or MONTH_TO_DATE',
    infection_type  LowCardinality(String) COMMENT 'ALL, or URINARY_TRACT, BLOODSTREAM, POSTOPERATIVE_WOUND, PNEUMONIA, CLOSTRIDIOIDES_DIFFICILE, GASTROENTERITIS, OTHER',
    cases           UInt32 COMMENT 'Confirmed VRI with onset in the window',
    patient_days    Float64 COMMENT 'Patient days (vårddagar) of the window, from the census job',
    version         UInt64,
    inserted_at     DateTime64(3, 'UTC') DEFAULT now64(3)
)
ENGINE = ReplacingMergeTree(version)
PARTITION BY toYYYYMM(day)
ORDER BY (level, region_code, hospital_code, unit_code, period, infection_type, day)
COMMENT 'VRI cases and patient days per place, day and window; one row per key after deduplication';

-- Per place, local day and window: hygiene and dress-code observations and how many were correct
-- on all 8 steps, on the 4 hygiene steps and on the 4 dress-code steps.
CREATE TABLE IF NOT EXISTS sakervard.hygiene_compliance
(
    level                LowCardinality(String),
    region_code          LowCardinality(String),
    hospital_code        LowCardinality(String),
    unit_code            String,
    day                  Date,
    period               LowCardinality(String) COMMENT 'DAY, ROLLING_30_DAYS or MONTH_TO_DATE',
    observations         UInt32 COMMENT 'Observations behind the figures',
    all_correct          UInt32 COMMENT 'Correct on all 8 steps',
    hygiene_correct      UInt32 COMMENT 'Correct on hand disinfection before and after, gloves, apron',
    dress_code_correct   UInt32 COMMENT 'Correct on short sleeves, no jewellery, nails, hair',
    all_correct_lower_percent Nullable(Float64) COMMENT '95% Wilson interval of the all-steps share, lower bound',
    all_correct_upper_percent Nullable(Float64) COMMENT 'upper bound',
    version              UInt64,
    inserted_at          DateTime64(3, 'UTC') DEFAULT now64(3)
)
ENGINE = ReplacingMergeTree(version)
PARTITION BY toYYYYMM(day)
ORDER BY (level, region_code, hospital_code, unit_code, period, day)
COMMENT 'Hygiene compliance per place, day and window; one row per key after deduplication';

-- Per place, local day and window: multi-resistant findings, all and per organism.
CREATE TABLE IF NOT EXISTS sakervard.multi_resistant_findings
(
    level           LowCardinality(String),
    region_code     LowCardinality(String),
    hospital_code   LowCardinality(String),
    unit_code       String,
    day             Date,
    period          LowCardinality(String),
    organism        LowCardinality(String) COMMENT 'ALL, MRSA, ESBL, VRE or OTHER',
    findings        UInt32,
    version         UInt64,
    inserted_at     DateTime64(3, 'UTC') DEFAULT now64(3)
)
ENGINE = ReplacingMergeTree(version)
PARTITION BY toYYYYMM(day)
ORDER BY (level, region_code, hospital_code, unit_code, period, organism, day)
COMMENT 'Multi-resistant findings per place, day and window; one row per key after deduplication';

-- Per place and point-prevalence survey: surveyed inpatients and those with at least one VRI.
CREATE TABLE IF NOT EXISTS sakervard.infection_prevalence
(
    level           LowCardinality(String),
    region_code     LowCardinality(String),
    hospital_code   LowCardinality(String),
    unit_code       String,
    survey_id       String,
    survey_day      Date COMMENT 'Local day of the survey''s first record at the place',
    surveyed        UInt32 COMMENT 'Inpatients surveyed (each once)',
    infected        UInt32 COMMENT 'Of them with at least one VRI',
    version         UInt64,
    inserted_at     DateTime64(3, 'UTC') DEFAULT now64(3)
)
ENGINE = ReplacingMergeTree(version)
ORDER BY (level, region_code, hospital_code, unit_code, survey_id)
COMMENT 'Point prevalence of VRI per place and survey (PPM-VRI); one row per key after deduplication';

-- Infection clusters (possible outbreaks): one row per cluster as it stands.
CREATE TABLE IF NOT EXISTS sakervard.infection_clusters
(
    cluster_id      String COMMENT 'Unit / pathogen / first case: the same cases give the same id',
    region_code     LowCardinality(String),
    hospital_code   LowCardinality(String),
    unit_code       String,
    pathogen        String COMMENT 'organism:<name>, or type:<infection type> when the organism is not known',
    case_refs       Array(String) COMMENT 'Pseudonymous case references in onset order',
    cases           UInt32,
    first_onset     DateTime64(3, 'UTC'),
    opened_at       DateTime64(3, 'UTC') COMMENT 'Second case''s onset: when it became a cluster',
    last_onset      DateTime64(3, 'UTC') COMMENT 'Newest case''s onset: when it last grew',
    closed_at       Nullable(DateTime64(3, 'UTC')) COMMENT 'last_onset + the window, once passed with no new case',
    status          LowCardinality(String) COMMENT 'OPEN, CLOSED, or MERGED (its cases are now in merged_into)',
    merged_into     Nullable(String),
    version         UInt64 COMMENT 'cases x 4 + 0 open, 1 closed, 3 merged',
    inserted_at     DateTime64(3, 'UTC') DEFAULT now64(3)
)
ENGINE = ReplacingMergeTree(version)
ORDER BY (region_code, hospital_code, unit_code, cluster_id)
COMMENT 'Infection clusters as they stand; one row per cluster after deduplication';

-- Every change of every cluster: opened, grew, closed, merged.
CREATE TABLE IF NOT EXISTS sakervard.infection_cluster_events
(
    cluster_id      String,
    change          LowCardinality(String) COMMENT 'OPENED, GREW, CLOSED or MERGED',
    region_code     LowCardinality(String),
    hospital_code   LowCardinality(String),
    unit_code       String,
    pathogen        String,
    cases           UInt32,
    at              DateTime64(3, 'UTC') COMMENT 'Event time of the change: the onset that opened or grew it, closed_at, or the merge',
    status          LowCardinality(String),
    merged_into     Nullable(String),
    version         UInt64,
    inserted_at     DateTime64(3, 'UTC') DEFAULT now64(3)
)
ENGINE = ReplacingMergeTree(inserted_at)
ORDER BY (region_code, hospital_code, unit_code, cluster_id, version, change)
COMMENT 'Changes of infection clusters; one row per cluster, version and change after deduplication';
