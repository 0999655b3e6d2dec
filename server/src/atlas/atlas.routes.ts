// /api/indicators and /api/uats: the territorial atlas's API (catalogue, values with class breaks, series, exports,
// UAT search and profile). Thin: parse, call the service, shape the answer.
import { gzipSync } from 'node:zlib';
import { Router, type Request, type Response } from 'express';
import type { Db } from '../../../db/src/connect.ts';
import { uatGeometries } from '../../../db/src/indicators.repository.ts';
import { badParam, notFound } from '../errors.ts';
import { searchParams, type QueryParams } from '../fast-lane.ts';
import { MEDIA } from '../ogc/constants.ts';
import { AtlasService, type ValuesAnswer } from './atlas.service.ts';
import { asksAllYears, parseAllYearsQuery, parseSirutaPath, parseUatList, parseValuesQuery } from './atlas.params.ts';
import { profilePdf } from './profile-pdf.ts';

const CODE = /^[a-z][a-z0-9_]{0,62}$/;

const paramsOf = (req: Request): QueryParams => {
  const q = req.originalUrl.indexOf('?');
  return searchParams(q < 0 ? '' : req.originalUrl.slice(q + 1));
};

function code(req: Request): string {
  const c = String(req.params.code);
  if (!CODE.test(c)) throw notFound('indicator', c);
  return c;
}

