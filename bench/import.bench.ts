// Issue 3: the importer against ogr2ogr on the same file and the same PostGIS server, in the same run.
// The generator's city (200,000 parcels by default, Stereo 70 GeoJSON) is written once and kept in the temp folder.
// Atlas: `npm run import -- parcels <file>` (node with that script's arguments) as a child process (its peak RSS read
// from /proc while it runs) into a fresh database holding only the 81 UATs; everything is included: streaming parse,
// structure and plausibility checks, validity (proven in JS for simple rings, ST_IsValidReason for the rest), the key
// and SIRUTA checks, the EPSG:3857 copy of every geometry, and the table's indexes (both GiST, the B-trees) and foreign
// key.
// Reference: `ogr2ogr -t_srs EPSG:3857 -lco SPATIAL_INDEX=GIST` loading the same file into the same server.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, rm, stat, writeFile } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { connect } from '../db/src/connect.ts';
import { loadLayer, type LoadRow, type RawGeometry } from '../db/src/load/layer-load.ts';
import { migrate } from '../db/src/migrate.ts';
import { generateCity } from '../data-import/src/generator/generate-city.ts';
import { writeDataset } from '../data-import/src/generator/write-dataset.ts';
import { runImport } from '../data-import/src/import-service.ts';
import { FeatureEncoder, loadTarget } from '../data-import/src/import-job.ts';
import { LAYER_SPECS } from '../data-import/src/layers/layer-specs.ts';
import { readGeojsonFile } from '../data-import/src/readers/geojson.reader.ts';
import { SAMPLE_DIR } from '../data-import/src/sample/load-sample.ts';
import { benchUrl, recreateDatabase } from './bench-db.ts';
import type { BenchContext } from './run.ts';
import type { Row } from './table.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SEED = 42;
/** The scratch database, dropped and recreated for each load (DATABASE_URL's own database when it names one). */
const SCRATCH_DB = 'atlas_bench_import';

