// The indicators as OGC API - Features collections (issue 18): one collection per indicator, `indicator-{code}`,
// whose features are the UATs with a value in a year (`year=`, or `datetime=` a year; the latest year by default),
// each with its outline, value, unit, ranks, source and the synthetic flag. GIS clients (QGIS, GDAL's OAPIF driver)
// read them as they read the map layers. The routes share the OGC routes' paths: anything that is not an indicator
// collection passes through to them.
import { Router, type NextFunction, type Request, type Response } from 'express';
import type { Db } from '../../../db/src/connect.ts';
import { uatBoxes, uatGeometries } from '../../../db/src/indicators.repository.ts';
import { badParam, HttpError, notFound } from '../errors.ts';
import { CRS84, MEDIA } from '../ogc/constants.ts';
import type { AtlasService, IndicatorSummary, ValuesAnswer } from './atlas.service.ts';

export const INDICATOR_COLLECTION_PREFIX = 'indicator-';
const LIMIT_DEFAULT = 10;
const LIMIT_MAX = 10_000;
const ITEMS_PARAMS = new Set(['bbox', 'bbox-crs', 'crs', 'limit', 'offset', 'year', 'datetime', 'f']);
const ROMANIA: [number, number, number, number] = [20.26, 43.61, 29.72, 48.27];

const codeOf = (collectionId: string) =>
  collectionId.startsWith(INDICATOR_COLLECTION_PREFIX) ? collectionId.slice(INDICATOR_COLLECTION_PREFIX.length) : null;

function query(req: Request): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.query)) {
    if (typeof v !== 'string') throw badParam(k, v, 'give it once');
    out[k] = v;
  }
  return out;
}

function whole(name: string, v: string | undefined, min: number, max: number, fallback: number): number {
  if (v === undefined) return fallback;
  if (!/^\d+$/.test(v) || Number(v) < min || Number(v) > max) throw badParam(name, v, `between ${min} and ${max}`);
  return Number(v);
}

/** `year=2011`, or `datetime=2011`, `2011-01-01` or `2011-01-01T00:00:00Z` (the year of that instant). */
function yearOf(q: Record<string, string>): number | undefined {
  if (q.year !== undefined && q.datetime !== undefined) throw badParam('datetime', q.datetime, 'not with year');
  if (q.year !== undefined) {
    if (!/^\d{4}$/.test(q.year)) throw badParam('year', q.year, 'expected a year YYYY');
    return Number(q.year);
  }
  if (q.datetime === undefined) return undefined;
  const m = /^(\d{4})(-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:\d{2})?)?)?$/.exec(q.datetime);
  if (!m)
    throw badParam('datetime', q.datetime, 'a year or an instant (the values are yearly; intervals are not served)');
  return Number(m[1]);
}

function parseBbox(v: string | undefined): [number, number, number, number] | undefined {
  if (v === undefined) return undefined;
  const n = v.split(',').map((p) => (/^\s*-?\d+(\.\d+)?([eE][-+]?\d+)?\s*$/.test(p) ? Number(p) : NaN));
  if (n.length !== 4 || n.some((x) => !Number.isFinite(x))) throw badParam('bbox', v, 'expected 4 numbers in CRS84');
  const [a, b, c, d] = n as [number, number, number, number];
  if (a > c || b > d) throw badParam('bbox', v, 'the lower corner must come first (the box is inverted)');
  return [a, b, c, d];
}

export function indicatorCollection(base: string, ind: IndicatorSummary) {
  const id = `${INDICATOR_COLLECTION_PREFIX}${ind.code}`;
  const href = `${base}/ogc/collections/${id}`;
  const first = ind.years[0];
  const last = ind.years[ind.years.length - 1];
  // Marked once: a synthetic indicator's name may say it already ("Locuințe (sintetic)").
  const synthetic = ind.synthetic && !/sintetic/i.test(ind.name_ro) ? ' (sintetic / synthetic)' : '';
  return {
    id,
    title: `${ind.name_ro}${synthetic}`,
    description: `${ind.name_ro} / ${ind.name_en}, ${ind.unit}, pe UAT și an / per UAT and year. Sursa / source: ${ind.source}. Parametrul year (sau datetime) alege anul / the year parameter picks the year (default ${last ?? '—'}).`,
    itemType: 'feature',
    crs: [CRS84],
    storageCrs: CRS84,
    extent: {
      spatial: { bbox: [ROMANIA], crs: CRS84 },
      temporal: {
        interval: [[first ? `${first}-01-01T00:00:00Z` : null, last ? `${last}-12-31T23:59:59Z` : null]],
        trs: 'http://www.opengis.net/def/uom/ISO-8601/0/Gregorian',
      },
    },
    links: [
      { href, rel: 'self', type: MEDIA.json, title: 'this collection' },
      { href: `${href}/items`, rel: 'items', type: MEDIA.geojson, title: 'UATs with their value' },
      {
        href: `${base}/api/indicators/${ind.code}/values.csv`,
        rel: 'alternate',
        type: 'text/csv',
        title: 'CSV export of a year',
      },
      { href: `${base}/api/indicators/${ind.code}`, rel: 'describedby', type: MEDIA.json, title: 'catalogue entry' },
    ],
  };
}

/** The indicator behind a collection id; a 404 naming the collection when there is none. */
async function indicatorOf(service: AtlasService, id: string, code: string): Promise<IndicatorSummary> {
  try {
    return await service.one(code);
  } catch (err) {
    if (err instanceof HttpError && err.status === 404) throw notFound('Collection', id);
    throw err;
  }
}

