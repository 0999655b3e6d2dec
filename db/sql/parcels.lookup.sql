-- One parcel with its zoning overlay, in one round trip. The placeholder below is a parcel selector
-- (db/sql/parcels.select-*.sql) that uses $1 and $2 and yields at most one parcel row; $3 is the instant
-- (timestamptz) and $4 the same day as a date. `extent` is the parcel's box in EPSG:3844 (xmin, ymin, xmax, ymax): the
-- frame of a certificate's map, so that the certificate does not read it again.
-- `overlay`: every plan, zoning unit and restriction in force at $3 that intersects the parcel (kind, id), with the
-- area of the intersection in EPSG:3844. A PUZ (overrides_pug) in force replaces, on the area it covers, the units
-- of the PUG and of older overriding plans: `applied_m2` is the area where a unit really applies, `overridden_by`
-- the codes of the plans that replace it. The overlays' attributes are not repeated here: rows never change once
-- committed, and the caller keeps them by id (db/src/overlay-catalog.ts). The overlays are read through their
-- subdivided parts (*_parts): a big PUG polygon costs what its few parts near the parcel cost.
-- Every overlay (intersection, union, difference) runs with a fixed precision of 1e-6 m (GEOS OverlayNG snap-rounding):
-- without it, GEOS first tries floating-point noding and, on a robustness failure, retries with snapping by catching
-- its own TopologyException. The embedded engine's WebAssembly build cannot catch that exception: the statement then
-- ended with no row at all (no error), and parcels that exist answered 404. Snap-rounding never needs the retry, gives
-- the same areas to the micrometre, and the same answers on both engines.
WITH p AS MATERIALIZED (
{{parcel}}
),
plans_in_force AS (
  SELECT pl.id, pl.code, pl.overrides_pug,
         -- Precedence: the PUG first, then overriding plans by the date they came into force.
         CASE WHEN pl.overrides_pug THEN 1 ELSE 0 END AS tier, COALESCE(pl.in_force_from, pl.hcl_date) AS since,
         h.part
  FROM (SELECT pp.plan_id AS id, ST_Union(ST_Intersection(pp.geom, p.geom, 1e-6), 1e-6) AS part
        FROM plan_parts pp, p WHERE pp.geom && p.geom AND ST_Intersects(pp.geom, p.geom)
        GROUP BY pp.plan_id) h
  JOIN plans pl ON pl.id = h.id
  WHERE pl.valid_from <= $3 AND (pl.valid_to IS NULL OR pl.valid_to > $3)
    AND (pl.in_force_from IS NULL OR pl.in_force_from <= $4::date)
    AND (pl.in_force_to IS NULL OR pl.in_force_to >= $4::date)
),
units AS (
  SELECT z.id, z.plan_code, pl.tier, pl.since, h.part
  FROM (SELECT zp.unit_id AS id, ST_Union(ST_Intersection(zp.geom, p.geom, 1e-6), 1e-6) AS part
        FROM zoning_unit_parts zp, p WHERE zp.geom && p.geom AND ST_Intersects(zp.geom, p.geom)
        GROUP BY zp.unit_id) h
  JOIN zoning_units z ON z.id = h.id
  JOIN plans_in_force pl ON pl.code = z.plan_code
  WHERE z.valid_from <= $3 AND (z.valid_to IS NULL OR z.valid_to > $3)
),
overlay AS (
  SELECT 'unit' AS kind, u.id, ST_Area(u.part) AS area_m2,
         ST_Area(CASE WHEN o.g IS NULL THEN u.part ELSE ST_Difference(u.part, o.g, 1e-6) END) AS applied_m2,
         o.by AS overridden_by
  FROM units u
  LEFT JOIN LATERAL (
    SELECT ST_Union(pl.part, 1e-6) AS g, array_agg(pl.code ORDER BY pl.since) AS by
    FROM plans_in_force pl
    WHERE pl.overrides_pug AND pl.code <> u.plan_code
      AND (pl.tier > u.tier OR (pl.tier = u.tier AND pl.since > u.since))
      AND ST_Intersects(pl.part, u.part)
  ) o ON true
  UNION ALL
  SELECT 'plan', pl.id, ST_Area(pl.part), ST_Area(pl.part), NULL FROM plans_in_force pl
  UNION ALL
  SELECT 'restriction', r.id, ST_Area(h.part), ST_Area(h.part), NULL
  FROM (SELECT rp.restriction_id AS id, ST_Union(ST_Intersection(rp.geom, p.geom, 1e-6), 1e-6) AS part
        FROM restriction_parts rp, p WHERE rp.geom && p.geom AND ST_Intersects(rp.geom, p.geom)
        GROUP BY rp.restriction_id) h
  JOIN restrictions r ON r.id = h.id
  WHERE r.valid_from <= $3 AND (r.valid_to IS NULL OR r.valid_to > $3)
  UNION ALL
  -- A PUG regulates the whole administrative territory of its UAT, extravilan included: the PUG in force in the
  -- parcel's UAT when none of its geometry reaches the parcel ('uat_plan': it applies, the data has no UTR there).
  SELECT 'uat_plan', pl.id, 0, 0, NULL
  FROM plans pl, p
  WHERE pl.kind = 'PUG' AND pl.uat_siruta = p.uat_siruta
    AND pl.valid_from <= $3 AND (pl.valid_to IS NULL OR pl.valid_to > $3)
    AND (pl.in_force_from IS NULL OR pl.in_force_from <= $4::date)
    AND (pl.in_force_to IS NULL OR pl.in_force_to >= $4::date)
    AND pl.id NOT IN (SELECT f.id FROM plans_in_force f)
)
SELECT p.id, p.uat_siruta, u.name AS uat_name, u.county_name, p.cadastral_number, p.land_book_number,
       p.area_official_m2, p.land_use, p.intravilan, p.intravilan_derived, p.address, p.dataset_version_id,
       ST_Area(p.geom) AS area_m2,
       ST_AsGeoJSON(g.g4326, 7)::json AS geometry,
       ARRAY[ST_XMin(g.g4326), ST_YMin(g.g4326), ST_XMax(g.g4326), ST_YMax(g.g4326)] AS bbox,
       ARRAY[ST_XMin(p.geom), ST_YMin(p.geom), ST_XMax(p.geom), ST_YMax(p.geom)] AS extent,
       COALESCE((SELECT json_agg(o) FROM overlay o), '[]'::json) AS overlay
FROM p
CROSS JOIN LATERAL (SELECT ST_Transform(p.geom, 4326) AS g4326) g
LEFT JOIN uats u ON u.siruta = p.uat_siruta AND u.valid_from <= $3 AND (u.valid_to IS NULL OR u.valid_to > $3)