export async function run(ctx: BenchContext): Promise<Row[]> {
  const db = ctx.ownDatabase ?? SCRATCH_DB;
  const freshDatabase = (adminUrl: string) => freshScratchDatabase(adminUrl, db);
  const file = await cityFile(ctx);
  const bytes = (await stat(file)).size;
  const rounds = ctx.smoke ? 1 : 2;
  const ogr: number[] = [];
  const atlas: Measured[] = [];
  const floor: number[] = [];
  const rows = await preconvertedRows(file);
  ctx.log(
    `  load average ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')} on ${cpus().length} CPUs`,
  );
  for (let round = 0; round < rounds; round++) {
    // A fresh database each round: the import must not pay for closing the previous round's rows.
    const url = await freshDatabase(ctx.adminUrl);
    ogr.push(await ogr2ogr(file, url));
    atlas.push(await atlasImport(file, url, ctx));
    floor.push(await copyIntoTable(rows, await freshDatabase(ctx.adminUrl)));
  }
  const floorMs = Math.min(...floor);
  // Each figure is the best of its rounds, measured alternately in the same run.
  const ogrMs = Math.min(...ogr);
  const best = atlas.reduce((a, b) => (a.importMs <= b.importMs ? a : b));
  const rate = (ms: number) => (ctx.parcels * 1000) / ms;
  const suite = 'import';
  const what = `${ctx.parcels.toLocaleString('en-US')} parcels, ${(bytes / 1024 ** 2).toFixed(0)} MB GeoJSON`;
  ctx.log(
    `  ogr2ogr: ${ogr.map((m) => `${m} ms`).join(', ')}; atlas: ${atlas.map((a) => `${a.importMs} ms (process ${a.processMs} ms, ${a.peakRssMb} MB)`).join(', ')}; load path with pre-converted rows: ${floor.map((m) => `${m} ms`).join(', ')}`,
  );
  // Issue 13: the same city as GeoPackage and as GML 3.2 (made by ogr2ogr from the GeoJSON once), each loaded by
  // ogr2ogr and by the importer into a fresh database, alternately, in this run (as many rounds as above: the best of
  // each, and the load average before each format, since other work on the machine moves these figures a lot).
  const other: Row[] = [];
  for (const [label, f] of await otherFormats(file, ctx)) {
    const load = loadavg()[0]!.toFixed(2);
    const os: number[] = [];
    const as: Measured[] = [];
    for (let round = 0; round < rounds; round++) {
      os.push(await ogr2ogr(f, await freshDatabase(ctx.adminUrl)));
      as.push(await atlasImport(f, await freshDatabase(ctx.adminUrl), ctx));
    }
    const o = Math.min(...os);
    const a = as.reduce((x, y) => (x.importMs <= y.importMs ? x : y));
    const peakMb = Math.max(...as.map((x) => x.peakRssMb));
    const mb = ((await stat(f)).size / 1024 ** 2).toFixed(0);
    ctx.log(
      `  ${label} (load average ${load}): ogr2ogr ${os.map((m) => `${m} ms`).join(', ')}; atlas ${as.map((x) => `${x.importMs} ms (process ${x.processMs} ms, ${x.peakRssMb} MB)`).join(', ')}`,
    );
    other.push(
      {
        suite,
        case: `ogr2ogr -t_srs EPSG:3857 + GiST (${label}, ${mb} MB)`,
        metric: 'rate',
        value: rate(o),
        unit: 'features/s',
      },
      {
        suite,
        case: `atlas import of the ${label}, read to commit`,
        metric: 'rate',
        value: rate(a.importMs),
        unit: 'features/s',
        reference: `ogr2ogr (${label})`,
        ratio: o / a.importMs,
        goal: '≥ 1.5x',
        pass: o / a.importMs >= 1.5,
      },
      {
        suite,
        case: `the importer's load path fed pre-converted rows (as above), against ogr2ogr (${label})`,
        metric: 'rate',
        value: rate(floorMs),
        unit: 'features/s',
        reference: `ogr2ogr (${label})`,
        ratio: o / floorMs,
      },
      {
        suite,
        case: `atlas import of the ${label}`,
        metric: 'peak RSS',
        value: peakMb,
        unit: 'MB',
        goal: '< 400 MB',
        pass: peakMb < 400,
      },
    );
  }
  return [
    {
      suite,
      case: `ogr2ogr -t_srs EPSG:3857 + GiST (${what})`,
      metric: 'rate',
      value: rate(ogrMs),
      unit: 'features/s',
    },
    {
      suite,
      case: 'atlas import, read to commit',
      metric: 'rate',
      value: rate(best.importMs),
      unit: 'features/s',
      reference: 'ogr2ogr',
      ratio: ogrMs / best.importMs,
      goal: '≥ 1.5x',
      pass: ogrMs / best.importMs >= 1.5,
    },
    {
      suite,
      case: "the importer's load path fed pre-converted rows: binary COPY into a new partition, checks, indexes (2 GiST, 4 B-tree), ATTACH (FK)",
      metric: 'rate',
      value: rate(floorMs),
      unit: 'features/s',
      reference: 'ogr2ogr',
      ratio: ogrMs / floorMs,
    },
    {
      suite,
      case: "atlas import vs that load path (the table's own floor)",
      metric: 'rate',
      value: rate(best.importMs),
      unit: 'features/s',
      reference: 'pre-converted load',
      ratio: floorMs / best.importMs,
    },
    {
      suite,
      case: 'atlas import, whole process (tsx start, connect, migrate)',
      metric: 'rate',
      value: rate(best.processMs),
      unit: 'features/s',
      reference: 'ogr2ogr',
      ratio: ogrMs / best.processMs,
    },
    {
      suite,
      case: 'atlas import',
      metric: 'peak RSS',
      value: Math.max(...atlas.map((a) => a.peakRssMb)),
      unit: 'MB',
      goal: '< 400 MB',
      pass: Math.max(...atlas.map((a) => a.peakRssMb)) < 400,
    },
    ...other,
  ];
}

