-- The semantic layer for BI tools (Grafana, Superset, Power BI) and the here-and-now board: one
-- view per indicator, built on the v_ views (deduplicated, each formula written there once), with the same stable columns in the same order:
--   time, period, level, region, hospital, unit, care_type, value, numerator, denominator, freshness
-- A tool can chart any indicator with one query shape. Official monthly and yearly figures follow
-- the same naming (bi_official_*). Column and view comments are what a BI tool shows as help.

-- Census figures of every period in one shape, for the three census rate views below: built on the
-- v_census_* views, whose rates are the only place the census formulas are written.
CREATE OR REPLACE VIEW sakervard.v_census_all_periods AS
SELECT
    toDateTime64(as_of, 3, 'UTC') AS time, 'CURRENT' AS period,
    level, region_code AS region, hospital_code AS hospital, unit_code AS unit, care_type,
    occupied, outlying, available, overcrowded,
    occupancy_percent, overcrowding_per_100_beds, outlying_per_100_beds,
    inserted_at AS freshness
FROM sakervard.v_census_current
UNION ALL
SELECT
    hour_start, 'HOUR',
    level, region_code, hospital_code, unit_code, care_type,
    occupied, outlying, available, overcrowded,
    occupancy_percent, overcrowding_per_100_beds, outlying_per_100_beds,
    inserted_at
FROM sakervard.v_census_hourly
UNION ALL
SELECT
    snapshot_at, 'SNAPSHOT_0600',
    level, region_code, hospital_code, unit_code, care_type,
    occupied, outlying, available, overcrowded,
    occupancy_percent, overcrowding_per_100_beds, outlying_per_100_beds,
    inserted_at
FROM sakervard.v_census_daily_snapshot
COMMENT 'The census in one shape for the bi_ census views: now (CURRENT), per hour (HOUR, time-weighted) and at the 06:00 snapshot (SNAPSHOT_0600)';

CREATE OR REPLACE VIEW sakervard.bi_occupancy_percent
(
    time        DateTime64(3, 'UTC') COMMENT 'Start of the period; for CURRENT the event time of the newest census event',
    period      String COMMENT 'CURRENT (now), HOUR (time-weighted over the hour) or SNAPSHOT_0600 (the official morning count)',
    level       String COMMENT 'UNIT, HOSPITAL or REGION',
    region      String COMMENT 'Region code',
    hospital    String COMMENT 'Hospital code; empty at region level',
    unit        String COMMENT 'Unit code (vårdenhet); empty above unit level',
    care_type   String COMMENT 'SOMATIC or PSYCHIATRIC, reported separately',
    value       Nullable(Float64) COMMENT 'Occupancy (beläggningsgrad): 100 × occupied ÷ available beds, %; NULL while available beds are unknown',
    numerator   Nullable(Float64) COMMENT 'Occupied beds: admitted patients lying on the place',
    denominator Nullable(Float64) COMMENT 'Available (staffed) beds',
    freshness   DateTime64(3, 'UTC') COMMENT 'When ClickHouse received the figure'
) AS
SELECT time, period, level, region, hospital, unit, care_type,
       occupancy_percent AS value,
       occupied AS numerator, available AS denominator, freshness
FROM sakervard.v_census_all_periods
COMMENT 'Occupancy % per place (beläggningsgrad); docs/indicators.md, bed census';

CREATE OR REPLACE VIEW sakervard.bi_overcrowding_per_100_beds
(
    time        DateTime64(3, 'UTC') COMMENT 'Start of the period; for CURRENT the event time of the newest census event',
    period      String COMMENT 'CURRENT (now), HOUR (time-weighted over the hour) or SNAPSHOT_0600 (the official morning count)',
    level       String COMMENT 'UNIT, HOSPITAL or REGION',
    region      String COMMENT 'Region code',
    hospital    String COMMENT 'Hospital code; empty at region level',
    unit        String COMMENT 'Unit code (vårdenhet); empty above unit level',
    care_type   String COMMENT 'SOMATIC or PSYCHIATRIC, reported separately',
    value       Nullable(Float64) COMMENT 'Overcrowded patients (överbeläggningar) per 100 available beds; NULL while available beds are unknown',
    numerator   Nullable(Float64) COMMENT 'Overcrowded patients: over units, max(0, occupied − available)',
    denominator Nullable(Float64) COMMENT 'Available (staffed) beds',
    freshness   DateTime64(3, 'UTC') COMMENT 'When ClickHouse received the figure'
) AS
SELECT time, period, level, region, hospital, unit, care_type,
       overcrowding_per_100_beds AS value,
       overcrowded AS numerator, available AS denominator, freshness
