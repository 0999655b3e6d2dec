import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server.ts';
import { decodeMvt, tileOf } from '../support/mvt.ts';
import { uatsWgs84Extent } from '../support/db.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

const CENTRE = [23.5897, 46.7693] as const;
const get = (path: string, headers: Record<string, string> = {}) => fetch(`${server.baseUrl}${path}`, { headers });

describe('GET /tiles/{layer}/{z}/{x}/{y}.mvt', () => {
  it('serves the Cluj UATs at z7 with their attributes, the SIRUTA code as feature id', async () => {
    const { z, x, y } = tileOf(CENTRE[0], CENTRE[1], 7);
    const res = await get(`/tiles/uat/${z}/${x}/${y}.mvt`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/vnd.mapbox-vector-tile');
    const layers = decodeMvt(new Uint8Array(await res.arrayBuffer()));
    const names = layers.uat!.map((f) => f.properties.name);
    expect(names).toContain('Cluj-Napoca');
    expect(names.length).toBeGreaterThanOrEqual(40);
    const cluj = layers.uat!.find((f) => f.properties.siruta === 54975)!;
    expect(cluj.id).toBe(54975);
  });

  it('serves parcels with cadastral numbers from z14 and nothing below', async () => {
    const { z, x, y } = tileOf(CENTRE[0], CENTRE[1], 15);
    const res = await get(`/tiles/parcels/${z}/${x}/${y}.mvt`);
    expect(res.status).toBe(200);
    const parcels = decodeMvt(new Uint8Array(await res.arrayBuffer())).parcels!;
    expect(parcels.length).toBeGreaterThan(10);
    expect(parcels[0]!.properties.cadastral_number).toMatch(/^\d+/);
    expect(typeof parcels[0]!.properties.intravilan).toBe('boolean');
    const low = tileOf(CENTRE[0], CENTRE[1], 12);
    expect((await get(`/tiles/parcels/${low.z}/${low.x}/${low.y}.mvt`)).status).toBe(204);
  });

  it('holds every visible layer in the composite tile', async () => {
    const { z, x, y } = tileOf(CENTRE[0], CENTRE[1], 15);
    const res = await get(`/tiles/all/${z}/${x}/${y}.mvt`);
    const layers = decodeMvt(new Uint8Array(await res.arrayBuffer()));
    expect(Object.keys(layers)).toEqual(expect.arrayContaining(['uat', 'parcels', 'zoning', 'plans']));
  });

  it('answers 204 for a tile with no features, 304 for a known ETag, gzip when accepted', async () => {
    expect((await get('/tiles/uat/10/0/0.mvt')).status).toBe(204);
    const { z, x, y } = tileOf(CENTRE[0], CENTRE[1], 15);
    const first = await get(`/tiles/zoning/${z}/${x}/${y}.mvt`, { 'accept-encoding': 'identity' });
    const etag = first.headers.get('etag')!;
    const raw = new Uint8Array(await first.arrayBuffer());
    expect(etag).toMatch(/^".+"$/);
    expect((await get(`/tiles/zoning/${z}/${x}/${y}.mvt`, { 'if-none-match': etag })).status).toBe(304);
    // Node's fetch decompresses transparently; read the raw bytes through node:http instead. Tiles are compressed
    // off the request path, so the first answers may come uncompressed.
    const { request } = await import('node:http');
    const rawGet = (encoding: string) =>
      new Promise<{ enc: string | undefined; body: Buffer }>((resolve, reject) => {
        request(
          `${server.baseUrl}/tiles/zoning/${z}/${x}/${y}.mvt`,
          { headers: { 'accept-encoding': encoding } },
          (r) => {
            const chunks: Buffer[] = [];
            r.on('data', (c: Buffer) => chunks.push(c)).on('end', () =>
              resolve({ enc: r.headers['content-encoding'], body: Buffer.concat(chunks) }),
            );
          },
        )
          .on('error', reject)
          .end();
      });
    let gz = await rawGet('gzip');
    for (let i = 0; i < 50 && !gz.enc; i++) {
      await new Promise((r) => setTimeout(r, 20));
      gz = await rawGet('gzip');
    }
    expect(gz.enc).toBe('gzip');
    expect(new Uint8Array(gunzipSync(gz.body))).toEqual(raw);
    const br = await rawGet('br, gzip');
    expect(br.enc).toBe('br');
    expect(new Uint8Array(brotliDecompressSync(br.body))).toEqual(raw);
  });

  it.each([
    ['/tiles/parcels/23/0/0.mvt', 'z'],
    ['/tiles/parcels/3/8/0.mvt', 'x'],
    ['/tiles/parcels/3/0/8.mvt', 'y'],
    ['/tiles/parcels/a/0/0.mvt', 'z'],
  ])('answers %s with a problem+json 400 naming %s', async (path, parameter) => {
    const res = await get(path);
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(await res.json()).toMatchObject({ status: 400, parameter });
  });

  it('answers an unknown layer with a problem+json 404', async () => {
    const res = await get('/tiles/buildings/1/0/0.mvt');
    expect(res.status).toBe(404);
    expect(((await res.json()) as { detail: string }).detail).toMatch(/buildings/);
  });
});

describe("GDAL's MVT driver", () => {
  const gdal = existsSync('/usr/bin/ogrinfo');
  it.skipIf(!gdal)('reads the layers, features and attributes of a composite tile', async () => {
    const { z, x, y } = tileOf(CENTRE[0], CENTRE[1], 15);
    const res = await get(`/tiles/all/${z}/${x}/${y}.mvt`);
    expect(res.status).toBe(200);
    const bytes = new Uint8Array(await res.arrayBuffer());
    const decoded = decodeMvt(bytes);
    const file = join(mkdtempSync(join(tmpdir(), 'atlas-mvt-')), 'tile.mvt');
    writeFileSync(file, bytes);
    // Z/X/Y place the tile on the map (EPSG:3857), as a client reading a tile cache would.
    const open = ['-ro', '-oo', `Z=${z}`, '-oo', `X=${x}`, '-oo', `Y=${y}`, `MVT:${file}`];
    const run = async (args: string[]) =>
      (await promisify(execFile)('ogrinfo', args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 })).stdout;

    const listing = await run(['-q', ...open]);
    for (const layer of ['uat', 'parcels', 'zoning', 'plans']) expect(listing).toMatch(new RegExp(`: ${layer}\\b`));

    const parcels = await run(['-so', ...open, 'parcels']);
    expect(parcels).toMatch(new RegExp(`Feature Count: ${decoded.parcels!.length}\\b`));
    expect(parcels).toMatch(/cadastral_number: String/);
    expect(parcels).toMatch(/intravilan: Integer\(Boolean\)|intravilan: Boolean|intravilan: Integer/);
    // The tile lies where it should: around the centre of Cluj-Napoca, in Web Mercator metres.
    const extent = /Extent: \((-?[\d.]+), (-?[\d.]+)\) - \((-?[\d.]+), (-?[\d.]+)\)/.exec(parcels)!;
    const [minX, minY] = [Number(extent[1]), Number(extent[2])];
    expect((minX / 20037508.34) * 180).toBeCloseTo(CENTRE[0], 1);
    expect(Math.abs(minY - 5_904_000)).toBeLessThan(10_000);

    const one = decoded.parcels![0]!;
    const feature = await run([
      '-al',
      ...open,
      '-where',
      `cadastral_number = '${String(one.properties.cadastral_number)}'`,
      'parcels',
    ]);
    expect(feature).toContain(`cadastral_number (String) = ${String(one.properties.cadastral_number)}`);
    expect(feature).toMatch(/MULTIPOLYGON|POLYGON/);

    const zoning = await run(['-al', '-geom=NO', ...open, 'zoning']);
    const code = String(decoded.zoning![0]!.properties.code);
    expect(zoning).toContain(`code (String) = ${code}`);
  });
});

