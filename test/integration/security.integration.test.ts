// Issue 12, items 5, 6, 7, 12 and 13: forged Host and X-Forwarded-* headers, per-client rate limits that a spoofed
// X-Forwarded-For cannot dodge, security headers on the web app and the API, CORS only for configured origins,
// liveness and readiness, a body shorter than its Content-Length, admin token expiry and unique names.
// Runs on the embedded engine and, with DATABASE_URL, on PostGIS.
import { request as httpRequest } from 'node:http';
import { connect as netConnect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createToken, TokenNameTaken } from '../../db/src/tokens.repository.ts';
import { testDb } from '../support/db.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

/** A GET or POST with headers fetch() would not let through (Host). */
function raw(
  base: string,
  path: string,
  opts: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  const url = new URL(path, base);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname + url.search,
        method: opts.method ?? 'GET',
        headers: opts.headers,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }),
        );
      },
    );
    req.on('error', reject);
    req.end(opts.body);
  });
}

let parcel: { uat: number; number: string };
let lonLat: [number, number];

beforeAll(async () => {
  const db = await testDb();
  const { rows } = await db.query<{ uat: number; number: string; lon: number; lat: number }>(
    `SELECT uat_siruta AS uat, cadastral_number AS number,
            ST_X(ST_Transform(ST_PointOnSurface(geom), 4326)) AS lon, ST_Y(ST_Transform(ST_PointOnSurface(geom), 4326)) AS lat
     FROM parcels WHERE valid_to IS NULL ORDER BY uat_siruta, cadastral_number LIMIT 1`,
  );
  parcel = { uat: rows[0]!.uat, number: rows[0]!.number };
  lonLat = [rows[0]!.lon, rows[0]!.lat];
});

describe('forged Host and X-Forwarded-* headers (no ATLAS_PUBLIC_URL, no trusted proxy)', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ config: { PORT: 3999 } });
  });
  afterAll(() => server.close());

  it('stores a certificate with the fixed development URL, not the request Host', async () => {
    const res = await raw(server.baseUrl, '/api/certificates', {
      method: 'POST',
      headers: {
        host: 'evil.example',
        'x-forwarded-host': 'evil.example',
        'x-forwarded-proto': 'https',
        'content-type': 'application/json',
      },
      body: JSON.stringify(parcel),
    });
    expect(res.status, res.body).toBe(201);
    const cert = JSON.parse(res.body) as { number: string; verify_url: string; pdf_url: string };
    expect(cert.verify_url.startsWith('http://localhost:3999/api/certificates/')).toBe(true);
    expect(cert.pdf_url.startsWith('http://localhost:3999/')).toBe(true);
    expect(res.body).not.toContain('evil.example');
    // The stored content (what the QR code encodes) says the same.
    const db = await testDb();
    const { rows } = await db.query<{ url: string }>(
      `SELECT content->>'verify_url' AS url FROM certificates WHERE number = $1`,
      [cert.number],
    );
    expect(rows[0]!.url.startsWith('http://localhost:3999/')).toBe(true);
  });

  it('does not believe X-Forwarded-Proto from a client that is not a configured proxy', async () => {
    const res = await raw(server.baseUrl, '/ogc/collections', { headers: { 'x-forwarded-proto': 'https' } });
    expect(res.status).toBe(200);
    expect(res.body).not.toContain('https://');
  });
});

describe('with ATLAS_PUBLIC_URL set', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ config: { ATLAS_PUBLIC_URL: 'https://atlas.example.ro/' } });
  });
  afterAll(() => server.close());

  it('writes TileJSON and OGC links with the configured URL whatever the Host says', async () => {
    const tj = await raw(server.baseUrl, '/tiles/parcels.json', { headers: { host: 'evil.example' } });
    expect(tj.status).toBe(200);
    expect(tj.body).toContain('https://atlas.example.ro/tiles/parcels/');
    expect(tj.body).not.toContain('evil.example');
    const ogc = await raw(server.baseUrl, '/ogc/collections/parcels/items?limit=1', {
      headers: { host: 'evil.example' },
    });
    expect(ogc.body).toContain('https://atlas.example.ro/ogc/');
    expect(ogc.body).not.toContain('evil.example');
  });
});

