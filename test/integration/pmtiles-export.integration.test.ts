// Issue 14: a layer as a PMTiles v3 archive, read back with the `pmtiles` reader (what a web client uses) and with
// GDAL's MVT driver (Debian's GDAL 3.6 has no PMTiles driver: it reads the tiles taken out of the archive).
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { exportPmtiles, tilesCovering } from '../../tiles/src/pmtiles-export.ts';
import { openPmtiles } from '../../tiles/src/pmtiles-file-source.ts';
import { TileService } from '../../tiles/src/tile-service.ts';
import { testDb } from '../support/db.ts';
import { decodeMvt } from '../support/mvt.ts';

const dir = mkdtempSync(join(tmpdir(), 'atlas-pmtiles-export-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('npm run tiles -- export (PMTiles)', () => {
  it('writes every non-empty parcel tile of z14-16, each the same as the tile server sends', async () => {
    const db = await testDb();
    const out = join(dir, 'parcels.pmtiles');
    const summary = await exportPmtiles(db, { layer: 'parcels', minzoom: 14, maxzoom: 16, out });
    expect(summary.addressedTiles).toBeGreaterThan(20);

    const { archive, source } = openPmtiles(out);
    try {
      const header = await archive.getHeader();
      expect(header.specVersion).toBe(3);
      expect([header.minZoom, header.maxZoom]).toEqual([14, 16]);
      expect(header.numAddressedTiles).toBe(summary.addressedTiles);
      const meta = (await archive.getMetadata()) as { vector_layers: { id: string; fields: object }[] };
      expect(meta.vector_layers.map((l) => l.id)).toEqual(['parcels']);
      expect(Object.keys(meta.vector_layers[0]!.fields)).toContain('cadastral_number');

      const server = new TileService(db, 0);
      const bounds = [header.minLon, header.minLat, header.maxLon, header.maxLat] as const;
      const { x0, x1, y0, y1 } = tilesCovering(bounds, 16);
      let compared = 0;
      const numbers = new Set<string>();
      for (let x = x0; x <= x1; x++) {
        for (let y = y0; y <= y1; y++) {
          const expected = (await server.tile('parcels', 16, x, y)).raw;
          const got = await archive.getZxy(16, x, y);
          if (expected.byteLength === 0) {
            expect(got, `16/${x}/${y}`).toBeUndefined();
            continue;
          }
          const bytes = new Uint8Array(got!.data);
          expect(Buffer.compare(Buffer.from(bytes), Buffer.from(expected)), `16/${x}/${y}`).toBe(0);
          for (const f of decodeMvt(bytes).parcels ?? []) numbers.add(String(f.properties.cadastral_number));
          compared++;
        }
      }
      expect(compared).toBeGreaterThan(10);
      const { rows } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM parcels WHERE valid_to IS NULL');
      // Every parcel in force lies in some z16 tile of the archive.
      expect(numbers.size).toBe(rows[0]!.n);
    } finally {
      await source.close();
    }
  });

  it.skipIf(!existsSync('/usr/bin/ogrinfo'))('gives tiles that GDAL reads, placed where they belong', async () => {
    const db = await testDb();
    const out = join(dir, 'zoning.pmtiles');
    await exportPmtiles(db, { layer: 'zoning', minzoom: 13, maxzoom: 13, out });
    const { archive, source } = openPmtiles(out);
    try {
      const h = await archive.getHeader();
      const { x0, y0, x1, y1 } = tilesCovering([h.minLon, h.minLat, h.maxLon, h.maxLat], 13);
      let found: { x: number; y: number; bytes: Uint8Array } | undefined;
      for (let x = x0; x <= x1 && !found; x++)
        for (let y = y0; y <= y1 && !found; y++) {
          const t = await archive.getZxy(13, x, y);
          if (t) found = { x, y, bytes: new Uint8Array(t.data) };
        }
      expect(found).toBeDefined();
      const file = join(dir, 'tile.mvt');
      writeFileSync(file, found!.bytes);
      const { stdout } = await promisify(execFile)(
        'ogrinfo',
        ['-so', '-ro', '-oo', 'Z=13', '-oo', `X=${found!.x}`, '-oo', `Y=${found!.y}`, `MVT:${file}`, 'zoning'],
        { encoding: 'utf8' },
      );
      const count = Number(/Feature Count: (\d+)/.exec(stdout)?.[1]);
      expect(count).toBe(decodeMvt(found!.bytes).zoning!.length);
      expect(stdout).toMatch(/code: String/);
    } finally {
      await source.close();
    }
  });

  it('refuses a zoom range where the layer has no tiles', async () => {
    const db = await testDb();
    await expect(
      exportPmtiles(db, { layer: 'parcels', minzoom: 5, maxzoom: 8, out: join(dir, 'none.pmtiles') }),
    ).rejects.toThrow(/tiles start at zoom 14/);
    expect(existsSync(join(dir, 'none.pmtiles'))).toBe(false);
  });
});

// The archive's tiles are stored gzip-compressed, as the header says; the reader undoes it.
it('stores gzip-compressed tiles', async () => {
  const db = await testDb();
  const out = join(dir, 'plans.pmtiles');
  await exportPmtiles(db, { layer: 'plans', minzoom: 12, maxzoom: 12, out });
  const { archive, source } = openPmtiles(out);
  try {
    const h = await archive.getHeader();
    expect(h.tileCompression).toBe(2);
    const first = Buffer.from((await source.getBytes(h.tileDataOffset, 2)).data);
    expect([first[0], first[1]]).toEqual([0x1f, 0x8b]);
  } finally {
    await source.close();
  }
});
