-- Alerting: the here-and-now level per place, and the audit trail of every alert.

-- The here-and-now level of each place (ansträngt läge: 1 normal, 2 strained, 3 severely strained,
-- 4 critical), one row per change, with the reasons that set it.
CREATE TABLE IF NOT EXISTS sakervard.here_and_now_levels
(
    level               LowCardinality(String) COMMENT 'UNIT or HOSPITAL',
    region_code         LowCardinality(String),
    hospital_code       LowCardinality(String),
    unit_code           String,
    as_of               DateTime64(3, 'UTC') COMMENT 'Event time of the input change that set the level',
    here_and_now_level  UInt8 COMMENT '1 normal, 2 strained, 3 severely strained, 4 critical',
    reasons             Array(String) COMMENT 'Each input at level 2 or above: input, value, threshold, level',
    not_judged          Array(String) COMMENT 'Inputs unknown, or hygiene from too few observations',
    version             UInt64,
    inserted_at         DateTime64(3, 'UTC') DEFAULT now64(3),
    units_at_level      Array(UInt32) DEFAULT [] COMMENT 'A hospital: how many of its units are at level 1, 2, 3 and 4; empty for a unit'
)
ENGINE = ReplacingMergeTree(version)
ORDER BY (region_code, hospital_code, unit_code, level, as_of)
COMMENT 'The here-and-now level of each unit and hospital, one row per change';

-- A table created before the units' counts were kept gets the column; new ones have it already.
ALTER TABLE sakervard.here_and_now_levels
    ADD COLUMN IF NOT EXISTS units_at_level Array(UInt32) DEFAULT []
    COMMENT 'A hospital: how many of its units are at level 1, 2, 3 and 4; empty for a unit';

-- Every step of every alert: pending, firing, reminders, escalations, acknowledgements, silences,
-- resolution, and every delivery attempt. Rows are only ever added; a replayed step has the same
-- key and collapses into the row it repeats.
CREATE TABLE IF NOT EXISTS sakervard.alert_audit
(
    at              DateTime64(3, 'UTC') COMMENT 'Event time of the step (delivery steps: the page''s; an attempt''s wall-clock time is in detail)',
    dedup_key       String COMMENT 'Rule | place | the instant the episode fired',
    rule            LowCardinality(String),
    urgency         LowCardinality(String) COMMENT 'ACT_NOW pages at any hour and escalates; ACT_TODAY goes to the morning digest; KNOW stays on the dashboard',
    step            LowCardinality(String) COMMENT 'PENDING, CANCELLED, FIRING, REMINDER, ESCALATED, ACKNOWLEDGED, SILENCED, RESOLVED, SILENCE, DELIVERY_ATTEMPT, DELIVERED, DELIVERY_FAILED',
    level           LowCardinality(String),
    region_code     LowCardinality(String),
    hospital_code   LowCardinality(String),
    unit_code       String,
    sequence        UInt32 COMMENT 'The notification number within the episode; 0 for steps that notify no one',
    escalation      UInt8 COMMENT '0 primary on-call contact, 1 the next level, ...',
    attempt         UInt16 COMMENT 'Delivery attempt number; 0 for other steps',
    value           Nullable(Float64),
    by_whom         Nullable(String) COMMENT 'Who acknowledged or silenced (a role or staff id, never a patient)',
    detail          String,
    inserted_at     DateTime64(3, 'UTC') DEFAULT now64(3)
)
ENGINE = ReplacingMergeTree
-- The place is in the key: a step before the episode fires (PENDING, CANCELLED) has no dedup_key
-- yet, and the steps of two units' episodes of one rule at one instant are two rows.
ORDER BY (region_code, hospital_code, rule, dedup_key, level, unit_code, at, step, sequence, attempt)
COMMENT 'Audit trail of alerts: every state change, notification attempt, acknowledgement and silence';
