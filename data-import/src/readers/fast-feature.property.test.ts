// Issue 16: the byte-level feature reader pinned against JSON.parse on generated inputs (fast-check), not a handful of
// examples. Whatever it reads must be what JSON.parse reads; the common shape must be read (not left to the general
// path); anything it does not take it leaves whole (undefined), never half-read.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FastFeatureReader } from './fast-feature.ts';

const RUNS = 300;

/** Finite doubles as JSON writes them (every magnitude, subnormals and exponents included). */
const coord = fc.oneof(
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.integer({ min: -1_000_000, max: 1_000_000 }),
  fc.double({ min: 300_000, max: 800_000, noNaN: true }),
);
const position = fc.tuple(coord, coord);
/** A closed ring: at least three positions, then the first again. */
const ring = fc.array(position, { minLength: 3, maxLength: 8 }).map((ps) => [...ps, ps[0]!]);
const polygon = fc.array(ring, { minLength: 1, maxLength: 3 });
const geometry = fc.oneof(
  fc.constant(null),
  position.map((coordinates) => ({ type: 'Point', coordinates })),
  polygon.map((coordinates) => ({ type: 'Polygon', coordinates })),
  fc.array(polygon, { minLength: 1, maxLength: 3 }).map((coordinates) => ({ type: 'MultiPolygon', coordinates })),
);
/** Properties: any JSON values, strings with escapes, quotes, brackets and non-ASCII letters included. */
const properties = fc.oneof(
  fc.constant(null),
  fc.dictionary(fc.string({ unit: 'grapheme', maxLength: 12 }), fc.jsonValue({ maxDepth: 3 }), { maxKeys: 8 }),
);
const id = fc.option(fc.oneof(fc.integer(), fc.string({ unit: 'grapheme-ascii', maxLength: 10 })), { nil: undefined });

/** A feature of the common shape, its members in any order. */
const feature = fc
  .record({ id, properties, geometry, order: fc.shuffledSubarray(['type', 'id', 'properties', 'geometry']) })
  .map(({ id, properties, geometry, order }) => {
    const members: Record<string, unknown> = { type: 'Feature', id, properties, geometry };
    const keys = ['type', 'properties', 'geometry', ...(id === undefined ? [] : ['id'])];
    const sorted = [...order.filter((k) => keys.includes(k)), ...keys.filter((k) => !order.includes(k))];
    return Object.fromEntries(sorted.map((k) => [k, members[k]]));
  });

/** JSON text of a value, compact or indented (white space between every token). */
const text = (value: unknown, indent: number) => JSON.stringify(value, null, indent);

function read(t: string, pad = '') {
  const buf = Buffer.from(`${pad}${t}${pad}`, 'utf8');
  const start = Buffer.byteLength(pad);
  const r = new FastFeatureReader().read(buf, start, buf.length);
  return r && { feature: JSON.parse(JSON.stringify(r.feature)) as unknown, next: r.next - start };
}

describe('readers/fast-feature (property-based, against JSON.parse)', () => {
  it('reads every feature of the common shape exactly as JSON.parse does', () => {
    fc.assert(
      fc.property(feature, fc.constantFrom(0, 1, 2), (f, indent) => {
        const t = text(f, indent);
        const r = read(t, ' ');
        expect(r, t).toBeDefined();
        expect(r!.feature).toEqual(JSON.parse(t));
        expect(r!.next).toBe(Buffer.byteLength(t));
      }),
      { numRuns: RUNS },
    );
  });

  it('reads many features one after another from one buffer, each ending where the next begins', () => {
    fc.assert(
      fc.property(fc.array(feature, { minLength: 1, maxLength: 5 }), (fs) => {
        const reader = new FastFeatureReader();
        const parts = fs.map((f) => text(f, 0));
        const buf = Buffer.from(parts.join(','), 'utf8');
        let at = 0;
        const got: unknown[] = [];
        for (const part of parts) {
          const r = reader.read(buf, at, buf.length);
          expect(r, part).toBeDefined();
          got.push(JSON.parse(JSON.stringify(r!.feature)));
          at = r!.next + 1;
        }
        expect(got).toEqual(fs.map((f) => JSON.parse(JSON.stringify(f))));
      }),
      { numRuns: RUNS / 3 },
    );
  });

  it('on any JSON object, either agrees with JSON.parse or leaves it to the general path', () => {
    const anyObject = fc.oneof(
      fc.dictionary(fc.string({ maxLength: 10 }), fc.jsonValue({ maxDepth: 4 })),
      // near misses of the common shape: extra members, other geometry types, 3D positions, open rings
      fc.record({
        type: fc.constantFrom('Feature', 'feature', 'FeatureCollection'),
        properties: fc.jsonValue({ maxDepth: 2 }),
        geometry: fc.oneof(
          fc.jsonValue({ maxDepth: 4 }),
          fc.record({
            type: fc.constantFrom('Point', 'Polygon', 'MultiPolygon', 'LineString'),
            coordinates: fc.jsonValue({ maxDepth: 5 }),
          }),
        ),
        bbox: fc.option(fc.array(coord, { maxLength: 4 }), { nil: undefined }),
      }),
    );
    fc.assert(
      fc.property(anyObject, fc.constantFrom(0, 2), (o, indent) => {
        const t = text(o, indent);
        const r = read(t);
        if (r === undefined) return;
        expect(r.feature).toEqual(JSON.parse(t));
        expect(r.next).toBe(Buffer.byteLength(t));
      }),
      { numRuns: RUNS },
    );
  });

  it('never reads a feature cut short: every strict prefix is left to the general path', () => {
    fc.assert(
      fc.property(feature, fc.nat(), (f, cut) => {
        const t = Buffer.from(text(f, 0), 'utf8');
        const end = cut % t.length;
        expect(new FastFeatureReader().read(t, 0, end)).toBeUndefined();
      }),
      { numRuns: RUNS },
    );
  });

  it('never reads a feature with a byte changed into something JSON.parse does not read the same way', () => {
    fc.assert(
      fc.property(feature, fc.nat(), fc.constantFrom(...'{}[],:"\\ 0-.eE1tfn'.split('')), (f, at, ch) => {
        const bytes = Buffer.from(text(f, 0), 'utf8');
        // The caller hands the reader a '{' at `start` (its contract): change any byte after it.
        const i = 1 + (at % (bytes.length - 1));
        const mutated = Buffer.concat([bytes.subarray(0, i), Buffer.from(ch), bytes.subarray(i + 1)]);
        const r = new FastFeatureReader().read(mutated, 0, mutated.length);
        if (r === undefined) return;
        // A change may close the feature early (`,` → `}`): what was read is the object up to `next`, and JSON.parse
        // must read those bytes the same way (what follows is the splitter's to refuse).
        let parsed: unknown;
        try {
          parsed = JSON.parse(mutated.subarray(0, r.next).toString('utf8'));
        } catch {
          parsed = undefined;
        }
        expect(parsed, mutated.toString('utf8')).toBeDefined();
        // Both through JSON text: a number too large for a double is Infinity to either (written as null).
        expect(JSON.parse(JSON.stringify(r.feature))).toEqual(JSON.parse(JSON.stringify(parsed)));
      }),
      { numRuns: RUNS * 2 },
    );
  });
});
