import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openPmtiles } from './pmtiles-file-source.ts';
import { Compression, PmtilesWriter, TileType, tileIdOf } from './pmtiles-writer.ts';

const dir = mkdtempSync(join(tmpdir(), 'atlas-pmtiles-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const opts = {
  tileCompression: Compression.None,
  tileType: TileType.Mvt,
  minzoom: 0,
  maxzoom: 12,
  bounds: [23.5, 46.7, 23.7, 46.8] as const,
  center: [23.6, 46.77, 10] as const,
  metadata: { name: 'test', vector_layers: [{ id: 'a', fields: {} }] },
};

/** Tiles of a zoom range in tile id order, with a payload that names the tile (some repeated, some empty). */
function pyramid(maxzoom: number, payload: (z: number, x: number, y: number) => Uint8Array) {
  const tiles: { z: number; x: number; y: number; id: number; data: Uint8Array }[] = [];
  for (let z = 0; z <= maxzoom; z++)
    for (let x = 0; x < 2 ** z; x++)
      for (let y = 0; y < 2 ** z; y++) tiles.push({ z, x, y, id: tileIdOf(z, x, y), data: payload(z, x, y) });
  return tiles.sort((a, b) => a.id - b.id);
}

describe('PmtilesWriter', () => {
  it('writes an archive that the pmtiles reader opens: header, metadata and every tile', async () => {
    const path = join(dir, 'small.pmtiles');
    const w = new PmtilesWriter(path, { ...opts, maxzoom: 4 });
    const tiles = pyramid(4, (z, x, y) => (x === y ? new Uint8Array(0) : Buffer.from(`${z}/${x}/${y}`)));
    for (const t of tiles) await w.add(t.z, t.x, t.y, t.data);
    const summary = await w.finish();
    expect(summary.addressedTiles).toBe(tiles.filter((t) => t.data.byteLength).length);
    expect(summary.bytes).toBe(readFileSync(path).byteLength);

    const { archive, source } = openPmtiles(path);
    const header = await archive.getHeader();
    expect(header.specVersion).toBe(3);
    expect(header.maxZoom).toBe(4);
    expect(header.minLon).toBeCloseTo(23.5, 6);
    expect(header.centerLat).toBeCloseTo(46.77, 6);
    expect(header.clustered).toBe(true);
    expect(await archive.getMetadata()).toEqual(opts.metadata);
    for (const t of tiles) {
      const got = await archive.getZxy(t.z, t.x, t.y);
      if (t.data.byteLength === 0) expect(got).toBeUndefined();
      else expect(Buffer.from(got!.data).toString()).toBe(`${t.z}/${t.x}/${t.y}`);
    }
    await source.close();
  });

  it('stores identical tiles once and runs of them as one entry', async () => {
    const path = join(dir, 'runs.pmtiles');
    const w = new PmtilesWriter(path, opts);
    const tiles = pyramid(5, () => Buffer.from('ocean'));
    for (const t of tiles) await w.add(t.z, t.x, t.y, t.data);
    const summary = await w.finish();
    expect(summary.tileContents).toBe(1);
    expect(summary.tileEntries).toBe(1);
    expect(summary.addressedTiles).toBe(tiles.length);
    const { archive, source } = openPmtiles(path);
    expect(Buffer.from((await archive.getZxy(5, 17, 9))!.data).toString()).toBe('ocean');
    await source.close();
  });

  it('splits a large directory into leaves that the reader follows', async () => {
    const path = join(dir, 'leaves.pmtiles');
    const w = new PmtilesWriter(path, opts);
    // 4^0 + ... + 4^8 = 87,381 distinct tiles of irregular lengths: far more entries than a 16 KiB root holds.
    const name = (z: number, x: number, y: number) =>
      `${z}-${x}-${y}-`.padEnd(8 + (createHash('sha1').update(`${z}/${x}/${y}`).digest()[0]! % 200), '.');
    const tiles = pyramid(8, (z, x, y) => Buffer.from(name(z, x, y)));
    for (const t of tiles) await w.add(t.z, t.x, t.y, t.data);
    const summary = await w.finish();
    expect(summary.leafDirectories).toBeGreaterThan(0);
    const { archive, source } = openPmtiles(path);
    for (const [z, x, y] of [
      [0, 0, 0],
      [8, 0, 0],
      [8, 255, 255],
      [7, 100, 3],
      [8, 141, 90],
    ] as const) {
      expect(Buffer.from((await archive.getZxy(z, x, y))!.data).toString()).toBe(name(z, x, y));
    }
    await source.close();
  });

  it('refuses tiles out of tile id order', async () => {
    const w = new PmtilesWriter(join(dir, 'order.pmtiles'), opts);
    await w.add(1, 0, 0, Buffer.from('a'));
    await expect(w.add(0, 0, 0, Buffer.from('b'))).rejects.toThrow(/out of order/);
    await w.abort();
  });
});
