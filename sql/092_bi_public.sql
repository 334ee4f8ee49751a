-- Figures for wider audiences (intranet, public reports): counts of fewer than a minimum number of
-- cases are suppressed so that no patient can be singled out on a small unit. The minimum is a
-- setting in ClickHouse (default 5), changed without a redeploy:
--   INSERT INTO sakervard.bi_settings (name, value) VALUES ('small_cell_minimum', 10);
-- A suppressed cell can still be derived from a total and its other cells; publish either place
-- level, not both, where that matters.

CREATE TABLE IF NOT EXISTS sakervard.bi_settings
(
    name       String COMMENT 'small_cell_minimum: counts from 1 to this minus 1 are suppressed in bi_public_ views',
    value      Float64 COMMENT 'The setting''s value',
    updated_at DateTime64(3, 'UTC') DEFAULT now64(3) COMMENT 'The newest row of a name wins'
)
ENGINE = ReplacingMergeTree(updated_at)
ORDER BY name
COMMENT 'Settings of the BI views, changed by an administrator with an INSERT';

INSERT INTO sakervard.bi_settings (name, value)
SELECT 'small_cell_minimum', 5
WHERE (SELECT count() FROM sakervard.bi_settings WHERE name = 'small_cell_minimum') = 0;

CREATE OR REPLACE VIEW sakervard.bi_public_deviations_monthly
(
    month                 Date COMMENT 'First day of the local month of report',
    level                 String COMMENT 'UNIT, HOSPITAL or REGION',
    region                String COMMENT 'Region code',
    hospital              String COMMENT 'Hospital code; empty at region level',
    unit                  String COMMENT 'Unit code; empty above unit level',
    reported              Nullable(UInt32) COMMENT 'Deviation cases reported; NULL when suppressed (1 to small_cell_minimum − 1)',
    serious_care_injuries Nullable(UInt32) COMMENT 'Of them allvarlig vårdskada; NULL when suppressed',
    lex_maria_filed       Nullable(UInt32) COMMENT 'Lex Maria reports filed; NULL when suppressed',
    suppressed            UInt8 COMMENT '1 when any count of the row is suppressed'
) AS
WITH (SELECT argMax(value, updated_at) FROM sakervard.bi_settings WHERE name = 'small_cell_minimum') AS minimum
SELECT month, level, region, hospital, unit,
       if(n_reported > 0 AND n_reported < minimum, NULL, n_reported) AS reported,
       if(n_serious > 0 AND n_serious < minimum, NULL, n_serious) AS serious_care_injuries,
       if(n_lex_maria > 0 AND n_lex_maria < minimum, NULL, n_lex_maria) AS lex_maria_filed,
       toUInt8(arrayExists(c -> c > 0 AND c < minimum, [n_reported, n_serious, n_lex_maria])) AS suppressed
FROM
(
    SELECT month, level, region_code AS region, hospital_code AS hospital, unit_code AS unit,
           reported AS n_reported, serious_care_injuries AS n_serious, lex_maria_filed AS n_lex_maria
    FROM sakervard.v_deviation_monthly
)
COMMENT 'Monthly deviation counts for wider audiences: counts below the small-cell minimum (bi_settings, default 5) suppressed';

CREATE OR REPLACE VIEW sakervard.bi_public_infections_monthly
(
    month      Date COMMENT 'First day of the local month of onset',
    level      String COMMENT 'UNIT, HOSPITAL or REGION',
    region     String COMMENT 'Region code',
    hospital   String COMMENT 'Hospital code; empty at region level',
    unit       String COMMENT 'Unit code; empty above unit level',
    cases      Nullable(UInt64) COMMENT 'VRI cases with onset in the month (ended days); NULL when suppressed (1 to small_cell_minimum − 1)',
    suppressed UInt8 COMMENT '1 when the count is suppressed',
    complete   UInt8 COMMENT '1 when the month''s last day has ended; 0: the month so far'
) AS
WITH (SELECT argMax(value, updated_at) FROM sakervard.bi_settings WHERE name = 'small_cell_minimum') AS minimum
SELECT month, level, region_code AS region, hospital_code AS hospital, unit_code AS unit,
       if(n > 0 AND n < minimum, NULL, n) AS cases, toUInt8(n > 0 AND n < minimum) AS suppressed,
       toUInt8(newest_day = toLastDayOfMonth(month)) AS complete
FROM
(
    -- The month-to-date count of the month's newest ended day: kept as long as the month rows are.
    SELECT toStartOfMonth(day) AS month, level, region_code, hospital_code, unit_code,
           toUInt64(argMax(cases, day)) AS n, max(day) AS newest_day
    FROM sakervard.v_infection_incidence
    WHERE period = 'MONTH_TO_DATE' AND infection_type = 'ALL'
    GROUP BY month, level, region_code, hospital_code, unit_code
)
COMMENT 'Monthly VRI case counts for wider audiences: counts below the small-cell minimum (bi_settings, default 5) suppressed';