FROM sakervard.v_census_all_periods
COMMENT 'Overcrowding per 100 available beds per place (överbeläggningar, SKR definition); docs/indicators.md, bed census';

CREATE OR REPLACE VIEW sakervard.bi_outlying_per_100_beds
(
    time        DateTime64(3, 'UTC') COMMENT 'Start of the period; for CURRENT the event time of the newest census event',
    period      String COMMENT 'CURRENT (now), HOUR (time-weighted over the hour) or SNAPSHOT_0600 (the official morning count)',
    level       String COMMENT 'UNIT, HOSPITAL or REGION',
    region      String COMMENT 'Region code',
    hospital    String COMMENT 'Hospital code; empty at region level',
    unit        String COMMENT 'Unit code where the patients lie; empty above unit level',
    care_type   String COMMENT 'SOMATIC or PSYCHIATRIC, reported separately',
    value       Nullable(Float64) COMMENT 'Outlying patients (utlokaliserade) per 100 available beds; NULL while available beds are unknown',
    numerator   Nullable(Float64) COMMENT 'Outlying patients: lying on a unit other than their responsible one',
    denominator Nullable(Float64) COMMENT 'Available (staffed) beds',
    freshness   DateTime64(3, 'UTC') COMMENT 'When ClickHouse received the figure'
) AS
SELECT time, period, level, region, hospital, unit, care_type,
       outlying_per_100_beds AS value,
       toNullable(outlying) AS numerator, available AS denominator, freshness
FROM sakervard.v_census_all_periods
COMMENT 'Outlying patients per 100 available beds per place (utlokaliserade patienter); docs/indicators.md, bed census';

CREATE OR REPLACE VIEW sakervard.bi_patient_days
(
    time        DateTime64(3, 'UTC') COMMENT 'Start of the local (Europe/Stockholm) day',
    period      String COMMENT 'DAY',
    level       String COMMENT 'UNIT, HOSPITAL or REGION',
    region      String COMMENT 'Region code',
    hospital    String COMMENT 'Hospital code; empty at region level',
    unit        String COMMENT 'Unit code (vårdenhet); empty above unit level',
    care_type   String COMMENT 'SOMATIC or PSYCHIATRIC',
    value       Nullable(Float64) COMMENT 'Patient days (vårddagar): the integral of occupied beds over the day, in days',
    numerator   Nullable(Float64) COMMENT 'Not used (NULL): a count',
    denominator Nullable(Float64) COMMENT 'Not used (NULL): a count',
    freshness   DateTime64(3, 'UTC') COMMENT 'When ClickHouse received the figure'
) AS
SELECT toDateTime64(toDateTime(day, 'Europe/Stockholm'), 3, 'UTC') AS time, 'DAY' AS period,
       level, region_code AS region, hospital_code AS hospital, unit_code AS unit, care_type,
       patient_days AS value, CAST(NULL AS Nullable(Float64)) AS numerator,
       CAST(NULL AS Nullable(Float64)) AS denominator, inserted_at AS freshness
FROM sakervard.v_census_patient_days
COMMENT 'Patient days per place and local day: the denominator of infection incidence; docs/indicators.md, bed census and infections';

