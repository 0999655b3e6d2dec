// Issue 12, "Prove it": the server against a PostgreSQL cluster that this test starts, restarts, freezes and against
// an app that is killed with SIGKILL. The process stays alive, every answer during a fault is a clean 503/504
// problem+json with Retry-After, nothing is half-written, import jobs end as failed with a reason, uploads are
// cleaned after a crash, and an outage is logged as a state change, not once per request.
// Needs Debian's PostgreSQL with PostGIS (initdb, pg_ctl); skipped where they are missing. Runs in the integration
// project; never touches the shared database server.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect } from '../../db/src/connect.ts';
import { createToken } from '../../db/src/tokens.repository.ts';
import { collectionText, syntheticParcels } from '../support/imports.ts';
import { ROOT } from '../support/paths.ts';
import { postgresBin, startCluster, type PgCluster } from '../support/pg-cluster.ts';

const STATEMENT_TIMEOUT_MS = 1_500;
const ACQUIRE_TIMEOUT_MS = 1_500;
const APAHIDA = 55687;

interface App {
  child: ChildProcess;
  baseUrl: string;
  output: () => string;
  exited: Promise<number | null>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

async function startApp(databaseUrl: string, uploadDir: string): Promise<App> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/src/main.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
      NODE_ENV: 'test',
      ATLAS_LOAD_SAMPLE: 'auto',
      ATLAS_UPLOAD_DIR: uploadDir,
      ATLAS_RATE_LIMITS: 'off',
      ATLAS_CERT_RATE_PER_MIN: '0',
      DB_STATEMENT_TIMEOUT_MS: String(STATEMENT_TIMEOUT_MS),
      DB_ACQUIRE_TIMEOUT_MS: String(ACQUIRE_TIMEOUT_MS),
      DB_POOL_MAX: '6',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (out += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the server did not start within 120 s:\n${out}`)), 120_000);
    const check = () => {
      if (out.includes('is running at')) {
        clearTimeout(timer);
        child.stdout!.off('data', check);
        resolve();
      }
    };
    child.stdout!.on('data', check);
    void exited.then((code) => reject(new Error(`the server exited with ${code}:\n${out}`)));
  });
  return { child, baseUrl: `http://127.0.0.1:${port}`, output: () => out, exited };
}

async function stopApp(app: App | undefined): Promise<void> {
  if (!app || app.child.exitCode !== null || app.child.signalCode !== null) return;
  app.child.kill('SIGTERM');
  await Promise.race([app.exited, new Promise((r) => setTimeout(r, 10_000))]);
  if (app.child.exitCode === null && app.child.signalCode === null) app.child.kill('SIGKILL');
}

const alive = (app: App) => app.child.exitCode === null && app.child.signalCode === null;

async function waitFor<T>(what: string, fn: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn().catch(() => undefined);
    if (v !== undefined) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

interface Answer {
  status: number;
  retryAfter: string | null;
  type: string | null;
  body: string;
  ms: number;
}

async function get(url: string): Promise<Answer> {
  const t = Date.now();
  const res = await fetch(url, { signal: AbortSignal.timeout(20_000) });
  return {
    status: res.status,
    retryAfter: res.headers.get('retry-after'),
    type: res.headers.get('content-type'),
    body: await res.text(),
    ms: Date.now() - t,
  };
}

/** Every answer is a success or a clean 503/504 problem with Retry-After; never a 500, never a dropped connection. */
function expectClean(answers: readonly Answer[]): void {
  for (const a of answers) {
    if (a.status < 500) continue;
    expect([503, 504], a.body).toContain(a.status);
    expect(a.type).toMatch(/^application\/problem\+json/);
    expect(Number(a.retryAfter)).toBeGreaterThan(0);
    expect(a.body).not.toMatch(/ECONNREFUSED|terminat|stack/i);
  }
}

const bin = postgresBin();

describe.skipIf(!bin)('database faults (a PostgreSQL cluster of the test own)', () => {
  let cluster: PgCluster;
  let app: App | undefined;
  let uploadDir: string;
  let token: string;
  let work: string;
  let parcels: { uat: number; number: string }[];

  const sql = (q: string) => cluster.psql(q, 'atlas').trim();

  beforeAll(async () => {
    cluster = await startCluster();
    cluster.psql('CREATE DATABASE atlas');
    work = mkdtempSync(join(tmpdir(), 'atlas-fault-'));
    uploadDir = join(work, 'uploads');
    app = await startApp(cluster.url('atlas'), uploadDir);
    const db = await connect({ databaseUrl: cluster.url('atlas'), dataDir: '' });
    token = (await createToken(db, 'fault tests')).token;
    await db.close();
    parcels = sql(
      `SELECT uat_siruta || '|' || cadastral_number FROM parcels WHERE valid_to IS NULL ORDER BY id LIMIT 300`,
    )
      .split('\n')
      .map((l) => {
        const [uat, number] = l.split('|');
        return { uat: Number(uat), number: number! };
      });
  }, 240_000);

  afterAll(async () => {
    await stopApp(app);
    cluster?.destroy();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('stays up through a restart during a certificate batch: 503 with Retry-After, nothing half-written', async () => {
    const certsBefore = Number(sql('SELECT count(*) FROM certificates'));
    const lookup = `${app!.baseUrl}/api/parcels?uat=${parcels[0]!.uat}&number=${encodeURIComponent(parcels[0]!.number)}`;
    const batch = fetch(`${app!.baseUrl}/api/certificates`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(parcels),
      signal: AbortSignal.timeout(60_000),
    });
    // Lookups all along: before, during and after the restart.
    const answers: Answer[] = [];
    let polling = true;
    const poller = (async () => {
      while (polling) {
        answers.push(await get(lookup).catch(() => ({ status: 0, retryAfter: null, type: null, body: '', ms: 0 })));
        await new Promise((r) => setTimeout(r, 50));
      }
    })();
    await new Promise((r) => setTimeout(r, 700));
    await cluster.restart();
    const res = await batch;
    const batchBody = await res.text();
    await waitFor('readiness', async () =>
      (await get(`${app!.baseUrl}/api/health/ready`)).status === 200 ? true : undefined,
    );
    polling = false;
    await poller;

    expect(alive(app!)).toBe(true);
    // The batch (300 certificates take several seconds) met the restart: a clean 503.
    expect(res.status, batchBody).toBe(503);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(answers.every((a) => a.status !== 0)).toBe(true);
    expect(answers.some((a) => a.status === 503)).toBe(true);
    expectClean(answers);
    // Whatever was stored is whole: every certificate has its content, hash and verification code.
    const stored = Number(sql('SELECT count(*) FROM certificates'));
    expect(stored).toBeGreaterThanOrEqual(certsBefore);
    expect(
      Number(
        sql(
          `SELECT count(*) FROM certificates WHERE content IS NULL OR pdf_sha256 IS NULL OR verification_code IS NULL`,
        ),
      ),
    ).toBe(0);
    // Back to normal, and the outage was logged as two state changes, not once per failed request.
    expect((await get(lookup)).status).toBe(200);
    const downLines = app!
      .output()
      .split('\n')
      .filter((l) => l.includes('the database does not answer')).length;
    expect(downLines).toBeGreaterThanOrEqual(1);
    expect(downLines).toBeLessThanOrEqual(3);
    expect(app!.output()).not.toMatch(/Unhandled 'error' event/);
    // No line per failed request: the whole outage, with dozens of failed lookups, is a handful of lines.
    const errorLines = app!
      .output()
      .split('\n')
      .filter((l) => l.includes('"level":50')).length;
    expect(errorLines).toBeLessThanOrEqual(3);
  }, 120_000);

  it('answers 503/504 within the timeouts while the database is frozen, and recovers when it thaws', async () => {
    const lookup = `${app!.baseUrl}/api/parcels?uat=${parcels[1]!.uat}&number=${encodeURIComponent(parcels[1]!.number)}`;
    expect((await get(lookup)).status).toBe(200);
    cluster.freeze();
    try {
      const started = Date.now();
      const [a, b, ready, live, health] = await Promise.all([
        get(lookup),
        get(`${app!.baseUrl}/ogc/collections/parcels/items?limit=5`),
        get(`${app!.baseUrl}/api/health/ready`),
        get(`${app!.baseUrl}/api/health/live`),
        get(`${app!.baseUrl}/api/health`),
      ]);
      const bound = STATEMENT_TIMEOUT_MS + 2_000 + ACQUIRE_TIMEOUT_MS + 2_000;
      for (const x of [a, b]) {
        expect([503, 504]).toContain(x.status);
        expect(x.ms).toBeLessThan(bound);
      }
      expectClean([a, b]);
      expect(ready.status).toBe(503);
      expect(ready.ms).toBeLessThan(4_000);
      expect(live.status).toBe(200);
      expect(live.ms).toBeLessThan(1_000);
      expect(health.status).toBe(503);
      expect(JSON.parse(health.body)).toMatchObject({ status: 'degraded', database: { status: 'down' } });
      expect(Date.now() - started).toBeLessThan(bound + 1_000);
    } finally {
      cluster.thaw();
    }
    await waitFor('readiness after thaw', async () =>
      (await get(`${app!.baseUrl}/api/health/ready`)).status === 200 ? true : undefined,
    );
    expect((await get(lookup)).status).toBe(200);
    expect(alive(app!)).toBe(true);
  }, 60_000);

  /**
   * A GeoJSON of `n` synthetic Apahida parcels, big enough that its import is still running a moment later. Imported
   * with `uat`, they must lie in Apahida: 60,000 of them (a strip 1 km by 6 km) do from (402000, 584000).
   */
  const bigImport = (n: number) => {
    const file = join(work, `apahida-${n}.geojson`);
    writeFileSync(file, collectionText(syntheticParcels(APAHIDA, n, 402000, 584000, 900000)));
    return file;
  };

  async function startImport(file: string): Promise<string> {
    const form = new FormData();
    form.set('layer', 'parcels');
    form.set('uat', String(APAHIDA));
    const { readFileSync } = await import('node:fs');
    form.set('file', new Blob([readFileSync(file)]), 'apahida-big.geojson');
    const res = await fetch(`${app!.baseUrl}/api/admin/imports`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
      body: form,
    });
    expect(res.status, await res.clone().text()).toBe(202);
    return ((await res.json()) as { id: string }).id;
  }

  const jobState = (id: string) => sql(`SELECT state FROM import_jobs WHERE id = '${id}'`);

  it('marks an import failed with a reason when the database restarts under it; nothing is committed', async () => {
    const file = bigImport(60_000);
    const before = sql(`SELECT count(*) || '/' || (SELECT count(*) FROM dataset_versions) FROM parcels`);
    const id = await startImport(file);
    await waitFor('the job to run', async () => (jobState(id) === 'running' ? true : undefined), 20_000);
    await cluster.restart();
    const state = await waitFor(
      'the job to end',
      async () => {
        const s = jobState(id);
        return s === 'failed' || s === 'succeeded' ? s : undefined;
      },
      60_000,
    );
    expect(alive(app!)).toBe(true);
    if (state === 'failed') {
      expect(sql(`SELECT error FROM import_jobs WHERE id = '${id}'`)).toMatch(/\S/);
      expect(sql(`SELECT finished_at IS NOT NULL FROM import_jobs WHERE id = '${id}'`)).toBe('t');
      expect(sql(`SELECT count(*) || '/' || (SELECT count(*) FROM dataset_versions) FROM parcels`)).toBe(before);
    }
    expect(state).toBe('failed');
    // Its upload is gone once the job ended.
    await waitFor('the upload to be removed', async () => (readdirSync(uploadDir).length === 0 ? true : undefined));
    const job = await fetch(`${app!.baseUrl}/api/admin/imports/${id}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(((await job.json()) as { state: string }).state).toBe('failed');
  }, 120_000);

  it('cleans up after a kill -9 mid-import: uploads removed, the job failed with a reason', async () => {
    const file = bigImport(60_000);
    const before = sql(`SELECT count(*) || '/' || (SELECT count(*) FROM dataset_versions) FROM parcels`);
    const id = await startImport(file);
    await waitFor('the job to run', async () => (jobState(id) === 'running' ? true : undefined), 20_000);
    app!.child.kill('SIGKILL');
    await app!.exited;
    expect(readdirSync(uploadDir).length).toBeGreaterThan(0);
    expect(jobState(id)).toBe('running');

    app = await startApp(cluster.url('atlas'), uploadDir);
    expect(readdirSync(uploadDir)).toEqual([]);
    expect(jobState(id)).toBe('failed');
    expect(sql(`SELECT error FROM import_jobs WHERE id = '${id}'`)).toMatch(/interrupted|întrerupt/);
    expect(sql(`SELECT count(*) || '/' || (SELECT count(*) FROM dataset_versions) FROM parcels`)).toBe(before);
    expect(app.output()).toMatch(/cleaned up after an interrupted run/);
  }, 180_000);
});
