import { describe, expect, it } from 'vitest';
import { FastFeatureReader } from './fast-feature.ts';

const read = (text: string) => {
  const buf = Buffer.from(text, 'utf8');
  const r = new FastFeatureReader().read(buf, 0, buf.length);
  return r && { feature: JSON.parse(JSON.stringify(r.feature)) as unknown, next: r.next };
};

const cases = [
  '{"type":"Feature","properties":{"a":1,"b":"ș ț","c":true,"d":null,"e":-0.5,"f":12345678901234567890},"geometry":{"type":"MultiPolygon","coordinates":[[[[392441.01,586509.2],[392434.09,586510.24],[392427.94,586469.13],[392441.01,586509.2]]]]}}',
  '{ "geometry" : { "coordinates" : [ [ [0,0], [1,0], [1,1.5e2], [0,0] ] ], "type" : "Polygon" }, "id": "P1", "properties": {"n": {"x": [1, 2]}, "s": "a\\"b"}, "type": "Feature" }',
  '{"type":"Feature","id":7,"properties":null,"geometry":{"type":"Point","coordinates":[23.5,-46.25]}}',
  '{"type":"Feature","properties":{},"geometry":null}',
  '{"type":"Feature","properties":{"x":0.1,"y":1e-7,"z":-123.456789012345678}, "geometry":{"type":"Point","coordinates":[0.30000000000000004,1.7976931348623157e308]}}',
];

describe('readers/fast-feature', () => {
  it.each(cases)('reads what JSON.parse reads: %s', (text) => {
    const r = read(text);
    expect(r).toBeDefined();
    expect(r!.feature).toEqual(JSON.parse(text));
    expect(r!.next).toBe(Buffer.byteLength(text));
  });

  it('leaves everything else to the general path', () => {
    for (const text of [
      '{"type":"Feature","properties":{},"geometry":{"type":"LineString","coordinates":[[0,0],[1,1]]}}',
      '{"type":"Feature","bbox":[0,0,1,1],"properties":{},"geometry":null}',
      '{"type":"Feature","properties":{},"geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,1]]]}}',
      '{"type":"Feature","properties":{},"geometry":{"type":"Polygon","coordinates":[[[0,0,5],[1,0,5],[1,1,5],[0,0,5]]]}}',
      '{"type":"Feature","properties":{},"geometry":{"type":"Polygon","coordinates":[[]]}}',
      '{"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[01,2]}}',
      '{"type":"Feature","type":"Feature","properties":{},"geometry":null}',
      '{"type":"Feature","properties":{}}',
      '{"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[1,2]}',
      '{"type":"Feature","properties":{"a":1,},"geometry":null}',
      `{"type":"Feature","properties":{},"geometry":{"type":"MultiPolygon","coordinates":${'['.repeat(10000)}${']'.repeat(10000)}}}`,
    ]) {
      expect(read(text), text).toBeUndefined();
    }
  });
});
