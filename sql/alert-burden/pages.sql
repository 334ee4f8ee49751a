-- The pages of a run, one row each: a page is one message delivered to a hospital's on-call
-- contact (its notifications share the page's event time), at its event time (epoch ms).
-- Read by the alert-burden benchmark (infra/benchmark --alert-burden-days N), which counts them per
-- hospital and 12-hour on-call shift, and at night. first: the page carries an alert's first
-- notification (its firing, sequence 1), the only kind a physician who acknowledges every page
-- within the escalation time gets; the others are escalations and reminders of unacknowledged ones.
SELECT hospital_code,
       toUnixTimestamp64Milli(at) AS at_ms,
       groupArray(rule) AS rules,
       countIf(sequence = 1) > 0 AS first
FROM sakervard.v_alert_audit
WHERE step = 'DELIVERED'
GROUP BY hospital_code, at
ORDER BY hospital_code, at
