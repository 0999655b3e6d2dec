import { describe, expect, it } from 'vitest';
import type { SeriesLine } from './atlas-api.ts';
import { alignSeries, lineStyle, orderLines, scaleOf, UAT_LINE_COLORS } from './series.ts';

const line = (kind: SeriesLine['kind'], id: string, points: [number, number | null][]): SeriesLine => ({
  kind,
  id,
  name: id,
  county: null,
  aggregate: null,
  points: points.map(([year, value]) => ({ year, value })),
});

describe('alignSeries', () => {
  it('puts every line on the union of years, null where a line has no value', () => {
    const data = alignSeries([
      line('uat', '1', [
        [2002, 10],
        [2011, 12],
      ]),
      line('country', 'RO', [
        [2011, 100],
        [2026, 90],
      ]),
    ]);
    expect(data).toEqual([
      [2002, 2011, 2026],
      [10, 12, null],
      [null, 100, 90],
    ]);
  });
});

describe('orderLines and lineStyle', () => {
  it('orders UATs as selected, then counties, then the country, and colours UATs by selection order', () => {
    const lines = [line('country', 'RO', []), line('county', 'CJ', []), line('uat', '2', []), line('uat', '1', [])];
    expect(orderLines(lines, ['1', '2']).map((l) => l.id)).toEqual(['1', '2', 'CJ', 'RO']);
    expect(lineStyle(line('uat', '2', []), ['1', '2']).stroke).toBe(UAT_LINE_COLORS[1]);
    expect(lineStyle(line('county', 'CJ', []), []).dash).toBeDefined();
  });
});

describe('scaleOf', () => {
  it("puts totals on their own axes and averages on the UATs' axis", () => {
    expect(scaleOf(line('uat', '1', []))).toBe('y');
    expect(scaleOf({ ...line('county', 'CJ', []), aggregate: 'total' })).toBe('county');
    expect(scaleOf({ ...line('country', 'RO', []), aggregate: 'published' })).toBe('country');
    expect(scaleOf({ ...line('country', 'RO', []), aggregate: 'average' })).toBe('y');
  });
});
