import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ImportError, type GeoJsonFeature } from '../import-job.ts';
import { readGeojsonFile, sniffGeojson } from './geojson.reader.ts';

const FIXTURES = new URL('../../../test/fixtures/issue-3-import/', import.meta.url).pathname;
const tmp = mkdtempSync(join(tmpdir(), 'atlas-geojson-test-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

async function all(path: string, srs?: string) {
  const source = await readGeojsonFile(path, srs);
  const features: GeoJsonFeature[] = [];
  for await (const f of source.features) features.push(f);
  return { source, features };
}

function file(name: string, text: string): string {
  const p = join(tmp, name);
  writeFileSync(p, text);
  return p;
}

describe('readGeojsonFile', () => {
  it('refuses text that is not UTF-8 (a Latin-2 export), naming the feature or line, not reading ș as U+FFFD', async () => {
    const feature = (street: string) =>
      `{"type":"Feature","properties":{"NR_CAD":"1","ADRESA":"${street}"},"geometry":{"type":"Point","coordinates":[23.6,46.77]}}`;
    // Latin-2 writes ș as the single byte 0xBA.
    const latin2 = (text: string) => Buffer.from(text.replace('ș', '\u00ba'), 'latin1');
    const collection = join(tmp, 'latin2.geojson');
    writeFileSync(
      collection,
      Buffer.concat([
        Buffer.from(`{"type":"FeatureCollection","features":[${feature('Strada Moților')},`),
        latin2(`${feature('Strada șoimului')}, ${feature('Strada Garii')}]}`),
      ]),
    );
    await expect(all(collection)).rejects.toThrow(/latin2\.geojson feature 1: not UTF-8 text \(byte \d+\)/);
    const sequence = join(tmp, 'latin2.geojsonl');
    writeFileSync(
      sequence,
      Buffer.concat([Buffer.from(`${feature('Strada Moților')}\n`), latin2(`${feature('Strada șoimului')}\n`)]),
    );
    await expect(all(sequence)).rejects.toThrow(/latin2\.geojsonl line 2: not UTF-8 text/);
    const fine = file('utf8.geojson', `{"type":"FeatureCollection","features":[${feature('Strada Șoimului')}]}`);
    expect((await all(fine)).features[0]!.properties?.ADRESA).toBe('Strada Șoimului');
  });

  it('streams a FeatureCollection with its crs member (Stereo 70)', async () => {
    const { source, features } = await all(join(FIXTURES, 'apahida-parcels-3844.geojson'));
    expect(source.srs).toBe('EPSG:3844');
    expect(features.map((f) => f.properties?.NR_CAD)).toEqual(['501001', '501002', '501003']);
    expect(source.size?.read()).toBe(source.size?.bytes);
  });

  it('finds a crs member after "features" before converting any feature, and counts the features', async () => {
    const { source, features } = await all(join(FIXTURES, 'apahida-crs-after-features.geojson'));
    expect(source.srs).toBe('EPSG:3844');
    expect(source.total).toBe(3);
    expect(features).toHaveLength(3);
  });

  it('makes one byte-level pass over a large file whose crs comes last', async () => {
    const f = JSON.stringify({
      type: 'Feature',
      properties: { pad: 'x'.repeat(300) },
      geometry: { type: 'Point', coordinates: [395015, 586651] },
    });
    const text = `{"type":"FeatureCollection","features":[${Array(6000).fill(f).join(',')}],"crs":{"type":"name","properties":{"name":"EPSG:3844"}}}`;
    const { source, features } = await all(file('big-crs-last.geojson', text));
    expect(text.length).toBeGreaterThan(2 * 1024 * 1024);
    expect(source.srs).toBe('EPSG:3844');
    expect(source.total).toBe(6000);
    expect(features).toHaveLength(6000);
  });

  it('reads the deprecated EPSG:31700 as Stereo 70, CRS84 as WGS84, nothing as WGS84', async () => {
    expect((await readGeojsonFile(join(FIXTURES, 'apahida-crs-31700.geojson'))).srs).toBe('EPSG:3844');
    expect((await readGeojsonFile(join(FIXTURES, 'apahida-crs84.geojson'))).srs).toBe('EPSG:4326');
    expect((await readGeojsonFile(join(FIXTURES, 'apahida-no-crs-metres.geojson'))).srs).toBe('EPSG:4326');
    expect((await readGeojsonFile(join(FIXTURES, 'apahida-no-crs-metres.geojson'), 'EPSG:3844')).srs).toBe('EPSG:3844');
  });

  it('streams newline-delimited GeoJSON, also RFC 8142 sequences and a .geojson holding one feature per line', async () => {
    const nd = await all(join(FIXTURES, 'apahida-parcels-4326.geojsonl'));
    expect(nd.source.srs).toBe('EPSG:4326');
    expect(nd.features).toHaveLength(3);
    const f = '{"type":"Feature","properties":{},"geometry":null}';
    expect((await all(file('seq.geojson', `\u001e${f}\n\u001e${f}\n`))).features).toHaveLength(2);
    expect((await all(file('lines.geojson', `${f}\n\n${f}\r\n${f}`))).features).toHaveLength(3);
  });

  it('reads a file holding one Feature', async () => {
    const one = '{"type":"Feature","properties":{"a":1},"geometry":{"type":"Point","coordinates":[23.6,46.7]}}';
    const { features } = await all(file('one.json', one));
    expect(features).toEqual([JSON.parse(one)]);
  });

  it.each([
    ['empty.geojson', /empty\.geojson: the file is empty/],
    ['truncated.geojson', /truncated\.geojson: the file ends inside the features array, after 1 feature/],
    ['not-a-zip.zip', /not-a-zip\.zip: not GeoJSON/],
  ])('refuses %s, naming the file', async (name, message) => {
    await expect(all(join(FIXTURES, name))).rejects.toThrow(message);
    await expect(all(join(FIXTURES, name))).rejects.toBeInstanceOf(ImportError);
  });

  it('names the feature that is not valid JSON, and the line in a sequence', async () => {
    await expect(
      all(file('bad.geojson', '{"type":"FeatureCollection","features":[{"type":"Feature"},{"a":tru}]}')),
    ).rejects.toThrow(/bad\.geojson feature 1: not valid JSON/);
    await expect(all(file('bad.geojsonl', '{"type":"Feature"}\n{"type":"Feat'))).rejects.toThrow(
      /bad\.geojsonl line 2: not valid JSON/,
    );
  });

  it('refuses other GeoJSON objects and an unsupported crs', async () => {
    await expect(all(file('t.geojson', '{"type":"Topology","objects":{}}'))).rejects.toThrow(/found type "Topology"/);
    await expect(
      all(
        file(
          'c.geojson',
          '{"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"EPSG:2154"}},"features":[]}',
        ),
      ),
    ).rejects.toThrow(/unsupported coordinate system EPSG:2154; give it with --srs/);
    await expect(all(file('n.geojson', '{"type":"FeatureCollection"}'))).rejects.toThrow(/has no "features" member/);
  });
});

describe('sniffGeojson', () => {
  it('tells collections, sequences and other files apart', () => {
    expect(sniffGeojson(Buffer.from('\uFEFF {"type":"FeatureCollection","features":[\n{}'))).toBe('collection');
    expect(sniffGeojson(Buffer.from('{"type":"Feature","properties":{},"geometry":null}\n{"type"'))).toBe('sequence');
    expect(sniffGeojson(Buffer.from('PK\u0003\u0004\u0000\u0000'))).toMatch(/binary data/);
    expect(sniffGeojson(Buffer.from('siruta,year,value'))).toMatch(/expected a JSON object/);
  });
});