/** The city as GeoPackage and as GML 3.2 (Stereo 70, URN srsName), written by ogr2ogr once beside the GeoJSON. */
async function otherFormats(file: string, ctx: BenchContext): Promise<[string, string][]> {
  const dir = join(file, '..');
  const out: [string, string][] = [
    ['GeoPackage', join(dir, 'parcels.gpkg')],
    ['GML 3.2', join(dir, 'parcels.gml')],
  ];
  for (const [label, target] of out) {
    if (existsSync(`${target}.done`)) continue;
    ctx.log(`  writing the city as ${label} with ogr2ogr …`);
    await rm(target, { force: true });
    const args =
      label === 'GeoPackage'
        ? ['-f', 'GPKG', target, file, '-nln', 'parcels']
        : ['-f', 'GML', target, file, '-dsco', 'FORMAT=GML3.2', '-nln', 'parcels'];
    const code = await new Promise<number | null>((resolve, reject) => {
      const child = spawn('ogr2ogr', args, { stdio: 'ignore' });
      child.on('error', reject);
      child.on('close', resolve);
    });
    if (code !== 0) throw new Error(`ogr2ogr could not write ${target} (${code})`);
    await writeFile(`${target}.done`, '');
  }
  return out;
}

/** The generator's city as GeoJSON, written once per parcel count and seed. */
async function cityFile(ctx: BenchContext): Promise<string> {
  const dir = join(tmpdir(), `atlas-bench-city-${ctx.parcels}-${SEED}`);
  const file = join(dir, 'parcels.geojson');
  if (existsSync(join(dir, 'done'))) return file;
  ctx.log(`  writing the ${ctx.parcels}-parcel city to ${dir} …`);
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  await writeDataset(generateCity({ seed: SEED, parcels: ctx.parcels }), dir);
  await writeFile(join(dir, 'done'), '');
  return file;
}

/** A new database with the schema and the 81 UATs (the parcels' SIRUTA codes must exist). */
async function freshScratchDatabase(adminUrl: string, name: string): Promise<string> {
  await recreateDatabase(adminUrl, name);
  const url = benchUrl(adminUrl, name);
  const db = await connect({ databaseUrl: url, dataDir: '' });
  try {
    await migrate(db);
    await runImport(db, {
      layer: 'uat',
      file: join(SAMPLE_DIR, 'ro-uat-boundaries/cluj_uat.geojson'),
      validFrom: '2015-01-01',
    });
  } finally {
    await db.close();
  }
  return url;
}

interface Measured {
  importMs: number;
  processMs: number;
  peakRssMb: number;
}

/** `npm run import -- parcels FILE` as a child; the time it reports (read to commit), its wall time and peak RSS. */
async function atlasImport(file: string, url: string, ctx: BenchContext): Promise<Measured> {
  const started = Date.now();
  const child = spawn(process.execPath, [...importScriptArgs(), 'parcels', file], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: url, LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let peakKb = 0;
  const poll = setInterval(() => (peakKb = Math.max(peakKb, vmHwmKb(child.pid))), 50);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  clearInterval(poll);
  const processMs = Date.now() - started;
  const m = /imported .* in ([\d.]+) s, (\d+) features\/s/.exec(stdout);
  if (code !== 0 || !m) throw new Error(`the import failed (${code}):\n${stderr}${stdout}`);
  ctx.log(`  ${stdout.trim()}`);
  // The CLI prints seconds with one decimal; its rate is exact.
  const importMs = Math.round((ctx.parcels * 1000) / Number(m[2]));
  return { importMs, processMs, peakRssMb: Math.round(peakKb / 1024) };
}

/**
 * The node arguments of `npm run import` (package.json), so that the bench runs what users run: its V8 flags too (a
 * larger young generation: the importer allocates a little for every feature, and scavenges cost about a tenth of its
 * time with the default).
 */
function importScriptArgs(): string[] {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
  const [cmd, ...args] = pkg.scripts['import']!.split(/\s+/);
  if (cmd !== 'node') throw new Error(`npm run import should start node, not ${cmd}`);
  return args;
}

/** The peak resident set size of a live process, from /proc (VmHWM). */
function vmHwmKb(pid: number | undefined): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    return Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? 0);
  } catch {
    return 0;
  }
}

