-- Every step of the alerts about one event reference (a case or a cluster), to explain a seeded
-- event that was not paged or digested in time.
SELECT rule, step, toString(at) FROM sakervard.v_alert_audit
WHERE splitByChar('|', dedup_key)[3] = ? ORDER BY at, step
