// Issue 17 (FlatGeobuf export corrupt on PostGIS) and issue 12 item 4 (slow readers of /api/export/*): every export
// format of every layer read back by GDAL feature by feature, and the export's back-pressure, bound and stall timeout.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, get, type IncomingMessage } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LAYERS, type Layer } from '../../db/src/datasets.repository.ts';
import { itemsAfter, LAYER_PROPERTIES, snapshotTime } from '../../db/src/features.repository.ts';
import { testDb } from '../support/db.ts';
import { createApp, requestListener, type AppDeps } from '../../server/src/app.ts';
import { createLogger } from '../../server/src/logger.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

const gdal = existsSync('/usr/bin/ogr2ogr');
const run = async (cmd: string, args: string[]) =>
  (await promisify(execFile)(cmd, args, { encoding: 'utf8', maxBuffer: 1 << 30 })).stdout;

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

/** Every value as GDAL and our files may spell it: text, with arrays joined and dates cut to the day. */
function norm(v: unknown): string | null {
  if (v === null || v === undefined || v === '') return null;
  if (Array.isArray(v)) return v.length ? v.join('; ') : null;
  if (typeof v === 'object') return JSON.stringify(v);
  if (typeof v === 'boolean') return String(v);
  if (typeof v === 'number') return String(v);
  const s = String(v);
  if (/^\d{4}[-/]\d{2}[-/]\d{2}([T ]00:00:00(\.0+)?Z?)?$/.test(s)) return s.slice(0, 10).replaceAll('/', '-');
  if (s === 'true' || s === 'false') return s;
  if (/^-?\d+(\.\d+)?([eE][-+]?\d+)?$/.test(s) && String(Number(s)) !== s && !/^0\d/.test(s)) return String(Number(s));
  return s;
}

async function expected(layer: Layer): Promise<Map<number, Record<string, unknown>>> {
  const db = await testDb();
  const rows = await itemsAfter(db, layer, 0, 1_000_000, 'wkt', await snapshotTime(db));
  return new Map(rows.map((r) => [r.id, r.properties]));
}

/** The file read by GDAL (the driver chosen by extension), every feature as GeoJSON properties. */
async function readWithGdal(file: string): Promise<{ layer: string; features: Record<string, unknown>[] }> {
  const info = await run('ogrinfo', ['-ro', '-q', file]);
  const layer = /^1: (\S+)/m.exec(info)?.[1] ?? '';
  const args = ['-f', 'GeoJSON', '/vsistdout/', file];
  if (file.endsWith('.csv')) args.push('-oo', 'GEOM_POSSIBLE_NAMES=wkt', '-oo', 'KEEP_GEOM_COLUMNS=NO');
  const out = JSON.parse(await run('ogr2ogr', args)) as {
    features: { id?: number; properties: Record<string, unknown>; geometry: unknown }[];
  };
  return {
    layer,
    features: out.features.map((f) => ({ ...f.properties, id: f.properties.id ?? f.id, __geom: f.geometry })),
  };
}

describe('GET /api/export/{layer}.{format} read back by GDAL', () => {
  const dir = mkdtempSync(join(tmpdir(), 'atlas-export-'));
  for (const format of ['fgb', 'geojson', 'csv'] as const) {
    it.skipIf(!gdal).each([...LAYERS])(
      `${format}: GDAL reads every feature of %s with every attribute value`,
      async (layer) => {
        const res = await fetch(`${server.baseUrl}/api/export/${layer}.${format}`);
        expect(res.status).toBe(200);
        const file = join(dir, `${layer}.${format}`);
        writeFileSync(file, new Uint8Array(await res.arrayBuffer()));
        const want = await expected(layer);
        const got = await readWithGdal(file);
        if (format === 'fgb') expect(got.layer).toBe(layer);
        expect(got.features.length, `${layer}.${format}: features read by GDAL`).toBe(want.size);
        let compared = 0;
        for (const f of got.features) {
          const id = Number(f.id);
          const props = want.get(id);
          expect(props, `${layer}.${format}: feature ${id} is in the database`).toBeDefined();
          expect(f.__geom, `${layer}.${format}: feature ${id} has a geometry`).toBeTruthy();
          for (const c of LAYER_PROPERTIES[layer]) {
            expect(norm(f[c]), `${layer}.${format} feature ${id} ${c}`).toBe(norm(props![c]));
            compared++;
          }
        }
        expect(compared).toBe(want.size * LAYER_PROPERTIES[layer].length);
      },
    );
  }

  it.skipIf(!gdal)('FlatGeobuf carries EPSG:3844 and a feature count GDAL trusts', async () => {
    const file = join(dir, 'parcels.fgb');
    if (!existsSync(file))
      writeFileSync(
        file,
        new Uint8Array(await (await fetch(`${server.baseUrl}/api/export/parcels.fgb`)).arrayBuffer()),
      );
    const info = await run('ogrinfo', ['-ro', '-so', file, 'parcels']);
    expect(info).toMatch(/Feature Count: \d+/);
    expect(Number(/Feature Count: (\d+)/.exec(info)![1])).toBe((await expected('parcels')).size);
    expect(info).toMatch(/ID\["EPSG",3844\]/);
  });
});

