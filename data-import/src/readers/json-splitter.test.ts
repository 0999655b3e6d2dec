import { describe, expect, it } from 'vitest';
import { FeatureCollectionSplitter, SplitError } from './json-splitter.ts';

const feature = (i: number, extra = '') =>
  `{"type":"Feature","id":${i},"properties":{"name":"a \\"quoted\\" ]} name ${i}","ș":"ț"${extra}},"geometry":{"type":"Point","coordinates":[${i},${i + 0.5}]}}`;

/** Feeds `text` in pieces of `size` bytes; returns the parsed features and the splitter. */
function split(text: string, size: number, opts = {}) {
  const s = new FeatureCollectionSplitter(opts);
  const bytes = Buffer.from(text, 'utf8');
  const out: unknown[] = [];
  for (let i = 0; i < bytes.length; i += size) {
    for (const t of s.push(bytes.subarray(i, i + size))) out.push(typeof t === 'string' ? JSON.parse(t) : t);
  }
  s.end();
  return { features: out, splitter: s };
}

const doc = `\uFEFF{"type":"FeatureCollection","name":"x","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::3844"}},
"features":[\n${[0, 1, 2].map((i) => feature(i)).join(',\n')}\n],"bbox":[1,2,3,4]}\n`;

describe('FeatureCollectionSplitter', () => {
  it('slices every feature whatever the chunk boundaries, strings with brackets and escapes included', () => {
    for (const size of [1, 2, 3, 7, 64, 1 << 20]) {
      const { features, splitter } = split(doc, size);
      expect(features, `chunks of ${size}`).toHaveLength(3);
      expect(features[1]).toMatchObject({ id: 1, properties: { name: 'a "quoted" ]} name 1', ș: 'ț' } });
      expect(splitter.members.get('crs')).toMatchObject({ properties: { name: 'urn:ogc:def:crs:EPSG::3844' } });
      expect(splitter.members.get('bbox')).toEqual([1, 2, 3, 4]);
      expect(splitter.members.get('type')).toBe('FeatureCollection');
      expect(splitter.count).toBe(3);
    }
  });

  it('agrees with JSON.parse on documents full of escapes, split at random places', () => {
    let seed = 7;
    const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
    const pieces = ['a', '\\', '"', '\\"', ']', '}', '[', '{', 'ș', '€', '\n', ' ', ','];
    for (let round = 0; round < 50; round++) {
      const features = Array.from({ length: 1 + rand(5) }, (_, i) => ({
        type: 'Feature',
        id: i,
        properties: {
          [Array.from({ length: rand(6) }, () => pieces[rand(pieces.length)]).join('')]: Array.from(
            { length: rand(12) },
            () => pieces[rand(pieces.length)],
          ).join(''),
        },
        geometry: { type: 'Point', coordinates: [rand(1000), rand(1000)] },
      }));
      const doc = JSON.stringify({ type: 'FeatureCollection', features, name: pieces.join('') });
      const { features: got, splitter } = split(doc, 1 + rand(40));
      expect(got).toEqual(features);
      expect(splitter.members.get('name')).toBe(pieces.join(''));
    }
  });

  it('reads members that come after "features"', () => {
    const text = `{"features":[${feature(0)}],"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"EPSG:3844"}}}`;
    const { splitter } = split(text, 5, { features: false });
    expect(splitter.count).toBe(1);
    expect(splitter.members.get('crs')).toBeDefined();
  });

  it('knows when the features array starts, so the head can be read alone', () => {
    const s = new FeatureCollectionSplitter({ features: false });
    s.push(
      Buffer.from(
        '{"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"EPSG:4326"}},"features":[{"ty',
      ),
    );
    expect(s.featuresStarted).toBe(true);
    expect(s.members.get('crs')).toBeDefined();
  });

  it('keeps features that are not objects, for validation to refuse', () => {
    const { features } = split('{"type":"FeatureCollection","features":[1, "x", null, []]}', 4);
    expect(features).toEqual([1, 'x', null, []]);
  });

  it('accepts an empty features array and an empty object', () => {
    expect(split('{"type":"FeatureCollection","features":[]}', 3).features).toEqual([]);
    expect(split('{}', 1).splitter.done).toBe(true);
  });

  it('refuses a truncated document, saying how many features came before', () => {
    const cut = doc.slice(0, doc.indexOf(feature(2)) + 20);
    expect(() => split(cut, 16)).toThrow(SplitError);
    expect(() => split(cut, 16)).toThrow(/ends inside the features array, after 2 features/);
  });

  it('refuses what is not one JSON object', () => {
    expect(() => split('[1,2]', 10)).toThrow(/expected a JSON object/);
    expect(() => split('{"a":1} {"b":2}', 10)).toThrow(/unexpected data after the end/);
    expect(() => split('{"type" "x"}', 10)).toThrow(/expected ':'/);
    expect(() => split('{"features":[{}}', 10)).toThrow(/expected ',' or '\]'/);
  });

  it('refuses a feature larger than the limit instead of buffering it', () => {
    const big = `{"type":"FeatureCollection","features":[${feature(0, `,"pad":"${'x'.repeat(5000)}"`)}]}`;
    expect(() => split(big, 100, { maxValueBytes: 1000 })).toThrow(/feature 0 is larger than/);
  });
});
