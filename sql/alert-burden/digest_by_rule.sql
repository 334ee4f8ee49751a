-- The digest's items per rule over the whole run, to see what fills it.
SELECT rule, count() AS items
FROM sakervard.v_alert_audit
WHERE step = 'DIGESTED'
GROUP BY rule
ORDER BY items DESC
