// npm run tiles -- export --layer LAYER --minzoom A --maxzoom B --out FILE.pmtiles
// Writes a PMTiles v3 archive of a layer (or `all`, the composite) in force now, for object storage behind a CDN.
// Exit 0 when written; 1 with a clear message when it failed (no archive is left behind); 2 on a usage error.
import { rm } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { connect, DatabaseStartupError } from '../../db/src/connect.ts';
import { migrate } from '../../db/src/migrate.ts';
import { LAYERS } from './layers.ts';
import { exportPmtiles } from './pmtiles-export.ts';
import { MAX_ZOOM } from './tile-service.ts';

const USAGE = `usage: npm run tiles -- export --layer LAYER --minzoom A --maxzoom B --out FILE.pmtiles
  layer: ${[...LAYERS, 'all'].join(', ')}   zooms: 0-${MAX_ZOOM}`;

const Env = z.object({
  DATABASE_URL: z.string().min(1).optional(),
  ATLAS_DATA_DIR: z.string().min(1).default('.atlas-data'),
});

class UsageError extends Error {}

function zoom(name: string, v: string | undefined): number {
  if (v === undefined || !/^\d{1,2}$/.test(v) || Number(v) > MAX_ZOOM)
    throw new UsageError(`--${name} must be a zoom level from 0 to ${MAX_ZOOM}, got ${v ?? 'nothing'}`);
  return Number(v);
}

async function main(): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      allowPositionals: true,
      options: {
        layer: { type: 'string' },
        minzoom: { type: 'string' },
        maxzoom: { type: 'string' },
        out: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (positionals[0] !== 'export' || positionals.length !== 1)
    throw new UsageError(`expected the command "export", got ${positionals.join(' ') || 'nothing'}`);
  const layer = values.layer;
  if (!layer || !([...LAYERS, 'all'] as string[]).includes(layer))
    throw new UsageError(`--layer must be one of ${[...LAYERS, 'all'].join(', ')}, got ${layer ?? 'nothing'}`);
  const minzoom = zoom('minzoom', values.minzoom);
  const maxzoom = zoom('maxzoom', values.maxzoom);
  if (minzoom > maxzoom) throw new UsageError(`--minzoom ${minzoom} is above --maxzoom ${maxzoom}`);
  if (!values.out?.endsWith('.pmtiles')) throw new UsageError(`--out must name a .pmtiles file`);
  const out = values.out;

  const env = Env.parse(Object.fromEntries(Object.entries(process.env).filter(([, v]) => v)));
  const db = await connect({ databaseUrl: env.DATABASE_URL, dataDir: env.ATLAS_DATA_DIR });
  try {
    await migrate(db);
    const r = await exportPmtiles(db, {
      layer: layer as (typeof LAYERS)[number] | 'all',
      minzoom,
      maxzoom,
      out,
      progress: (done, total) => {
        if (process.stderr.isTTY) process.stderr.write(`\r${done}/${total} tiles`);
      },
    });
    if (process.stderr.isTTY) process.stderr.write('\n');
    process.stdout.write(
      `${out}: ${layer}, zoom ${minzoom}-${maxzoom}: ${r.addressedTiles} tiles (${r.tileContents} distinct) of ${r.tilesVisited} visited, ${(r.bytes / 1e6).toFixed(1)} MB in ${(r.ms / 1000).toFixed(1)} s\n`,
    );
    return 0;
  } catch (err) {
    await rm(out, { force: true });
    throw err;
  } finally {
    await db.close();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    if (err instanceof UsageError) {
      process.stderr.write(`atlas tiles: ${err.message}\n${USAGE}\n`);
      process.exit(2);
    }
    const known = err instanceof DatabaseStartupError || err instanceof z.ZodError;
    process.stderr.write(
      `atlas tiles: ${known ? (err as Error).message : `failed: ${(err as Error).stack ?? String(err)}`}\n`,
    );
    process.exit(1);
  },
);
