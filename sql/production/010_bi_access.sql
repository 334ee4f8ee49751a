-- Access for BI tools and the here-and-now board on a production ClickHouse server (SQL-driven
-- access control enabled: access_management for the administrator). Not applied by the tests: the
-- local chDB endpoint has no users or roles, so BiLayerITCase only parses these statements with the
-- real engine's parser and checks that every table and view named exists.
--
-- A person or tool gets a user with its place in a custom setting, and the roles:
--   CREATE USER anna IDENTIFIED WITH sha256_password BY '...' SETTINGS SQL_sakervard_region = 'R01';
--   GRANT sakervard_bi_reader, sakervard_region_reader TO anna;
--   CREATE USER board_h03 ... SETTINGS SQL_sakervard_hospital = 'R01-H03';
--   GRANT sakervard_bi_reader, sakervard_hospital_reader TO board_h03;
-- (custom settings need the server's default custom_settings_prefixes, SQL_). Wider audiences get
-- only the bi_public_ views: GRANT sakervard_public_reader TO intranet.

-- Read-only: the semantic layer, the official views, the board's views. Never the case-level
-- tables (deviation_cases), never INSERT.
CREATE ROLE IF NOT EXISTS sakervard_bi_reader SETTINGS readonly = 1;
GRANT SELECT ON sakervard.bi_occupancy_percent TO sakervard_bi_reader;
GRANT SELECT ON sakervard.bi_overcrowding_per_100_beds TO sakervard_bi_reader;
GRANT SELECT ON sakervard.bi_outlying_per_100_beds TO sakervard_bi_reader;
GRANT SELECT ON sakervard.bi_patient_days TO sakervard_bi_reader;
GRANT SELECT ON sakervard.bi_deviations_reported TO sakervard_bi_reader;
GRANT SELECT ON sakervard.bi_deviations_open_backlog TO sakervard_bi_reader;
GRANT SELECT ON sakervard.bi_serious_care_injuries TO sakervard_bi_reader;
GRANT SELECT ON sakervard.bi_deviations_closed_within_30_days_percent TO sakervard_bi_reader;
GRANT SELECT ON sakervard.bi_infection_incidence_per_1000_patient_days TO sakervard_bi_reader;
GRANT SELECT ON sakervard.bi_hygiene_compliance_percent TO sakervard_bi_reader;
GRANT SELECT ON sakervard.bi_here_and_now_level TO sakervard_bi_reader;
GRANT SELECT ON sakervard.bi_deviation_handling_time_median_days TO sakervard_bi_reader;
GRANT SELECT ON sakervard.bi_lex_maria_filed TO sakervard_bi_reader;
GRANT SELECT ON sakervard.bi_infection_prevalence_percent TO sakervard_bi_reader;
GRANT SELECT ON sakervard.bi_multi_resistant_findings TO sakervard_bi_reader;
GRANT SELECT ON sakervard.bi_open_infection_clusters TO sakervard_bi_reader;
GRANT SELECT ON sakervard.bi_official_census_monthly TO sakervard_bi_reader;
GRANT SELECT ON sakervard.bi_official_deviations_yearly TO sakervard_bi_reader;
GRANT SELECT ON sakervard.v_here_and_now TO sakervard_bi_reader;
GRANT SELECT ON sakervard.v_alert_audit TO sakervard_bi_reader;
GRANT SELECT ON sakervard.v_open_alerts TO sakervard_bi_reader;

CREATE ROLE IF NOT EXISTS sakervard_public_reader SETTINGS readonly = 1;
GRANT SELECT ON sakervard.bi_public_deviations_monthly TO sakervard_public_reader;
GRANT SELECT ON sakervard.bi_public_infections_monthly TO sakervard_public_reader;

-- Row policies on the tables under the views (a view reads them as the querying user): a region
-- reader sees its region's rows, a hospital reader its hospital's (not the region's totals).
CREATE ROLE IF NOT EXISTS sakervard_region_reader;
CREATE ROLE IF NOT EXISTS sakervard_hospital_reader;
CREATE ROW POLICY IF NOT EXISTS sakervard_own_region
    ON sakervard.census_current, sakervard.census_figures, sakervard.deviation_monthly,
       sakervard.deviation_backlog, sakervard.deviation_backlog_month_end,
       sakervard.deviation_reported_rolling, sakervard.infection_incidence,
       sakervard.hygiene_compliance, sakervard.here_and_now_levels, sakervard.alert_audit,
       sakervard.infection_prevalence, sakervard.multi_resistant_findings, sakervard.infection_clusters
    USING region_code = getSetting('SQL_sakervard_region')
    TO sakervard_region_reader;
CREATE ROW POLICY IF NOT EXISTS sakervard_own_hospital
    ON sakervard.census_current, sakervard.census_figures, sakervard.deviation_monthly,
       sakervard.deviation_backlog, sakervard.deviation_backlog_month_end,
       sakervard.deviation_reported_rolling, sakervard.infection_incidence,
       sakervard.hygiene_compliance, sakervard.here_and_now_levels, sakervard.alert_audit,
       sakervard.infection_prevalence, sakervard.multi_resistant_findings, sakervard.infection_clusters
    USING hospital_code = getSetting('SQL_sakervard_hospital')
    TO sakervard_hospital_reader;
-- Once a table has a policy, users without one see none of its rows: the pipeline's writer, the
-- administrators and the unrestricted BI readers keep every row.
CREATE ROW POLICY IF NOT EXISTS sakervard_all_rows
    ON sakervard.census_current, sakervard.census_figures, sakervard.deviation_monthly,
       sakervard.deviation_backlog, sakervard.deviation_backlog_month_end,
       sakervard.deviation_reported_rolling, sakervard.infection_incidence,
       sakervard.hygiene_compliance, sakervard.here_and_now_levels, sakervard.alert_audit,
       sakervard.infection_prevalence, sakervard.multi_resistant_findings, sakervard.infection_clusters
    USING 1
    TO ALL EXCEPT sakervard_region_reader, sakervard_hospital_reader;
