// The OpenAPI 3.0 document of the whole HTTP API (served at /api and /api/openapi.json), and its /ogc part with
// paths relative to /ogc (the `service-desc` of the OGC landing page, served at /ogc/api).
// test/conformance/openapi.test.ts checks that every route of the app is here and answers as documented.
import { LAYERS } from '../../../db/src/datasets.repository.ts';

type Schema = Record<string, unknown>;
const ref = (name: string): Schema => ({ $ref: `#/components/schemas/${name}` });
const param = (
  name: string,
  where: 'path' | 'query',
  description: string,
  schema: Schema,
  required = where === 'path',
) => ({
  name,
  in: where,
  description,
  required,
  schema,
});
const json = (description: string, schema: Schema, type = 'application/json') => ({
  description,
  content: { [type]: { schema } },
});
const problem = (description: string) => json(description, ref('Problem'), 'application/problem+json');
const errors = (...codes: number[]) =>
  Object.fromEntries(
    codes.map((c) => [
      String(c),
      problem(
        {
          400: 'a parameter is invalid (the problem names it)',
          401: 'no or a wrong admin token',
          404: 'not found',
          413: 'the body is too large',
          429: 'too many requests (Retry-After)',
          503: 'busy or the database is unavailable (Retry-After)',
        }[c] ?? 'error',
      ),
    ]),
  );

// A map layer, or an indicator of the atlas (`indicator-{code}`, codes as the indicator import accepts them).
const layer = param('collectionId', 'path', 'a map layer, or indicator-{code} for an indicator of the atlas', {
  type: 'string',
  anyOf: [{ enum: [...LAYERS] }, { pattern: '^indicator-[a-z][a-z0-9_]{0,62}$' }],
});
const crsParam = param(
  'crs',
  'query',
  'CRS of the response (Part 2): CRS84 or EPSG:3844',
  { type: 'string', format: 'uri' },
  false,
);

/** Example requests that must answer as documented (x-atlas-example: a path with its query, relative to the server). */
const ex = (path: string) => ({ 'x-atlas-example': path });

const OGC_PATHS = {
  '/ogc': {
    get: { summary: 'OGC API landing page', ...ex('/ogc'), responses: { 200: json('landing page', ref('Landing')) } },
  },
  '/ogc/api': {
    get: {
      summary: 'This API definition (the /ogc part)',
      ...ex('/ogc/api'),
      responses: { 200: json('OpenAPI 3.0', { type: 'object' }, 'application/vnd.oai.openapi+json;version=3.0') },
    },
  },
  '/ogc/conformance': {
    get: {
      summary: 'Conformance classes',
      ...ex('/ogc/conformance'),
      responses: { 200: json('conformance', ref('Conformance')) },
    },
  },
  '/ogc/collections': {
    get: {
      summary: 'Collections (one per map layer)',
      ...ex('/ogc/collections'),
      responses: { 200: json('collections', ref('Collections')) },
    },
  },
  '/ogc/collections/{collectionId}': {
    get: {
      summary: 'One collection',
      ...ex('/ogc/collections/parcels'),
      parameters: [layer],
      responses: { 200: json('collection', ref('Collection')), ...errors(404) },
    },
  },
  '/ogc/collections/{collectionId}/queryables': {
    get: {
      summary: 'The properties a filter may name (Part 3), as JSON Schema',
      ...ex('/ogc/collections/zoning/queryables'),
      parameters: [layer],
      responses: { 200: json('queryables', ref('Queryables'), 'application/schema+json'), ...errors(404) },
    },
  },
  '/ogc/collections/{collectionId}/items': {
    get: {
      summary: 'Features, paged (next links page by a cursor)',
      ...ex('/ogc/collections/parcels/items?limit=3&datetime=2020-01-01/..&filter=area_official_m2%20%3E%20100'),
      parameters: [
        layer,
        param('bbox', 'query', 'minx,miny,maxx,maxy or minx,miny,minz,maxx,maxy,maxz', {
          type: 'array',
          items: { type: 'number' },
          minItems: 4,
          maxItems: 6,
        }),
        param('bbox-crs', 'query', 'CRS of bbox (Part 2)', { type: 'string', format: 'uri' }),
        crsParam,
        param('limit', 'query', 'page size', { type: 'integer', minimum: 1, maximum: 10000, default: 10 }),
        param('offset', 'query', 'start index (at most ATLAS_OGC_OFFSET_MAX; deeper through next links)', {
          type: 'integer',
          minimum: 0,
          default: 0,
        }),
        param('cursor', 'query', 'the opaque token of a next link', { type: 'string' }),
        param(
          'datetime',
          'query',
          'features in force at an instant or during an interval (../b, a/.., a/b): dataset versions and plan validity',
          { type: 'string' },
        ),
        param('year', 'query', 'the year of an indicator collection (its latest by default)', { type: 'integer' }),
        param('filter', 'query', 'a CQL2 text filter over the queryables (Part 3)', { type: 'string' }),
        param('filter-lang', 'query', 'cql2-text (cql-text is accepted as its older name)', {
          type: 'string',
          enum: ['cql2-text', 'cql-text'],
          default: 'cql2-text',
        }),
        param('filter-crs', 'query', 'CRS of geometries in the filter', {
          type: 'string',
          enum: ['http://www.opengis.net/def/crs/OGC/1.3/CRS84'],
        }),
      ],
      responses: { 200: json('features', ref('FeatureCollection'), 'application/geo+json'), ...errors(400, 404, 503) },
    },
  },
  '/ogc/collections/{collectionId}/items/{featureId}': {
    get: {
      summary: 'One feature',
      'x-atlas-example-from': 'first feature of /ogc/collections/zoning/items',
      parameters: [layer, param('featureId', 'path', 'feature id', { type: 'string' }), crsParam],
      responses: { 200: json('feature', ref('Feature'), 'application/geo+json'), ...errors(404) },
    },
  },
};

