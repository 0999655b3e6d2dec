-- The parcel under a WGS84 point ($1 lon, $2 lat) in force at $3.
SELECT p.uat_siruta, p.cadastral_number
FROM parcels p
WHERE p.geom && ST_Transform(ST_SetSRID(ST_MakePoint($1, $2), 4326), 3844)
  AND ST_Intersects(p.geom, ST_Transform(ST_SetSRID(ST_MakePoint($1, $2), 4326), 3844))
  AND p.valid_from <= $3 AND (p.valid_to IS NULL OR p.valid_to > $3)
ORDER BY ST_Area(p.geom)
LIMIT 1
