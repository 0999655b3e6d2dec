// OGC API - Features Part 1 (Core, GeoJSON) and Part 2 (CRS by reference) over every map layer, under /ogc.
import { Router, type Request, type Response } from 'express';
import type { Db } from '../../../db/src/connect.ts';
import { LAYERS, type Layer } from '../../../db/src/datasets.repository.ts';
import {
  extent,
  item,
  items,
  LAYER_GEOMETRY,
  queryables,
  type ColumnKind,
  type OutputCrs,
} from '../../../db/src/features.repository.ts';
import { isMapLayer, mapLayerDef } from '../../../db/src/layers/registry.ts';
import { badParam, HttpError, notFound } from '../errors.ts';
import { Gate } from '../gate.ts';
import { CONFORMANCE, CRS84, EPSG3844, MEDIA, REL_QUERYABLES } from './constants.ts';
import { parseDatetime } from './datetime.ts';
import { parseCql2Text } from './cql2.ts';
import { CqlError } from '../../../db/src/cql2-sql.ts';
import { apiDocument, ogcDocument } from './openapi.ts';

export const LIMIT_DEFAULT = 10;
export const LIMIT_MAX = 10_000;

/** A collection's title and description: the layer's title in Romanian and in English, from the layer catalog. */
const titles = (layer: Layer) => mapLayerDef(layer).title;

const JSON_SCHEMA_TYPES: Readonly<Record<ColumnKind, object>> = {
  int: { type: 'integer' },
  long: { type: 'integer' },
  double: { type: 'number' },
  bool: { type: 'boolean' },
  string: { type: 'string' },
  date: { type: 'string', format: 'date' },
};

const CRS_URIS: Readonly<Record<string, OutputCrs>> = {
  [CRS84]: 4326,
  [EPSG3844]: 3844,
  'http://www.opengis.net/def/crs/EPSG/0/31700': 3844,
};
const crsUri = (crs: OutputCrs) => (crs === 3844 ? EPSG3844 : CRS84);
const ITEMS_PARAMS = new Set([
  'bbox',
  'bbox-crs',
  'crs',
  'limit',
  'offset',
  'cursor',
  'datetime',
  'filter',
  'filter-lang',
  'filter-crs',
  'f',
]);

export interface OgcOptions {
  /** Items requests that may query at once (ATLAS_OGC_CONCURRENCY); others wait a little, then get a 503. */
  concurrency: number;
  /** Statement timeout of an items request's queries (ATLAS_HEAVY_STATEMENT_TIMEOUT_MS). */
  statementTimeoutMs: number;
  /** The deepest `offset` accepted (ATLAS_OGC_OFFSET_MAX); deeper pages through the `next` links' cursor. */
  offsetMax: number;
  /** Collections served by other routers (the atlas's indicators), listed after the layers. */
  moreCollections?: (base: string) => Promise<object[]>;
}

export const OGC_DEFAULTS: Omit<OgcOptions, 'concurrency'> = { statementTimeoutMs: 5000, offsetMax: 10_000 };

function isLayer(id: string): id is Layer {
  return isMapLayer(id);
}

function query(req: Request): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.query)) {
    if (typeof v !== 'string') throw badParam(k, v, 'give it once');
    out[k] = v;
  }
  return out;
}

function parseCrs(name: 'crs' | 'bbox-crs', v: string | undefined): OutputCrs {
  if (v === undefined) return 4326;
  const crs = CRS_URIS[v.replace(/^\[|\]$/g, '')];
  if (!crs) throw badParam(name, v, `supported: ${CRS84}, ${EPSG3844}`);
  return crs;
}

function parseInt(name: string, v: string | undefined, min: number, max: number, fallback: number): number {
  if (v === undefined) return fallback;
  if (!/^\d+$/.test(v)) throw badParam(name, v, 'expected a whole number');
  const n = Number(v);
  if (n < min || n > max) throw badParam(name, v, `between ${min} and ${max}`);
  return n;
}