/**
 * A server on a Unix socket: its buffers are a few hundred kB and do not grow as loopback TCP's do (there they would
 * hold the whole 2.4 MB sample export), so a reader that stops reading is felt by the server as it is in production.
 */
async function startUnixServer(config: Partial<AppDeps['config']>) {
  const app = createApp({
    config: { ATLAS_TILE_CACHE_MB: 0, ...config },
    db: await testDb(),
    log: createLogger('silent'),
  });
  const socketPath = join(mkdtempSync(join(tmpdir(), 'atlas-sock-')), 'atlas.sock');
  const srv = createServer(requestListener(app));
  await new Promise<void>((resolve) => srv.listen(socketPath, resolve));
  return {
    socketPath,
    close: () =>
      new Promise<void>((resolve) => {
        srv.closeAllConnections();
        srv.close(() => resolve());
      }),
  };
}

/** An export request whose body the client does not read (a reader that stalls). */
function openPaused(socketPath: string, path: string): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const req = get({ socketPath, path }, (res) => {
      res.pause();
      resolve(res);
    });
    req.on('error', reject);
  });
}

/** Reads a response to its end: the bytes received and whether it ended cleanly or was cut. */
function readAll(res: IncomingMessage): Promise<{ bytes: number; outcome: 'complete' | 'cut' }> {
  return new Promise((resolve) => {
    let bytes = 0;
    const done = (outcome: 'complete' | 'cut') => resolve({ bytes, outcome });
    res.on('data', (c: Buffer) => (bytes += c.length));
    res.on('end', () => done(res.complete ? 'complete' : 'cut'));
    res.on('aborted', () => done('cut'));
    res.on('error', () => done('cut'));
    res.resume();
  });
}

describe('slow readers of /api/export/* (issue 12 item 4)', () => {
  let tight: Awaited<ReturnType<typeof startUnixServer>>;
  beforeAll(async () => {
    tight = await startUnixServer({ ATLAS_EXPORTS_MAX: 2, ATLAS_EXPORT_STALL_S: 1 });
  });
  afterAll(() => tight.close());

  it('bounds concurrent exports: a third is a 503 problem with Retry-After, a slot frees when a reader leaves', async () => {
    const a = await openPaused(tight.socketPath, '/api/export/parcels.geojson');
    const b = await openPaused(tight.socketPath, '/api/export/parcels.csv');
    expect([a.statusCode, b.statusCode]).toEqual([200, 200]);
    const third = await openPaused(tight.socketPath, '/api/export/uat.geojson');
    expect(third.statusCode).toBe(503);
    expect(third.headers['retry-after']).toMatch(/^\d+$/);
    expect(third.headers['content-type']).toMatch(/problem\+json/);
    third.destroy();
    a.destroy();
    b.destroy();
    await new Promise((r) => setTimeout(r, 200));
    const after = await openPaused(tight.socketPath, '/api/export/plans.geojson');
    expect(after.statusCode).toBe(200);
    expect(await readAll(after)).toMatchObject({ outcome: 'complete' });
  });

  it('holds back while the reader does not read, and cuts off a reader stalled past the timeout', async () => {
    const res = await openPaused(tight.socketPath, '/api/export/parcels.geojson');
    // Stall for 3 s (the timeout is 1 s), then read: the server must have stopped producing and given up on us.
    await new Promise((r) => setTimeout(r, 3000));
    const stalled = await readAll(res);
    expect(stalled.outcome).toBe('cut');
    const full = await readAll(await openPaused(tight.socketPath, '/api/export/parcels.geojson'));
    expect(full.outcome).toBe('complete');
    // What reached us before the cut is what the socket buffers held, far from the whole export.
    expect(stalled.bytes).toBeLessThan(full.bytes / 2);
  });
});
