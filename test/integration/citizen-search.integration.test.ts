// Issue 15: the citizen's search (addresses, diacritics- and case-insensitive), what was issued around a parcel, and
// the dataset catalogue with its provenance (synthetic or real), on the sample data.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server.ts';
import { testDb } from '../support/db.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

interface Result {
  uat_siruta: number;
  uat_name: string | null;
  cadastral_number: string;
  address: string | null;
  match: 'number' | 'address';
}

async function search(q: string): Promise<{ status: number; body: { results: Result[] } & Record<string, unknown> }> {
  const res = await fetch(`${server.baseUrl}/api/parcels/search?q=${encodeURIComponent(q)}`);
  return { status: res.status, body: (await res.json()) as { results: Result[] } };
}

/** A sample address with a diacritic in its street name and a house number: "Strada Moților nr. 12". */
async function sampleAddress(): Promise<{ address: string; number: string; uat: number }> {
  const db = await testDb();
  const { rows } = await db.query<{ address: string; cadastral_number: string; uat_siruta: number }>(
    `SELECT address, cadastral_number, uat_siruta FROM parcels
     WHERE valid_to IS NULL AND address ~ '^Strada [^ ]*[ăâîșț][^ ]* nr\\. [0-9]+$'
     ORDER BY address LIMIT 1`,
  );
  expect(rows[0], 'the sample has an address with a diacritic').toBeDefined();
  return { address: rows[0]!.address, number: rows[0]!.cadastral_number, uat: rows[0]!.uat_siruta };
}

/** "Strada Moților nr. 12" → "strada motilor 12" (what a citizen types). */
function asTyped(address: string): string {
  return address
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/ nr\. /, ' ')
    .toLowerCase();
}

describe('GET /api/parcels/search by address', () => {
  it('finds "strada motilor 12" as "Strada Moților nr. 12": diacritics, case and "nr." ignored', async () => {
    const sample = await sampleAddress();
    const typed = asTyped(sample.address);
    expect(typed).not.toBe(sample.address);
    const { status, body } = await search(typed);
    expect(status).toBe(200);
    const first = body.results[0];
    expect(first, `${typed} finds something`).toBeDefined();
    expect(first).toMatchObject({ address: sample.address, match: 'address', cadastral_number: sample.number });
    expect(first!.uat_name).toBe('Cluj-Napoca');
  });

  it('finds the street without its type and the number, and with upper case and diacritics', async () => {
    const sample = await sampleAddress();
    const street = sample.address.replace(/^Strada /, '').replace(/ nr\. \d+$/, '');
    const { body } = await search(street.toUpperCase());
    expect(body.results.length).toBeGreaterThan(0);
    expect(body.results.every((r) => r.match === 'address' && r.address!.includes(street))).toBe(true);
  });

  it('finds a later word of a street name ("creanga" for "Ion Creangă")', async () => {
    const db = await testDb();
    const { rows } = await db.query<{ address: string }>(
      `SELECT address FROM parcels WHERE valid_to IS NULL AND address ~ '^Strada [^ ]+ [^ ]+ nr\\. [0-9]+$' LIMIT 1`,
    );
    if (!rows[0]) return;
    const last = rows[0].address
      .replace(/ nr\. \d+$/, '')
      .split(' ')
      .pop()!;
    const { body } = await search(asTyped(last));
    expect(body.results.some((r) => r.address!.includes(last))).toBe(true);
  });

  it('still answers a cadastral number prefix first, marked as such', async () => {
    const sample = await sampleAddress();
    const { body } = await search(sample.number);
    expect(body.results[0]).toMatchObject({ cadastral_number: sample.number, match: 'number' });
  });

  it('finds nothing (200, empty) for an address that does not exist', async () => {
    const { status, body } = await search('strada inexistentă 99999');
    expect(status).toBe(200);
    expect(body.results).toEqual([]);
  });

  it('answers 400 problem+json for a query that is neither a number nor text', async () => {
    const res = await fetch(`${server.baseUrl}/api/parcels/search?q=${encodeURIComponent('@@ ##')}`);
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/application\/problem\+json/);
  });
});

describe('GET /api/parcels/activity', () => {
  it('lists the permits around a parcel nearest first, with number, date and purpose', async () => {
    const db = await testDb();
    // A parcel with a permit on it.
    const { rows } = await db.query<{ uat_siruta: number; cadastral_number: string }>(
      `SELECT p.uat_siruta, p.cadastral_number FROM permits m
       JOIN parcels p ON p.valid_to IS NULL AND ST_Intersects(p.geom, m.geom)
       WHERE m.valid_to IS NULL LIMIT 1`,
    );
    expect(rows[0]).toBeDefined();
    const { uat_siruta: uat, cadastral_number: number } = rows[0]!;
    const res = await fetch(`${server.baseUrl}/api/parcels/activity?uat=${uat}&number=${encodeURIComponent(number)}`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      radius_m: number;
      permits: { kind: string; number: string; issued_on: string; purpose: string | null; distance_m: number }[];
      certificates: unknown[];
    };
    expect(body.radius_m).toBe(100);
    expect(body.permits.length).toBeGreaterThan(0);
    expect(body.permits[0]!.distance_m).toBe(0);
    expect(body.permits[0]!.kind).toMatch(/^(CU|AC)$/);
    expect(body.permits[0]!.issued_on).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const distances = body.permits.map((p) => p.distance_m);
    expect([...distances].sort((a, b) => a - b)).toEqual(distances);
    expect(distances.every((d) => d <= 100)).toBe(true);
    expect(Array.isArray(body.certificates)).toBe(true);
  });

  it('answers 404 for a parcel that does not exist and 400 for a bad radius', async () => {
    const missing = await fetch(`${server.baseUrl}/api/parcels/activity?uat=54975&number=999999999`);
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).toMatch(/application\/problem\+json/);
    const bad = await fetch(`${server.baseUrl}/api/parcels/activity?uat=54975&number=1&radius=5000`);
    expect(bad.status).toBe(400);
  });
});

describe('GET /api/datasets', () => {
  it('names the version in force per layer, the generated ones synthetic, with attributions', async () => {
    const res = await fetch(`${server.baseUrl}/api/datasets`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      synthetic: boolean;
      attributions: string[];
      datasets: {
        layer: string;
        version_id: number;
        synthetic: boolean;
        attribution: string | null;
        valid_from: string;
      }[];
    };
    expect(body.synthetic).toBe(true);
    const byLayer = (layer: string) => body.datasets.filter((d) => d.layer === layer);
    expect(byLayer('parcels').length).toBeGreaterThan(0);
    expect(byLayer('parcels').some((d) => d.synthetic)).toBe(true);
    expect(byLayer('zoning').some((d) => d.synthetic)).toBe(true);
    // The UAT boundaries are real (ANCPI), never marked synthetic.
    const uat = byLayer('uat').find((d) => d.attribution?.includes('ANCPI'));
    expect(uat).toBeDefined();
    expect(uat!.synthetic).toBe(false);
    expect(body.attributions.some((a) => a.includes('OpenStreetMap'))).toBe(true);
    expect(body.datasets[0]!.valid_from).toMatch(/^\d{4}-\d{2}-\d{2}T/);
  });
});
