// Issue 3: `npm run import` and `npm run admin -- token create` as child processes: exit codes, messages naming the
// file and the feature or line, progress lines when not on a terminal, nothing written when refused, and a process
// killed in the middle of an import leaving the database exactly as it was.
// Embedded engine: the CLI cannot open the data folder the tests hold, so it runs on a copy of the prepared folder
// (each run opens it: several seconds apiece, hence the long timeouts).
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, type Db } from '../../db/src/connect.ts';
import { hashToken } from '../../db/src/tokens.repository.ts';
import { APAHIDA, JUCU, collectionText, fixture, snapshot, syntheticParcels } from '../support/imports.ts';
import { ROOT, fingerprint, testDatabaseUrl } from '../support/paths.ts';
import { testDb } from '../support/db.ts';

const url = testDatabaseUrl();
const dataDir = join(ROOT, '.atlas-test', `cli-${process.pid}`);
const tmp = mkdtempSync(join(tmpdir(), 'atlas-cli-test-'));
const env = {
  ...process.env,
  LOG_LEVEL: 'silent',
  ...(url ? { DATABASE_URL: url } : { DATABASE_URL: '', ATLAS_DATA_DIR: dataDir }),
};

beforeAll(() => {
  if (!url) cpSync(preparedFolder(), dataDir, { recursive: true });
});

/** The folder global-setup prepared for this run (by fingerprint; the newest one if a source changed since). */
function preparedFolder(): string {
  const root = join(ROOT, '.atlas-test');
  const exact = join(root, `prepared-${fingerprint()}`);
  if (existsSync(join(exact, 'PG_VERSION'))) return exact;
  const candidates = readdirSync(root)
    .filter((n) => n.startsWith('prepared-') && existsSync(join(root, n, 'PG_VERSION')))
    .map((n) => join(root, n))
    .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs);
  if (!candidates[0]) throw new Error(`no prepared database under ${root}`);
  return candidates[0];
}
afterAll(() => {
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(tmp, { recursive: true, force: true });
});

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs a CLI (`import` or `admin`); `onStderr` may kill it. */
function cli(
  script: 'import' | 'admin',
  args: string[],
  onStderr?: (text: string, kill: () => void) => void,
): Promise<Run> {
  const entry = script === 'import' ? 'data-import/src/cli.ts' : 'server/src/admin/cli.ts';
  const child = spawn(process.execPath, ['--import', 'tsx', entry, ...args], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => {
    stderr += c.toString();
    onStderr?.(stderr, () => child.kill('SIGKILL'));
  });
  return new Promise((resolve) => child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })));
}

/** The database the CLI writes to, opened only while looking (the embedded folder admits one process at a time). */
async function withCliDb<T>(fn: (db: Db) => Promise<T>): Promise<T> {
  if (url) return fn(await testDb());
  const db = await connect({ dataDir });
  try {
    return await fn(db);
  } finally {
    await db.close();
  }
}

describe('npm run admin -- token create', { timeout: 120_000 }, () => {
  it('prints a new token and stores only its hash', async () => {
    const r = await cli('admin', ['token', 'create', '--name', 'cli test']);
    expect(r.code).toBe(0);
    const token = r.stdout.trim();
    expect(token).toMatch(/^atl_[\w-]{20,}$/);
    expect(r.stderr).toMatch(/shown only once/);
    const rows = await withCliDb(
      async (db) => (await db.query(`SELECT token_sha256 FROM admin_tokens WHERE name = 'cli test'`)).rows,
    );
    expect(rows).toEqual([{ token_sha256: hashToken(token) }]);
  });
});