export function indicatorCollectionsRoutes(db: Db, service: AtlasService, publicUrl: (req: Request) => string): Router {
  const router = Router();
  let boxes: { version: string; boxes: Promise<Map<number, [number, number, number, number]>> } | null = null;
  const boxesFor = (version: string) => {
    if (boxes?.version !== version) {
      const loading = uatBoxes(db.reader).then((rows) => new Map(rows.map((r) => [r.siruta, r.bbox])));
      loading.catch(() => (boxes = null));
      boxes = { version, boxes: loading };
    }
    return boxes.boxes;
  };

  const values = (code: string, year: number | undefined): Promise<ValuesAnswer> =>
    service.values(code, { year, derived: 'none', classes: 5, method: 'quantile' });

  const feature = (answer: ValuesAnswer, v: ValuesAnswer['values'][number], geometry: unknown) => ({
    type: 'Feature',
    id: v.siruta,
    geometry: geometry ?? null,
    properties: {
      siruta: v.siruta,
      name: v.name,
      county: v.county,
      indicator: answer.indicator,
      year: answer.year,
      value: v.value,
      unit: answer.unit,
      unit_en: answer.unit_en,
      rank_county: v.rank_county,
      rank_country: v.rank_country,
      source: answer.source,
      source_en: answer.source_en,
      licence: answer.licence,
      licence_en: answer.licence_en,
      synthetic: answer.synthetic,
    },
  });

  router.get('/ogc/collections/:collectionId', async (req: Request, res: Response, next: NextFunction) => {
    const code = codeOf(String(req.params.collectionId));
    if (code === null) return next();
    const ind = await indicatorOf(service, String(req.params.collectionId), code);
    res.type(MEDIA.json).send(JSON.stringify(indicatorCollection(publicUrl(req), ind)));
  });

  router.get('/ogc/collections/:collectionId/items', async (req: Request, res: Response, next: NextFunction) => {
    const id = String(req.params.collectionId);
    const code = codeOf(id);
    if (code === null) return next();
    await indicatorOf(service, id, code);
    const q = query(req);
    const unknown = Object.keys(q).find((k) => !ITEMS_PARAMS.has(k));
    if (unknown)
      throw new HttpError(400, 'InvalidParameterValue', `Unknown query parameter ${unknown}`, { parameter: unknown });
    // Part 2: the one CRS these collections list may be asked for by name (clients that always send crs).
    for (const name of ['crs', 'bbox-crs'])
      if (q[name] !== undefined && q[name] !== CRS84) throw badParam(name, q[name], `supported: ${CRS84}`);
    const limit = whole('limit', q.limit, 1, LIMIT_MAX, LIMIT_DEFAULT);
    const offset = whole('offset', q.offset, 0, 1_000_000, 0);
    const bbox = parseBbox(q.bbox);
    const answer = await values(code, yearOf(q));
    let rows = [...answer.values].sort((a, b) => a.siruta - b.siruta);
    if (bbox) {
      const all = await boxesFor(answer.data_version);
      rows = rows.filter((r) => {
        const b = all.get(r.siruta);
        return b !== undefined && b[0] <= bbox[2] && b[2] >= bbox[0] && b[1] <= bbox[3] && b[3] >= bbox[1];
      });
    }
    const page = rows.slice(offset, offset + limit);
    const geoms = new Map(
      (page.length
        ? await uatGeometries(
            db.reader,
            page.map((r) => r.siruta),
          )
        : []
      ).map((g) => [g.siruta, g.geometry]),
    );
    const base = `${publicUrl(req)}/ogc/collections/${id}/items`;
    const link = (o: number) => {
      const p = new URLSearchParams(q);
      p.set('limit', String(limit));
      p.set('year', String(answer.year));
      p.delete('datetime');
      if (o > 0) p.set('offset', String(o));
      else p.delete('offset');
      return `${base}?${p.toString()}`;
    };
    const links = [{ href: link(offset), rel: 'self', type: MEDIA.geojson, title: 'this page' }];
    if (offset + limit < rows.length)
      links.push({ href: link(offset + limit), rel: 'next', type: MEDIA.geojson, title: 'next page' });
    if (offset > 0)
      links.push({ href: link(Math.max(0, offset - limit)), rel: 'prev', type: MEDIA.geojson, title: 'previous page' });
    res.setHeader('Content-Crs', `<${CRS84}>`);
    res.type(MEDIA.geojson).send(
      JSON.stringify({
        type: 'FeatureCollection',
        timeStamp: new Date().toISOString(),
        numberMatched: rows.length,
        numberReturned: page.length,
        features: page.map((r) => feature(answer, r, geoms.get(r.siruta))),
        links,
      }),
    );
  });

  router.get(
    '/ogc/collections/:collectionId/items/:featureId',
    async (req: Request, res: Response, next: NextFunction) => {
      const id = String(req.params.collectionId);
      const code = codeOf(id);
      if (code === null) return next();
      await indicatorOf(service, id, code);
      const featureId = String(req.params.featureId);
      const q = query(req);
      const answer = await values(code, yearOf(q));
      const row = /^\d{1,6}$/.test(featureId) ? answer.values.find((v) => v.siruta === Number(featureId)) : undefined;
      if (!row) throw notFound(`Feature of ${id} in ${answer.year}`, featureId);
      const [g] = await uatGeometries(db.reader, [row.siruta]);
      const href = `${publicUrl(req)}/ogc/collections/${id}`;
      res.setHeader('Content-Crs', `<${CRS84}>`);
      res.type(MEDIA.geojson).send(
        JSON.stringify({
          ...feature(answer, row, g?.geometry),
          links: [
            { href: `${href}/items/${row.siruta}?year=${answer.year}`, rel: 'self', type: MEDIA.geojson },
            { href, rel: 'collection', type: MEDIA.json, title: 'the collection' },
          ],
        }),
      );
    },
  );

  return router;
}
