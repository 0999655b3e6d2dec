// Issue 14: scale. Tile archives for a CDN: `npm run tiles -- export` (PMTiles) beside GDAL's MVT driver writing
// the same layer, features and zooms from the same database in the same run. Goal: at least 3x GDAL.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { benchCity } from './bench-db.ts';
import type { BenchContext } from './run.ts';
import type { Row } from './table.ts';
import { exportPmtiles } from '../tiles/src/pmtiles-export.ts';
import { connect } from '../db/src/connect.ts';
import { migrate } from '../db/src/migrate.ts';
import { generateCity } from '../data-import/src/generator/generate-city.ts';
import { writeDataset } from '../data-import/src/generator/write-dataset.ts';
import { importFeatures } from '../data-import/src/import-job.ts';
import { readGeojsonFile } from '../data-import/src/readers/geojson.reader.ts';
import { SAMPLE_DIR } from '../data-import/src/sample/load-sample.ts';
import { createPrimary, createReplica, PG_BIN } from '../test/support/pg-replication.ts';

const run$ = promisify(execFile);

export async function run(ctx: BenchContext): Promise<Row[]> {
  const rows: Row[] = [];
  const { db, url } = await benchCity(ctx.adminUrl, ctx.parcels);
  const dir = mkdtempSync(join(tmpdir(), 'atlas-bench-scale-'));
  const [minzoom, maxzoom] = [14, 16];
  try {
    const t0 = performance.now();
    const ours = await exportPmtiles(db, { layer: 'parcels', minzoom, maxzoom, out: join(dir, 'parcels.pmtiles') });
    const oursMs = performance.now() - t0;
    ctx.log(`  pmtiles: ${ours.addressedTiles} tiles, ${(ours.bytes / 1e6).toFixed(1)} MB in ${oursMs.toFixed(0)} ms`);
    rows.push({
      suite: 'scale',
      case: `PMTiles export, parcels z${minzoom}-${maxzoom} (${ctx.parcels} parcels)`,
      metric: 'time',
      value: Math.round(oursMs),
      unit: 'ms',
    });
    if (existsSync('/usr/bin/ogr2ogr')) {
      const u = new URL(url);
      const pg = `PG:host=${u.hostname} port=${u.port || 5432} user=${decodeURIComponent(u.username)} dbname=${u.pathname.slice(1)}`;
      const t1 = performance.now();
      // The same features and attributes as the parcel tiles, from the same indexed EPSG:3857 column.
      await run$(
        'ogr2ogr',
        [
          '-f',
          'MVT',
          join(dir, 'gdal'),
          pg,
          '-sql',
          'SELECT id, uat_siruta, cadastral_number, intravilan, geom_3857 FROM parcels WHERE valid_to IS NULL',
          '-nln',
          'parcels',
          '-dsco',
          `MINZOOM=${minzoom}`,
          '-dsco',
          `MAXZOOM=${maxzoom}`,
          '-dsco',
          'COMPRESS=YES',
        ],
        { maxBuffer: 64 * 1024 * 1024 },
      );
      const gdalMs = performance.now() - t1;
      rows.push({
        suite: 'scale',
        case: `GDAL MVT driver, the same layer and zooms (reference)`,
        metric: 'time',
        value: Math.round(gdalMs),
        unit: 'ms',
      });
      const ratio = gdalMs / oursMs;
      rows.push({
        suite: 'scale',
        case: 'PMTiles export speed vs GDAL MVT driver',
        metric: 'speed-up',
        value: Math.round(ratio * 100) / 100,
        unit: 'x',
        reference: 'GDAL MVT driver',
        ratio,
        goal: '>= 3x',
        pass: ratio >= 3,
      });
    } else ctx.log('  (ogr2ogr missing: no GDAL reference)');
  } finally {
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  }
  if (existsSync(`${PG_BIN}/initdb`)) rows.push(...(await replayLag(ctx)));
  else ctx.log(`  (${PG_BIN}/initdb missing: no replay lag)`);
  return rows;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.floor(s.length / 2)]! : NaN;
};

/**
 * A primary and a streaming replica of this run's own on loopback (pg_basebackup -R), the city's parcels imported on
 * the primary: every 100 ms the primary's pg_current_wal_lsn() and the replica's pg_last_wal_replay_lsn(). Lag in
 * bytes: their difference; in seconds: how long before the replica's replay position the primary had written it.
 */
async function replayLag(ctx: BenchContext): Promise<Row[]> {
  const primary = await createPrimary();
  let replica: Awaited<ReturnType<typeof createReplica>> | undefined;
  const dir = mkdtempSync(join(tmpdir(), 'atlas-bench-lag-'));
  try {
    await primary.query('CREATE DATABASE atlas');
    await primary.query('CREATE EXTENSION postgis', [], 'atlas');
    replica = await createReplica(primary);
    const db = await connect({ databaseUrl: primary.url('atlas'), dataDir: '', poolMax: 4 });
    try {
      await migrate(db);
      const uat = await readGeojsonFile(join(SAMPLE_DIR, 'ro-uat-boundaries/cluj_uat.geojson'));
      await importFeatures(db, { layer: 'uat', features: uat.features, srs: uat.srs, sourceFile: 'cluj_uat.geojson' });
      await writeDataset(generateCity({ seed: 42, parcels: ctx.parcels }), dir);
      const src = await readGeojsonFile(join(dir, 'parcels.geojson'));
      const lsn = (c: typeof primary, sql: string) =>
        c
          .query<{ b: string }>(`SELECT pg_wal_lsn_diff(${sql}, '0/0')::text AS b`, [], 'atlas')
          .then((r) => Number(r[0]!.b));
      const history: { t: number; lsn: number }[] = [];
      const lags: { bytes: number; s: number }[] = [];
      let sampling = true;
      const sampler = (async () => {
        while (sampling) {
          const t = performance.now();
          const [p, r] = await Promise.all([
            lsn(primary, 'pg_current_wal_lsn()'),
            lsn(replica!, 'pg_last_wal_replay_lsn()'),
          ]);
          history.push({ t, lsn: p });
          const caught = history.find((h) => h.lsn >= r);
          lags.push({ bytes: Math.max(0, p - r), s: caught ? (t - caught.t) / 1000 : (t - history[0]!.t) / 1000 });
          await new Promise((res) => setTimeout(res, 100));
        }
      })();
      const t0 = performance.now();
      await importFeatures(db, {
        layer: 'parcels',
        features: src.features,
        srs: src.srs,
        sourceFile: 'parcels.geojson',
      });
      const importMs = performance.now() - t0;
      sampling = false;
      await sampler;
      const bytes = lags.map((l) => l.bytes);
      const secs = lags.map((l) => l.s);
      ctx.log(`  replay lag: ${lags.length} samples over a ${Math.round(importMs)} ms import`);
      const mb = (b: number) => Math.round((b / 1024 / 1024) * 10) / 10;
      const c = `replica replay lag during a ${ctx.parcels}-parcel import (${Math.round(importMs / 1000)} s)`;
      return [
        { suite: 'scale', case: c, metric: 'max', value: mb(Math.max(...bytes)), unit: 'MB' },
        { suite: 'scale', case: c, metric: 'median', value: mb(median(bytes)), unit: 'MB' },
        { suite: 'scale', case: c, metric: 'max', value: Math.round(Math.max(...secs) * 100) / 100, unit: 's' },
        { suite: 'scale', case: c, metric: 'median', value: Math.round(median(secs) * 100) / 100, unit: 's' },
      ];
    } finally {
      await db.close();
    }
  } finally {
    await replica?.remove().catch(() => undefined);
    await primary.remove().catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  }
}