CREATE OR REPLACE VIEW sakervard.bi_deviations_reported
(
    time        DateTime64(3, 'UTC') COMMENT 'Start of the local day or month of report',
    period      String COMMENT 'DAY or MONTH (the month''s cohort, provisional until final)',
    level       String COMMENT 'UNIT, HOSPITAL or REGION',
    region      String COMMENT 'Region code',
    hospital    String COMMENT 'Hospital code; empty at region level',
    unit        String COMMENT 'Unit code (vårdenhet); empty above unit level',
    care_type   String COMMENT 'ALL: deviations are not split by care type',
    value       Nullable(Float64) COMMENT 'Deviation cases (avvikelser) reported in the period',
    numerator   Nullable(Float64) COMMENT 'Not used (NULL): a count',
    denominator Nullable(Float64) COMMENT 'Not used (NULL): a count',
    freshness   DateTime64(3, 'UTC') COMMENT 'When ClickHouse received the figure'
) AS
SELECT toDateTime64(toDateTime(day, 'Europe/Stockholm'), 3, 'UTC') AS time, 'DAY' AS period,
       level, region_code AS region, hospital_code AS hospital, unit_code AS unit, 'ALL' AS care_type,
       toNullable(toFloat64(reported_on_day)) AS value, CAST(NULL AS Nullable(Float64)) AS numerator,
       CAST(NULL AS Nullable(Float64)) AS denominator, freshness
FROM sakervard.v_deviation_reported_rolling
UNION ALL
SELECT toDateTime64(toDateTime(month, 'Europe/Stockholm'), 3, 'UTC'), 'MONTH',
       level, region_code, hospital_code, unit_code, 'ALL',
       toFloat64(reported), NULL, NULL, freshness
FROM sakervard.v_deviation_monthly
COMMENT 'Reported deviation cases per place, per local day and per month; docs/indicators.md, deviations';

CREATE OR REPLACE VIEW sakervard.bi_deviations_open_backlog
(
    time        DateTime64(3, 'UTC') COMMENT 'The instant the backlog is counted at (event time): for CURRENT the newest event, for MONTH_END the month''s end',
    period      String COMMENT 'CURRENT (now) or MONTH_END (at the end of each local month, every event before it counted)',
    level       String COMMENT 'UNIT, HOSPITAL or REGION',
    region      String COMMENT 'Region code',
    hospital    String COMMENT 'Hospital code; empty at region level',
    unit        String COMMENT 'Unit code (vårdenhet); empty above unit level',
    care_type   String COMMENT 'ALL: deviations are not split by care type',
    value       Nullable(Float64) COMMENT 'Open deviation cases: reported and not closed',
    numerator   Nullable(Float64) COMMENT 'Of them open longer than 30 days',
    denominator Nullable(Float64) COMMENT 'Not used (NULL)',
    freshness   DateTime64(3, 'UTC') COMMENT 'When ClickHouse received the figure'
) AS
SELECT as_of AS time, 'CURRENT' AS period, level, region_code AS region, hospital_code AS hospital,
       unit_code AS unit, 'ALL' AS care_type,
       toNullable(toFloat64(open_cases)) AS value, toNullable(toFloat64(open_over_30_days)) AS numerator,
       CAST(NULL AS Nullable(Float64)) AS denominator, freshness
FROM sakervard.v_deviation_backlog
UNION ALL
SELECT month_end, 'MONTH_END', level, region_code, hospital_code, unit_code, 'ALL',
       toNullable(toFloat64(open_cases)), toNullable(toFloat64(open_over_30_days)),
       CAST(NULL AS Nullable(Float64)), freshness
FROM sakervard.v_deviation_backlog_month_end
COMMENT 'The open deviation backlog per place now and at each local month''s end, with the part open longer than 30 days; docs/indicators.md, deviations';