/** The atlas routes (issue 18). */
const siruta = param('siruta', 'path', 'SIRUTA code of the UAT', { type: 'integer' });
const code = param('code', 'path', 'indicator code', { type: 'string' });
const valuesParams = [
  code,
  param('year', 'query', 'year (`all` on /values: every year in one columnar answer)', {
    oneOf: [{ type: 'integer' }, { type: 'string', enum: ['all'] }],
  }),
  param('derived', 'query', 'a derived measure (e.g. per 1,000 inhabitants)', { type: 'string' }),
  param('from', 'query', 'base year of a change', { type: 'integer' }),
  param('classes', 'query', 'number of classes (3 to 9)', { type: 'integer', minimum: 3, maximum: 9 }),
  param('method', 'query', 'class breaks method', { type: 'string' }),
  param('county', 'query', 'county code', { type: 'string' }),
];
/** The texts of an indicator answer in two languages (kept backward compatible: the English ones were added). */
const BILINGUAL = {
  type: 'object',
  description:
    'Texts in Romanian (name_ro, description_ro, unit, source, licence, notes_ro) and English (name_en, ' +
    'description_en, unit_en, source_en, licence_en, notes_en). An English field is null where the catalogue has ' +
    'no English form; show the Romanian one then, marked as Romanian.',
};
const ATLAS_PATHS = {
  '/api/indicators': {
    get: {
      summary: 'Indicators (search with q)',
      ...ex('/api/indicators?q=pop'),
      parameters: [param('q', 'query', 'text to search in codes and names', { type: 'string' })],
      responses: { 200: json('indicators', BILINGUAL), ...errors(400) },
    },
  },
  '/api/indicators/{code}': {
    get: {
      summary: 'One indicator',
      ...ex('/api/indicators/population_census'),
      parameters: [code],
      responses: { 200: json('indicator', BILINGUAL), ...errors(404) },
    },
  },
  '/api/indicators/{code}/values': {
    get: {
      summary:
        'Values of an indicator per UAT, with class breaks (year=all: every year at once, columnar; its ranks only with county)',
      ...ex('/api/indicators/population_census/values?year=2011&derived=per_km2&method=ckmeans&classes=5'),
      parameters: valuesParams,
      responses: { 200: json('values', BILINGUAL), ...errors(400, 404) },
    },
  },
  '/api/indicators/{code}/values.csv': {
    get: {
      summary: 'Values of an indicator per UAT as CSV',
      ...ex('/api/indicators/population_census/values.csv?year=2011'),
      parameters: valuesParams,
      responses: { 200: { description: 'CSV', content: { 'text/csv': {} } }, ...errors(400, 404) },
    },
  },
  '/api/indicators/{code}/values.geojson': {
    get: {
      summary: 'Values of an indicator per UAT as GeoJSON (UAT boundaries)',
      ...ex('/api/indicators/population_census/values.geojson?year=2011&county=CJ'),
      parameters: valuesParams,
      responses: { 200: json('values', ref('FeatureCollection'), 'application/geo+json'), ...errors(400, 404) },
    },
  },
  '/api/indicators/{code}/series': {
    get: {
      summary: 'The yearly series of an indicator for up to 4 UATs, with their county and the country',
      ...ex('/api/indicators/population_census/series?uat=54975,57706'),
      parameters: [code, param('uat', 'query', 'up to 4 SIRUTA codes, comma-separated', { type: 'string' }, true)],
      responses: { 200: json('series', BILINGUAL), ...errors(400, 404) },
    },
  },
  '/api/uats': {
    get: {
      summary: 'UATs (search with q)',
      ...ex('/api/uats?q=cluj'),
      parameters: [param('q', 'query', 'text to search in names', { type: 'string' })],
      responses: { 200: json('UATs', { type: 'object' }), ...errors(400) },
    },
  },
  '/api/uats/{siruta}': {
    get: {
      summary: 'One UAT',
      ...ex('/api/uats/54975'),
      parameters: [siruta],
      responses: { 200: json('UAT', { type: 'object' }), ...errors(400, 404) },
    },
  },
  '/api/uats/{siruta}/profile': {
    get: {
      summary: 'The profile of a UAT: its indicators',
      ...ex('/api/uats/54975/profile'),
      parameters: [siruta],
      responses: { 200: json('profile', { type: 'object' }), ...errors(400, 404) },
    },
  },
  '/api/uats/{siruta}/profile.pdf': {
    get: {
      summary: 'The profile of a UAT as PDF',
      ...ex('/api/uats/54975/profile.pdf'),
      parameters: [siruta],
      responses: { 200: { description: 'PDF', content: { 'application/pdf': {} } }, ...errors(400, 404) },
    },
  },
  '/api/uat-points': {
    get: {
      summary: 'A point inside every UAT (the atlas draws proportional circles there)',
      ...ex('/api/uat-points'),
      responses: { 200: json('points', ref('FeatureCollection'), 'application/geo+json') },
    },
  },
};