describe('npm run import', { timeout: 120_000 }, () => {
  it('imports a file, printing progress lines when not on a terminal and a summary', async () => {
    const file = join(tmp, 'jucu-parcels.geojson');
    writeFileSync(file, collectionText(syntheticParcels(JUCU, 2000, 409000, 595000)));
    const r = await cli('import', ['parcels', file, '--uat', String(JUCU)]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(
      /^parcels: 2000 features imported from jucu-parcels\.geojson \(EPSG:3844\) as dataset version \d+ in [\d.]+ s, \d+ features\/s\n$/,
    );
    expect(r.stderr).toMatch(/^parcels (reading|validating): [\d,]+\/[\d,]+ features, [\d,]+ features\/s/m);
    expect(r.stderr).toMatch(/^parcels done: 2,000\/2,000 features, [\d,]+ features\/s\n/m);
    expect(r.stderr).not.toContain('\r');
    const n = await withCliDb(
      async (db) =>
        (
          await db.query<{ n: number }>(
            `SELECT count(*)::int AS n FROM parcels WHERE uat_siruta = $1 AND valid_to IS NULL`,
            [JUCU],
          )
        ).rows[0]!.n,
    );
    expect(n).toBe(2000);
  });

  it('checks without writing on --dry-run, and says so', async () => {
    const r = await cli('import', ['parcels', fixture('shp-cp1250.zip'), '--uat', String(APAHIDA), '--dry-run']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('parcels: 3 features valid in shp-cp1250.zip (EPSG:3844); dry run, nothing written\n');
  });

  it('exits 2 with the usage on a usage error', async () => {
    const r = await cli('import', ['parcels']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/usage: npm run import -- <layer> <file>/);
  });

  it('refuses every bad input with exit 1 and a message naming the file and the feature or line, writing nothing', async () => {
    const before = await withCliDb(snapshot);
    const indicator = ['--code', 'test_cli', '--name-ro', 'x', '--name-en', 'x', '--unit', 'x', '--source', 'x'];
    const cases: [string[], RegExp][] = [
      [['parcels', fixture('empty.geojson')], /empty\.geojson: the file is empty/],
      [['parcels', fixture('not-a-zip.zip')], /not-a-zip\.zip: not a ZIP archive/],
      [['parcels', fixture('no-shp.zip')], /no-shp\.zip: the ZIP holds no \.shp file/],
      [
        ['parcels', fixture('path-outside.zip')],
        /path-outside\.zip: the entry "\.\.\/\.\.\/evil\/parcele\.shp" points outside the archive/,
      ],
      [['parcels', fixture('zip-bomb.zip')], /zip-bomb\.zip: parcele\.shp expands \d+× .* \(a zip bomb\?\); refused/],
      [
        ['parcels', fixture('truncated.geojson'), '--uat', String(APAHIDA)],
        /truncated\.geojson: the file ends inside the features array, after 1 feature/,
      ],
      [
        ['parcels', fixture('wrong-geometry-type.geojson'), '--uat', String(APAHIDA)],
        /wrong-geometry-type\.geojson: 1 feature\(s\) refused\n {2}- feature 1, id P2: geometry type LineString/,
      ],
      [
        ['parcels', fixture('duplicate-cadastral.geojson'), '--uat', String(APAHIDA)],
        /duplicate-cadastral\.geojson: duplicate uat_siruta \+ cadastral_number\n.*feature 2.*appears in features 0, 2/,
      ],
      [
        ['parcels', fixture('unknown-siruta.geojson'), '--dry-run'],
        /unknown-siruta\.geojson: unknown SIRUTA code\(s\).*\n {2}- feature 1, field uat_siruta: no UAT with SIRUTA 999999/,
      ],
      [
        ['indicators', fixture('indicator-bad-year.csv'), ...indicator],
        /indicator-bad-year\.csv: 1 line\(s\) refused\n {2}- line 3, field year: year "20x1" is not a year/,
      ],
      [
        ['indicators', fixture('indicator-bad-value.csv'), ...indicator],
        /indicator-bad-value\.csv: 1 line\(s\) refused\n {2}- line 3, field value: value "abc" is not a number/,
      ],
      [
        ['indicators', fixture('indicator-unknown-siruta.csv'), ...indicator],
        /indicator-unknown-siruta\.csv: unknown SIRUTA code\(s\).*\n {2}- line 3, field siruta: no UAT with SIRUTA 999999/,
      ],
    ];
    for (const [args, message] of cases) {
      const r = await cli('import', args);
      expect(r.code, `${args[1]}: ${r.stderr}`).toBe(1);
      expect(r.stderr, args[1]).toMatch(message);
      expect(r.stdout).toBe('');
    }
    expect(await withCliDb(snapshot)).toEqual(before);
  }, 600_000);

  it('leaves the database exactly as before when the process is killed in the middle of an import', async () => {
    const file = join(tmp, 'jucu-big.geojson');
    writeFileSync(file, collectionText(syntheticParcels(JUCU, 60_000, 409000, 595000, 800000)));
    const before = await withCliDb(async (db) => ({
      all: await snapshot(db),
      jucu: (await db.query(`SELECT id, valid_to FROM parcels WHERE uat_siruta = $1 ORDER BY id`, [JUCU])).rows,
    }));
    let killedWhile = '';
    const r = await cli('import', ['parcels', file, '--uat', String(JUCU)], (text, kill) => {
      const line = /^parcels reading: ([\d,]+)\//m.exec(text);
      if (line && !killedWhile) {
        killedWhile = line[0];
        kill();
      }
    });
    expect(r.signal).toBe('SIGKILL');
    expect(killedWhile).toMatch(/parcels reading/);
    // The server ends the killed client's transaction; the embedded folder recovers when next opened.
    const after = await withCliDb(async (db) => {
      if (url) {
        await expect
          .poll(
            async () =>
              (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory'`))
                .rows[0]!.n,
            {
              timeout: 20_000,
            },
          )
          .toBe(0);
      }
      return {
        all: await snapshot(db),
        jucu: (await db.query(`SELECT id, valid_to FROM parcels WHERE uat_siruta = $1 ORDER BY id`, [JUCU])).rows,
      };
    });
    expect(after).toEqual(before);
  }, 180_000);
});