describe('rate limits per client', () => {
  let server: TestServer;
  beforeAll(async () => {
    // The counts live in the database (shared by instances): forget this client's from an earlier run.
    await (await testDb()).query(`DELETE FROM rate_limit_hits WHERE key LIKE '%:127.0.0.1'`);
    server = await startTestServer({
      config: { ATLAS_RATE_LOOKUPS_PER_MIN: 5, ATLAS_RATE_OGC_PER_MIN: 3, ATLAS_RATE_TILES_PER_MIN: 4 },
    });
  });
  afterAll(() => server.close());

  it('counts a client once however many X-Forwarded-For addresses it claims, and says when to retry', async () => {
    const statuses: number[] = [];
    let last: Awaited<ReturnType<typeof raw>> | undefined;
    for (let i = 0; i < 8; i++) {
      last = await raw(server.baseUrl, `/api/parcels/at?lon=${lonLat[0]}&lat=${lonLat[1]}`, {
        headers: { 'x-forwarded-for': `203.0.113.${i + 1}` },
      });
      statuses.push(last.status);
    }
    expect(statuses.slice(0, 5).every((s) => s !== 429)).toBe(true);
    expect(statuses.slice(5)).toEqual([429, 429, 429]);
    expect(Number(last!.headers['retry-after'])).toBeGreaterThan(0);
    expect(last!.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(JSON.parse(last!.body)).toMatchObject({ status: 429, family: 'lookups' });
  });

  it('limits OGC item pages and tiles each on their own', async () => {
    const ogc: number[] = [];
    for (let i = 0; i < 4; i++) ogc.push((await raw(server.baseUrl, '/ogc/collections/uat/items?limit=1')).status);
    expect(ogc).toEqual([200, 200, 200, 429]);
    const tiles: number[] = [];
    for (let i = 0; i < 5; i++) tiles.push((await raw(server.baseUrl, '/tiles/uat/8/143/89.mvt')).status);
    expect(tiles.slice(0, 4).every((s) => s !== 429)).toBe(true);
    expect(tiles[4]).toBe(429);
    // Other families are not affected.
    expect((await raw(server.baseUrl, '/api/health/live')).status).toBe(200);
  });
});

describe('security headers and CORS', () => {
  let server: TestServer;
  let cors: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
    cors = await startTestServer({ config: { ATLAS_CORS_ORIGINS: 'https://harta.example.ro' } });
  });
  afterAll(async () => {
    await server.close();
    await cors.close();
  });

  it('sends a CSP that lets MapLibre run, nosniff, frame-ancestors and a Referrer-Policy on the web app', async () => {
    const res = await raw(server.baseUrl, '/', { headers: { accept: 'text/html' } });
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("default-src 'self'");
    expect(csp).toMatch(/worker-src 'self' blob:/);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['referrer-policy']).toBe('strict-origin-when-cross-origin');
  });

  it('sends nosniff and frame-ancestors on API answers, the fast lookups and tiles included', async () => {
    for (const path of [
      '/api/health',
      `/api/parcels/at?lon=${lonLat[0]}&lat=${lonLat[1]}`,
      '/tiles/uat/8/143/89.mvt',
    ]) {
      const res = await raw(server.baseUrl, path);
      expect(res.headers['x-content-type-options'], path).toBe('nosniff');
      expect(String(res.headers['content-security-policy']), path).toContain("frame-ancestors 'none'");
    }
  });

  it('allows cross-origin reads only from the configured origins', async () => {
    const none = await raw(server.baseUrl, '/api/health/live', { headers: { origin: 'https://harta.example.ro' } });
    expect(none.headers['access-control-allow-origin']).toBeUndefined();
    // (Tiles are open data for any site's map: they keep 'Access-Control-Allow-Origin: *', without credentials.)
    const ok = await raw(cors.baseUrl, `/api/parcels/at?lon=${lonLat[0]}&lat=${lonLat[1]}`, {
      headers: { origin: 'https://harta.example.ro' },
    });
    expect(ok.headers['access-control-allow-origin']).toBe('https://harta.example.ro');
    const other = await raw(cors.baseUrl, '/api/health/live', { headers: { origin: 'https://evil.example' } });
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
  });
});

describe('health and request timeouts', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ config: { ATLAS_BODY_IDLE_TIMEOUT_MS: 500 } });
  });
  afterAll(() => server.close());

  it('answers liveness without the database and readiness with it', async () => {
    const live = await fetch(`${server.baseUrl}/api/health/live`);
    expect(live.status).toBe(200);
    expect(await live.json()).toMatchObject({ status: 'ok' });
    const ready = await fetch(`${server.baseUrl}/api/health/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: 'ready' });
    const health = (await (await fetch(`${server.baseUrl}/api/health`)).json()) as { database: { status: string } };
    expect(health.database.status).toBe('up');
  });

  it('answers a body shorter than its Content-Length with 408 instead of hanging', async () => {
    const url = new URL(server.baseUrl);
    const started = Date.now();
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = netConnect(Number(url.port), url.hostname, () => {
        socket.write(
          'POST /api/certificates HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"uat":',
        );
      });
      let got = '';
      socket.on('data', (c: Buffer) => (got += c.toString()));
      socket.on('close', () => resolve(got));
      socket.on('error', reject);
      setTimeout(() => socket.destroy(), 8_000).unref();
    });
    expect(answer).toMatch(/^HTTP\/1\.1 408/);
    expect(answer).toContain('application/problem+json');
    expect(Date.now() - started).toBeLessThan(4_000);
  });
});

describe('admin tokens', () => {
  it('refuses a second token in force under the same name, and an expired token', async () => {
    const db = await testDb();
    const name = `security test ${Date.now()}`;
    await createToken(db, name, { expiresInDays: 30 });
    await expect(createToken(db, name)).rejects.toBeInstanceOf(TokenNameTaken);
    const expired = await createToken(db, `${name} expired`, { expiresInDays: 1 / 86_400 / 1000 });
    await new Promise((r) => setTimeout(r, 20));
    const server = await startTestServer();
    try {
      const res = await fetch(`${server.baseUrl}/api/admin/imports/00000000-0000-0000-0000-000000000000`, {
        headers: { authorization: `Bearer ${expired.token}` },
      });
      expect(res.status).toBe(401);
      expect(((await res.json()) as { detail: string }).detail).toMatch(/expired/);
    } finally {
      await server.close();
    }
  });
});