export function atlasRoutes(db: Db, service = new AtlasService(db)): Router {
  const router = Router();

  router.get('/api/indicators', async (req, res) => {
    const q = paramsOf(req).get('q')?.trim();
    if (q && q.length > 80) throw badParam('q', q.slice(0, 20) + '…', 'at most 80 characters');
    const indicators = await service.list(q);
    res.json({ query: q ?? null, count: indicators.length, indicators });
  });

  router.get('/api/indicators/:code', async (req, res) => {
    res.json(await service.one(code(req)));
  });

  router.get('/api/indicators/:code/values', async (req, res) => {
    const params = paramsOf(req);
    if (asksAllYears(params)) {
      sendJson(req, res, await service.allYears(code(req), parseAllYearsQuery(params)));
      return;
    }
    sendJson(req, res, await service.values(code(req), parseValuesQuery(params)));
  });

  router.get('/api/indicators/:code/values.csv', async (req, res) => {
    const answer = await service.values(code(req), parseValuesQuery(paramsOf(req)));
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="${fileName(answer)}.csv"`);
    res.send(valuesCsv(answer));
  });

  router.get('/api/indicators/:code/values.geojson', async (req, res) => {
    const answer = await service.values(code(req), parseValuesQuery(paramsOf(req)));
    const geoms = new Map(
      (
        await uatGeometries(
          db,
          answer.values.map((v) => v.siruta),
        )
      ).map((g) => [g.siruta, g]),
    );
    res.setHeader('Content-Type', MEDIA.geojson);
    res.setHeader('Content-Disposition', `attachment; filename="${fileName(answer)}.geojson"`);
    const { values, ...about } = answer;
    res.send(
      JSON.stringify({
        type: 'FeatureCollection',
        ...about,
        features: values.map((v) => ({
          type: 'Feature',
          id: v.siruta,
          geometry: geoms.get(v.siruta)?.geometry ?? null,
          properties: {
            ...v,
            indicator: answer.indicator,
            year: answer.year,
            unit: answer.unit,
            unit_en: answer.unit_en,
            source: answer.source,
            source_en: answer.source_en,
            licence: answer.licence,
            licence_en: answer.licence_en,
            synthetic: answer.synthetic,
          },
        })),
      }),
    );
  });

  router.get('/api/indicators/:code/series', async (req, res) => {
    const c = code(req);
    res.json(await service.series(c, parseUatList(paramsOf(req).get('uat'))));
  });

  router.get('/api/uats', async (req, res) => {
    const p = paramsOf(req);
    const q = (p.get('q') ?? '').trim();
    if (!q) throw badParam('q', q, 'a UAT name, a county or a SIRUTA code');
    if (q.length > 80) throw badParam('q', q.slice(0, 20) + '…', 'at most 80 characters');
    const limitRaw = p.get('limit');
    const limit = limitRaw === undefined ? 20 : Number(limitRaw);
    if (!Number.isInteger(limit) || limit < 1 || limit > 50) throw badParam('limit', limitRaw, 'between 1 and 50');
    const results = await service.searchUats(q, limit);
    res.json({ query: q, count: results.length, results });
  });

  router.get('/api/uats/:siruta', async (req, res) => {
    res.json(await service.uat(parseSirutaPath(String(req.params.siruta))));
  });

  router.get('/api/uats/:siruta/profile', async (req, res) => {
    res.json(await service.profile(parseSirutaPath(String(req.params.siruta))));
  });

  router.get('/api/uats/:siruta/profile.pdf', async (req, res: Response) => {
    const siruta = parseSirutaPath(String(req.params.siruta));
    const lang = paramsOf(req).get('lang') ?? 'ro';
    if (lang !== 'ro' && lang !== 'en') throw badParam('lang', lang, 'ro or en');
    const profile = await service.profile(siruta);
    const [outline] = await uatGeometries(db.reader, [siruta]);
    const pdf = await profilePdf(profile, outline ?? null, lang);
    res.setHeader('Content-Type', 'application/pdf');
    res.setHeader('Content-Disposition', `inline; filename="fisa-uat-${siruta}.pdf"`);
    res.end(pdf);
  });

  return router;
}

/**
 * The bytes of each cached answer, serialised once and gzipped once (an answer for all UATs of Romania is about
 * 300 kB of JSON, 40 kB gzipped; every year at once a few times that): a repeated request costs no serialisation and
 * no compression.
 */
const serialised = new WeakMap<object, { json: Buffer; gzip?: Buffer }>();

function sendJson(req: Request, res: Response, body: object): void {
  let bytes = serialised.get(body);
  if (bytes === undefined) serialised.set(body, (bytes = { json: Buffer.from(JSON.stringify(body)) }));
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('Vary', 'Accept-Encoding');
  if (bytes.json.length > 1024 && req.acceptsEncodings('gzip', 'identity') === 'gzip') {
    bytes.gzip ??= gzipSync(bytes.json, { level: 4 });
    res.setHeader('Content-Encoding', 'gzip');
    res.end(bytes.gzip);
    return;
  }
  res.end(bytes.json);
}

function fileName(a: ValuesAnswer): string {
  const from = a.from === undefined ? '' : `-from-${a.from}`;
  return `atlas-${a.indicator}-${a.year}${a.derived === 'none' ? '' : `-${a.derived}`}${from}`;
}

const csvCell = (v: unknown): string => {
  const s = v === null || v === undefined ? '' : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

/**
 * One row per UAT; every row names the indicator, year, unit, source and whether the data are synthetic, and, last,
 * the base year of a change (`from`) and the population's year of a rate per 1,000 inhabitants (`population_year`),
 * empty otherwise: without them two exports of a change (since 2001, since 2005) read the same.
 */
export function valuesCsv(a: ValuesAnswer): string {
  const header = [
    'siruta',
    'name',
    'county',
    'indicator',
    'year',
    'derived',
    'value',
    'unit',
    'rank_county',
    'rank_country',
    'source',
    'synthetic',
    'from',
    'population_year',
  ];
  const lines = [header.join(',')];
  for (const v of a.values) {
    lines.push(
      [
        v.siruta,
        v.name,
        v.county,
        a.indicator,
        a.year,
        a.derived,
        v.value,
        a.unit,
        v.rank_county,
        v.rank_country,
        a.source,
        a.synthetic,
        a.from,
        a.population_year,
      ]
        .map(csvCell)
        .join(','),
    );
  }
  return '\uFEFF' + lines.join('\r\n') + '\r\n';
}
