// Words from the standards, spelled as the standards spell them.
export const CONFORMANCE = {
  core: 'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core',
  geojson: 'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson',
  oas30: 'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30',
  crs: 'http://www.opengis.net/spec/ogcapi-features-2/1.0/conf/crs',
  queryables: 'http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/queryables',
  filter: 'http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/filter',
  featuresFilter: 'http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/features-filter',
  cql2Text: 'http://www.opengis.net/spec/cql2/1.0/conf/cql2-text',
  basicCql2: 'http://www.opengis.net/spec/cql2/1.0/conf/basic-cql2',
  advancedComparison: 'http://www.opengis.net/spec/cql2/1.0/conf/advanced-comparison-operators',
  basicSpatial: 'http://www.opengis.net/spec/cql2/1.0/conf/basic-spatial-functions',
} as const;
export const REL_QUERYABLES = 'http://www.opengis.net/def/rel/ogc/1.0/queryables';
export const CRS84 = 'http://www.opengis.net/def/crs/OGC/1.3/CRS84';
export const EPSG3844 = 'http://www.opengis.net/def/crs/EPSG/0/3844';
export const MEDIA = {
  geojson: 'application/geo+json',
  json: 'application/json',
  mvt: 'application/vnd.mapbox-vector-tile',
  problem: 'application/problem+json',
  schema: 'application/schema+json',
} as const;