CREATE OR REPLACE VIEW sakervard.bi_serious_care_injuries
(
    time        DateTime64(3, 'UTC') COMMENT 'Start of the local month of report',
    period      String COMMENT 'MONTH (the month''s cohort, provisional until final)',
    level       String COMMENT 'UNIT, HOSPITAL or REGION',
    region      String COMMENT 'Region code',
    hospital    String COMMENT 'Hospital code; empty at region level',
    unit        String COMMENT 'Unit code (vårdenhet); empty above unit level',
    care_type   String COMMENT 'ALL: deviations are not split by care type',
    value       Nullable(Float64) COMMENT 'Cases reported in the month and classified allvarlig vårdskada (serious care injury)',
    numerator   Nullable(Float64) COMMENT 'The same count',
    denominator Nullable(Float64) COMMENT 'All cases reported in the month',
    freshness   DateTime64(3, 'UTC') COMMENT 'When ClickHouse received the figure'
) AS
SELECT toDateTime64(toDateTime(month, 'Europe/Stockholm'), 3, 'UTC') AS time, 'MONTH' AS period,
       level, region_code AS region, hospital_code AS hospital, unit_code AS unit, 'ALL' AS care_type,
       toNullable(toFloat64(serious_care_injuries)) AS value,
       toNullable(toFloat64(serious_care_injuries)) AS numerator,
       toNullable(toFloat64(reported)) AS denominator, freshness
FROM sakervard.v_deviation_monthly
COMMENT 'Serious care injuries (allvarlig vårdskada) per place and month of report; docs/indicators.md, deviations';

CREATE OR REPLACE VIEW sakervard.bi_deviations_closed_within_30_days_percent
(
    time        DateTime64(3, 'UTC') COMMENT 'Start of the local month of report',
    period      String COMMENT 'MONTH (the month''s cohort, provisional until final)',
    level       String COMMENT 'UNIT, HOSPITAL or REGION',
    region      String COMMENT 'Region code',
    hospital    String COMMENT 'Hospital code; empty at region level',
    unit        String COMMENT 'Unit code (vårdenhet); empty above unit level',
    care_type   String COMMENT 'ALL: deviations are not split by care type',
    value       Nullable(Float64) COMMENT 'Share of the month''s reported cases closed within 30 days of report, %; NULL without reports',
    numerator   Nullable(Float64) COMMENT 'Cases closed within 30 days of report',
    denominator Nullable(Float64) COMMENT 'Cases reported in the month',
    freshness   DateTime64(3, 'UTC') COMMENT 'When ClickHouse received the figure'
) AS
SELECT toDateTime64(toDateTime(month, 'Europe/Stockholm'), 3, 'UTC') AS time, 'MONTH' AS period,
       level, region_code AS region, hospital_code AS hospital, unit_code AS unit, 'ALL' AS care_type,
       share_closed_within_30_days_percent AS value,
       toNullable(toFloat64(closed_within_30_days)) AS numerator,
       toNullable(toFloat64(reported)) AS denominator, freshness
FROM sakervard.v_deviation_monthly
COMMENT 'Deviation handling: share closed within 30 days, by month of report; docs/indicators.md, deviations (our definition, docs/indicators.md)';

CREATE OR REPLACE VIEW sakervard.bi_infection_incidence_per_1000_patient_days
(
    time        DateTime64(3, 'UTC') COMMENT 'Start of the local day the period ends with',
    period      String COMMENT 'DAY, ROLLING_30_DAYS (the 30 days ending with the day) or MONTH_TO_DATE',
    level       String COMMENT 'UNIT, HOSPITAL or REGION',
    region      String COMMENT 'Region code',
    hospital    String COMMENT 'Hospital code; empty at region level',
    unit        String COMMENT 'Unit code where the infection was acquired; empty above unit level',
    care_type   String COMMENT 'ALL',
    value       Nullable(Float64) COMMENT 'Healthcare-associated infections (VRI) per 1000 patient days; NULL without patient days',
    numerator   Nullable(Float64) COMMENT 'VRI cases with onset in the period, all types',
    denominator Nullable(Float64) COMMENT 'Patient days of the same days',
    freshness   DateTime64(3, 'UTC') COMMENT 'When ClickHouse received the figure'
) AS
SELECT toDateTime64(toDateTime(day, 'Europe/Stockholm'), 3, 'UTC') AS time, period,
       level, region_code AS region, hospital_code AS hospital, unit_code AS unit, 'ALL' AS care_type,
       incidence_per_1000_patient_days AS value,
       toNullable(toFloat64(cases)) AS numerator, toNullable(toFloat64(patient_days)) AS denominator,
       freshness