describe('GET /tiles/{layer}.json', () => {
  it('has bounds that hold every UAT, the northern ones too (MapLibre asks for no tile outside them)', async () => {
    const truth = await uatsWgs84Extent();
    const { bounds } = (await (await get('/tiles/uat.json')).json()) as { bounds: number[] };
    expect(bounds[0]).toBeLessThanOrEqual(truth[0]!);
    expect(bounds[1]).toBeLessThanOrEqual(truth[1]!);
    expect(bounds[2]).toBeGreaterThanOrEqual(truth[2]!);
    expect(bounds[3]).toBeGreaterThanOrEqual(truth[3]!);
  });
  it('is TileJSON 3.0 with absolute tile URLs, fields and bounds around Cluj', async () => {
    const res = await get('/tiles/parcels.json');
    const tj = (await res.json()) as {
      tilejson: string;
      tiles: string[];
      bounds: number[];
      minzoom: number;
      vector_layers: { id: string; fields: Record<string, string> }[];
    };
    expect(tj.tilejson).toBe('3.0.0');
    expect(tj.tiles[0]).toBe(`${server.baseUrl}/tiles/parcels/{z}/{x}/{y}.mvt`);
    expect(tj.minzoom).toBe(14);
    expect(tj.vector_layers[0]!.fields).toMatchObject({ cadastral_number: 'String', intravilan: 'Boolean' });
    // Around Cluj County (tests add fixture parcels in neighbouring UATs).
    expect(tj.bounds[0]).toBeGreaterThan(23.0);
    expect(tj.bounds[1]).toBeGreaterThan(46.3);
    expect(tj.bounds[2]).toBeLessThan(24.3);
    expect(tj.bounds[3]).toBeLessThan(47.3);
  });
});
