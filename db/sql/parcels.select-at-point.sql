-- The parcel under a WGS84 point ($1 lon, $2 lat) in force at $3 (timestamptz); the smallest one if parcels overlap.
SELECT p.id, p.geom, p.uat_siruta, p.cadastral_number, p.land_book_number, p.area_official_m2, p.land_use,
       p.intravilan, p.intravilan_derived, p.address, p.dataset_version_id
FROM parcels p
WHERE p.geom && ST_Transform(ST_SetSRID(ST_MakePoint($1, $2), 4326), 3844)
  AND ST_Intersects(p.geom, ST_Transform(ST_SetSRID(ST_MakePoint($1, $2), 4326), 3844))
  AND p.valid_from <= $3 AND (p.valid_to IS NULL OR p.valid_to > $3)
ORDER BY ST_Area(p.geom)
LIMIT 1
