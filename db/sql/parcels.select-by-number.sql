-- A parcel by UAT ($1) and cadastral number ($2), as it was in force at $3 (timestamptz). The number is compared in
-- the "C" collation and the last line repeats the predicate of parcels_key_idx, so that this reads that index.
SELECT p.id, p.geom, p.uat_siruta, p.cadastral_number, p.land_book_number, p.area_official_m2, p.land_use,
       p.intravilan, p.intravilan_derived, p.address, p.dataset_version_id
FROM parcels p
WHERE p.uat_siruta = $1 AND p.cadastral_number COLLATE "C" = $2
  AND p.valid_from <= $3 AND (p.valid_to IS NULL OR p.valid_to > $3)
  AND (p.valid_to IS NULL OR p.valid_to > p.valid_from)
LIMIT 1
