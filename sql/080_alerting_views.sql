-- BI views over the alerting tables.

CREATE OR REPLACE VIEW sakervard.v_here_and_now AS
SELECT
    level, region_code, hospital_code, unit_code,
    argMax(here_and_now_level, changed_at) AS here_and_now_level,
    argMax(reasons, changed_at) AS reasons,
    argMax(not_judged, changed_at) AS not_judged,
    max(changed_at) AS as_of,
    max(inserted_at) AS freshness
FROM (SELECT *, as_of AS changed_at FROM sakervard.here_and_now_levels FINAL)
GROUP BY level, region_code, hospital_code, unit_code
COMMENT 'The current here-and-now level of each unit and hospital with its reasons';

CREATE OR REPLACE VIEW sakervard.v_alert_audit AS
SELECT * FROM sakervard.alert_audit FINAL
COMMENT 'The audit trail of alerts, deduplicated';