function parseBbox(v: string | undefined, crs: OutputCrs): [number, number, number, number] | undefined {
  if (v === undefined) return undefined;
  const parts = v.split(',');
  const shape = 'expected 4 numbers (minx,miny,maxx,maxy) or 6 (minx,miny,minz,maxx,maxy,maxz)';
  if (parts.length !== 4 && parts.length !== 6) throw badParam('bbox', v, shape);
  const all = parts.map((p) => (/^\s*-?\d+(\.\d+)?([eE][-+]?\d+)?\s*$/.test(p) ? Number(p) : NaN));
  if (all.some((x) => !Number.isFinite(x))) throw badParam('bbox', v, shape);
  if (all.length === 6 && all[2]! > all[5]!) throw badParam('bbox', v, 'minz is above maxz');
  // A 6-number box bounds heights too; the layers are 2D, so the horizontal box is what selects.
  const n = all.length === 6 ? [all[0]!, all[1]!, all[3]!, all[4]!] : all;
  // Part 2: a bbox in EPSG:3844 comes in that CRS's axis order (northing, easting).
  const [a, b, c, d] = crs === 3844 ? [n[1]!, n[0]!, n[3]!, n[2]!] : (n as [number, number, number, number]);
  if (a > c || b > d) throw badParam('bbox', v, 'the lower corner must come first (the box is inverted)');
  if (crs === 4326 && (a < -180 || c > 180 || b < -90 || d > 90)) throw badParam('bbox', v, 'outside -180,-90,180,90');
  return [a, b, c, d];
}

/** Items pages at most this deep and this long, without a filter, are cheap: they bypass the concurrency gate. */
const CHEAP_OFFSET = 1_000;
const CHEAP_LIMIT = 100;
/**
 * A heavy request's slot rests this many times as long as the request took before it serves the next one: heavy
 * pages (deep offsets, filters, big pages) get at most a quarter of the time of their connections, so a crowd of
 * them slows down itself (waits, then 503 with Retry-After) instead of the cheap, common requests (issue 12).
 */
const HEAVY_REST = 3;

