// Issue 4: parcel lookup by number and by click, autocomplete, and throughput under 50 connections, on the bench city
// in PostGIS. Reference: the same SQL run directly through pg (parcel + zone overlaps), in the same run.
import autocannon from 'autocannon';
import pg from 'pg';
import { sql } from '../db/src/sql.ts';
import { benchCity } from './bench-db.ts';
import type { BenchContext } from './run.ts';
import { startServerProcess } from './server-process.ts';
import { httpGet } from './http-get.ts';
import { stats, timeIt, type Row } from './table.ts';

export async function run(ctx: BenchContext): Promise<Row[]> {
  const { db, url } = await benchCity(ctx.adminUrl, ctx.parcels);
  const n = ctx.smoke ? 200 : 2000;
  const { rows: sample } = await db.query<{ id: number; cadastral_number: string; lon: number; lat: number }>(
    `SELECT id, cadastral_number, ST_X(c) AS lon, ST_Y(c) AS lat
     FROM (SELECT id, cadastral_number, ST_Transform(ST_PointOnSurface(geom), 4326) AS c FROM parcels
           WHERE valid_to IS NULL AND uat_siruta = 54975 ORDER BY md5(id::text) LIMIT $1) s`,
    [Math.min(n, 1000)],
  );
  await db.close();
  const at = new Date().toISOString();
  const day = at.slice(0, 10);

  // Reference: the raw SQL of a lookup (the parcel, its zone overlaps and the dataset versions used: the statement
  // the server runs), through one pg connection.
  const client = new pg.Client({ connectionString: url, options: '-c jit=off -c max_parallel_workers_per_gather=0' });
  await client.connect();
  const lookupSql = sql('parcels.lookup').replace('{{parcel}}', sql('parcels.select-by-number'));
  const raw = stats(
    await timeIt(n, async (i) => {
      const p = sample[i % sample.length]!;
      await client.query({ name: 'lookup', text: lookupSql, values: [54975, p.cadastral_number, at, day] });
    }),
  );
  await client.end();

  const server = await startServerProcess(url);
  const rows: Row[] = [];
  try {
    const get = async (path: string) => {
      const res = await httpGet(server.baseUrl + path);
      if (res.status !== 200) throw new Error(`${path}: ${res.status} ${res.body.toString()}`);
    };
    // A server that has been running: V8 has compiled the request path, every pooled connection has planned its
    // statements and the overlay catalog is loaded. The first thousand requests of a fresh process are up to twice as
    // slow, which says nothing about the service a running server gives.
    const warmup = ctx.smoke ? 100 : 1500;
    for (let i = 0; i < warmup; i++) {
      const p = sample[i % sample.length]!;
      await get(`/api/parcels?uat=54975&number=${p.cadastral_number}`);
      await get(`/api/parcels/at?lon=${p.lon}&lat=${p.lat}`);
      await get(`/api/parcels/search?q=${p.cadastral_number.slice(0, 3)}`);
    }
    const lookup = stats(
      await timeIt(n, (i) => get(`/api/parcels?uat=54975&number=${sample[i % sample.length]!.cadastral_number}`)),
    );
    const click = stats(
      await timeIt(n, (i) => {
        const p = sample[i % sample.length]!;
        return get(`/api/parcels/at?lon=${p.lon}&lat=${p.lat}`);
      }),
    );
    const search = stats(
      await timeIt(n, (i) => get(`/api/parcels/search?q=${sample[i % sample.length]!.cadastral_number.slice(0, 3)}`)),
    );

    let k = 0;
    // Warm up the server's pool: every new connection prepares (plans) its statements once.
    await autocannon({
      url: server.baseUrl,
      connections: 50,
      duration: 2,
      requests: [
        {
          method: 'GET',
          setupRequest: (req) => ({
            ...req,
            path: `/api/parcels?uat=54975&number=${sample[k++ % sample.length]!.cadastral_number}`,
          }),
        },
      ],
    });
    const load = await autocannon({
      url: server.baseUrl,
      connections: 50,
      duration: ctx.smoke ? 3 : 15,
      requests: [
        {
          method: 'GET',
          setupRequest: (req) => ({
            ...req,
            path: `/api/parcels?uat=54975&number=${sample[k++ % sample.length]!.cadastral_number}`,
          }),
        },
      ],
    });
    const errors = load.errors + load.non2xx + load.timeouts;

    rows.push(
      { suite: 'lookup', case: 'raw SQL (pg, prepared)', metric: 'p50', value: raw.p50, unit: 'ms' },
      { suite: 'lookup', case: 'raw SQL (pg, prepared)', metric: 'p95', value: raw.p95, unit: 'ms' },
      {
        suite: 'lookup',
        case: 'GET /api/parcels (1 client)',
        metric: 'p50',
        value: lookup.p50,
        unit: 'ms',
        reference: 'raw SQL p50',
        ratio: lookup.p50 / raw.p50,
      },
      {
        suite: 'lookup',
        case: 'GET /api/parcels (1 client)',
        metric: 'p95',
        value: lookup.p95,
        unit: 'ms',
        reference: 'raw SQL p95',
        ratio: lookup.p95 / raw.p95,
        goal: `<= raw + 3 ms (${(raw.p95 + 3).toFixed(2)})`,
        pass: lookup.p95 <= raw.p95 + 3,
      },
      {
        suite: 'lookup',
        case: 'GET /api/parcels/at (1 client)',
        metric: 'p95',
        value: click.p95,
        unit: 'ms',
        reference: 'raw SQL p95',
        ratio: click.p95 / raw.p95,
        goal: `<= raw + 3 ms (${(raw.p95 + 3).toFixed(2)})`,
        pass: click.p95 <= raw.p95 + 3,
      },
      {
        suite: 'lookup',
        case: 'GET /api/parcels/search (1 client)',
        metric: 'p95',
        value: search.p95,
        unit: 'ms',
        goal: '< 5 ms',
        pass: search.p95 < 5,
      },
      {
        suite: 'lookup',
        case: 'GET /api/parcels (50 connections)',
        metric: 'throughput',
        value: load.requests.average,
        unit: 'req/s',
        goal: '>= 2000 req/s, 0 errors',
        pass: load.requests.average >= 2000 && errors === 0,
      },
      {
        suite: 'lookup',
        case: 'GET /api/parcels (50 connections)',
        metric: 'p99',
        value: load.latency.p99,
        unit: 'ms',
      },
      { suite: 'lookup', case: 'GET /api/parcels (50 connections)', metric: 'errors', value: errors, unit: '' },
    );
  } finally {
    await server.stop();
  }
  return rows;
}
