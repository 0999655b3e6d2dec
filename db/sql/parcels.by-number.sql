-- A parcel by UAT and cadastral number, as it was in force at $3 (timestamptz).
SELECT p.id, p.uat_siruta, u.name AS uat_name, u.county_name, p.cadastral_number, p.land_book_number,
       p.area_official_m2, p.land_use, p.intravilan, p.address, p.dataset_version_id,
       ST_Area(p.geom) AS area_m2,
       ST_AsGeoJSON(g.g4326, 7)::json AS geometry,
       ARRAY[ST_XMin(g.g4326), ST_YMin(g.g4326), ST_XMax(g.g4326), ST_YMax(g.g4326)] AS bbox
FROM parcels p
CROSS JOIN LATERAL (SELECT ST_Transform(p.geom, 4326) AS g4326) g
LEFT JOIN uats u ON u.siruta = p.uat_siruta AND u.valid_from <= $3 AND (u.valid_to IS NULL OR u.valid_to > $3)
WHERE p.uat_siruta = $1 AND p.cadastral_number = $2
  AND p.valid_from <= $3 AND (p.valid_to IS NULL OR p.valid_to > $3)
LIMIT 1