FROM sakervard.v_infection_incidence
WHERE infection_type = 'ALL'
COMMENT 'VRI incidence per 1000 patient days per place (all infection types); docs/indicators.md, infections';

CREATE OR REPLACE VIEW sakervard.bi_hygiene_compliance_percent
(
    time        DateTime64(3, 'UTC') COMMENT 'Start of the local day the period ends with',
    period      String COMMENT 'The window of observations ending with the day, e.g. DAY or ROLLING_30_DAYS',
    level       String COMMENT 'UNIT, HOSPITAL or REGION',
    region      String COMMENT 'Region code',
    hospital    String COMMENT 'Hospital code; empty at region level',
    unit        String COMMENT 'Unit code (vårdenhet); empty above unit level',
    care_type   String COMMENT 'ALL',
    value       Nullable(Float64) COMMENT 'Hygiene compliance (PPM-BHK): % of observations correct on all 8 steps; NULL without observations',
    numerator   Nullable(Float64) COMMENT 'Observations correct on all 8 steps',
    denominator Nullable(Float64) COMMENT 'Observations',
    freshness   DateTime64(3, 'UTC') COMMENT 'When ClickHouse received the figure'
) AS
SELECT toDateTime64(toDateTime(day, 'Europe/Stockholm'), 3, 'UTC') AS time, period,
       level, region_code AS region, hospital_code AS hospital, unit_code AS unit, 'ALL' AS care_type,
       all_steps_percent AS value,
       toNullable(toFloat64(all_correct)) AS numerator, toNullable(toFloat64(observations)) AS denominator,
       freshness
FROM sakervard.v_hygiene_compliance
COMMENT 'Compliance with basic hygiene and dress code (all 8 steps) per place; docs/indicators.md, infections';

CREATE OR REPLACE VIEW sakervard.bi_here_and_now_level
(
    time        DateTime64(3, 'UTC') COMMENT 'Event time of the input change that set the level',
    period      String COMMENT 'CURRENT',
    level       String COMMENT 'UNIT or HOSPITAL',
    region      String COMMENT 'Region code',
    hospital    String COMMENT 'Hospital code',
    unit        String COMMENT 'Unit code (vårdenhet); empty for a hospital',
    care_type   String COMMENT 'ALL',
    value       Nullable(Float64) COMMENT 'Here-and-now level: 1 normal, 2 strained, 3 severely strained, 4 critical (ansträngt läge)',
    numerator   Nullable(Float64) COMMENT 'Not used (NULL); the reasons are in v_here_and_now',
    denominator Nullable(Float64) COMMENT 'Not used (NULL)',
    freshness   DateTime64(3, 'UTC') COMMENT 'When ClickHouse received the newest level row'
) AS
SELECT as_of AS time, 'CURRENT' AS period, level, region_code AS region, hospital_code AS hospital,
       unit_code AS unit, 'ALL' AS care_type,
       toNullable(toFloat64(here_and_now_level)) AS value, CAST(NULL AS Nullable(Float64)) AS numerator,
       CAST(NULL AS Nullable(Float64)) AS denominator, freshness
FROM sakervard.v_here_and_now
COMMENT 'The here-and-now level per unit and hospital now; reasons in v_here_and_now; docs/alerting.md, levels';

