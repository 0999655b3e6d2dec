// GET /api/uat-points: one point inside every UAT of Romania, where the atlas page draws proportional circles; on the
// real boundaries of the sample, on both engines.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server.ts';

interface Points {
  type: string;
  features: {
    type: string;
    id: number;
    properties: { siruta: number };
    geometry: { type: string; coordinates: [number, number] };
  }[];
}

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

describe('GET /api/uat-points', () => {
  it('gives one point per UAT of Romania, inside the UAT', async () => {
    const res = await fetch(`${server.baseUrl}/api/uat-points`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/geo\+json/);
    const body = (await res.json()) as Points;
    expect(body.type).toBe('FeatureCollection');
    expect(body.features).toHaveLength(3186);
    expect(new Set(body.features.map((f) => f.properties.siruta)).size).toBe(3186);
    const cluj = body.features.find((f) => f.properties.siruta === 54975);
    expect(cluj?.id).toBe(54975);
    // Cluj-Napoca's territory spans about 23.50–23.72 E, 46.72–46.82 N.
    const [lon, lat] = cluj?.geometry.coordinates ?? [0, 0];
    expect(lon).toBeGreaterThan(23.45);
    expect(lon).toBeLessThan(23.75);
    expect(lat).toBeGreaterThan(46.7);
    expect(lat).toBeLessThan(46.85);
    for (const f of body.features) {
      const [x, y] = f.geometry.coordinates;
      expect(x > 20 && x < 30 && y > 43.5 && y < 48.5, `UAT ${f.properties.siruta}`).toBe(true);
    }
  });

  it('answers the same bytes again from its cache', async () => {
    const a = await (await fetch(`${server.baseUrl}/api/uat-points`)).text();
    const b = await (await fetch(`${server.baseUrl}/api/uat-points`)).text();
    expect(b).toBe(a);
  });
});
