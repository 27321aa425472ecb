-- export-daily-grid
-- The buckets of a daily export and the slots of their grid (see DuckDbExportDataStore), the first
-- CTEs of export-daily.sql and export-daily-crossing.sql: buckets(b_start, b_end) from the bound
-- :starts and :ends, and slots(slot, b_start, b_end), every slot of the grid (:anchor, :grain) with
-- its bucket.
buckets AS (
    SELECT unnest(CAST(:starts AS BIGINT[])) AS b_start, unnest(CAST(:ends AS BIGINT[])) AS b_end
),
slots AS (
    -- every slot of the grid, with its bucket: the slots of [b_start, b_end]
    SELECT unnest(range(lo, hi + 1)) AS slot, b_start, b_end
    FROM (SELECT b_start, b_end,
                 CASE WHEN b_start < :anchor THEN -1 ELSE (b_start - :anchor) // :grain END AS lo,
                 CASE WHEN b_end < :anchor THEN -1 ELSE (b_end - :anchor) // :grain END AS hi
          FROM buckets)
)
