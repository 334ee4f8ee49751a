-- Once, on a database created by release 0.1.0, with the alerting job stopped: alert_audit's key
-- gains the place (level, unit_code), which `070_alerting_tables.sql` gives a new database. Under
-- the old key the steps before an episode fires (no dedup_key yet) of two units of one hospital,
-- one rule and one instant were one row. The rows are copied into a table with the new key, which
-- then takes the old one's name. Harmless to run again: it rebuilds the same table.
--   clickhouse-client --multiquery < sql/upgrades/0.1.0-alert_audit_place_key.sql
DROP TABLE IF EXISTS sakervard.alert_audit_by_place;

CREATE TABLE sakervard.alert_audit_by_place AS sakervard.alert_audit
ENGINE = ReplacingMergeTree
ORDER BY (region_code, hospital_code, rule, dedup_key, level, unit_code, at, step, sequence, attempt)
COMMENT 'Audit trail of alerts: every state change, notification attempt, acknowledgement and silence';

INSERT INTO sakervard.alert_audit_by_place SELECT * FROM sakervard.alert_audit;

EXCHANGE TABLES sakervard.alert_audit AND sakervard.alert_audit_by_place;

DROP TABLE sakervard.alert_audit_by_place;
