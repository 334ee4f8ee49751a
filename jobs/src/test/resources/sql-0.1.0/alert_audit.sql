-- alert_audit as release 0.1.0 created it (its key without the place): what SchemaUpgradeITCase
-- upgrades.
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
ORDER BY (region_code, hospital_code, rule, dedup_key, at, step, sequence, attempt)
COMMENT 'Audit trail of alerts: every state change, notification attempt, acknowledgement and silence';
