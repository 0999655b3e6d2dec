import { describe, expect, it } from 'vitest';
import { loadInputs, parseCsv } from './load-inputs.ts';

describe('generator/load-inputs', () => {
  it('parses quoted CSV fields with commas, quotes and line breaks', () => {
    expect(parseCsv('a,b,c\n1,"x, ""y""\nz",3\r\n4,,6\n')).toEqual([
      ['a', 'b', 'c'],
      ['1', 'x, "y"\nz', '3'],
      ['4', '', '6'],
    ]);
  });

  it('reads the real inputs: 81 UTRs, 81 Cluj UATs, street names, the city boundary in Stereo 70', () => {
    const inputs = loadInputs();
    expect(inputs.utrs).toHaveLength(81);
    const liu = inputs.utrs.find((u) => u.code === 'Liu');
    expect(liu).toMatchObject({ potMaxPct: 35, cutMax: 0.9, heightCorniceMaxM: 8, heightRidgeMaxM: 12 });
    expect(liu?.heightRegime).not.toContain('\n');
    expect(inputs.utrs.find((u) => u.code === 'RrM2')?.potMaxPct).toBeNull();
    expect(inputs.uats).toHaveLength(81);
    expect(inputs.uats.find((u) => u.name === 'Florești')?.siruta).toBe(57706);
    expect(inputs.uats.find((u) => u.siruta === 54975)?.areaKm2).toBeCloseTo(178.5, 0);
    expect(inputs.streets.length).toBeGreaterThan(1000);
    const ring = inputs.cityBoundary[0]?.[0] ?? [];
    const xs = ring.map((p) => p[0]);
    const ys = ring.map((p) => p[1]);
    // EPSG:3844 bbox of Cluj-Napoca (metres)
    expect(Math.min(...xs)).toBeGreaterThan(380000);
    expect(Math.max(...xs)).toBeLessThan(405000);
    expect(Math.min(...ys)).toBeGreaterThan(575000);
    expect(Math.max(...ys)).toBeLessThan(600000);
  });
});
