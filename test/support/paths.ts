import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** The PostGIS server the tests run against, when one is given. */
export function testDatabaseUrl(): string | undefined {
  const url = process.env.DATABASE_URL;
  return url && url.trim() ? url.trim() : undefined;
}

/** A hash of everything that shapes the prepared test database: migrations, importer, generator, sample files. */
export function fingerprint(): string {
  const hash = createHash('sha256');
  for (const dir of ['db', 'data-import/src', 'data-import/sample', 'test/fixtures', 'test/support']) {
    for (const file of listFiles(join(ROOT, dir))) {
      // Tests, golden outputs and the bad-input corpus (read by its runner only) do not shape the database.
      if (file.endsWith('.test.ts') || file.includes('/golden/') || file.includes('/fixtures/bad/')) continue;
      hash.update(relative(ROOT, file)).update(readFileSync(file));
    }
  }
  return hash.digest('hex').slice(0, 16);
}

function listFiles(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const p = join(dir, name);
      return statSync(p).isDirectory() ? listFiles(p) : [p];
    });
}
