-- How long each unit and hospital spent at each here-and-now level, in hours, by the level's worst
-- reason (its words before the first number: 'occupancy', 'units at level', ...; where two inputs
-- share the worst level, the first in the level's order): each row of a place holds until the
-- place's next row, the last until the end of the run (the parameter, epoch ms). For hospitals also
-- the hours at level 1 with a unit at level 4, and below their worst unit's level.
SELECT level,
       here_and_now_level,
       trimRight(extract(reasons[1], '^[^0-9]*')) AS cause,
       sum(hours) AS total_hours,
       sumIf(hours, level = 'HOSPITAL' AND here_and_now_level = 1
                    AND length(units_at_level) = 4 AND units_at_level[4] > 0) AS normal_with_critical_unit,
       sumIf(hours, level = 'HOSPITAL' AND length(units_at_level) = 4
                    AND here_and_now_level < (if(units_at_level[4] > 0, 4,
                                              if(units_at_level[3] > 0, 3,
                                              if(units_at_level[2] > 0, 2, 1))))) AS below_worst_unit
FROM
(
    SELECT level, here_and_now_level, reasons, units_at_level,
           (toUnixTimestamp64Milli(until) - toUnixTimestamp64Milli(as_of)) / 3600000 AS hours
    FROM
    (
        SELECT level, here_and_now_level, reasons, units_at_level, as_of,
               leadInFrame(as_of, 1, fromUnixTimestamp64Milli(toInt64(?), 'UTC')) OVER (
                   PARTITION BY level, region_code, hospital_code, unit_code
                   ORDER BY as_of ROWS BETWEEN CURRENT ROW AND 1 FOLLOWING) AS until
        FROM sakervard.here_and_now_levels FINAL
    )
)
GROUP BY level, here_and_now_level, cause
ORDER BY level, here_and_now_level, total_hours DESC
