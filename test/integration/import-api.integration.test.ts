// Issue 3: POST /api/admin/imports and GET /api/admin/imports/{id}: bearer tokens stored hashed, a job per upload with
// progress and report, and every bad input answered with a 4xx problem+json naming the file (at once when the head
// of the file or the ZIP directory tells; with `Prefer: wait` when the whole file must be read) and nothing written.
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createToken, hashToken } from '../../db/src/tokens.repository.ts';
import { testDb } from '../support/db.ts';
import { APAHIDA, fixture, snapshot } from '../support/imports.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

let server: TestServer;
let token: string;

beforeAll(async () => {
  server = await startTestServer();
  token = (await createToken(await testDb(), 'import api tests')).token;
});
afterAll(() => server.close());

interface Job {
  id: string;
  state: string;
  file: string;
  progress: {
    phase: string;
    features: number;
    total: number | null;
    features_per_s: number | null;
    eta_s: number | null;
  };
  dataset_version_id: number | null;
  report: { features: number; datasetVersionId: number; srs: string } | null;
  problem: { status: number; detail: string; problems?: { feature?: number; line?: number; reason: string }[] } | null;
}

function upload(file: string, fields: Record<string, string>, headers: Record<string, string> = {}) {
  const body = new FormData();
  for (const [k, v] of Object.entries(fields)) body.set(k, v);
  body.set('file', new Blob([readFileSync(fixture(file))]), basename(file));
  return fetch(`${server.baseUrl}/api/admin/imports`, {
    method: 'POST',
    body,
    headers: { authorization: `Bearer ${token}`, ...headers },
  });
}

async function job(id: string): Promise<Job> {
  const res = await fetch(`${server.baseUrl}/api/admin/imports/${id}`, {
    headers: { authorization: `Bearer ${token}` },
  });
  expect(res.status).toBe(200);
  return (await res.json()) as Job;
}

async function problem(res: Response, status: number) {
  expect(res.status).toBe(status);
  expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  const body = (await res.json()) as Record<string, unknown>;
  expect(body).toMatchObject({
    status,
    type: expect.any(String),
    title: expect.any(String),
    detail: expect.any(String),
  });
  return body;
}

describe('admin tokens', () => {
  it('stores only the SHA-256 of a token', async () => {
    const db = await testDb();
    const { rows } = await db.query<{ token_sha256: string }>(
      `SELECT token_sha256 FROM admin_tokens WHERE name = 'import api tests'`,
    );
    expect(rows).toEqual([{ token_sha256: hashToken(token) }]);
    expect(JSON.stringify(rows)).not.toContain(token);
  });

  it('answers 401 without a token or with a wrong one', async () => {
    const none = await fetch(`${server.baseUrl}/api/admin/imports`, { method: 'POST' });
    expect((await problem(none, 401)).detail).toMatch(/Authorization: Bearer/);
    expect(none.headers.get('www-authenticate')).toMatch(/^Bearer/);
    const wrong = await fetch(`${server.baseUrl}/api/admin/imports/00000000-0000-0000-0000-000000000000`, {
      headers: { authorization: 'Bearer atl_nope' },
    });
    await problem(wrong, 401);
  });
});

describe('POST /api/admin/imports', () => {
  it('returns a job id at once; the job reports state, progress and the report', async () => {
    const res = await upload('apahida-parcels-3844.geojson', { layer: 'parcels', uat: String(APAHIDA) });
    expect(res.status).toBe(202);
    const accepted = (await res.json()) as Job;
    expect(res.headers.get('location')).toBe(`/api/admin/imports/${accepted.id}`);
    expect(['queued', 'running', 'succeeded']).toContain(accepted.state);
    await expect.poll(async () => (await job(accepted.id)).state, { timeout: 30_000 }).toBe('succeeded');
    const done = await job(accepted.id);
    expect(done).toMatchObject({
      file: 'apahida-parcels-3844.geojson',
      progress: { phase: 'done', features: 3, total: 3, eta_s: 0 },
      report: { features: 3, srs: 'EPSG:3844' },
      problem: null,
    });
    expect(done.progress.features_per_s).toBeGreaterThan(0);
    expect(done.dataset_version_id).toBe(done.report!.datasetVersionId);
    const { rows } = await (
      await testDb()
    ).query<{ imported_by: string }>(`SELECT imported_by FROM dataset_versions WHERE id = $1`, [
      done.dataset_version_id,
    ]);
    expect(rows[0]!.imported_by).toBe('import api tests');
  });

  it('waits for the job with Prefer: wait, and takes a mapping and a zipped Shapefile', async () => {
    const res = await upload(
      'apahida-numar.geojson',
      { layer: 'parcels', uat: String(APAHIDA), mapping: JSON.stringify({ cadastral_number: 'NUMAR_CADASTRAL_NOU' }) },
      { prefer: 'wait=30' },
    );
    expect(res.status).toBe(200);
    expect(res.headers.get('preference-applied')).toBe('wait=30');
    expect(((await res.json()) as Job).state).toBe('succeeded');
    const shp = await upload(
      'shp-cp1250.zip',
      { layer: 'parcels', uat: String(APAHIDA), dry_run: 'true' },
      { prefer: 'wait=30' },
    );
    expect(shp.status).toBe(200);
    expect(((await shp.json()) as Job).report).toMatchObject({ features: 3, dryRun: true, datasetVersionId: null });
  });

  it('imports indicators with their metadata', async () => {
    const res = await upload(
      'indicator-wide.csv',
      { layer: 'indicators', code: 'test_api', name_ro: 'Test', name_en: 'Test', unit: 'u', source: 'teste' },
      { prefer: 'wait=30' },
    );
    expect(res.status).toBe(200);
    expect(((await res.json()) as Job).report).toMatchObject({ features: 6 });
  });
});

