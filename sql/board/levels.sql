-- The here-and-now board: every hospital's and unit's level now, with its reasons, worst first.
SELECT level, region_code AS region, hospital_code AS hospital, unit_code AS unit,
       here_and_now_level, reasons, not_judged, units_at_level, as_of, freshness
FROM sakervard.v_here_and_now
-- The board's person sees their hospital (its own row and its units') or, with '*', everything.
WHERE {hospital:String} IN ('*', hospital_code)
ORDER BY region, hospital, level = 'UNIT', here_and_now_level DESC, unit
