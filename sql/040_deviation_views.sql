-- BI views over the deviation tables: deduplicated (FINAL), shares in %, local-time dates.

CREATE OR REPLACE VIEW sakervard.v_deviation_cases AS
SELECT *
FROM sakervard.deviation_cases FINAL
WHERE NOT entered_in_error
COMMENT 'Deviation cases, one row per case (pseudonymous references only); cases entered in error left out';

CREATE OR REPLACE VIEW sakervard.v_deviation_monthly AS
SELECT
    level, region_code, hospital_code, unit_code, month,
    reported, negative_events, near_misses, serious_care_injuries, open_cases,
    closed_within_30_days, closed_within_60_days, closed_within_90_days,
    sakervard_per_100(closed_within_30_days, reported) AS share_closed_within_30_days_percent,
    sakervard_per_100(closed_within_60_days, reported) AS share_closed_within_60_days_percent,
    sakervard_per_100(closed_within_90_days, reported) AS share_closed_within_90_days_percent,
    reporting_delay_median_hours, reporting_delay_p90_hours,
    handling_time_median_days, handling_time_p90_days,
    needs_event_analysis, event_analysis_in_time, event_analysis_started_late,
    event_analysis_overdue, event_analysis_not_yet_due,
    sakervard_per_100(event_analysis_in_time, needs_event_analysis) AS share_event_analysis_in_time_percent,
    lex_maria_filed, lex_maria_lead_time_median_days,
    complaints_received, complaints_answered_within_30_days,
    sakervard_per_100(complaints_answered_within_30_days, complaints_received) AS share_complaints_answered_within_30_days_percent,
    is_final, as_of,
    inserted_at AS freshness
FROM sakervard.deviation_monthly FINAL
COMMENT 'Monthly deviation figures per place: counts, lead times, shares closed within 30/60/90 days, event analyses in time, late, overdue and not yet due as of as_of (provisional until is_final)';

CREATE OR REPLACE VIEW sakervard.v_deviation_backlog AS
SELECT
    level, region_code, hospital_code, unit_code, as_of,
    open_cases, open_over_30_days, open_over_60_days, open_over_90_days, open_serious_care_injuries,
    inserted_at AS freshness
FROM sakervard.deviation_backlog FINAL
COMMENT 'Open deviation backlog per place now, and the part of it open longer than 30/60/90 days';

CREATE OR REPLACE VIEW sakervard.v_deviation_backlog_month_end AS
SELECT
    level, region_code, hospital_code, unit_code, month, month_end,
    open_cases, open_over_30_days, open_over_60_days, open_over_90_days, open_serious_care_injuries,
    inserted_at AS freshness
FROM sakervard.deviation_backlog_month_end FINAL
COMMENT 'Open deviation backlog per place at the end of each local month (every event before month_end counted), and the part of it open longer than 30/60/90 days';

CREATE OR REPLACE VIEW sakervard.v_deviation_daily AS
SELECT
    level, region_code, hospital_code, unit_code, day, category, deviation_type, consequence,
    reported,
    inserted_at AS freshness
FROM sakervard.deviation_daily FINAL
WHERE reported > 0
COMMENT 'Reported deviation cases per place, local day of report, category, type (negativ händelse / tillbud) and consequence 1-4';

CREATE OR REPLACE VIEW sakervard.v_deviation_reported_rolling AS
SELECT
    level, region_code, hospital_code, unit_code, day,
    reported_on_day, reported_last_12_months, reported_previous_12_months,
    sakervard_per_100(reported_last_12_months - reported_previous_12_months,
                      reported_previous_12_months) AS change_percent,
    inserted_at AS freshness
FROM sakervard.deviation_reported_rolling FINAL
COMMENT 'Reported deviation cases, rolling 12 months ending with each local day, and the change in % against the 12 months before (NULL when those had none)';
