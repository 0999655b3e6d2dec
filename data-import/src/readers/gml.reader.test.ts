import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import { setFlagsFromString } from 'node:v8';
import { afterAll, describe, expect, it } from 'vitest';
import { FLAT } from '../flat-geometry.ts';
import { ImportError, type GeoJsonFeature } from '../import-job.ts';
import { ChunkDecoder, readGmlFile } from './gml.reader.ts';

const tmp = mkdtempSync(join(tmpdir(), 'atlas-gml-test-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** The reader's chunk (gml.reader.ts CHUNK). */
const CHUNK = 256 * 1024;
const URN = 'urn:ogc:def:crs:EPSG::3844';

const head = (srs = URN) =>
  `<?xml version="1.0" encoding="utf-8"?>\n<ogr:FeatureCollection xmlns:ogr="http://ogr.maptools.org/" xmlns:gml="http://www.opengis.net/gml/3.2">\n` +
  `<gml:boundedBy><gml:Envelope srsName="${srs}"/></gml:boundedBy>\n`;
const tail = '</ogr:FeatureCollection>\n';

function member(i: number, posList: string, address = `Strada Moților nr. ${i}`): string {
  return (
    `<ogr:featureMember><ogr:parcels gml:id="parcels.${i}">` +
    `<ogr:geometryProperty><gml:MultiSurface srsName="${URN}"><gml:surfaceMember><gml:Polygon><gml:exterior><gml:LinearRing>` +
    `<gml:posList>${posList}</gml:posList></gml:LinearRing></gml:exterior></gml:Polygon></gml:surfaceMember></gml:MultiSurface></ogr:geometryProperty>` +
    `<ogr:cadastral_number>${i}</ogr:cadastral_number><ogr:address>${address}</ogr:address></ogr:parcels></ogr:featureMember>\n`
  );
}

function file(name: string, text: string): string {
  const p = join(tmp, name);
  writeFileSync(p, text);
  return p;
}

async function all(path: string): Promise<GeoJsonFeature[]> {
  const source = await readGmlFile(path);
  const out: GeoJsonFeature[] = [];
  for await (const f of source.features) out.push(f);
  return out;
}

/** northing easting … (the URN's axis order), closed */
const ring = (pts: [number, number][]) => [...pts, pts[0]!].map(([e, n]) => `${n} ${e}`).join(' ');

describe('readGmlFile', () => {
  it('reads a posList cut by a chunk boundary inside a number, and a character cut inside its UTF-8 bytes', async () => {
    const start = head();
    const before =
      '<ogr:featureMember><ogr:parcels gml:id="parcels.0"><ogr:geometryProperty><gml:Polygon><gml:exterior><gml:LinearRing><gml:posList>';
    // pad with a comment so that the boundary falls in the middle of "586651.126"
    const pad = CHUNK - Buffer.byteLength(start) - Buffer.byteLength(before) - '<!---->'.length - 4;
    const posList = ring([
      [395015.356, 586651.126],
      [395025.5, 586651.126],
      [395025.5, 586661.25],
    ]);
    const first =
      `<!--${'x'.repeat(pad)}-->${before}${posList}</gml:posList></gml:LinearRing></gml:exterior></gml:Polygon></ogr:geometryProperty>` +
      '<ogr:cadastral_number>1</ogr:cadastral_number></ogr:parcels></ogr:featureMember>\n';
    expect(Buffer.byteLength(start + first)).toBeGreaterThan(CHUNK + 10);
    // a second feature whose ș (2 bytes in UTF-8) straddles the next boundary
    const lead =
      Buffer.byteLength(start + first) +
      Buffer.byteLength(member(2, posList, '')) -
      '</ogr:address></ogr:parcels></ogr:featureMember>\n'.length;
    const fill = 2 * CHUNK - lead - 1;
    const text = start + first + member(2, posList, `${'a'.repeat(fill)}ș`) + tail;
    expect(
      Buffer.from(text)
        .subarray(2 * CHUNK - 1, 2 * CHUNK + 1)
        .toString(),
    ).toBe('ș');
    const features = await all(file('boundary.gml', text));
    expect(features).toHaveLength(2);
    const expected = [
      [
        [395015.356, 586651.126],
        [395025.5, 586651.126],
        [395025.5, 586661.25],
        [395015.356, 586651.126],
      ],
    ];
    expect(features.map((f) => f.geometry!.type)).toEqual(['Polygon', 'MultiPolygon']);
    for (const f of features) expect((f.geometry as unknown as Record<symbol, unknown>)[FLAT]).toBeDefined();
    expect(features[0]!.geometry!.coordinates).toEqual(expected);
    expect(features[1]!.geometry!.coordinates).toEqual([expected]);
    expect((features[1]!.properties!.address as string).endsWith('aș')).toBe(true);
  });

  it('reads every number of a posList as Number() does', async () => {
    const values = [
      '0.1',
      '-0.5',
      '123456789.123456789',
      '1e5',
      '2.5E5',
      '-0',
      '007.25',
      '5.000000000000001',
      '.5',
      '1234567890123456789',
    ];
    const pairs = values.map((v, i) => `${v} ${values[(i + 3) % values.length]!}`);
    const text = head('EPSG:3844') + member(1, [...pairs, pairs[0]].join('\n  ')).replaceAll(URN, 'EPSG:3844') + tail;
    const [f] = await all(file('numbers.gml', text));
    const expected = [...pairs, pairs[0]!].map((p) => p.split(' ').map(Number));
    const got = (f!.geometry!.coordinates as number[][][][])[0]![0]!;
    expect(got).toEqual(expected);
    expect(Object.is(got[5]![0], -0)).toBe(true);
  });

  it('refuses a posList with a value that is not a number, or an odd count, naming the feature', async () => {
    const bad = head() + member(1, '1 2 3 x 5 6 1 2') + tail;
    await expect(all(file('nan.gml', bad))).rejects.toThrow(
      /feature 0, id parcels\.1: parcels: coordinates that are not numbers \("3" "x"\)/,
    );
    const odd = head() + member(1, '1 2 3 4 5 6 1') + tail;
    await expect(all(file('odd.gml', odd))).rejects.toThrow(ImportError);
    await expect(all(file('odd.gml', odd))).rejects.toThrow(/7 coordinate values in a posList of dimension 2/);
  });

  it('reads a file with memory bounded by its chunks, not by the file, while every id and address is kept', async () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const pos = ring([
      [395015.356, 586651.126],
      [395025.5, 586651.126],
      [395025.5, 586661.25],
    ]);
    const parts = [head()];
    for (let i = 0; i < 20_000; i++) parts.push(member(i, pos, `Strada Mihail Kogălniceanu nr. ${i}`));
    parts.push(tail);
    const path = file('big.gml', parts.join(''));
    gc();
    const base = process.memoryUsage().heapUsed;
    // every id and address kept, as an importer's key map would keep its keys
    const kept: unknown[] = [];
    const source = await readGmlFile(path);
    for await (const f of source.features) kept.push(f.id, f.properties!.address);
    gc();
    const grown = process.memoryUsage().heapUsed - base;
    expect(kept).toHaveLength(40_000);
    // the file is about 11 MB (22 MB as UTF-16 strings); the kept values about 4 MB
    expect(grown).toBeLessThan(10 * 1024 ** 2);
  });
});

describe('ChunkDecoder', () => {
  it('gives the text a streaming TextDecoder gives, wherever the chunks are cut (BOM, ASCII runs, split characters)', () => {
    const text = 'abc <a x="ș">Moților ț€𝄞 nr. 1</a>\n' + 'x'.repeat(20) + 'ăâî' + 'y'.repeat(7);
    const bytes = Buffer.concat([
      Buffer.from([0xef, 0xbb, 0xbf]),
      Buffer.from(text),
      Buffer.from([0xc3, 0x28, 0xe2, 0x82]),
    ]);
    const expected = new TextDecoder('utf-8').decode(bytes);
    for (const size of [1, 2, 3, 4, 5, 7, 16, 1000]) {
      const d = new ChunkDecoder();
      let out = '';
      for (let i = 0; i < bytes.length; i += size) out += d.decode(bytes.subarray(i, i + size));
      out += d.end();
      expect(out, `chunks of ${size}`).toBe(expected);
    }
  });

  it('gives the same text for chunks larger than its 4 KB pieces, characters cut at a piece boundary', () => {
    // ASCII runs with two- to four-byte characters before, on and after every 4 KB boundary, and malformed bytes
    const parts: Buffer[] = [];
    let length = 0;
    for (let k = 1; length < 40_000; k++) {
      const ascii = Buffer.from('x'.repeat(4096 * Math.ceil(length / 4096 + 0.01) - length - (k % 5)));
      const odd = [Buffer.from('ș'), Buffer.from('€'), Buffer.from('𝄞'), Buffer.from([0xe2, 0x82]), Buffer.from('ț')][
        k % 5
      ]!;
      parts.push(ascii, odd);
      length += ascii.length + odd.length;
    }
    const bytes = Buffer.concat(parts);
    const expected = new TextDecoder('utf-8').decode(bytes);
    for (const size of [4095, 4096, 4097, 10_000, 65_536, bytes.length]) {
      const d = new ChunkDecoder();
      let out = '';
      for (let i = 0; i < bytes.length; i += size) out += d.decode(bytes.subarray(i, i + size));
      out += d.end();
      expect(out, `chunks of ${size}`).toBe(expected);
    }
  });
});
