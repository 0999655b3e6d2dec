-- The streets on an urbanism certificate's map: the street centrelines in force at $5 (timestamptz) that cross the
-- frame $1..$4 (an EPSG:3844 box: xmin, ymin, xmax, ymax), clipped to it, in EPSG:3844 metres (to the decimetre),
-- at most $6 of them. Named streets first, by name, so that the map names the same streets on both engines.
WITH f AS (SELECT ST_MakeEnvelope($1, $2, $3, $4, 3844) AS box)
SELECT id, dataset_version_id, name, kind, name_source, ST_AsGeoJSON(g, 1)::json AS geometry
FROM (
  SELECT s.id, s.dataset_version_id, s.name, s.kind, s.name_source,
         ST_CollectionExtract(ST_Intersection(s.geom, f.box), 2) AS g
  FROM streets s, f
  WHERE s.geom && f.box AND s.valid_from <= $5 AND (s.valid_to IS NULL OR s.valid_to > $5)
) clipped
WHERE NOT ST_IsEmpty(g)
ORDER BY name NULLS LAST, id
LIMIT $6