/** A row the importer pushed down, kept with its geometries as EWKB (both SRIDs) for a later load. */
interface KeptRow extends LoadRow {
  siruta: number | undefined;
  ewkb: Buffer;
  ewkb3857: Buffer;
}

/**
 * The rows the importer would push down to the load (the binary format: values, EWKB in EPSG:3844 and EPSG:3857),
 * converted beforehand, in file order: what loading the parcels table costs on its own, with nothing else running.
 */
async function preconvertedRows(file: string): Promise<KeptRow[]> {
  const source = await readGeojsonFile(file);
  const encoder = new FeatureEncoder(LAYER_SPECS.parcels, { srs: source.srs }, true);
  const rows: KeptRow[] = [];
  let i = 0;
  for await (const f of source.features) {
    const e = encoder.encode(f, i++);
    if (!e) throw new Error(`feature ${i - 1}: ${encoder.problems[0]?.reason}`);
    const ewkb = Buffer.alloc(encoder.ewkbSize());
    const ewkb3857 = Buffer.alloc(ewkb.length);
    encoder.ewkbInto(3844, ewkb, 0);
    encoder.ewkbInto(3857, ewkb3857, 0);
    const raw: RawGeometry = {
      ewkbSize: () => ewkb.length,
      ewkbInto: (srid, buf, offset) => void (srid === 3857 ? ewkb3857 : ewkb).copy(buf, offset),
    };
    rows.push({ ...e, raw, ewkb, ewkb3857 });
  }
  return rows;
}

/**
 * The importer's load path (db's loadLayer, as `npm run import` takes it on this server) fed with pre-converted rows:
 * COPY into a new partition, the database's checks beside it, the indexes, ATTACH, COMMIT.
 */
async function copyIntoTable(rows: KeptRow[], url: string): Promise<number> {
  const db = await connect({ databaseUrl: url, dataDir: '' });
  try {
    const started = Date.now();
    await loadLayer(
      db,
      { target: loadTarget(LAYER_SPECS.parcels), sourceFile: 'bench', srs: 'EPSG:3844', validFrom: '2015-01-01' },
      async (writer) => {
        if (!writer.binary) throw new Error('the parcels load should take the binary format');
        const sirutas = new Map<number, number>();
        for (let i = 0; i < rows.length; i++) {
          const r = rows[i]!;
          const w = writer.write(r, i);
          if (w) await w;
          if (r.siruta !== undefined && !sirutas.has(r.siruta)) sirutas.set(r.siruta, i);
        }
        return { count: rows.length, sirutas };
      },
    );
    return Date.now() - started;
  } finally {
    await db.close();
  }
}

/** ogr2ogr loading the same file into the same server, reprojected to EPSG:3857, with its GiST index. */
async function ogr2ogr(file: string, url: string): Promise<number> {
  const u = new URL(url);
  const pgConn = `PG:host=${u.hostname} port=${u.port || 5432} dbname=${u.pathname.slice(1)} user=${decodeURIComponent(u.username || 'postgres')}${u.password ? ` password=${decodeURIComponent(u.password)}` : ''}`;
  const started = Date.now();
  const child = spawn(
    'ogr2ogr',
    [
      '-f',
      'PostgreSQL',
      pgConn,
      file,
      '-t_srs',
      'EPSG:3857',
      '-lco',
      'SPATIAL_INDEX=GIST',
      '-nln',
      'ogr_parcels',
      '-overwrite',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const code = await new Promise<number | null>((resolve, reject) => {
    child.on('error', (err) => reject(new Error(`ogr2ogr could not start (Debian package gdal-bin): ${err.message}`)));
    child.on('close', resolve);
  });
  if (code !== 0) throw new Error(`ogr2ogr failed (${code}): ${stderr}`);
  return Date.now() - started;
}