CREATE OR REPLACE VIEW sakervard.bi_deviation_handling_time_median_days
(
    time        DateTime64(3, 'UTC') COMMENT 'Start of the local month of report',
    period      String COMMENT 'MONTH (the month''s cohort, provisional until final)',
    level       String COMMENT 'UNIT, HOSPITAL or REGION',
    region      String COMMENT 'Region code',
    hospital    String COMMENT 'Hospital code; empty at region level',
    unit        String COMMENT 'Unit code (vårdenhet); empty above unit level',
    care_type   String COMMENT 'ALL: deviations are not split by care type',
    value       Nullable(Float64) COMMENT 'Median handling time (closed − reported), days, over the month''s closed cases; NULL before any closed',
    numerator   Nullable(Float64) COMMENT 'Not used (NULL): a median',
    denominator Nullable(Float64) COMMENT 'Cases reported in the month',
    freshness   DateTime64(3, 'UTC') COMMENT 'When ClickHouse received the figure'
) AS
SELECT toDateTime64(toDateTime(month, 'Europe/Stockholm'), 3, 'UTC') AS time, 'MONTH' AS period,
       level, region_code AS region, hospital_code AS hospital, unit_code AS unit, 'ALL' AS care_type,
       handling_time_median_days AS value, CAST(NULL AS Nullable(Float64)) AS numerator,
       toNullable(toFloat64(reported)) AS denominator, freshness
FROM sakervard.v_deviation_monthly
COMMENT 'Deviation handling time, median days from report to the close that stands, by month of report; docs/indicators.md, deviations (our definition, docs/indicators.md)';

CREATE OR REPLACE VIEW sakervard.bi_lex_maria_filed
(
    time        DateTime64(3, 'UTC') COMMENT 'Start of the local month of filing',
    period      String COMMENT 'MONTH',
    level       String COMMENT 'UNIT, HOSPITAL or REGION',
    region      String COMMENT 'Region code',
    hospital    String COMMENT 'Hospital code; empty at region level',
    unit        String COMMENT 'Unit code (vårdenhet); empty above unit level',
    care_type   String COMMENT 'ALL: deviations are not split by care type',
    value       Nullable(Float64) COMMENT 'Lex Maria reports filed with IVO in the month',
    numerator   Nullable(Float64) COMMENT 'Not used (NULL): a count',
    denominator Nullable(Float64) COMMENT 'Not used (NULL): a count',
    freshness   DateTime64(3, 'UTC') COMMENT 'When ClickHouse received the figure'
) AS
SELECT toDateTime64(toDateTime(month, 'Europe/Stockholm'), 3, 'UTC') AS time, 'MONTH' AS period,
       level, region_code AS region, hospital_code AS hospital, unit_code AS unit, 'ALL' AS care_type,
       toNullable(toFloat64(lex_maria_filed)) AS value, CAST(NULL AS Nullable(Float64)) AS numerator,
       CAST(NULL AS Nullable(Float64)) AS denominator, freshness
FROM sakervard.v_deviation_monthly
COMMENT 'Lex Maria reports filed per place and month; docs/indicators.md, deviations';

CREATE OR REPLACE VIEW sakervard.bi_infection_prevalence_percent
(
    time        DateTime64(3, 'UTC') COMMENT 'Start of the local day of the survey',
    period      String COMMENT 'SURVEY (a point-prevalence survey, PPM-VRI)',
    level       String COMMENT 'UNIT, HOSPITAL or REGION',
    region      String COMMENT 'Region code',
    hospital    String COMMENT 'Hospital code; empty at region level',
    unit        String COMMENT 'Unit code (vårdenhet); empty above unit level',
    care_type   String COMMENT 'ALL',
    value       Nullable(Float64) COMMENT 'Point prevalence: % of surveyed inpatients with at least one VRI; NULL when none surveyed',
    numerator   Nullable(Float64) COMMENT 'Surveyed inpatients with at least one VRI',
    denominator Nullable(Float64) COMMENT 'Inpatients surveyed (each once)',
    freshness   DateTime64(3, 'UTC') COMMENT 'When ClickHouse received the figure'
) AS
SELECT toDateTime64(toDateTime(survey_day, 'Europe/Stockholm'), 3, 'UTC') AS time, 'SURVEY' AS period,
       level, region_code AS region, hospital_code AS hospital, unit_code AS unit, 'ALL' AS care_type,
       prevalence_percent AS value,
       toNullable(toFloat64(infected)) AS numerator, toNullable(toFloat64(surveyed)) AS denominator,
       freshness
