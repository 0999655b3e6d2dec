import { describe, expect, it } from 'vitest';
import type { Indicator } from './atlas-api.ts';
import { DEFAULT_STATE } from './url-state.ts';
import { allowedDerived, countHintKey, drawAsCircles, settle, unknownIndicator, yearTicks } from './view.ts';

const indicator = (over: Partial<Indicator>): Indicator => ({
  code: 'x',
  name: { ro: 'x', en: 'x' },
  description: { ro: null, en: null },
  unit: 'u',
  unitEn: null,
  kind: 'count_flow',
  source: 's',
  sourceEn: null,
  licence: null,
  licenceEn: null,
  years: [2016, 2017, 2018],
  coverage: 'national',
  higherIsBetter: null,
  synthetic: false,
  notes: { ro: null, en: null },
  derived: null,
  ...over,
});

const census = indicator({ code: 'population_census', kind: 'count_stock', years: [2002, 2011], unit: 'locuitori' });
const fires = indicator({ code: 'fire_detections', derived: ['none', 'per_km2', 'per_1000', 'change'] });
const synthetic = indicator({ code: 'population', synthetic: true, coverage: 'county' });

describe('settle', () => {
  it('opens on the first real national indicator and its latest year', () => {
    expect(settle(DEFAULT_STATE, [synthetic, census, fires])).toMatchObject({
      indicator: 'population_census',
      year: 2011,
      derived: 'none',
    });
  });

  it('keeps a known view, and corrects an unknown year or a mode the indicator does not offer', () => {
    expect(settle({ ...DEFAULT_STATE, indicator: 'fire_detections', year: 2017 }, [census, fires]).year).toBe(2017);
    expect(settle({ ...DEFAULT_STATE, indicator: 'fire_detections', year: 1990 }, [census, fires]).year).toBe(2018);
    expect(
      settle({ ...DEFAULT_STATE, indicator: 'fire_detections', derived: 'change_pct' }, [census, fires]).derived,
    ).toBe('none');
  });

  it('gives a change a base year other than the year shown', () => {
    const s = settle({ ...DEFAULT_STATE, indicator: 'population_census', derived: 'change', year: 2011 }, [census]);
    expect(s).toMatchObject({ derived: 'change', from: 2002, year: 2011 });
    const same = settle({ ...s, from: 2011 }, [census]);
    expect(same.from).toBe(2002);
  });
});

describe('unknownIndicator', () => {
  it("names a link's indicator code that the catalogue does not hold, before any request for it", () => {
    expect(unknownIndicator({ ...DEFAULT_STATE, indicator: 'nope' }, [census, fires])).toBe('nope');
    expect(unknownIndicator({ ...DEFAULT_STATE, indicator: 'fire_detections' }, [census, fires])).toBeNull();
    expect(unknownIndicator(DEFAULT_STATE, [census, fires])).toBeNull();
    // No catalogue (not loaded, or empty): nothing to judge against.
    expect(unknownIndicator({ ...DEFAULT_STATE, indicator: 'nope' }, [])).toBeNull();
  });
});

describe('allowedDerived and drawAsCircles', () => {
  it("follows the server's list when it gives one, and never offers per-1,000 of a population", () => {
    expect(allowedDerived(fires)).toEqual(['none', 'per_km2', 'per_1000', 'change']);
    expect(allowedDerived(census)).not.toContain('per_1000');
    expect(allowedDerived(indicator({ kind: 'rate' }))).toEqual(['none', 'change', 'change_pct']);
  });

  it('draws counts as they are with circles, everything else as a choropleth', () => {
    expect(drawAsCircles(census, 'none')).toBe(true);
    expect(drawAsCircles(census, 'per_km2')).toBe(false);
    expect(drawAsCircles(indicator({ kind: 'rate' }), 'none')).toBe(false);
  });
});

describe('yearTicks', () => {
  it('labels every year when there are few, else every k-th and the last without crowding it', () => {
    expect(yearTicks([2002, 2011])).toEqual([2002, 2011]);
    const years = Array.from({ length: 27 }, (_, i) => 2000 + i);
    expect(yearTicks(years)).toEqual([2000, 2005, 2010, 2015, 2020, 2026]);
    expect(yearTicks(Array.from({ length: 10 }, (_, i) => 2016 + i))).toEqual([2016, 2018, 2020, 2022, 2025]);
  });
});

describe('countHintKey', () => {
  it('names only the coloured forms the indicator offers', () => {
    expect(countHintKey(['none', 'per_km2', 'per_1000', 'change', 'change_pct'])).toBe('derived.countHint');
    // The census: a density, no value per 1,000 inhabitants.
    expect(countHintKey(['none', 'per_km2', 'change', 'change_pct'])).toBe('derived.countHintDensity');
    // The area: neither.
    expect(countHintKey(['none', 'change', 'change_pct'])).toBe('derived.countHintCircles');
  });
});
