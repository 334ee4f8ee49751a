-- The here-and-now board: each hospital's census now (somatic and psychiatric care apart), from the
-- same bi_ views as the BI tools, with when each figure was computed and received.
SELECT o.region AS region, o.hospital AS hospital, o.care_type AS care_type,
       o.value AS occupancy_percent, c.value AS overcrowding_per_100_beds,
       l.value AS outlying_per_100_beds, o.time AS as_of, o.freshness AS freshness
FROM sakervard.bi_occupancy_percent AS o
INNER JOIN sakervard.bi_overcrowding_per_100_beds AS c
    ON c.period = o.period AND c.level = o.level AND c.region = o.region
   AND c.hospital = o.hospital AND c.unit = o.unit AND c.care_type = o.care_type
INNER JOIN sakervard.bi_outlying_per_100_beds AS l
    ON l.period = o.period AND l.level = o.level AND l.region = o.region
   AND l.hospital = o.hospital AND l.unit = o.unit AND l.care_type = o.care_type
WHERE o.period = 'CURRENT' AND o.level = 'HOSPITAL' AND {hospital:String} IN ('*', o.hospital)
ORDER BY region, hospital, care_type
