-- Everything an urbanism certificate needs besides the parcel lookup, in one round trip (one row):
-- the frame is $1..$4 (an EPSG:3844 box: xmin, ymin, xmax, ymax), $5 the instant (timestamptz) and $6 the same day as
-- a date, $7 the parcel, $8 the most neighbouring parcels drawn, $9 the most streets drawn, $10 the parcel's UAT, $11
-- the dataset versions the certificate names (int[]).
-- `features`: what lies in the frame, clipped to it, in EPSG:3844 metres. Zoning units of the plans in force come in
-- drawing order: the PUG first, then overriding plans by the date they came into force, so that painting in this
-- order shows what applies (the same precedence as parcels.zoning.sql). Then plan boundaries, restrictions, at most $8
-- neighbouring parcels and, last, parcel $7 itself (whole, not clipped).
-- `streets`: the street centrelines in force that cross the frame, clipped to it (to the decimetre), at most $9 of them;
-- named streets first, by name, so that the map names the same streets on both engines.
-- `has_zoning`: whether any zoning unit of the UAT is in force ("no UTR on this parcel" vs "no zoning data").
-- `provenance`: whether a generator made each version of $11 and of the streets drawn, and the credit it requires.
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
),
drawn AS (
  SELECT layer_order, tier, since, code, id,
         json_build_object('layer', layer, 'id', id, 'code', code, 'zone_group', zone_group, 'plan_code', plan_code,
                           'kind', kind,
                           'geometry', ST_AsGeoJSON(g, CASE WHEN layer = 'subject' THEN 2 ELSE 1 END)::json) AS row
  FROM features
  WHERE NOT ST_IsEmpty(g) AND ST_Dimension(g) = 2
),
streets AS (
  SELECT id, dataset_version_id, name, kind, name_source, ST_AsGeoJSON(g, 1)::json AS geometry
  FROM (
    SELECT s.id, s.dataset_version_id, s.name, s.kind, s.name_source,
           ST_CollectionExtract(ST_Intersection(s.geom, f.box), 2) AS g
    FROM streets s, f
    WHERE s.geom && f.box AND s.valid_from <= $5 AND (s.valid_to IS NULL OR s.valid_to > $5)
  ) clipped
  WHERE NOT ST_IsEmpty(g)
  ORDER BY name NULLS LAST, id
  LIMIT $9
)
SELECT
  COALESCE((SELECT json_agg(d.row ORDER BY d.layer_order, d.tier, d.since NULLS FIRST, d.code, d.id) FROM drawn d),
           '[]'::json) AS features,
  COALESCE((SELECT json_agg(s ORDER BY s.name NULLS LAST, s.id) FROM streets s), '[]'::json) AS streets,
  EXISTS (SELECT 1 FROM zoning_units
          WHERE uat_siruta = $10 AND valid_from <= $5 AND (valid_to IS NULL OR valid_to > $5)) AS has_zoning,
  COALESCE((SELECT json_agg(json_build_object('id', v.id, 'synthetic', v.synthetic, 'attribution', v.attribution)
                            ORDER BY v.id)
            FROM dataset_versions v
            WHERE v.id = ANY($11::int[]) OR v.id IN (SELECT dataset_version_id FROM streets)), '[]'::json) AS provenance
