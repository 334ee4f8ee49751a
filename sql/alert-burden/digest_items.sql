-- The digest's items per region and local day: every notification to act on today that went out
-- in that morning's digest (DIGESTED).
SELECT region_code, toDate(toTimeZone(at, 'Europe/Stockholm')) AS day, count() AS items
FROM sakervard.v_alert_audit
WHERE step = 'DIGESTED'
GROUP BY region_code, day
ORDER BY region_code, day
