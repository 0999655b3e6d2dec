// Prepares the one database the integration tests share: migrated, with the sample dataset loaded.
// Embedded engine: a prepared data folder is cached under .atlas-test/ by the hash of everything that shapes it,
// then copied to a fresh working folder for this run. PostGIS: the DATABASE_URL database is reset and loaded.
import { cpSync, existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { connect } from '../../db/src/connect.ts';
import { migrate } from '../../db/src/migrate.ts';
import { loadSample } from '../../data-import/src/sample/load-sample.ts';
import { ROOT, fingerprint, testDatabaseUrl } from './paths.ts';
import { loadFixtures } from './fixtures.ts';

export default async function setup(project: TestProject): Promise<void | (() => void)> {
  const url = testDatabaseUrl();
  if (url) {
    const name = new URL(url).pathname.slice(1);
    if (!/test/i.test(name)) {
      throw new Error(`Refusing to reset database "${name}" for tests: its name must contain "test" (e.g. atlas_test)`);
    }
    // Drop everything (PostGIS too, it lives in public), then start over on fresh connections: sessions that
    // knew the old extension cache its operator OIDs.
    const reset = await connect({ databaseUrl: url, dataDir: '' });
    await reset.query('DROP SCHEMA IF EXISTS public CASCADE');
    await reset.query('CREATE SCHEMA public');
    await reset.close();
    const db = await connect({ databaseUrl: url, dataDir: '' });
    try {
      await migrate(db);
      await loadSample(db);
      await loadFixtures(db);
    } finally {
      await db.close();
    }
    project.provide('atlasDataDir', '');
    return;
  }
  const prepared = join(ROOT, '.atlas-test', `prepared-${fingerprint()}`);
  if (!existsSync(join(prepared, 'PG_VERSION'))) {
    removeStale(join(ROOT, '.atlas-test'));
    mkdirSync(prepared, { recursive: true });
    const db = await connect({ dataDir: prepared });
    try {
      await migrate(db);
      await loadSample(db);
      await loadFixtures(db);
    } catch (err) {
      await db.close();
      rmSync(prepared, { recursive: true, force: true });
      throw err;
    }
    await db.close();
  }
  const work = join(ROOT, '.atlas-test', `run-${process.pid}`);
  rmSync(work, { recursive: true, force: true });
  cpSync(prepared, work, { recursive: true });
  project.provide('atlasDataDir', work);
  return () => {
    rmSync(work, { recursive: true, force: true });
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    atlasDataDir: string;
  }
}

/** Prepared folders of other fingerprints and work folders of other runs, once they are an hour old. */
function removeStale(dir: string): void {
  if (!existsSync(dir)) return;
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (Date.now() - statSync(p).mtimeMs > 3_600_000) rmSync(p, { recursive: true, force: true });
  }
}
