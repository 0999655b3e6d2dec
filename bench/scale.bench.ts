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
  return rows;
}
