-- The map of an urbanism certificate: what lies in the frame $1..$4 (an EPSG:3844 box: xmin, ymin, xmax, ymax) at
-- $5 (timestamptz; $6 the same day as a date), clipped to the frame, in EPSG:3844 metres. Zoning units of the plans in
-- force come in drawing order: the PUG first, then overriding plans by the date they came into force, so that painting
-- in this order shows what applies (the same precedence as parcels.zoning.sql). Then plan boundaries, restrictions,
-- at most $8 neighbouring parcels and, last, parcel $7 itself (whole, not clipped).
WITH f AS (
  SELECT ST_MakeEnvelope($1, $2, $3, $4, 3844) AS box, ST_MakeEnvelope($1, $2, $3, $4, 3844)::box2d AS b
),
plans_in_force AS (
  SELECT pl.id, pl.code, pl.kind, pl.geom,
         CASE WHEN pl.overrides_pug THEN 1 ELSE 0 END AS tier, COALESCE(pl.in_force_from, pl.hcl_date) AS since
  FROM plans pl, f
  WHERE pl.geom && f.box
    AND pl.valid_from <= $5 AND (pl.valid_to IS NULL OR pl.valid_to > $5)
    AND (pl.in_force_from IS NULL OR pl.in_force_from <= $6::date)
    AND (pl.in_force_to IS NULL OR pl.in_force_to >= $6::date)
),
features AS (
  SELECT 1 AS layer_order, 'zone' AS layer, z.id, z.code, z.zone_group, z.plan_code, pl.kind, pl.tier, pl.since,
         ST_ClipByBox2D(z.geom, f.b) AS g
  FROM zoning_units z
  JOIN plans_in_force pl ON pl.code = z.plan_code
  CROSS JOIN f
  WHERE z.geom && f.box AND z.valid_from <= $5 AND (z.valid_to IS NULL OR z.valid_to > $5)
  UNION ALL
  SELECT 2, 'plan', pl.id, pl.code, NULL, pl.code, pl.kind, pl.tier, pl.since, ST_ClipByBox2D(pl.geom, f.b)
  FROM plans_in_force pl, f
  UNION ALL
  SELECT 3, 'restriction', r.id, r.code, NULL, NULL, r.kind, 0, NULL, ST_ClipByBox2D(r.geom, f.b)
  FROM restrictions r, f
  WHERE r.geom && f.box AND r.valid_from <= $5 AND (r.valid_to IS NULL OR r.valid_to > $5)
  UNION ALL
  (SELECT 4, 'parcel', p.id, p.cadastral_number, NULL, NULL, NULL, 0, NULL, ST_ClipByBox2D(p.geom, f.b)
   FROM parcels p, f
   WHERE p.geom && f.box AND p.id <> $7 AND p.valid_from <= $5 AND (p.valid_to IS NULL OR p.valid_to > $5)
   ORDER BY p.id
   LIMIT $8)
  UNION ALL
  SELECT 5, 'subject', p.id, p.cadastral_number, NULL, NULL, NULL, 0, NULL, p.geom
  FROM parcels p
  WHERE p.id = $7
)
SELECT layer, id, code, zone_group, plan_code, kind, ST_AsGeoJSON(g, CASE WHEN layer = 'subject' THEN 2 ELSE 1 END)::json AS geometry
FROM features
WHERE NOT ST_IsEmpty(g) AND ST_Dimension(g) = 2
ORDER BY layer_order, tier, since NULLS FIRST, code, id
