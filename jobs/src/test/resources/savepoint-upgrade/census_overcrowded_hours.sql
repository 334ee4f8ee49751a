-- Test only: the table of the indicator that SavepointResumeITCase's job upgrade adds
-- (OvercrowdedHours). Keyed and versioned like the census tables: the highest version of a
-- unit's day wins.
CREATE TABLE IF NOT EXISTS sakervard.census_overcrowded_hours
(
    region_code       LowCardinality(String),
    hospital_code     LowCardinality(String),
    unit_code         String,
    day               Date COMMENT 'Local day (census.zone) the hours start in',
    hours             UInt8 COMMENT 'Closed hours of the day seen by the indicator',
    overcrowded_hours UInt8 COMMENT 'Of them, hours with a mean of more than zero overcrowded patients',
    version           UInt64 COMMENT 'Hour rows folded in; the highest version of a key wins',
    inserted_at       DateTime64(3, 'UTC') DEFAULT now64(3)
)
ENGINE = ReplacingMergeTree(version)
ORDER BY (region_code, hospital_code, unit_code, day);
