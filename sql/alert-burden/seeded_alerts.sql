-- The alert steps that seeded events are looked up in: every firing and every page or digest of a
-- run, with its place, rule, reference (an event alert's case or cluster) and time.
SELECT rule, urgency, step, level, region_code, hospital_code, unit_code,
       splitByChar('|', dedup_key)[3] AS ref, toUnixTimestamp64Milli(at) AS at_ms
FROM sakervard.v_alert_audit
WHERE step IN ('FIRING', 'DELIVERED', 'DIGESTED')
ORDER BY at
