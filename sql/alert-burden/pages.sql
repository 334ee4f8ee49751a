-- The pages of a run, one row each: a page is one message delivered to a hospital's on-call
-- contact (its notifications share the page's event time), at its event time (epoch ms).
-- Read by the alert-burden benchmark (infra/benchmark --alert-burden-days N), which counts them per
-- hospital and 12-hour on-call shift, and at night.
SELECT hospital_code,
       toUnixTimestamp64Milli(at) AS at_ms,
       groupArray(rule) AS rules
FROM sakervard.v_alert_audit
WHERE step = 'DELIVERED'
GROUP BY hospital_code, at
ORDER BY hospital_code, at
