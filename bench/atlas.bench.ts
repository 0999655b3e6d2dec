// Issue 18: the atlas's values of one indicator for all UATs of Romania for one year, with class breaks, on PostGIS
// and on the embedded engine. Reference: the plain SQL read of that year's values (the rows the answer starts from),
// measured in the same run on the same engine. The server caches answers per data version: the first request of
// each (year, method, derived form, number of classes) is measured apart from the repeated ones.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect, type Db } from '../db/src/connect.ts';
import { migrate } from '../db/src/migrate.ts';
import { indicatorYearValues } from '../db/src/indicators.repository.ts';
import { loadSample } from '../data-import/src/sample/load-sample.ts';
import { createApp, requestListener } from '../server/src/app.ts';
import { createLogger } from '../server/src/logger.ts';
import { withScratchDatabase } from './bench-db.ts';
import { httpGet } from './http-get.ts';
import type { BenchContext } from './run.ts';
import { stats, timeIt, type Row } from './table.ts';

/**
 * The indicators timed: the satellite fire detections (27 years; a UAT without a detection that year has no value,
 * so about a third of the country's UATs per year) and the census population (every one of the 3,186 UATs of Romania,
 * 2002 and 2011). Only years with at least `minUats` values are asked for, in the derived forms that mean something.
 */
const INDICATORS = [
  { code: 'fire_detections', minUats: 1000, derived: ['none', 'per_km2', 'per_1000'] },
  { code: 'population_census', minUats: 3000, derived: ['none', 'per_km2'] },
] as const;
const GOAL_MS = 30;
const METHODS = ['quantile', 'equal', 'ckmeans'] as const;
/**
 * Class counts, 7 first (the atlas page's default). Each count is an answer of its own: with them the census's two
 * years still give enough first answers for a p95 that is not simply the slowest of a dozen.
 */
const CLASSES = [7, 5, 3, 9, 4, 6, 8] as const;
/** At most this many first answers: with the repeated ones they stay within the server's cache of 500 answers. */
const FIRST_MAX = 400;

export async function run(ctx: BenchContext): Promise<Row[]> {
  const rows: Row[] = [];
  // PostGIS: a database of its own, loaded with the sample (a small city: the atlas reads UATs and indicators).
  const name = 'atlas_bench_atlas';
  rows.push(...(await withScratchDatabase(ctx.adminUrl, name, (server) => measure(ctx, server, 'postgis'))));
  const dir = await mkdtemp(join(tmpdir(), 'atlas-bench-atlas-'));
  try {
    const embedded = await connect({ dataDir: dir });
    try {
      rows.push(...(await measure(ctx, embedded, 'pglite')));
    } finally {
      await embedded.close();
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  return rows;
}

async function measure(ctx: BenchContext, db: Db, engine: string): Promise<Row[]> {
  const t = Date.now();
  await migrate(db);
  await loadSample(db, { parcels: 500 });
  ctx.log(`  ${engine}: sample (500 parcels) loaded in ${Date.now() - t} ms`);
  const app = createApp({ config: { ATLAS_TILE_CACHE_MB: 0 }, db, log: createLogger('silent') });
  const http: Server = createServer(requestListener(app));
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  // Uncompressed, as a client on the same machine asks (over a network a browser asks for gzip: the server then sends
  // the answer's gzipped bytes, made once per cached answer, about a seventh of the size).
  const get = async (path: string) => {
    const res = await httpGet(base + path);
    if (res.status !== 200) throw new Error(`${path}: ${res.status} ${res.body.toString().slice(0, 200)}`);
    return res.body;
  };
  const out: Row[] = [];
  try {
    for (const indicator of INDICATORS) out.push(...(await measureIndicator(ctx, db, engine, get, indicator)));
  } finally {
    http.closeAllConnections();
    await new Promise<void>((resolve) => http.close(() => resolve()));
  }
  return out;
}

/**
 * One indicator's timings: the raw SQL read of a year, then each (year, method, form, classes) asked once, then the
 * default seven classes' answers repeated.
 */
async function measureIndicator(
  ctx: BenchContext,
  db: Db,
  engine: string,
  get: (path: string) => Promise<Buffer>,
  { code, minUats, derived: forms }: (typeof INDICATORS)[number],
): Promise<Row[]> {
  const { rows: full } = await db.query<{ year: number }>(
    `SELECT year FROM indicator_values WHERE indicator_code = $1 AND valid_to IS NULL
     GROUP BY year HAVING count(*) >= $2 ORDER BY year`,
    [code, minUats],
  );
  const years = full.map((r) => r.year);
  if (!years.length) throw new Error(`no year of ${code} has ${minUats} UATs with values`);
  const n = ctx.smoke ? 60 : 600;

  // Reference: the year's values, as the repository reads them.
  const raw = stats(await timeIt(n, (i) => indicatorYearValues(db, code, years[i % years.length]!)));

  const path = (i: number) => {
    const year = years[i % years.length]!;
    const method = METHODS[Math.floor(i / years.length) % METHODS.length]!;
    const derived = forms[Math.floor(i / (years.length * METHODS.length)) % forms.length]!;
    const classes = CLASSES[Math.floor(i / (years.length * METHODS.length * forms.length)) % CLASSES.length]!;
    return `/api/indicators/${code}/values?year=${year}&classes=${classes}&method=${method}&derived=${derived}`;
  };
  const t = Date.now();
  const count = (JSON.parse((await get(path(0))).toString()) as { count: number }).count;
  ctx.log(`  ${engine}: ${code}: first answer (indicator read into memory) ${Date.now() - t} ms, ${count} UATs`);
  // Every (year, method, derived form, classes) once: computed, not cached.
  const distinct = years.length * METHODS.length * forms.length * CLASSES.length;
  const first = stats(await timeIt(Math.min(distinct - 1, ctx.smoke ? 40 : FIRST_MAX), (i) => get(path(i + 1)), 0));
  // Repeated: the default seven classes (the first block of paths), well within the server's answer cache.
  const perClasses = years.length * METHODS.length * forms.length;
  const cached = stats(await timeIt(n, (i) => get(path(i % perClasses))));
  const label = `${engine === 'postgis' ? 'PostGIS' : 'embedded'}, ${code} (${count} UATs)`;
  return [
    { suite: 'atlas', case: `${label}: raw SQL, one year's values`, metric: 'p50', value: raw.p50, unit: 'ms' },
    { suite: 'atlas', case: `${label}: raw SQL, one year's values`, metric: 'p95', value: raw.p95, unit: 'ms' },
    goalRow(`${label}: GET values + breaks, first of each year/method/form/classes`, first.p95, raw.p95),
    goalRow(`${label}: GET values + breaks, repeated (cached per data version)`, cached.p95, raw.p95),
    {
      suite: 'atlas',
      case: `${label}: GET values + breaks, repeated`,
      metric: 'p50',
      value: cached.p50,
      unit: 'ms',
    },
  ];
}

/** A p95 against the goal, with the raw SQL read's p95 as the reference. */
function goalRow(label: string, p95: number, rawP95: number): Row {
  return {
    suite: 'atlas',
    case: label,
    metric: 'p95',
    value: p95,
    unit: 'ms',
    reference: 'raw SQL p95',
    ratio: p95 / rawP95,
    goal: `< ${GOAL_MS} ms`,
    pass: p95 < GOAL_MS,
  };
}