FROM sakervard.v_infection_prevalence
COMMENT 'Point prevalence of healthcare-associated infections per place and survey; docs/indicators.md, infections';

CREATE OR REPLACE VIEW sakervard.bi_multi_resistant_findings
(
    time        DateTime64(3, 'UTC') COMMENT 'Start of the local day the period ends with',
    period      String COMMENT 'DAY, ROLLING_30_DAYS or MONTH_TO_DATE',
    level       String COMMENT 'UNIT, HOSPITAL or REGION',
    region      String COMMENT 'Region code',
    hospital    String COMMENT 'Hospital code; empty at region level',
    unit        String COMMENT 'Unit code (vårdenhet); empty above unit level',
    care_type   String COMMENT 'ALL',
    value       Nullable(Float64) COMMENT 'Multi-resistant findings (MRSA, ESBL, VRE, other) in the period, all organisms',
    numerator   Nullable(Float64) COMMENT 'Not used (NULL): a count',
    denominator Nullable(Float64) COMMENT 'Not used (NULL): a count',
    freshness   DateTime64(3, 'UTC') COMMENT 'When ClickHouse received the figure'
) AS
SELECT toDateTime64(toDateTime(day, 'Europe/Stockholm'), 3, 'UTC') AS time, period,
       level, region_code AS region, hospital_code AS hospital, unit_code AS unit, 'ALL' AS care_type,
       toNullable(toFloat64(findings)) AS value, CAST(NULL AS Nullable(Float64)) AS numerator,
       CAST(NULL AS Nullable(Float64)) AS denominator, freshness
FROM sakervard.v_multi_resistant_findings
WHERE organism = 'ALL'
COMMENT 'Multi-resistant findings per place; docs/indicators.md, infections';

CREATE OR REPLACE VIEW sakervard.bi_open_infection_clusters
(
    time        DateTime64(3, 'UTC') COMMENT 'The newest change among the place''s clusters (opened, grew or closed)',
    period      String COMMENT 'CURRENT',
    level       String COMMENT 'UNIT or HOSPITAL',
    region      String COMMENT 'Region code',
    hospital    String COMMENT 'Hospital code',
    unit        String COMMENT 'Unit code (vårdenhet); empty for a hospital',
    care_type   String COMMENT 'ALL',
    value       Nullable(Float64) COMMENT 'Open infection clusters (possible outbreaks: 2+ cases of one pathogen on a unit within its window)',
    numerator   Nullable(Float64) COMMENT 'Cases in the open clusters',
    denominator Nullable(Float64) COMMENT 'Not used (NULL)',
    freshness   DateTime64(3, 'UTC') COMMENT 'When ClickHouse received the newest cluster row'
) AS
SELECT max(greatest(last_onset, ifNull(closed_at, last_onset))) AS time, 'CURRENT' AS period,
       place.1 AS level, region_code AS region, hospital_code AS hospital, place.2 AS unit,
       'ALL' AS care_type,
       toNullable(toFloat64(countIf(status = 'OPEN'))) AS value,
       toNullable(toFloat64(sumIf(cases, status = 'OPEN'))) AS numerator,
       CAST(NULL AS Nullable(Float64)) AS denominator, max(freshness) AS freshness
FROM sakervard.v_infection_clusters
-- Each cluster counts for its unit and for its hospital.
ARRAY JOIN [('UNIT', unit_code), ('HOSPITAL', '')] AS place
GROUP BY place.1, region_code, hospital_code, place.2
COMMENT 'Open infection clusters per unit and hospital now; docs/indicators.md, infections';

-- Official reporting -------------------------------------------------------------------------------

