// The database shared by all integration test files of a run (one process, see vitest.config.ts).
import { inject } from 'vitest';
import { connect, type Db } from '../../db/src/connect.ts';
import { testDatabaseUrl } from './paths.ts';

let shared: Promise<Db> | undefined;

export function testDb(): Promise<Db> {
  shared ??= connect({ databaseUrl: testDatabaseUrl(), dataDir: inject('atlasDataDir'), poolMax: 10 });
  return shared;
}

export const engineName = () => (testDatabaseUrl() ? 'postgis' : 'pglite');
