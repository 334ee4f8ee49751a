-- BI views over the census tables: one current value per key, rates computed as ratios of sums.
-- Local calendar days use Europe/Stockholm, the census job's default census.zone; change both
-- together.

CREATE OR REPLACE VIEW sakervard.v_census_current AS
SELECT
    level, region_code, hospital_code, unit_code, care_type, technical_unit,
    as_of,
    occupied, outlying, available, overcrowded, units,
    sakervard_per_100(overcrowded, available) AS overcrowding_per_100_beds,
    sakervard_per_100(outlying, available)    AS outlying_per_100_beds,
    sakervard_per_100(occupied, available)    AS occupancy_percent,
    inserted_at
FROM sakervard.census_current FINAL
COMMENT 'Census now: overcrowding and outlying patients per 100 available beds, occupancy %';

-- The job writes a unit's hour only when its place or figures differ from the hour before (docs/sql.md,
-- "The hourly census series"); this view fills in the others. A written hour stands for itself and
-- the hours after it up to the next written hour of its place, the end of the place's series (an
-- HOURS_END row: the unit closed or moved to another hospital), or else the newest hour closed in
-- its region, whose hospitals and region have a row every hour.
CREATE OR REPLACE VIEW sakervard.v_census_hourly AS
SELECT
    level, region_code, hospital_code, unit_code, care_type, technical_unit,
    period_start + toIntervalHour(repeated) AS hour_start,
    occupied, outlying, available, overcrowded, units,
    sakervard_per_100(overcrowded, available) AS overcrowding_per_100_beds,
    sakervard_per_100(outlying, available)    AS outlying_per_100_beds,
    sakervard_per_100(occupied, available)    AS occupancy_percent,
    inserted_at
FROM
(
    SELECT series.*, closed.newest_hour
    FROM
    (
        SELECT
            period_kind, level, region_code, hospital_code, unit_code, care_type, technical_unit,
            period_start, occupied, outlying, available, overcrowded, units, inserted_at,
            leadInFrame(toNullable(period_start)) OVER (
                PARTITION BY level, region_code, hospital_code, unit_code, care_type
                ORDER BY period_start ROWS BETWEEN CURRENT ROW AND 1 FOLLOWING) AS next_start
        FROM sakervard.census_figures FINAL
        WHERE period_kind IN ('HOUR', 'HOURS_END')
    ) AS series
    -- A join rather than a second window: a filter on a place's columns then goes below the
    -- window function, so one unit's hours are read without every other place's.
    LEFT JOIN
    (
        SELECT region_code, max(period_start) AS newest_hour
        FROM sakervard.census_figures
        WHERE period_kind = 'HOUR'
        GROUP BY region_code
    ) AS closed USING (region_code)
)
ARRAY JOIN range(if(period_kind = 'HOUR',
    toUInt32(intDiv(toUnixTimestamp64Milli(ifNull(next_start, assumeNotNull(newest_hour) + toIntervalHour(1)))
        - toUnixTimestamp64Milli(period_start), 3600000)),
    0)) AS repeated
COMMENT 'Hourly time-weighted census, every closed hour of every place; rates are ratios of time integrals';

-- The rolling 24 h mean is the mean of the 24 hourly means it spans (every hour has the same
-- length), so ClickHouse computes it from the hours rather than the job storing a second row per
-- place and hour. A place has it once 24 hours of figures exist; a late correction of an hour
-- changes every window holding it.
CREATE OR REPLACE VIEW sakervard.v_census_rolling_24h AS
SELECT
    level, region_code, hospital_code, unit_code, care_type, technical_unit,
    ending_at,
    occupied_24h AS occupied, outlying_24h AS outlying, available_24h AS available,
    overcrowded_24h AS overcrowded, units,
    sakervard_per_100(overcrowded_24h, available_24h) AS overcrowding_per_100_beds,
    sakervard_per_100(outlying_24h, available_24h)    AS outlying_per_100_beds,
    sakervard_per_100(occupied_24h, available_24h)    AS occupancy_percent
FROM
(
    SELECT
        level, region_code, hospital_code, unit_code, care_type, technical_unit, units,
        hour_start + toIntervalHour(1) AS ending_at,
        -- An hour without known beds adds nothing to the beds' sum, as in the hour's own mean.
        sum(occupied) OVER last_24_hours / 24    AS occupied_24h,
        sum(outlying) OVER last_24_hours / 24    AS outlying_24h,
        sum(available) OVER last_24_hours / 24   AS available_24h,
        sum(overcrowded) OVER last_24_hours / 24 AS overcrowded_24h,
        count() OVER last_24_hours               AS hours
    FROM sakervard.v_census_hourly
    WINDOW last_24_hours AS (
        PARTITION BY level, region_code, hospital_code, unit_code, care_type
        ORDER BY toUnixTimestamp(hour_start) RANGE BETWEEN 82800 PRECEDING AND CURRENT ROW)
)
WHERE hours = 24
COMMENT 'Time-weighted averages over the 24 elapsed hours ending at each full hour (the mean of its 24 hourly means)';

CREATE OR REPLACE VIEW sakervard.v_census_daily_snapshot AS
SELECT
    level, region_code, hospital_code, unit_code, care_type, technical_unit,
    toDate(period_start, 'Europe/Stockholm') AS day,
    period_start AS snapshot_at,
    occupied, outlying, available, overcrowded, units,
    sakervard_per_100(overcrowded, available) AS overcrowding_per_100_beds,
    sakervard_per_100(outlying, available)    AS outlying_per_100_beds,
    sakervard_per_100(occupied, available)    AS occupancy_percent,
    inserted_at
FROM sakervard.census_figures FINAL
WHERE period_kind = 'DAILY_SNAPSHOT'
COMMENT 'The official morning snapshot (06:00 local time) per place and day';

CREATE OR REPLACE VIEW sakervard.v_census_monthly_official AS
SELECT
    level, region_code, hospital_code, unit_code, care_type,
    toStartOfMonth(day) AS month,
    count() AS snapshot_days,
    sum(overcrowded) AS overcrowded_sum,
    sum(outlying) AS outlying_sum,
    sum(available) AS available_sum,
    sakervard_per_100(overcrowded_sum, available_sum) AS overcrowding_per_100_beds,
    sakervard_per_100(outlying_sum, available_sum)    AS outlying_per_100_beds,
    -- A month is complete with a snapshot on every one of its days: the current month, the first
    -- month of the data and a month whose last days a bounded run did not close are partial.
    toUInt8(snapshot_days = toDayOfMonth(toLastDayOfMonth(month))) AS complete
FROM sakervard.v_census_daily_snapshot
WHERE available IS NOT NULL
GROUP BY level, region_code, hospital_code, unit_code, care_type, month
COMMENT 'Official monthly figure: 100 x sum over days of overcrowded / sum over days of available beds (06:00 snapshots); complete = 1 with a snapshot every day of the month';

CREATE OR REPLACE VIEW sakervard.v_census_patient_days AS
SELECT
    level, region_code, hospital_code, unit_code, care_type, technical_unit,
    toDate(period_start, 'Europe/Stockholm') AS day,
    dateDiff('second', period_start, period_end) / 3600 AS day_hours,
    patient_days,
    inserted_at
FROM sakervard.census_figures FINAL
WHERE period_kind = 'DAY'
COMMENT 'Patient days (vårddagar) per place and local day: integral of occupied beds / 24 h';
