// A compact OpenAPI 3.0 definition of the /ogc endpoints (the `service-desc` of the landing page).
export function openApi(base: string, collections: readonly string[]) {
  const param = (name: string, description: string, schema: object, required = false, where = 'query') => ({
    name,
    in: where,
    description,
    required,
    schema,
  });
  const ok = (description: string, type = 'application/json') => ({ 200: { description, content: { [type]: {} } } });
  return {
    openapi: '3.0.3',
    info: {
      title: 'Atlas OGC API - Features',
      version: '1.0.0',
      description: 'Parcels, zoning, plans, restrictions, permits and UATs.',
    },
    servers: [{ url: base }],
    paths: {
      '/': { get: { summary: 'Landing page', responses: ok('landing page') } },
      '/conformance': { get: { summary: 'Conformance classes', responses: ok('conformance') } },
      '/collections': { get: { summary: 'Collections', responses: ok('collections') } },
      '/collections/{collectionId}': {
        get: {
          summary: 'One collection',
          parameters: [param('collectionId', 'collection', { type: 'string', enum: collections }, true, 'path')],
          responses: ok('collection'),
        },
      },
      '/collections/{collectionId}/items': {
        get: {
          summary: 'Features',
          parameters: [
            param('collectionId', 'collection', { type: 'string', enum: collections }, true, 'path'),
            param('bbox', 'minx,miny,maxx,maxy', {
              type: 'array',
              items: { type: 'number' },
              minItems: 4,
              maxItems: 4,
            }),
            param('bbox-crs', 'CRS of bbox', { type: 'string', format: 'uri' }),
            param('crs', 'CRS of the response', { type: 'string', format: 'uri' }),
            param('limit', 'page size', { type: 'integer', minimum: 1, maximum: 10000, default: 10 }),
            param('offset', 'start index', { type: 'integer', minimum: 0, default: 0 }),
          ],
          responses: ok('features', 'application/geo+json'),
        },
      },
      '/collections/{collectionId}/items/{featureId}': {
        get: {
          summary: 'One feature',
          parameters: [
            param('collectionId', 'collection', { type: 'string', enum: collections }, true, 'path'),
            param('featureId', 'feature id', { type: 'string' }, true, 'path'),
            param('crs', 'CRS of the response', { type: 'string', format: 'uri' }),
          ],
          responses: ok('feature', 'application/geo+json'),
        },
      },
    },
  };
}
