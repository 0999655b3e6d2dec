// Issue 15: the built web app is served precompressed (Brotli or gzip written at build time), hashed files cached
// for a year, the app shell never cached; the map code (MapLibre) is not part of the first load.
import { existsSync, readFileSync } from 'node:fs';
import { get } from 'node:http';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, WEB_DIST, type TestServer } from '../support/server.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

function raw(
  path: string,
  encoding: string,
): Promise<{ status: number; headers: Record<string, unknown>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    get(`${server.baseUrl}${path}`, { headers: { 'accept-encoding': encoding, accept: 'text/html,*/*' } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    }).on('error', reject);
  });
}

const built = existsSync(join(WEB_DIST, 'index.html'));

describe.skipIf(!built)('the web app, served', () => {
  const index = () => readFileSync(join(WEB_DIST, 'index.html'), 'utf8');
  const entry = () => /src="(\/assets\/index-[^"]+\.js)"/.exec(index())![1]!;

  it('sends the app shell compressed and never cached', async () => {
    const r = await raw('/', 'br, gzip');
    expect(r.status).toBe(200);
    expect(r.headers['cache-control']).toBe('no-cache');
    expect(String(r.headers['vary'])).toMatch(/Accept-Encoding/i);
    if (r.headers['content-encoding'] === 'br') expect(brotliDecompressSync(r.body).toString()).toBe(index());
    else expect(r.body.toString()).toBe(index()); // a shell below 1 kB is not worth compressing
  });

  it('sends a hashed script as Brotli, gzip or plain by Accept-Encoding, cached immutably', async () => {
    const path = entry();
    const original = readFileSync(join(WEB_DIST, path));
    const br = await raw(path, 'gzip, br');
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers['content-type']).toMatch(/^text\/javascript/);
    expect(br.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(String(br.headers['vary'])).toMatch(/Accept-Encoding/i);
    expect(brotliDecompressSync(br.body).equals(original)).toBe(true);
    expect(br.body.length).toBeLessThan(original.length / 2);

    const gz = await raw(path, 'gzip');
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gz.body).equals(original)).toBe(true);

    const plain = await raw(path, 'identity');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.equals(original)).toBe(true);
    expect(plain.headers['cache-control']).toBe('public, max-age=31536000, immutable');
  });

  it('keeps MapLibre out of the first load', async () => {
    const first = readFileSync(join(WEB_DIST, entry()), 'utf8');
    expect(first).not.toMatch(/maplibregl-canvas|setWorkerUrl/);
    expect(readFileSync(join(WEB_DIST, entry()) + '.br').length).toBeLessThan(350_000);
  });

  it('does not serve files outside the build', async () => {
    const r = await raw('/assets/..%2f..%2fpackage.json', 'br');
    expect(r.headers['content-encoding']).toBeUndefined();
  });
});
