// Issue 14: app instances share nothing but the database. The per-client rate limits are counted in PostgreSQL, so two
// instances behind one proxy enforce one limit: with a limit of N per minute, the N+1-th request of a client through
// either instance is 429 with Retry-After. On PostGIS two real app processes (server/src/main.ts) on the test database;
// on the embedded engine (one process per data folder) two apps in this process over the one PGlite: the same store.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAppProcess } from '../support/app-process.ts';
import { testDb } from '../support/db.ts';
import { testDatabaseUrl } from '../support/paths.ts';
import { startTestServer } from '../support/server.ts';

const LIMIT = 6;
/** Certificates per minute per client. */
const CERT_LIMIT = 3;

interface Instance {
  url: string;
  close(): Promise<void>;
}

/** An Atlas process on the test database, as `npm start` runs it. */
async function startProcess(databaseUrl: string, env: Record<string, string>): Promise<Instance> {
  const app = await startAppProcess({ ...env, DATABASE_URL: databaseUrl }, { readyPath: '/api/health/live' });
  return { url: app.baseUrl, close: () => app.stop() };
}

describe('rate limits shared by two app instances', () => {
  const instances: Instance[] = [];
  let lookup: string;
  let parcel: { uat: number; number: string };
  // A client address of this run alone (a documentation address), sent by the "proxy" in front of both instances.
  const client = `198.51.100.${1 + Math.floor(Math.random() * 250)}`;

  beforeAll(async () => {
    const db = await testDb();
    const { rows } = await db.query<{ lon: number; lat: number; uat: number; number: string }>(
      `SELECT ST_X(c) AS lon, ST_Y(c) AS lat, uat, number FROM (
         SELECT ST_Transform(ST_PointOnSurface(geom), 4326) AS c, uat_siruta AS uat, cadastral_number AS number
         FROM parcels WHERE valid_to IS NULL ORDER BY id LIMIT 1) s`,
    );
    lookup = `/api/parcels/at?lon=${rows[0]!.lon}&lat=${rows[0]!.lat}`;
    parcel = { uat: Number(rows[0]!.uat), number: rows[0]!.number };
    await db.query(`DELETE FROM rate_limit_hits WHERE key LIKE $1`, [`%:${client}`]);
    const url = testDatabaseUrl();
    if (url) {
      const env = {
        ATLAS_LOAD_SAMPLE: 'never',
        ATLAS_PUBLIC_URL: 'http://atlas.test',
        ATLAS_TRUST_PROXY: 'loopback',
        ATLAS_RATE_LOOKUPS_PER_MIN: String(LIMIT),
        ATLAS_CERT_RATE_PER_MIN: String(CERT_LIMIT),
        DB_POOL_MAX: '2',
        LOG_LEVEL: 'warn',
      };
      instances.push(...(await Promise.all([startProcess(url, env), startProcess(url, env)])));
    } else {
      const config = {
        ATLAS_TRUST_PROXY: 'loopback',
        ATLAS_RATE_LOOKUPS_PER_MIN: LIMIT,
        ATLAS_CERT_RATE_PER_MIN: CERT_LIMIT,
      } as const;
      for (let i = 0; i < 2; i++) {
        const s = await startTestServer({ config });
        instances.push({ url: s.baseUrl, close: () => s.close() });
      }
    }
  });
  afterAll(async () => {
    await Promise.all(instances.map((i) => i.close()));
  });

  it('answers the N+1-th request through either instance with 429 and Retry-After', async () => {
    const statuses: number[] = [];
    const ask = (i: number) => fetch(instances[i % 2]!.url + lookup, { headers: { 'x-forwarded-for': client } });
    for (let i = 0; i < LIMIT; i++) {
      const res = await ask(i);
      await res.arrayBuffer();
      statuses.push(res.status);
    }
    // Each instance saw only half of the limit: counted in memory, neither would refuse yet.
    expect(statuses).toEqual(Array.from({ length: LIMIT }, () => 200));
    for (const i of [0, 1]) {
      const res = await ask(i);
      const body = (await res.json()) as { status: number; family: string; limit: number };
      expect(res.status).toBe(429);
      expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(Number(res.headers.get('retry-after'))).toBeLessThanOrEqual(60);
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(body).toMatchObject({ status: 429, family: 'lookups', limit: LIMIT });
    }
    // The count is in the database, under the client's address (the one the trusted proxy vouched for).
    const db = await testDb();
    const { rows } = await db.query<{ hits: number }>(`SELECT hits FROM rate_limit_hits WHERE key = $1`, [
      `lookups:${client}`,
    ]);
    expect(rows[0]?.hits).toBe(LIMIT + 2);
  });

  it('counts hits that arrive at once exactly (one statement for many)', async () => {
    const other = `198.51.100.${1 + ((Number(client.split('.')[3]) + 1) % 250)}`;
    const db = await testDb();
    await db.query(`DELETE FROM rate_limit_hits WHERE key LIKE $1`, [`%:${other}`]);
    const answers = await Promise.all(
      Array.from({ length: 2 * LIMIT }, (_, i) =>
        fetch(instances[i % 2]!.url + lookup, { headers: { 'x-forwarded-for': other } }).then(async (r) => {
          await r.arrayBuffer();
          return r.status;
        }),
      ),
    );
    expect(answers.filter((s) => s === 200)).toHaveLength(LIMIT);
    expect(answers.filter((s) => s === 429)).toHaveLength(LIMIT);
  });

  it('limits the certificates a client issues per minute once, through either instance', async () => {
    const certClient = `198.51.100.${1 + ((Number(client.split('.')[3]) + 2) % 250)}`;
    const db = await testDb();
    await db.query(`DELETE FROM rate_limit_hits WHERE key LIKE $1`, [`%:${certClient}`]);
    const issue = (i: number, body: unknown) =>
      fetch(`${instances[i % 2]!.url}/api/certificates`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': certClient },
        body: JSON.stringify(body),
      });
    const statuses: number[] = [];
    for (let i = 0; i < CERT_LIMIT; i++) {
      const res = await issue(i, parcel);
      statuses.push(res.status);
      await res.arrayBuffer();
    }
    // Counted per instance, neither would have refused yet (2 and 1 of 3).
    expect(statuses).toEqual(Array.from({ length: CERT_LIMIT }, () => 201));
    for (const i of [0, 1]) {
      const res = await issue(i, parcel);
      const body = (await res.json()) as { status: number; limit: number };
      expect(res.status).toBe(429);
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(Number(res.headers.get('retry-after'))).toBeLessThanOrEqual(60);
      expect(body).toMatchObject({ status: 429, limit: CERT_LIMIT });
    }
    // A batch counts one per item; the refused ones were given back, so the count is what was issued.
    const { rows } = await db.query<{ hits: number }>(`SELECT hits FROM rate_limit_hits WHERE key = $1`, [
      `certificates:${certClient}`,
    ]);
    expect(rows[0]?.hits).toBe(CERT_LIMIT);
  });
});
