-- The clusters of a run with their cases, to match the seeded outbreaks to what was found.
SELECT cluster_id, unit_code, case_refs, toUnixTimestamp64Milli(opened_at) AS opened_ms
FROM sakervard.v_infection_clusters
