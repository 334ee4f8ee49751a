-- The here-and-now board: the alerts open now. An alert is open from FIRING until RESOLVED; an
-- event rule's alert (its dedup key carries the case or cluster: rule|place|ref|instant) has no
-- resolution: a warning is over once told, a critical one once acknowledged.
SELECT rule, severity, level, region, hospital, unit, since, last_step, acknowledged_by, value, dedup_key
FROM
(
    SELECT dedup_key,
           any(rule) AS rule, any(severity) AS severity, any(level) AS level,
           any(region_code) AS region, any(hospital_code) AS hospital, any(unit_code) AS unit,
           minIf(at, step = 'FIRING') AS since,
           argMax(step, at) AS last_step,
           argMaxIf(by_whom, at, step = 'ACKNOWLEDGED') AS acknowledged_by,
           argMax(value, at) AS value,
           countIf(step = 'FIRING') > 0 AS fired,
           countIf(step = 'RESOLVED') > 0 AS resolved,
           countIf(step = 'ACKNOWLEDGED') > 0 AS acknowledged,
           length(splitByChar('|', dedup_key)) > 3 AS event_alert
    FROM sakervard.v_alert_audit
    WHERE dedup_key != '' AND step NOT LIKE 'DELIVER%' AND step NOT LIKE 'DIGEST%'
    GROUP BY dedup_key
)
WHERE fired AND NOT resolved AND NOT (event_alert AND (severity = 'WARNING' OR acknowledged))
ORDER BY severity = 'CRITICAL' DESC, since DESC
