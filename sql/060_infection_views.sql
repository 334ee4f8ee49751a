-- BI views over the infection tables: deduplicated (FINAL), rates and shares computed, local dates.

CREATE OR REPLACE VIEW sakervard.v_infection_incidence AS
SELECT
    level, region_code, hospital_code, unit_code, day, period, infection_type,
    cases, patient_days,
    sakervard_per_1000(cases, patient_days) AS incidence_per_1000_patient_days,
    inserted_at AS freshness
FROM sakervard.infection_incidence FINAL
-- A type's row at 0 is one whose cases were withdrawn or corrected away: as if it had never been.
WHERE infection_type = 'ALL' OR cases > 0
COMMENT 'VRI incidence per 1000 patient days per place, local day and period (DAY, ROLLING_30_DAYS, MONTH_TO_DATE), all and per infection type; NULL without patient days';

CREATE OR REPLACE VIEW sakervard.v_hygiene_compliance AS
SELECT
    level, region_code, hospital_code, unit_code, day, period, observations,
    sakervard_per_100(all_correct, observations) AS all_steps_percent,
    all_correct_lower_percent, all_correct_upper_percent,
    sakervard_per_100(hygiene_correct, observations) AS hygiene_percent,
    sakervard_per_100(dress_code_correct, observations) AS dress_code_percent,
    all_correct, hygiene_correct, dress_code_correct,
    inserted_at AS freshness
FROM sakervard.hygiene_compliance FINAL
COMMENT 'Hygiene compliance (PPM-BHK) per place, local day and window: % correct on all 8 steps (with its 95% Wilson interval), hygiene steps, dress code; observations behind each figure';

CREATE OR REPLACE VIEW sakervard.v_hygiene_compliance_monthly AS
SELECT
    level, region_code, hospital_code, unit_code, toStartOfMonth(day) AS month, observations,
    all_steps_percent, all_correct_lower_percent, all_correct_upper_percent,
    hygiene_percent, dress_code_percent, freshness
FROM sakervard.v_hygiene_compliance
WHERE period = 'MONTH_TO_DATE' AND day = toLastDayOfMonth(day)
COMMENT 'Hygiene compliance per place and calendar month (the month-to-date figures of its last day)';

CREATE OR REPLACE VIEW sakervard.v_multi_resistant_findings AS
SELECT level, region_code, hospital_code, unit_code, day, period, organism, findings,
       inserted_at AS freshness
FROM sakervard.multi_resistant_findings FINAL
COMMENT 'Multi-resistant findings (MRSA, ESBL, VRE) per place, local day and window';

CREATE OR REPLACE VIEW sakervard.v_infection_prevalence AS
SELECT
    level, region_code, hospital_code, unit_code, survey_id, survey_day, surveyed, infected,
    sakervard_per_100(infected, surveyed) AS prevalence_percent,
    inserted_at AS freshness
FROM sakervard.infection_prevalence FINAL
COMMENT 'Point prevalence of VRI per place and survey: % of surveyed inpatients with at least one VRI';

CREATE OR REPLACE VIEW sakervard.v_infection_clusters AS
SELECT
    cluster_id, region_code, hospital_code, unit_code, pathogen, case_refs, cases,
    first_onset, opened_at, last_onset, closed_at, status,
    inserted_at AS freshness
FROM sakervard.infection_clusters FINAL
WHERE status NOT IN ('MERGED', 'DISSOLVED')
COMMENT 'Infection clusters (possible outbreaks): cases of one pathogen on one unit each within the window of the one before (14 days; calici/norovirus 72 hours), flagged by the rule in infections.cluster-rule (docs/indicators.md, Clusters)';
