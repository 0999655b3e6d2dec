-- One parcel with everything the zoning answer needs, in one round trip. The placeholder below is a parcel selector
-- (db/sql/parcels.select-*.sql) that uses $1 and $2 and yields at most one parcel row; $3 is the instant
-- (timestamptz) and $4 the same day as a date.
-- `overlay`: every plan, zoning unit and restriction in force at $3 that intersects the parcel, with the area of the
-- intersection in EPSG:3844. A PUZ (overrides_pug) in force replaces, on the area it covers, the units of the PUG and
-- of older overriding plans: `applied_m2` is the area where a unit really applies. The overlays are read through
-- their subdivided parts (*_parts): a big PUG polygon costs what its few parts near the parcel cost.
-- `versions`: the dataset versions the answer used (the parcel's and the overlays').
WITH p AS MATERIALIZED (
{{parcel}}
),
plan_hits AS (
  SELECT pp.plan_id AS id, ST_Union(ST_Intersection(pp.geom, p.geom)) AS part
  FROM plan_parts pp, p WHERE pp.geom && p.geom AND ST_Intersects(pp.geom, p.geom)
  GROUP BY pp.plan_id
),
plans_in_force AS (
  SELECT pl.id, pl.kind, pl.code, pl.title, pl.hcl_number, to_char(pl.hcl_date, 'YYYY-MM-DD') AS hcl_date,
         to_char(pl.in_force_from, 'YYYY-MM-DD') AS in_force_from, to_char(pl.in_force_to, 'YYYY-MM-DD') AS in_force_to,
         pl.overrides_pug, pl.dataset_version_id, h.part,
         -- Precedence: the PUG first, then overriding plans by the date they came into force.
         CASE WHEN pl.overrides_pug THEN 1 ELSE 0 END AS tier, COALESCE(pl.in_force_from, pl.hcl_date) AS since
  FROM plan_hits h JOIN plans pl ON pl.id = h.id
  WHERE pl.valid_from <= $3 AND (pl.valid_to IS NULL OR pl.valid_to > $3)
    AND (pl.in_force_from IS NULL OR pl.in_force_from <= $4::date)
    AND (pl.in_force_to IS NULL OR pl.in_force_to >= $4::date)
),
unit_hits AS (
  SELECT zp.unit_id AS id, ST_Union(ST_Intersection(zp.geom, p.geom)) AS part
  FROM zoning_unit_parts zp, p WHERE zp.geom && p.geom AND ST_Intersects(zp.geom, p.geom)
  GROUP BY zp.unit_id
),
units AS (
  SELECT z.id, z.code, z.name, z.zone_group, z.category, z.plan_code, z.dataset_version_id,
         z.permitted_uses, z.conditional_uses, z.forbidden_uses, z.pot_max_pct, z.cut_max, z.height_max_m,
         z.height_total_max_m, z.height_regime, z.max_floors, z.min_parcel_area_m2, z.min_frontage_m,
         z.setback_front_m, z.setback_side_m, z.setback_rear_m, z.regulation_url, z.regulations,
         pl.kind AS plan_kind, pl.tier, pl.since, h.part
  FROM unit_hits h
  JOIN zoning_units z ON z.id = h.id
  JOIN plans_in_force pl ON pl.code = z.plan_code
  WHERE z.valid_from <= $3 AND (z.valid_to IS NULL OR z.valid_to > $3)
),
restriction_hits AS (
  SELECT rp.restriction_id AS id, ST_Union(ST_Intersection(rp.geom, p.geom)) AS part
  FROM restriction_parts rp, p WHERE rp.geom && p.geom AND ST_Intersects(rp.geom, p.geom)
  GROUP BY rp.restriction_id
),
overlay AS (
SELECT 'unit' AS kind, u.id, u.code, u.name, u.zone_group, u.category, u.plan_code, u.plan_kind, u.dataset_version_id,
       u.permitted_uses, u.conditional_uses, u.forbidden_uses, u.pot_max_pct, u.cut_max, u.height_max_m,
       u.height_total_max_m, u.height_regime, u.max_floors, u.min_parcel_area_m2, u.min_frontage_m,
       u.setback_front_m, u.setback_side_m, u.setback_rear_m, u.regulation_url, u.regulations,
       NULL::text AS title, NULL::text AS hcl_number, NULL::text AS hcl_date, NULL::text AS in_force_from,
       NULL::text AS in_force_to, NULL::boolean AS overrides_pug, NULL::text AS legal_basis, NULL::text AS description,
       ST_Area(u.part) AS area_m2,
       ST_Area(CASE WHEN o.g IS NULL THEN u.part ELSE ST_Difference(u.part, o.g) END) AS applied_m2,
       o.by AS overridden_by
FROM units u
LEFT JOIN LATERAL (
  SELECT ST_Union(pl.part) AS g, array_agg(pl.code ORDER BY pl.since) AS by
  FROM plans_in_force pl
  WHERE pl.overrides_pug AND pl.code <> u.plan_code
    AND (pl.tier > u.tier OR (pl.tier = u.tier AND pl.since > u.since))
    AND ST_Intersects(pl.part, u.part)
) o ON true
UNION ALL
SELECT 'plan', pl.id, pl.code, NULL, NULL, NULL, pl.code, pl.kind, pl.dataset_version_id,
       NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
       pl.title, pl.hcl_number, pl.hcl_date, pl.in_force_from, pl.in_force_to, pl.overrides_pug, NULL, NULL,
       ST_Area(pl.part), ST_Area(pl.part), NULL
FROM plans_in_force pl
UNION ALL
SELECT 'restriction', r.id, r.code, r.name, NULL, r.kind, NULL, NULL, r.dataset_version_id,
       NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
       NULL, NULL, NULL, NULL, NULL, NULL, r.legal_basis, r.description,
       ST_Area(h.part), ST_Area(h.part), NULL
FROM restriction_hits h JOIN restrictions r ON r.id = h.id
WHERE r.valid_from <= $3 AND (r.valid_to IS NULL OR r.valid_to > $3)
)
SELECT p.id, p.uat_siruta, u.name AS uat_name, u.county_name, p.cadastral_number, p.land_book_number,
       p.area_official_m2, p.land_use, p.intravilan, p.address, p.dataset_version_id,
       ST_Area(p.geom) AS area_m2,
       ST_AsGeoJSON(g.g4326, 7)::json AS geometry,
       ARRAY[ST_XMin(g.g4326), ST_YMin(g.g4326), ST_XMax(g.g4326), ST_YMax(g.g4326)] AS bbox,
       COALESCE((SELECT json_agg(o) FROM overlay o), '[]'::json) AS overlay,
       (SELECT json_agg(v ORDER BY v.id)
        FROM (SELECT d.id, d.layer, d.uat_siruta, d.source_file, d.source_crs, d.feature_count,
                     to_char(d.imported_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS imported_at,
                     to_char(d.valid_from AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS valid_from,
                     to_char(d.valid_to AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS valid_to
              FROM dataset_versions d
              WHERE d.id = p.dataset_version_id OR d.id IN (SELECT dataset_version_id FROM overlay)) v) AS versions
FROM p
CROSS JOIN LATERAL (SELECT ST_Transform(p.geom, 4326) AS g4326) g
LEFT JOIN uats u ON u.siruta = p.uat_siruta AND u.valid_from <= $3 AND (u.valid_to IS NULL OR u.valid_to > $3)