const API_PATHS = {
  '/api': {
    get: {
      summary: 'This API definition (OpenAPI 3.0)',
      ...ex('/api'),
      responses: { 200: json('OpenAPI 3.0', { type: 'object', required: ['openapi', 'paths'] }) },
    },
  },
  '/api/openapi.json': {
    get: {
      summary: 'This API definition (OpenAPI 3.0)',
      ...ex('/api/openapi.json'),
      responses: { 200: json('OpenAPI 3.0', { type: 'object', required: ['openapi', 'paths'] }) },
    },
  },
  '/api/health': {
    get: {
      summary: 'Engine and dataset versions',
      ...ex('/api/health'),
      responses: { 200: json('health', ref('Health')) },
    },
  },
  '/api/health/live': {
    get: {
      summary: 'Liveness: the process answers (never asks the database)',
      ...ex('/api/health/live'),
      responses: {
        200: json('alive', {
          type: 'object',
          required: ['status'],
          properties: { status: { type: 'string', enum: ['ok'] }, uptime_s: { type: 'integer' } },
        }),
      },
    },
  },
  '/api/health/ready': {
    get: {
      summary: 'Readiness: the database answers; 503 with Retry-After while it does not',
      ...ex('/api/health/ready'),
      responses: {
        200: json('ready', {
          type: 'object',
          required: ['status', 'engine'],
          properties: { status: { type: 'string', enum: ['ready'] }, engine: { type: 'string' } },
        }),
        ...errors(503),
      },
    },
  },
  '/api/client-config': {
    get: {
      summary:
        'What the web app needs before it draws the map: the layers read from PMTiles archives, and the legend ' +
        "(the map's colours and classes and their names, ro/en, as the certificate's PDF map draws them)",
      ...ex('/api/client-config'),
      responses: {
        200: json('the client configuration', {
          type: 'object',
          required: ['tileArchives', 'legend'],
          properties: {
            tileArchives: { type: 'object', additionalProperties: { type: 'string', format: 'uri' } },
            legend: {
              type: 'object',
              description:
                'server/src/legend: zone classes (UTR code prefixes, fill, outline), plan and restriction styles, parcel colours, and names in ro and en',
              required: [
                'zoneClasses',
                'zonePrefixRules',
                'planStyles',
                'restrictionKinds',
                'restrictionColors',
                'names',
              ],
              properties: {
                ink: { type: 'string' },
                zoneClasses: {
                  type: 'array',
                  items: {
                    type: 'object',
                    required: ['id', 'prefixes', 'fill', 'outline'],
                    properties: {
                      id: { type: 'string' },
                      prefixes: { type: 'array', items: { type: 'string' } },
                      fill: { type: 'string' },
                      outline: { type: 'string' },
                    },
                  },
                },
                zonePrefixRules: {
                  type: 'array',
                  items: { type: 'object', properties: { prefix: { type: 'string' }, classId: { type: 'string' } } },
                },
                planKinds: { type: 'array', items: { type: 'string' } },
                planStyles: { type: 'object' },
                restrictionKinds: { type: 'array', items: { type: 'string' } },
                restrictionColors: { type: 'object', additionalProperties: { type: 'string' } },
                restrictionFallbackColor: { type: 'string' },
                restrictionHatch: { type: 'object', additionalProperties: { type: 'string', enum: ['up', 'down'] } },
                restrictionSymbol: {
                  type: 'object',
                  additionalProperties: { type: 'string', enum: ['hatch', 'outline'] },
                },
                restrictionDash: { type: 'object' },
                parcelColors: { type: 'object', additionalProperties: { type: 'string' } },
                names: {
                  type: 'object',
                  description: 'zoneClass, planKind, restrictionKind and landUse names, per language',
                  properties: { ro: { type: 'object' }, en: { type: 'object' } },
                },
              },
            },
          },
        }),
      },
    },
  },
  '/api/parcels': {
    get: {
      summary: 'A parcel by UAT and cadastral number, with the zoning, plans and restrictions that apply',
      'x-atlas-example-from': 'a parcel of the database',
      parameters: [
        param('uat', 'query', 'SIRUTA code', { type: 'integer' }, true),
        param('number', 'query', 'cadastral number', { type: 'string' }, true),
        param('at', 'query', 'as of this day (YYYY-MM-DD)', { type: 'string', format: 'date' }),
      ],
      responses: { 200: json('the parcel and its zoning', ref('ParcelAnswer')), ...errors(400, 404) },
    },
  },
  '/api/parcels/at': {
    get: {
      summary: 'The parcel at a point (WGS84)',
      ...ex('/api/parcels/at?lon=23.5&lat=46.7'),
      parameters: [
        param('lon', 'query', 'longitude', { type: 'number' }, true),
        param('lat', 'query', 'latitude', { type: 'number' }, true),
        param('at', 'query', 'as of this day', { type: 'string', format: 'date' }),
      ],
      responses: { 200: json('the parcel and its zoning', ref('ParcelAnswer')), ...errors(400, 404) },
    },
  },
  '/api/parcels/search': {
    get: {
      summary: 'Parcels by cadastral number prefix or by address (autocomplete)',
      description:
        'A cadastral number prefix ("2584", "54975/2584", "Cluj-Napoca 2584"), and text with a letter also as an address, diacritics- and case-insensitive ("strada motilor 12" finds "Strada Moților nr. 12"). Each result says how it matched (`match`: `number` or `address`); numbers first.',
      ...ex('/api/parcels/search?q=22'),
      parameters: [
        param(
          'q',
          'query',
          '"54975/2584", "Cluj-Napoca 2584", "2584" or an address',
          { type: 'string', maxLength: 80 },
          true,
        ),
        param('limit', 'query', 'at most 20', { type: 'integer', minimum: 1, maximum: 20, default: 20 }),
      ],
      responses: {
        200: json('matches', {
          type: 'object',
          required: ['query', 'results'],
          properties: { results: { type: 'array' } },
        }),
        ...errors(400),
      },
    },
  },
  '/api/parcels/activity': {
    get: {
      summary: 'Permits (CU, AC) issued around a parcel and the informative certificates issued for it',
      parameters: [
        param('uat', 'query', 'SIRUTA code', { type: 'integer' }, true),
        param('number', 'query', 'cadastral number', { type: 'string' }, true),
        param('radius', 'query', 'metres around the parcel', {
          type: 'integer',
          minimum: 0,
          maximum: 1000,
          default: 100,
        }),
      ],
      responses: {
        200: json('permits nearest first, certificates newest first', {
          type: 'object',
          required: ['uat', 'number', 'radius_m', 'permits', 'certificates'],
          properties: {
            permits: {
              type: 'array',
              items: {
                type: 'object',
                required: ['kind', 'number', 'issued_on', 'distance_m'],
                properties: {
                  kind: { enum: ['CU', 'AC'] },
                  number: { type: 'string' },
                  issued_on: { type: 'string', format: 'date' },
                  purpose: { type: ['string', 'null'] },
                  address: { type: ['string', 'null'] },
                  cadastral_number: { type: ['string', 'null'] },
                  distance_m: { type: 'number' },
                },
              },
            },
            certificates: {
              type: 'array',
              items: {
                type: 'object',
                required: ['number', 'issued_at'],
                properties: { number: { type: 'string' }, issued_at: { type: 'string' }, language: { type: 'string' } },
              },
            },
          },
        }),
        ...errors(400, 404),
      },
    },
  },
  '/api/datasets': {
    get: {
      summary: 'The dataset version in force per layer, with its provenance (synthetic or real, attribution)',
      ...ex('/api/datasets'),
      responses: {
        200: json('the versions in force', {
          type: 'object',
          required: ['synthetic', 'attributions', 'datasets'],
          properties: {
            synthetic: { type: 'boolean', description: 'true while any version in force was made by a generator' },
            attributions: { type: 'array', items: { type: 'string' } },
            datasets: {
              type: 'array',
              items: {
                type: 'object',
                required: [
                  'layer',
                  'version_id',
                  'valid_from',
                  'imported_at',
                  'source_file',
                  'feature_count',
                  'synthetic',
                  'attribution',
                ],
                properties: {
                  layer: { type: 'string' },
                  version_id: { type: 'integer' },
                  uat_siruta: { type: ['integer', 'null'] },
                  valid_from: { type: 'string', format: 'date-time' },
                  imported_at: { type: 'string', format: 'date-time' },
                  source_file: { type: 'string' },
                  feature_count: { type: 'integer' },
                  synthetic: { type: 'boolean' },
                  attribution: { type: ['string', 'null'] },
                },
              },
            },
          },
        }),
      },
    },
  },
  '/api/certificates': {
    post: {
      summary: 'Issue an urbanism certificate (one, or a batch as an array)',
      requestBody: {
        required: true,
        content: {
          'application/json': {
            schema: {
              oneOf: [ref('CertificateRequest'), { type: 'array', items: ref('CertificateRequest'), maxItems: 500 }],
            },
          },
        },
      },
      responses: {
        201: json('the certificate (or the batch)', { type: 'object' }),
        200: json('a batch of which none was issued', { type: 'object' }),
        ...errors(400, 404, 413, 429),
      },
    },
  },
  '/api/certificates/{ref}': {
    get: {
      summary: 'A certificate by number (JSON), or its PDF with .pdf',
      parameters: [param('ref', 'path', 'certificate number, or number.pdf', { type: 'string' })],
      responses: {
        200: {
          description: 'the certificate',
          content: { 'application/json': { schema: ref('Certificate') }, 'application/pdf': {} },
        },
        ...errors(404),
      },
    },
  },
  '/api/certificates/{number}/verify': {
    get: {
      summary: 'Verify a certificate by its verification code',
      parameters: [
        param('number', 'path', 'certificate number', { type: 'string' }),
        param('code', 'query', 'verification code', { type: 'string' }, true),
      ],
      responses: { 200: json('verification', { type: 'object', required: ['valid'] }), ...errors(400, 404) },
    },
    post: {
      summary: 'Verify a presented PDF against the certificate',
      requestBody: { required: true, content: { 'multipart/form-data': { schema: { type: 'object' } } } },
      parameters: [param('number', 'path', 'certificate number', { type: 'string' })],
      responses: { 200: json('verification', { type: 'object', required: ['valid'] }), ...errors(400, 404, 413) },
    },
  },
  '/api/export/{file}': {
    get: {
      summary: 'A whole layer as GeoJSON, CSV (WKT) or FlatGeobuf (EPSG:3844), streamed',
      ...ex('/api/export/plans.geojson'),
      parameters: [
        param('file', 'path', '{layer}.{geojson|csv|fgb}', {
          type: 'string',
          pattern: `^(${LAYERS.join('|')})\\.(geojson|csv|fgb)$`,
        }),
      ],
      responses: {
        200: {
          description: 'the export',
          content: {
            'application/geo+json': { schema: ref('FeatureCollection') },
            'text/csv': {},
            'application/flatgeobuf': {},
          },
        },
        ...errors(404, 503),
      },
    },
  },
  '/api/admin/imports': {
    post: {
      summary: 'Import a dataset file (admin token)',
      security: [{ bearer: [] }],
      requestBody: { required: true, content: { 'multipart/form-data': { schema: { type: 'object' } } } },
      responses: { 202: json('the import job', { type: 'object' }), ...errors(400, 401, 413) },
    },
  },
  '/api/admin/imports/{id}': {
    get: {
      summary: 'An import job (admin token)',
      security: [{ bearer: [] }],
      ...ex('/api/admin/imports/00000000-0000-0000-0000-000000000000'),
      parameters: [param('id', 'path', 'job id', { type: 'string', format: 'uuid' })],
      responses: { 200: json('the import job', { type: 'object' }), ...errors(401, 404) },
    },
  },
  '/tiles': {
    get: {
      summary: 'The tile sets',
      ...ex('/tiles'),
      responses: { 200: json('tile sets', { type: 'object', required: ['tilesets'] }) },
    },
  },
  '/tiles/{tileset}.json': {
    get: {
      summary: 'TileJSON 3.0 of a tile set',
      ...ex('/tiles/parcels.json'),
      parameters: [
        param('tileset', 'path', 'all or a layer', { type: 'string', enum: ['all', ...LAYERS, 'intravilan'] }),
      ],
      responses: { 200: json('TileJSON', ref('TileJson')), ...errors(404) },
    },
  },
  '/tiles/{tileset}/{z}/{x}/{y}.mvt': {
    get: {
      summary: 'A Mapbox Vector Tile',
      ...ex('/tiles/parcels/14/9276/5776.mvt'),
      parameters: [
        param('tileset', 'path', 'all or a layer', { type: 'string' }),
        param('z', 'path', 'zoom', { type: 'integer' }),
        param('x', 'path', 'column', { type: 'integer' }),
        param('y', 'path', 'row', { type: 'integer' }),
      ],
      responses: {
        200: { description: 'the tile', content: { 'application/vnd.mapbox-vector-tile': {} } },
        204: { description: 'an empty tile' },
        ...errors(400, 404),
      },
    },
  },
};

