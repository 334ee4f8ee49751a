-- The here-and-now board: the alerts open now (v_open_alerts), critical first, newest first.
SELECT rule, urgency, level, region_code AS region, hospital_code AS hospital, unit_code AS unit,
       since, last_step, acknowledged_by, value, dedup_key
FROM sakervard.v_open_alerts
WHERE {hospital:String} IN ('*', hospital_code)
ORDER BY urgency = 'ACT_NOW' DESC, since DESC