export function ogcRoutes(db: Db, publicUrl: (req: Request) => string, opts: OgcOptions): Router {
  const router = Router();
  const gate = new Gate(opts.concurrency, 4 * opts.concurrency);
  const json = (res: Response, body: unknown, type: string = MEDIA.json) => res.type(type).send(JSON.stringify(body));

  router.get('/ogc', (req, res) => {
    const base = `${publicUrl(req)}/ogc`;
    json(res, {
      title: 'Atlas — date urbanistice / urban planning data',
      description:
        'Parcele, zonificare (PUG, PUZ, PUD), restricții, autorizații și UAT-uri, ca OGC API - Features. Parcels, zoning, restrictions, permits and UATs.',
      links: [
        { href: base, rel: 'self', type: MEDIA.json, title: 'this document' },
        {
          href: `${base}/api`,
          rel: 'service-desc',
          type: 'application/vnd.oai.openapi+json;version=3.0',
          title: 'API definition',
        },
        { href: `${base}/conformance`, rel: 'conformance', type: MEDIA.json, title: 'conformance classes' },
        { href: `${base}/collections`, rel: 'data', type: MEDIA.json, title: 'collections' },
      ],
    });
  });

  router.get('/ogc/api', (req, res) =>
    json(res, ogcDocument(publicUrl(req)), 'application/vnd.oai.openapi+json;version=3.0'),
  );
  for (const path of ['/api', '/api/openapi.json'])
    router.get(path, (req, res) => json(res, apiDocument(publicUrl(req))));

  router.get('/ogc/conformance', (_req, res) => {
    // Only what the tests prove (test/conformance/ogc-features.test.ts).
    json(res, { conformsTo: Object.values(CONFORMANCE) });
  });

  const collection = async (req: Request, layer: Layer) => {
    const base = `${publicUrl(req)}/ogc/collections/${layer}`;
    const { bbox } = await extent(db.reader, layer);
    return {
      id: layer,
      title: titles(layer).ro,
      description: titles(layer).en,
      itemType: 'feature',
      crs: [CRS84, EPSG3844],
      storageCrs: EPSG3844,
      extent: { spatial: { bbox: [bbox ?? [20.26, 43.61, 29.72, 48.27]], crs: CRS84 } },
      links: [
        { href: base, rel: 'self', type: MEDIA.json, title: 'this collection' },
        { href: `${base}/items`, rel: 'items', type: MEDIA.geojson, title: 'features' },
        { href: `${base}/queryables`, rel: REL_QUERYABLES, type: MEDIA.schema, title: 'queryables (for filter)' },
        // The relation's name in the Part 3 drafts, which GDAL 3.6 looks for.
        { href: `${base}/queryables`, rel: 'queryables', type: MEDIA.json, title: 'queryables (for filter)' },
        { href: `${publicUrl(req)}/api/export/${layer}.csv`, rel: 'alternate', type: 'text/csv', title: 'CSV export' },
        {
          href: `${publicUrl(req)}/api/export/${layer}.fgb`,
          rel: 'alternate',
          type: 'application/flatgeobuf',
          title: 'FlatGeobuf export',
        },
      ],
    };
  };

  router.get('/ogc/collections', async (req, res) => {
    const collections = [];
    for (const l of LAYERS) collections.push(await collection(req, l));
    if (opts.moreCollections) collections.push(...(await opts.moreCollections(publicUrl(req))));
    json(res, {
      links: [{ href: `${publicUrl(req)}/ogc/collections`, rel: 'self', type: MEDIA.json, title: 'this document' }],
      collections,
    });
  });

  router.get('/ogc/collections/:collectionId', async (req, res) => {
    const id = req.params.collectionId;
    if (!isLayer(id)) throw notFound('Collection', id);
    json(res, await collection(req, id));
  });

  router.get('/ogc/collections/:collectionId/queryables', (req, res) => {
    const id = req.params.collectionId;
    if (!isLayer(id)) throw notFound('Collection', id);
    const properties: Record<string, object> = {
      geometry: {
        title: 'geometry',
        format:
          LAYER_GEOMETRY[id] === 'Point'
            ? 'geometry-point'
            : LAYER_GEOMETRY[id] === 'MultiLineString'
              ? 'geometry-multilinestring'
              : 'geometry-multipolygon',
        'x-ogc-role': 'primary-geometry',
      },
    };
    const names = Object.entries(queryables(id));
    for (const [name, kind] of names) {
      properties[name] = { title: name, ...JSON_SCHEMA_TYPES[kind], ...(name === 'id' ? { 'x-ogc-role': 'id' } : {}) };
    }
    // application/schema+json as Part 3 says; plain JSON for a client that asks for JSON only (GDAL 3.6 refuses any
    // other type).
    const type = req.accepts([MEDIA.schema, MEDIA.json]) === MEDIA.json ? MEDIA.json : MEDIA.schema;
    json(
      res,
      {
        $schema: 'https://json-schema.org/draft/2020-12/schema',
        $id: `${publicUrl(req)}/ogc/collections/${id}/queryables`,
        type: 'object',
        title: titles(id).ro,
        description: `${titles(id).en}: the properties a CQL2 filter may name`,
        properties,
        additionalProperties: false,
        // The list of the Part 3 drafts (pre-1.0 clients such as GDAL 3.6 read it); an annotation to JSON Schema.
        queryables: names.map(([name, kind]) => ({ id: name, type: JSON_SCHEMA_TYPES[kind] })),
      },
      type,
    );
  });

  router.get('/ogc/collections/:collectionId/items', async (req, res) => {
    const id = req.params.collectionId;
    if (!isLayer(id)) throw notFound('Collection', id);
    const q = query(req);
    const unknown = Object.keys(q).find((k) => !ITEMS_PARAMS.has(k));
    if (unknown)
      throw new HttpError(400, 'InvalidParameterValue', `Unknown query parameter ${unknown}`, { parameter: unknown });
    const crs = parseCrs('crs', q.crs);
    const bboxCrs = parseCrs('bbox-crs', q['bbox-crs']);
    const limit = parseInt('limit', q.limit, 1, LIMIT_MAX, LIMIT_DEFAULT);
    if (q.offset !== undefined && /^\d+$/.test(q.offset) && Number(q.offset) > opts.offsetMax) {
      throw badParam(
        'offset',
        q.offset,
        `at most ${opts.offsetMax}; deeper pages are reached by following the next links, which page by a cursor`,
      );
    }
    const offset = parseInt('offset', q.offset, 0, opts.offsetMax, 0);
    const afterId = q.cursor === undefined ? undefined : parseCursor(q.cursor);
    if (afterId !== undefined && q.offset !== undefined) throw badParam('offset', q.offset, 'not with cursor');
    const bbox = parseBbox(q.bbox, bboxCrs);
    const datetime = q.datetime === undefined ? undefined : parseDatetime(q.datetime);
    const filter = parseFilter(q);
    // Cheap pages (a small page near the start, no filter: what maps and clients following `next` links ask) never
    // wait behind heavy ones (deep offsets, big pages, filters), which share a bounded number of connections.
    const cheap = offset <= CHEAP_OFFSET && limit <= CHEAP_LIMIT && filter === undefined;
    const slot = cheap ? () => undefined : await gate.acquire(opts.statementTimeoutMs);
    if (!slot) throw busy(res);
    const started = performance.now();
    const release = cheap
      ? slot
      : () => void setTimeout(slot, Math.min(opts.statementTimeoutMs, (performance.now() - started) * HEAVY_REST));
    let page: Awaited<ReturnType<typeof items>>;
    try {
      page = await items(db, id, {
        bbox,
        bboxCrs,
        crs,
        limit,
        offset,
        afterId,
        datetime,
        filter,
        statementTimeoutMs: opts.statementTimeoutMs,
      });
    } catch (err) {
      if ((err as { code?: string }).code === '57014') throw busy(res);
      if (err instanceof CqlError) throw badParam('filter', q.filter, err.message);
      // A WKT literal the grammar let through but PostGIS cannot read.
      if (filter && (err as { code?: string }).code === 'XX000' && /geometry|parse error/i.test((err as Error).message))
        throw badParam('filter', q.filter, 'the WKT geometry cannot be read');
      throw err;
    } finally {
      release();
    }
    const { rows, matched, more } = page;
    const base = `${publicUrl(req)}/ogc/collections/${id}/items`;
    const link = (extra: Record<string, string>) => {
      const p = new URLSearchParams(q);
      p.delete('offset');
      p.delete('cursor');
      p.set('limit', String(limit));
      for (const [k, v] of Object.entries(extra)) p.set(k, v);
      return `${base}?${p.toString()}`;
    };
    const self: Record<string, string> =
      afterId !== undefined ? { cursor: q.cursor! } : offset ? { offset: String(offset) } : {};
    const links = [{ href: link(self), rel: 'self', type: MEDIA.geojson, title: 'this page' }];
    // Keyset paging: the next page starts after the last id of this one, however deep (no offset to walk through).
    if (more && rows.length)
      links.push({
        href: link({ cursor: cursorOf(rows[rows.length - 1]!.id) }),
        rel: 'next',
        type: MEDIA.geojson,
        title: 'next page',
      });
    if (afterId === undefined && offset > 0)
      links.push({
        href: link({ offset: String(Math.max(0, offset - limit)) }),
        rel: 'prev',
        type: MEDIA.geojson,
        title: 'previous page',
      });
    res.setHeader('Content-Crs', `<${crsUri(crs)}>`);
    json(
      res,
      {
        type: 'FeatureCollection',
        timeStamp: new Date().toISOString(),
        numberMatched: matched,
        numberReturned: rows.length,
        features: rows.map((r) => ({ type: 'Feature', id: r.id, geometry: r.geometry, properties: r.properties })),
        links,
      },
      MEDIA.geojson,
    );
  });

  router.get('/ogc/collections/:collectionId/items/:featureId', async (req, res) => {
    const { collectionId: id, featureId } = req.params;
    if (!isLayer(id)) throw notFound('Collection', id);
    const q = query(req);
    const crs = parseCrs('crs', q.crs);
    const f = /^\d{1,15}$/.test(featureId) ? await item(db, id, Number(featureId), crs) : undefined;
    if (!f) throw notFound(`Feature of ${id}`, featureId);
    const base = `${publicUrl(req)}/ogc/collections/${id}`;
    res.setHeader('Content-Crs', `<${crsUri(crs)}>`);
    json(
      res,
      {
        type: 'Feature',
        id: f.id,
        geometry: f.geometry,
        properties: f.properties,
        links: [
          { href: `${base}/items/${f.id}`, rel: 'self', type: MEDIA.geojson, title: 'this feature' },
          { href: base, rel: 'collection', type: MEDIA.json, title: 'the collection' },
        ],
      },
      MEDIA.geojson,
    );
  });

  return router;
}