const SCHEMAS: Record<string, Schema> = {
  Problem: {
    type: 'object',
    required: ['type', 'title', 'status', 'detail'],
    properties: {
      type: { type: 'string' },
      title: { type: 'string' },
      status: { type: 'integer' },
      detail: { type: 'string' },
      instance: { type: 'string' },
      parameter: { type: 'string' },
    },
  },
  Link: {
    type: 'object',
    required: ['href', 'rel'],
    properties: {
      href: { type: 'string' },
      rel: { type: 'string' },
      type: { type: 'string' },
      title: { type: 'string' },
    },
  },
  Landing: {
    type: 'object',
    required: ['links'],
    properties: { title: { type: 'string' }, links: { type: 'array', items: ref('Link') } },
  },
  Conformance: {
    type: 'object',
    required: ['conformsTo'],
    properties: { conformsTo: { type: 'array', items: { type: 'string' } } },
  },
  Collection: {
    type: 'object',
    required: ['id', 'links'],
    properties: {
      id: { type: 'string' },
      title: { type: 'string' },
      links: { type: 'array', items: ref('Link') },
      extent: { type: 'object' },
      crs: { type: 'array', items: { type: 'string' } },
    },
  },
  Collections: {
    type: 'object',
    required: ['links', 'collections'],
    properties: {
      links: { type: 'array', items: ref('Link') },
      collections: { type: 'array', items: ref('Collection') },
    },
  },
  Queryables: {
    type: 'object',
    required: ['type', 'properties'],
    properties: { type: { type: 'string', enum: ['object'] }, properties: { type: 'object' } },
  },
  // RFC 7946: no `crs` member in a geometry.
  Geometry: {
    type: 'object',
    required: ['type', 'coordinates'],
    additionalProperties: false,
    properties: { type: { type: 'string' }, coordinates: { type: 'array' } },
  },
  Feature: {
    type: 'object',
    required: ['type', 'geometry', 'properties'],
    properties: {
      type: { type: 'string', enum: ['Feature'] },
      id: { type: 'integer' },
      geometry: ref('Geometry'),
      properties: { type: 'object' },
      links: { type: 'array', items: ref('Link') },
    },
  },
  FeatureCollection: {
    type: 'object',
    required: ['type', 'features'],
    properties: {
      type: { type: 'string', enum: ['FeatureCollection'] },
      features: { type: 'array', items: ref('Feature') },
      numberMatched: { type: 'integer', minimum: 0 },
      numberReturned: { type: 'integer', minimum: 0 },
      links: { type: 'array', items: ref('Link') },
    },
  },
  Health: {
    type: 'object',
    required: ['status', 'engine', 'datasets'],
    properties: {
      status: { type: 'string' },
      engine: { type: 'string', enum: ['pglite', 'postgis'] },
      postgis: { type: 'string' },
      replicas: { type: 'array', items: { type: 'object' } },
      datasets: { type: 'array', items: { type: 'object' } },
    },
  },
  ParcelAnswer: {
    type: 'object',
    required: ['id', 'uat', 'cadastral_number', 'area_m2', 'geometry', 'zoning'],
    properties: {
      id: { type: 'integer' },
      uat: { type: 'object', required: ['siruta'], properties: { siruta: { type: 'integer' } } },
      cadastral_number: { type: 'string' },
      land_book_number: { type: 'string', nullable: true },
      area_m2: { type: 'number' },
      area_official_m2: { type: 'number', nullable: true },
      intravilan: { type: 'boolean', nullable: true, description: 'null: not in the data (never guessed)' },
      intravilan_source: {
        type: 'string',
        nullable: true,
        enum: ['cadastral_data', 'intravilan_limits'],
        description: 'where the status comes from: the parcel file, or the built-up area limits (layer intravilan)',
      },
      intravilan_text: {
        type: 'object',
        properties: { ro: { type: 'string' }, en: { type: 'string' } },
        description: '"nu figurează în date" / "not in the data" when intravilan is null',
      },
      geometry: ref('Geometry'),
      at: { type: 'string', format: 'date' },
      zoning: {
        type: 'object',
        required: ['units'],
        properties: { units: { type: 'array', items: { type: 'object', required: ['code', 'area_m2', 'share_pct'] } } },
      },
    },
  },
  CertificateRequest: {
    type: 'object',
    required: ['uat', 'number'],
    properties: { uat: { type: 'integer' }, number: { type: 'string' } },
  },
  Certificate: {
    type: 'object',
    required: ['number'],
    properties: {
      number: { type: 'string' },
      verify_url: { type: 'string' },
      synthetic: {
        type: 'boolean',
        description:
          'true when a dataset behind the certificate is synthetic test data (no legal value; the PDF carries a mark on every page)',
      },
      synthetic_datasets: {
        type: 'array',
        items: {
          type: 'object',
          required: ['id', 'layer', 'source_file'],
          properties: { id: { type: 'integer' }, layer: { type: 'string' }, source_file: { type: 'string' } },
        },
      },
    },
  },
  TileJson: {
    type: 'object',
    required: ['tilejson', 'tiles'],
    properties: { tilejson: { type: 'string' }, tiles: { type: 'array', items: { type: 'string' } } },
  },
};

/** The whole HTTP API; `base` is the public URL of the server. */
export function apiDocument(base: string) {
  return {
    openapi: '3.0.3',
    info: {
      title: 'Atlas HTTP API',
      version: '1.0.0',
      description:
        'Parcele, zonificare, certificate de urbanism, dale vectoriale, exporturi și OGC API - Features. ' +
        'Parcels, zoning, urbanism certificates, vector tiles, exports and OGC API - Features.',
    },
    servers: [{ url: base }],
    paths: { ...API_PATHS, ...ATLAS_PATHS, ...OGC_PATHS },
    components: {
      schemas: SCHEMAS,
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'an admin token (npm run admin)' } },
    },
  };
}

/** The /ogc part, with paths relative to /ogc (OGC API clients such as GDAL look paths up that way). */
export function ogcDocument(base: string) {
  const whole = apiDocument(base);
  const paths = Object.fromEntries(
    Object.entries(OGC_PATHS).map(([p, op]) => [p === '/ogc' ? '/' : p.slice('/ogc'.length), op]),
  );
  return {
    ...whole,
    info: { ...whole.info, title: 'Atlas OGC API - Features' },
    servers: [{ url: `${base}/ogc` }],
    paths,
  };
}
