-- The ratio formulas every view uses, written once. SQL functions are global to a ClickHouse
-- server (not to a database), hence the prefix; on a cluster, create them ON CLUSTER or with
-- user_defined_zookeeper_path set, as the ClickHouse documentation on CREATE FUNCTION describes.

-- 100 × part ÷ whole: a percentage, or a rate per 100 (beds); NULL when whole is 0 or unknown.
CREATE OR REPLACE FUNCTION sakervard_per_100 AS (part, whole) ->
    if(whole > 0, 100 * part / whole, NULL);

-- 1000 × part ÷ whole: a rate per 1000 (patient days); NULL when whole is 0 or unknown.
CREATE OR REPLACE FUNCTION sakervard_per_1000 AS (part, whole) ->
    if(whole > 0, 1000 * part / whole, NULL);
