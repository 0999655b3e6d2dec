// The benchmark database: a PostGIS database holding the generator's city (200,000 parcels by default), built once
// and reused while its parcel count and seed match.
import { createHash } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { connect, type Db } from '../db/src/connect.ts';
import { migrate } from '../db/src/migrate.ts';
import { generateCity } from '../data-import/src/generator/generate-city.ts';
import { writeDataset } from '../data-import/src/generator/write-dataset.ts';
import { importFeatures } from '../data-import/src/import-job.ts';
import { readGeojsonFile } from '../data-import/src/readers/geojson.reader.ts';
import { readCatalogue, SAMPLE_DIR } from '../data-import/src/sample/load-sample.ts';
import { importIndicatorCsv } from '../data-import/src/indicators-import.ts';

export const DEFAULT_ADMIN_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

export function benchUrl(adminUrl: string, name: string): string {
  const u = new URL(adminUrl);
  u.pathname = `/${name}`;
  return u.toString();
}

/** Runs `fn` on one connection to the admin URL's server, closed afterwards. */
async function withAdmin<T>(adminUrl: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

export function ensureDatabase(adminUrl: string, name: string): Promise<void> {
  return withAdmin(adminUrl, async (client) => {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (!rowCount) await client.query(`CREATE DATABASE ${name}`);
  });
}

/** Drops the database `name` (its sessions ended) when it exists and creates it again, empty. */
export function recreateDatabase(adminUrl: string, name: string): Promise<void> {
  return withAdmin(adminUrl, async (client) => {
    await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await client.query(`CREATE DATABASE ${name}`);
  });
}

/** Runs `fn` on a new, empty database `name` (a pool of 10), dropped afterwards. */
export async function withScratchDatabase<T>(adminUrl: string, name: string, fn: (db: Db) => Promise<T>): Promise<T> {
  await recreateDatabase(adminUrl, name);
  const db = await connect({ databaseUrl: benchUrl(adminUrl, name), dataDir: '', poolMax: 10 });
  try {
    return await fn(db);
  } finally {
    await db.close();
    await withAdmin(adminUrl, (client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
  }
}

/** A short hash of the migration file names: the bench database of one schema version. */
export function schemaKey(): string {
  const dir = fileURLToPath(new URL('../db/migrations/', import.meta.url));
  const names = readdirSync(dir)
    .filter((f) => f.endsWith('.ts'))
    .sort();
  return createHash('sha256').update(names.join('\n')).digest('hex').slice(0, 8);
}

/** Opens the bench database `name` (created when missing) with the benches' pool, migrated; returns it and its URL. */
export async function openBenchDatabase(adminUrl: string, name: string): Promise<{ db: Db; url: string }> {
  await ensureDatabase(adminUrl, name);
  const url = benchUrl(adminUrl, name);
  const db = await connect({ databaseUrl: url, dataDir: '', poolMax: 60 });
  await migrate(db);
  return { db, url };
}

/**
 * Empties the bench database at `url` (its public schema dropped and created again) and migrates it; returns it opened
 * with the benches' pool. The caller closes its own connections first.
 */
export async function resetBenchDatabase(url: string): Promise<Db> {
  const reset = await connect({ databaseUrl: url, dataDir: '' });
  await reset.query('DROP SCHEMA public CASCADE');
  await reset.query('CREATE SCHEMA public');
  await reset.close();
  const db = await connect({ databaseUrl: url, dataDir: '', poolMax: 60 });
  await migrate(db);
  return db;
}

/** Opens (building when needed) the bench city with `parcels` parcels; returns the db and its URL. */
export async function benchCity(
  adminUrl: string,
  parcels: number,
  seed = 42,
  log = (m: string) => process.stderr.write(`${m}\n`),
) {
  // Keyed by the migration set too: branches with different schemas never migrate each other's bench database.
  const name = `atlas_bench_${parcels}_${schemaKey()}`;
  const opened = await openBenchDatabase(adminUrl, name);
  const { url } = opened;
  let { db } = opened;
  const { rows } = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM parcels WHERE valid_to IS NULL AND uat_siruta = 54975`,
  );
  if (rows[0]!.n !== parcels) {
    log(`building the bench city: ${parcels} parcels (seed ${seed}) in ${name} …`);
    await db.close();
    db = await resetBenchDatabase(url);
    await loadCity(db, parcels, seed, log);
    await db.query('VACUUM ANALYZE');
  }
  return { db, url };
}

/**
 * Loads the Cluj UATs and the generated city (its five layers) into a migrated, empty database, through the importer;
 * `keep` receives the folder of the generated files before it is removed.
 */
export async function loadCity(
  db: Db,
  parcels: number,
  seed: number,
  log: (m: string) => void,
  keep?: (dir: string) => Promise<void>,
): Promise<void> {
  const uat = await readGeojsonFile(join(SAMPLE_DIR, 'ro-uat-boundaries/cluj_uat.geojson'));
  await importFeatures(db, {
    layer: 'uat',
    features: uat.features,
    srs: uat.srs,
    sourceFile: 'cluj_uat.geojson',
    validFrom: '2015-01-01',
  });
  const dir = await mkdtemp(join(tmpdir(), 'atlas-bench-city-'));
  try {
    await writeDataset(generateCity({ seed, parcels }), dir);
    for (const layer of ['plans', 'zoning', 'restrictions', 'parcels', 'permits'] as const) {
      const t = Date.now();
      const src = await readGeojsonFile(join(dir, `${layer}.geojson`));
      await importFeatures(db, {
        layer,
        features: src.features,
        srs: src.srs,
        sourceFile: `${layer}.geojson`,
        validFrom: '2015-01-01',
      });
      log(`  ${layer}: ${Date.now() - t} ms`);
    }
    await keep?.(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * The real census population (INS, 2002 and 2011) of the bench city's UATs, the 81 of Cluj County, as the indicator
 * `population_census`: the sample's national file cut to the UATs the city has (the importer refuses a SIRUTA it does
 * not know), loaded through the importer once per bench database. For the indicator requests of the load bench.
 */
export async function ensureCensusIndicator(db: Db, log: (m: string) => void): Promise<void> {
  const code = 'population_census';
  const { rows } = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM indicator_values WHERE indicator_code = $1 AND valid_to IS NULL`,
    [code],
  );
  if (rows[0]!.n > 0) return;
  const entry = (await readCatalogue()).find((e) => e.code === code);
  if (!entry) throw new Error(`the sample's indicator catalogue has no ${code}`);
  const { file, value_column, county_series: _, ...meta } = entry;
  const { rows: uats } = await db.query<{ siruta: number }>(`SELECT siruta FROM uats WHERE valid_to IS NULL`);
  const known = new Set(uats.map((u) => String(u.siruta)));
  const [header, ...lines] = (await readFile(join(SAMPLE_DIR, file), 'utf8')).split(/\r?\n/).filter(Boolean);
  const sirutaAt = header!.split(',').indexOf('siruta');
  const kept = lines.filter((l) => known.has(l.split(',')[sirutaAt]!));
  const dir = await mkdtemp(join(tmpdir(), 'atlas-bench-indicators-'));
  try {
    const cut = join(dir, `${code}.csv`);
    await writeFile(cut, [header, ...kept, ''].join('\n'));
    const r = await importIndicatorCsv(db, { meta, file: cut, valueColumn: value_column, importedBy: 'bench' });
    log(`  bench city: ${code} for its ${known.size} UATs, ${r.values} values`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