describe('POST /api/admin/imports refuses bad input with a 4xx problem+json naming the file, and writes nothing', () => {
  const meta = { code: 'test_api_bad', name_ro: 'x', name_en: 'x', unit: 'x', source: 'x' };
  it.each<[string, Record<string, string>, number, RegExp]>([
    ['empty.geojson', {}, 422, /^empty\.geojson: the file is empty$/],
    ['not-a-zip.zip', {}, 422, /^not-a-zip\.zip: not a ZIP archive/],
    ['no-shp.zip', {}, 422, /^no-shp\.zip: the ZIP holds no \.shp file$/],
    ['path-outside.zip', {}, 422, /points outside the archive; refused$/],
    ['zip-bomb.zip', {}, 413, /^zip-bomb\.zip: parcele\.shp expands \d+× to 20971520 bytes \(a zip bomb\?\); refused$/],
    [
      'indicator-long.csv',
      { layer: 'indicators' },
      400,
      /indicator metadata is missing: code, name_ro, name_en, unit, source/,
    ],
    ['apahida-parcels-3844.geojson', { layer: 'roads' }, 400, /unknown layer "roads"/],
    ['apahida-parcels-3844.geojson', { uat: 'Apahida' }, 400, /parameter uat/],
    ['apahida-parcels-3844.geojson', { srs: 'EPSG:2154' }, 400, /unsupported coordinate system "EPSG:2154"/],
    ['apahida-parcels-3844.geojson', { mapping: '{"cadastral_number":' }, 400, /mapping: not valid JSON/],
  ])('before accepting it: %s %j → %i', async (file, fields, status, detail) => {
    const db = await testDb();
    const before = await snapshot(db);
    const body = await problem(await upload(file, { layer: 'parcels', uat: String(APAHIDA), ...fields }), status);
    expect(body.detail).toMatch(detail);
    if (status !== 400) expect(body.file).toBe(file);
    expect(await snapshot(db)).toEqual(before);
  });

  it.each<[string, Record<string, string>, { feature?: number; line?: number; reason: RegExp }]>([
    ['truncated.geojson', {}, { reason: /./ }],
    [
      'wrong-geometry-type.geojson',
      {},
      { feature: 1, reason: /geometry type LineString is not allowed in layer parcels/ },
    ],
    ['duplicate-cadastral.geojson', {}, { feature: 2, reason: /55687\/501001 appears in features 0, 2/ }],
    ['unknown-siruta.geojson', { uat: '', dry_run: 'true' }, { feature: 1, reason: /no UAT with SIRUTA 999999/ }],
    ['indicator-bad-year.csv', { layer: 'indicators', ...meta }, { line: 3, reason: /year "20x1" is not a year/ }],
    ['indicator-bad-value.csv', { layer: 'indicators', ...meta }, { line: 3, reason: /value "abc" is not a number/ }],
    [
      'indicator-unknown-siruta.csv',
      { layer: 'indicators', ...meta },
      { line: 3, reason: /no UAT with SIRUTA 999999/ },
    ],
  ])('after reading it: %s → 422 with the problems, and a failed job', async (file, fields, expected) => {
    const db = await testDb();
    const before = await snapshot(db);
    const res = await upload(file, { layer: 'parcels', uat: String(APAHIDA), ...fields }, { prefer: 'wait=30' });
    const body = (await problem(res, 422)) as {
      detail: string;
      file: string;
      job: string;
      problems?: Record<string, unknown>[];
    };
    expect(body.file).toBe(file);
    expect(body.detail).toContain(file);
    if (file === 'truncated.geojson')
      expect(body.detail).toMatch(/the file ends inside the features array, after 1 feature/);
    else {
      const p = body.problems![0]!;
      if (expected.feature !== undefined) expect(p.feature).toBe(expected.feature);
      if (expected.line !== undefined) expect(p.line).toBe(expected.line);
      expect(p.reason).toMatch(expected.reason);
    }
    const failed = await job(body.job);
    expect(failed).toMatchObject({ state: 'failed', problem: { status: 422, detail: body.detail } });
    expect(await snapshot(db)).toEqual(before);
  });
});
