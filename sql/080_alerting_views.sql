-- BI views over the alerting tables.

CREATE OR REPLACE VIEW sakervard.v_here_and_now AS
SELECT
    level, region_code, hospital_code, unit_code,
    argMax(here_and_now_level, changed_at) AS here_and_now_level,
    argMax(reasons, changed_at) AS reasons,
    argMax(not_judged, changed_at) AS not_judged,
    argMax(units_at_level, changed_at) AS units_at_level,
    max(changed_at) AS as_of,
    max(inserted_at) AS freshness
FROM (SELECT *, as_of AS changed_at FROM sakervard.here_and_now_levels FINAL)
GROUP BY level, region_code, hospital_code, unit_code
COMMENT 'The current here-and-now level of each unit and hospital with its reasons';

CREATE OR REPLACE VIEW sakervard.v_alert_audit AS
SELECT * FROM sakervard.alert_audit FINAL
COMMENT 'The audit trail of alerts, deduplicated';

-- Open from FIRING until RESOLVED. An event rule's alert (its dedup key carries the case or
-- cluster: rule|place|ref|instant) has no resolution: act today and know are over once told, act
-- now once acknowledged (as AlertEvaluation ends them). The board and the dashboards read this.
CREATE OR REPLACE VIEW sakervard.v_open_alerts AS
SELECT dedup_key, rule, urgency, level, region_code, hospital_code, unit_code,
       since, last_step, last_at, escalation, acknowledged_by, value, freshness
FROM
(
    SELECT dedup_key,
           any(rule) AS rule, any(urgency) AS urgency, any(level) AS level,
           any(region_code) AS region_code, any(hospital_code) AS hospital_code,
           any(unit_code) AS unit_code,
           minIf(at, step = 'FIRING') AS since,
           argMax(step, at) AS last_step,
           max(at) AS last_at,
           max(escalation) AS escalation,
           argMaxIf(by_whom, at, step = 'ACKNOWLEDGED') AS acknowledged_by,
           argMax(value, at) AS value,
           max(inserted_at) AS freshness,
           countIf(step = 'FIRING') > 0 AS fired,
           countIf(step = 'RESOLVED') > 0 AS resolved,
           countIf(step = 'ACKNOWLEDGED') > 0 AS acknowledged,
           length(splitByChar('|', dedup_key)) > 3 AS event_alert
    FROM sakervard.v_alert_audit
    WHERE dedup_key != '' AND step NOT LIKE 'DELIVER%' AND step NOT LIKE 'DIGEST%'
    GROUP BY dedup_key
)
WHERE fired AND NOT resolved AND NOT (event_alert AND (urgency != 'ACT_NOW' OR acknowledged))
COMMENT 'The alerts open now, one row per alert (dedup key): since it fired, its latest step, who acknowledged it';