/** The `next` links' cursor: an opaque token (the last id served, base64url), so clients treat it as a token. */
export const cursorOf = (id: number) => Buffer.from(`id:${id}`).toString('base64url');

function parseCursor(v: string): number {
  const m = /^id:(\d{1,15})$/.exec(Buffer.from(v, 'base64url').toString('utf8'));
  if (!m) throw badParam('cursor', v, 'not a cursor of a next link; follow the next links as given');
  return Number(m[1]);
}

function busy(res: Response): HttpError {
  res.setHeader('Retry-After', '1');
  return new HttpError(
    503,
    'Busy',
    'The feature service is busy; retry shortly / serviciul este ocupat, reîncercați în scurt timp',
  );
}

/** `filter` in CQL2 text; `cql-text` (what GDAL 3.6 sends) is accepted as its older name. Coordinates in CRS84. */
function parseFilter(q: Record<string, string>) {
  const lang = q['filter-lang'];
  if (lang !== undefined && lang !== 'cql2-text' && lang !== 'cql-text')
    throw badParam('filter-lang', lang, 'supported: cql2-text');
  const fcrs = q['filter-crs'];
  if (fcrs !== undefined && fcrs !== CRS84) throw badParam('filter-crs', fcrs, `supported: ${CRS84}`);
  if (q.filter === undefined) return undefined;
  return parseCql2Text(q.filter);
}
