-- What keeps places at level 3 or 4: hours by the worst reason's input (the reason's words before
-- its first number, e.g. 'occupancy', 'units at level'), per place kind and level. The last row of
-- a place holds until the end of the run (the parameter, epoch ms).
SELECT level, here_and_now_level,
       trimRight(extract(reasons[1], '^[^0-9]*')) AS cause,
       round(sum(hours)) AS hours
FROM
(
    SELECT level, here_and_now_level, reasons,
           (toUnixTimestamp64Milli(until) - toUnixTimestamp64Milli(as_of)) / 3600000 AS hours
    FROM
    (
        SELECT level, here_and_now_level, reasons, as_of,
               leadInFrame(as_of, 1, fromUnixTimestamp64Milli(toInt64(?), 'UTC')) OVER (
                   PARTITION BY level, region_code, hospital_code, unit_code
                   ORDER BY as_of ROWS BETWEEN CURRENT ROW AND 1 FOLLOWING) AS until
        FROM sakervard.here_and_now_levels FINAL
    )
)
WHERE here_and_now_level >= 3
GROUP BY level, here_and_now_level, cause
ORDER BY level, here_and_now_level, hours DESC
