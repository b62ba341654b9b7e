-- B3 peer: the same z-scores (unweighted mean, population sd), status index (sum of z-scores),
-- rank and Berlin MSS status classes (by the sd of the index itself) computed in PostgreSQL.
-- Both sides return score, rank and class per area (the z-scores stay internal, as columns in Lernort).
-- Input: b3_values(area int, indicator int, value float8), long format, higher = more need.
WITH stats AS (
  SELECT indicator, avg(value) AS m, stddev_pop(value) AS s FROM b3_values GROUP BY indicator
), z AS (
  SELECT v.area, v.indicator, (v.value - st.m) / st.s AS z FROM b3_values v JOIN stats st USING (indicator)
), idx AS (
  SELECT area, sum(z) AS score FROM z GROUP BY area
), idx_stats AS (
  SELECT avg(score) AS m, stddev_pop(score) AS s FROM idx
)
SELECT i.area, i.score,
       rank() OVER (ORDER BY i.score DESC) AS rank,
       CASE WHEN i.score < st.m - st.s THEN 1
            WHEN i.score <= st.m + st.s THEN 2
            WHEN i.score <= st.m + 1.5 * st.s THEN 3
            ELSE 4 END AS class
  FROM idx i CROSS JOIN idx_stats st
 ORDER BY i.area;
