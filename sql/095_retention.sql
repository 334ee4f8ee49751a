-- Retention: fine-grained rows are deleted after a while (TTL), the coarser rows that monthly and
-- yearly reporting rests on are kept. ClickHouse applies a TTL at merges; the figures of the views
-- are unchanged until then. Kept without a TTL: the census now (census_current) and its 06:00
-- snapshots and patient days (the official monthly figures), deviation cases, months and backlog
-- (now and at each month's end: yearly reports compare years), the month-to-date infection and
-- hygiene rows (whole months), and the alert audit trail (an audit record; delete by hand after
-- the region's retention period).

-- Hours and rolling 24 hours: 400 days, for a year against the one before hour by hour.
ALTER TABLE sakervard.census_figures
    MODIFY TTL toDateTime(period_start) + INTERVAL 400 DAY DELETE WHERE period_kind IN ('HOUR', 'ROLLING_24H');

-- Deviations per day and classification, and the rolling 12 months per day: 3 years; the months
-- (deviation_monthly) stay.
ALTER TABLE sakervard.deviation_daily MODIFY TTL day + INTERVAL 3 YEAR;
ALTER TABLE sakervard.deviation_reported_rolling MODIFY TTL day + INTERVAL 3 YEAR;

-- Infections and hygiene per day and rolling 30 days: 3 years; the month-to-date rows stay.
ALTER TABLE sakervard.infection_incidence
    MODIFY TTL day + INTERVAL 3 YEAR DELETE WHERE period IN ('DAY', 'ROLLING_30_DAYS');
ALTER TABLE sakervard.hygiene_compliance
    MODIFY TTL day + INTERVAL 3 YEAR DELETE WHERE period IN ('DAY', 'ROLLING_30_DAYS');
ALTER TABLE sakervard.multi_resistant_findings
    MODIFY TTL day + INTERVAL 3 YEAR DELETE WHERE period IN ('DAY', 'ROLLING_30_DAYS');

-- Every change of a here-and-now level: 2 years (the alert audit keeps what was paged).
ALTER TABLE sakervard.here_and_now_levels MODIFY TTL toDateTime(as_of) + INTERVAL 2 YEAR;
