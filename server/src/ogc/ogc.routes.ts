// OGC API - Features Part 1 (Core, GeoJSON) and Part 2 (CRS by reference) over every map layer, under /ogc.
import { Router, type Request, type Response } from 'express';
import type { Db } from '../../../db/src/connect.ts';
import { LAYERS, type Layer } from '../../../db/src/datasets.repository.ts';
import { extent, item, items, type OutputCrs } from '../../../db/src/features.repository.ts';
import { badParam, HttpError, notFound } from '../errors.ts';
import { CONFORMANCE, CRS84, EPSG3844, MEDIA } from './constants.ts';
import { openApi } from './openapi.ts';

export const LIMIT_DEFAULT = 10;
export const LIMIT_MAX = 10_000;

const TITLES: Readonly<Record<Layer, [ro: string, en: string]>> = {
  uat: ['Unități administrativ-teritoriale', 'Administrative-territorial units'],
  parcels: ['Parcele cadastrale', 'Cadastral parcels'],
  zoning: ['Unități teritoriale de referință (PUG, PUZ, PUD)', 'Zoning units (PUG, PUZ, PUD)'],
  plans: ['Planuri urbanistice', 'Urban plans'],
  restrictions: ['Restricții', 'Restrictions'],
  permits: ['Certificate de urbanism și autorizații de construire', 'Urbanism certificates and building permits'],
};

const CRS_URIS: Readonly<Record<string, OutputCrs>> = {
  [CRS84]: 4326,
  [EPSG3844]: 3844,
  'http://www.opengis.net/def/crs/EPSG/0/31700': 3844,
};
const crsUri = (crs: OutputCrs) => (crs === 3844 ? EPSG3844 : CRS84);
const ITEMS_PARAMS = new Set(['bbox', 'bbox-crs', 'crs', 'limit', 'offset', 'f']);

function isLayer(id: string): id is Layer {
  return (LAYERS as readonly string[]).includes(id);
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
  if (parts.length !== 4) throw badParam('bbox', v, 'expected 4 numbers: minx,miny,maxx,maxy');
  const n = parts.map((p) => (/^\s*-?\d+(\.\d+)?([eE][-+]?\d+)?\s*$/.test(p) ? Number(p) : NaN));
  if (n.some((x) => !Number.isFinite(x))) throw badParam('bbox', v, 'expected 4 numbers: minx,miny,maxx,maxy');
  // Part 2: a bbox in EPSG:3844 comes in that CRS's axis order (northing, easting).
  const [a, b, c, d] = crs === 3844 ? [n[1]!, n[0]!, n[3]!, n[2]!] : (n as [number, number, number, number]);
  if (a > c || b > d) throw badParam('bbox', v, 'the lower corner must come first (the box is inverted)');
  if (crs === 4326 && (a < -180 || c > 180 || b < -90 || d > 90)) throw badParam('bbox', v, 'outside -180,-90,180,90');
  return [a, b, c, d];
}

export function ogcRoutes(db: Db, publicUrl: (req: Request) => string): Router {
  const router = Router();
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
    json(res, openApi(`${publicUrl(req)}/ogc`, LAYERS), 'application/vnd.oai.openapi+json;version=3.0'),
  );

  router.get('/ogc/conformance', (_req, res) => {
    json(res, { conformsTo: [CONFORMANCE.core, CONFORMANCE.geojson, CONFORMANCE.oas30, CONFORMANCE.crs] });
  });

  const collection = async (req: Request, layer: Layer) => {
    const base = `${publicUrl(req)}/ogc/collections/${layer}`;
    const { bbox } = await extent(db, layer);
    return {
      id: layer,
      title: TITLES[layer][0],
      description: TITLES[layer][1],
      itemType: 'feature',
      crs: [CRS84, EPSG3844],
      storageCrs: EPSG3844,
      extent: { spatial: { bbox: [bbox ?? [20.26, 43.61, 29.72, 48.27]], crs: CRS84 } },
      links: [
        { href: base, rel: 'self', type: MEDIA.json, title: 'this collection' },
        { href: `${base}/items`, rel: 'items', type: MEDIA.geojson, title: 'features' },
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
    const offset = parseInt('offset', q.offset, 0, Number.MAX_SAFE_INTEGER, 0);
    const bbox = parseBbox(q.bbox, bboxCrs);
    const { rows, matched } = await items(db, id, { bbox, bboxCrs, crs, limit, offset });
    const base = `${publicUrl(req)}/ogc/collections/${id}/items`;
    const link = (o: number) => {
      const p = new URLSearchParams({ ...q, limit: String(limit), offset: String(o) });
      return `${base}?${p.toString()}`;
    };
    const links = [{ href: link(offset), rel: 'self', type: MEDIA.geojson, title: 'this page' }];
    if (offset + rows.length < matched)
      links.push({ href: link(offset + limit), rel: 'next', type: MEDIA.geojson, title: 'next page' });
    if (offset > 0)
      links.push({ href: link(Math.max(0, offset - limit)), rel: 'prev', type: MEDIA.geojson, title: 'previous page' });
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
