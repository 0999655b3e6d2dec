// Issue 16: the streaming FeatureCollection splitter pinned against JSON.parse on generated documents (fast-check):
// whatever the chunk boundaries, with or without the byte-level feature reader, it yields the features and the other
// members JSON.parse reads; a document cut short is refused, never read as complete.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FastFeatureReader } from './fast-feature.ts';
import { FeatureCollectionSplitter, SplitError } from './json-splitter.ts';

const RUNS = 200;

const position = fc.tuple(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.integer());
const ring = fc.array(position, { minLength: 3, maxLength: 5 }).map((ps) => [...ps, ps[0]!]);
/** Features of the common shape (the fast reader's) and anything else JSON allows in the array. */
const element = fc.oneof(
  fc.record({
    type: fc.constant('Feature'),
    properties: fc.dictionary(fc.string({ unit: 'grapheme', maxLength: 8 }), fc.jsonValue({ maxDepth: 2 })),
    geometry: fc.array(ring, { minLength: 1, maxLength: 2 }).map((coordinates) => ({ type: 'Polygon', coordinates })),
  }),
  fc.jsonValue({ maxDepth: 4 }),
);
const doc = fc.record(
  {
    type: fc.constant('FeatureCollection'),
    name: fc.string({ unit: 'grapheme', maxLength: 10 }),
    crs: fc.jsonValue({ maxDepth: 2 }),
    features: fc.array(element, { maxLength: 8 }),
    bbox: fc.array(fc.double({ noNaN: true, noDefaultInfinity: true }), { maxLength: 4 }),
  },
  { requiredKeys: ['features'] },
);

/** The document's members in a shuffled order, compact or indented. */
const docText = fc.tuple(doc, fc.constantFrom(0, 1, 3), fc.boolean()).map(([d, indent, reverse]) => {
  const entries = Object.entries(d);
  return JSON.stringify(Object.fromEntries(reverse ? entries.reverse() : entries), null, indent);
});

const roundTrip = (v: unknown) => JSON.parse(JSON.stringify(v)) as unknown;

function split(bytes: Buffer, cuts: number[], reader: boolean) {
  const s = new FeatureCollectionSplitter(reader ? { reader: new FastFeatureReader() } : {});
  const out: unknown[] = [];
  const at = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  let prev = 0;
  for (const c of [...at, bytes.length]) {
    for (const f of s.push(bytes.subarray(prev, c))) out.push(roundTrip(typeof f === 'string' ? JSON.parse(f) : f));
    prev = c;
  }
  s.end();
  return { features: out, members: s.members, count: s.count };
}

describe('readers/json-splitter (property-based, against JSON.parse)', () => {
  it('yields the features and members JSON.parse reads, wherever the chunks are cut', () => {
    fc.assert(
      fc.property(docText, fc.array(fc.nat(), { maxLength: 12 }), fc.boolean(), (text, cuts, reader) => {
        const expected = JSON.parse(text) as Record<string, unknown>;
        const got = split(Buffer.from(text, 'utf8'), cuts, reader);
        expect(got.features).toEqual(roundTrip(expected['features']));
        expect(got.count).toBe((expected['features'] as unknown[]).length);
        for (const [k, v] of Object.entries(expected)) if (k !== 'features') expect(got.members.get(k)).toEqual(v);
      }),
      { numRuns: RUNS },
    );
  });

  it('refuses every document cut short', () => {
    fc.assert(
      fc.property(docText, fc.nat(), fc.boolean(), (text, at, reader) => {
        const bytes = Buffer.from(text, 'utf8');
        const cut = bytes.subarray(0, at % bytes.length);
        expect(() => split(cut, [], reader)).toThrow(SplitError);
      }),
      { numRuns: RUNS },
    );
  });
});