CREATE OR REPLACE VIEW sakervard.bi_official_census_monthly
(
    month                     Date COMMENT 'First day of the local month',
    level                     String COMMENT 'UNIT, HOSPITAL or REGION',
    region                    String COMMENT 'Region code',
    hospital                  String COMMENT 'Hospital code; empty at region level',
    unit                      String COMMENT 'Unit code; empty above unit level',
    care_type                 String COMMENT 'SOMATIC or PSYCHIATRIC, reported separately',
    snapshot_days             UInt64 COMMENT 'Days with a 06:00 snapshot and known beds',
    overcrowded_sum           Nullable(Float64) COMMENT 'Sum over the days of overcrowded patients at 06:00',
    outlying_sum              Float64 COMMENT 'Sum over the days of outlying patients at 06:00',
    available_sum             Nullable(Float64) COMMENT 'Sum over the days of available beds at 06:00',
    overcrowding_per_100_beds Nullable(Float64) COMMENT 'The official figure: 100 × overcrowded_sum ÷ available_sum',
    outlying_per_100_beds     Nullable(Float64) COMMENT 'The official figure: 100 × outlying_sum ÷ available_sum',
    complete                  UInt8 COMMENT '1 when every day of the month has a snapshot; 0: a partial month (so far, or the data begins or ends within it)'
) AS
SELECT month, level, region_code AS region, hospital_code AS hospital, unit_code AS unit,
       care_type, snapshot_days, overcrowded_sum, outlying_sum, available_sum,
       overcrowding_per_100_beds, outlying_per_100_beds, complete
FROM sakervard.v_census_monthly_official
COMMENT 'Overcrowding and outlying patients per 100 available beds per place and month from the 06:00 snapshots, as SKR reports them';

CREATE OR REPLACE VIEW sakervard.bi_official_deviations_yearly
(
    year                           UInt16 COMMENT 'Calendar year of report (local time)',
    level                          String COMMENT 'UNIT, HOSPITAL or REGION',
    region                         String COMMENT 'Region code',
    hospital                       String COMMENT 'Hospital code; empty at region level',
    unit                           String COMMENT 'Unit code; empty above unit level',
    months                         UInt64 COMMENT 'Months of the year with figures (12 for a whole year)',
    final                          UInt8 COMMENT '1 when every month of the year is final',
    reported                       UInt64 COMMENT 'Deviation cases reported in the year',
    serious_care_injuries          UInt64 COMMENT 'Of them classified allvarlig vårdskada',
    lex_maria_filed                UInt64 COMMENT 'Lex Maria reports filed in the year',
    reported_previous_year         Nullable(UInt64) COMMENT 'Cases reported the year before; NULL without figures for it',
    reported_change_percent        Nullable(Float64) COMMENT 'Change against the year before, %: the yearly report''s "+10%"; NULL when the year before had none'
) AS
SELECT year, level, region_code AS region, hospital_code AS hospital, unit_code AS unit, months,
       final, reported, serious_care_injuries, lex_maria_filed, previous AS reported_previous_year,
       sakervard_per_100(reported - previous, previous) AS reported_change_percent
FROM
(
    SELECT *,
           if(prev_year = year - 1, prev_reported, NULL) AS previous
    FROM
    (
        SELECT year, level, region_code, hospital_code, unit_code, months, final,
               reported, serious_care_injuries, lex_maria_filed,
               lagInFrame(toNullable(year)) OVER w AS prev_year,
               lagInFrame(toNullable(reported)) OVER w AS prev_reported
        FROM
        (
            SELECT toYear(month) AS year, level, region_code, hospital_code, unit_code,
                   count() AS months, toUInt8(min(is_final)) AS final,
                   sum(reported) AS reported, sum(serious_care_injuries) AS serious_care_injuries,
                   sum(lex_maria_filed) AS lex_maria_filed
            FROM sakervard.v_deviation_monthly
            GROUP BY year, level, region_code, hospital_code, unit_code
        )
        WINDOW w AS (PARTITION BY level, region_code, hospital_code, unit_code ORDER BY year
                     ROWS BETWEEN 1 PRECEDING AND CURRENT ROW)
    )
)
COMMENT 'Deviations per place and year with the change against the year before: the regional yearly report''s table from ClickHouse alone';
