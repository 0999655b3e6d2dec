import { describe, expect, it } from 'vitest';
import {
  atlasHref,
  DEFAULT_STATE,
  isAtlasPath,
  parseRoute,
  parseState,
  serializeState,
  toggleUat,
} from './url-state.ts';

describe('parseRoute', () => {
  it('recognises the atlas and a UAT profile', () => {
    expect(parseRoute('/atlas')).toEqual({ page: 'atlas' });
    expect(parseRoute('/atlas/')).toEqual({ page: 'atlas' });
    expect(parseRoute('/atlas/uat/54975')).toEqual({ page: 'profile', siruta: '54975' });
  });

  it('refuses other paths and malformed SIRUTA codes', () => {
    expect(parseRoute('/')).toBeNull();
    expect(parseRoute('/atlasx')).toBeNull();
    expect(parseRoute('/atlas/uat/abc')).toBeNull();
    expect(parseRoute('/atlas/uat/54975/x')).toBeNull();
    expect(isAtlasPath('/atlas/uat/1')).toBe(true);
    expect(isAtlasPath('/atlases')).toBe(false);
  });
});

describe('parseState and serializeState', () => {
  it('round-trips a full view', () => {
    const state = {
      indicator: 'pop_census',
      year: 2011,
      derived: 'change_pct' as const,
      from: 2002,
      method: 'ckmeans' as const,
      classes: 7,
      scheme: 'viridis' as const,
      uats: ['54975', '55268'],
    };
    const query = serializeState(state);
    expect(query).toBe(
      'indicator=pop_census&year=2011&derived=change_pct&from=2002&method=ckmeans&classes=7&scheme=viridis&uat=54975,55268',
    );
    expect(parseState(query)).toEqual(state);
  });

  it('leaves defaults out of the link', () => {
    expect(serializeState({ ...DEFAULT_STATE, indicator: 'area', year: 2024 })).toBe('indicator=area&year=2024');
    expect(atlasHref(DEFAULT_STATE)).toBe('/atlas');
    // `from` only matters for a change.
    expect(serializeState({ ...DEFAULT_STATE, from: 2002 })).toBe('');
  });

  it('falls back to defaults for anything malformed, and keeps at most four distinct UATs', () => {
    const state = parseState(
      '?indicator=a%20b&year=20x1&derived=per_m2&method=jenks&classes=12&scheme=rainbow&uat=1,2,2,x,3,4,5',
    );
    expect(state).toEqual({ ...DEFAULT_STATE, uats: ['1', '2', '3', '4'] });
  });

  it('reads and writes the language as the map page does: last, whenever given; an unknown one is ignored', () => {
    expect(parseState('?indicator=area&year=2024&lang=en')).toEqual({
      ...DEFAULT_STATE,
      indicator: 'area',
      year: 2024,
      lang: 'en',
    });
    expect(parseState('?lang=fr')).toEqual(DEFAULT_STATE);
    expect(serializeState({ ...DEFAULT_STATE, indicator: 'area', year: 2024, uats: ['1'], lang: 'en' })).toBe(
      'indicator=area&year=2024&uat=1&lang=en',
    );
    expect(atlasHref({ ...DEFAULT_STATE, lang: 'ro' })).toBe('/atlas?lang=ro');
  });
});

describe('toggleUat', () => {
  it('adds, removes, and refuses a fifth UAT', () => {
    expect(toggleUat([], '1')).toEqual({ uats: ['1'], refused: false });
    expect(toggleUat(['1', '2'], '1')).toEqual({ uats: ['2'], refused: false });
    expect(toggleUat(['1', '2', '3', '4'], '5')).toEqual({ uats: ['1', '2', '3', '4'], refused: true });
  });
});
