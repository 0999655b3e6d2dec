import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server.ts';
import { engineName } from '../support/db.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

describe('GET /api/health', () => {
  it('names the engine, the PostGIS version and the dataset versions in force', async () => {
    const res = await fetch(`${server.baseUrl}/api/health`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      status: string;
      engine: string;
      postgis: string;
      datasets: { layer: string; features: number; version: number; uat: number | null }[];
    };
    expect(body.status).toBe('ok');
    expect(body.engine).toBe(engineName());
    expect(body.postgis).toMatch(/^3\.\d+/);
    // The sample's versions cover whole layers; the test fixtures add versions scoped to Florești.
    const layers = Object.fromEntries(body.datasets.filter((d) => d.uat === null).map((d) => [d.layer, d.features]));
    expect(layers.uat).toBe(3186);
    expect(layers.parcels).toBe(6000);
    for (const l of ['zoning', 'plans', 'restrictions', 'permits', 'siruta', 'indicators'])
      expect(layers[l]).toBeGreaterThan(0);
  });

  it('answers an unknown API path with a problem+json 404', async () => {
    const res = await fetch(`${server.baseUrl}/api/nothing-here`);
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const problem = (await res.json()) as Record<string, unknown>;
    expect(problem).toMatchObject({ status: 404, title: 'Not Found' });
    expect(problem.detail).toMatch(/\/api\/nothing-here/);
    expect(res.headers.get('x-request-id')).toBeTruthy();
  });

  it('answers malformed JSON bodies with a problem+json 400', async () => {
    const res = await fetch(`${server.baseUrl}/api/health`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"uat": ',
    });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  });
});
