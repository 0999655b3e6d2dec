import { describe, expect, it } from 'vitest';
import type { ValueRow } from './atlas-api.ts';
import { countyCodes, filterRows, fold, sortRows } from './table.ts';

const row = (siruta: string, name: string, county: string, value: number | null, rank: number | null): ValueRow => ({
  siruta,
  name,
  county,
  value,
  rankCounty: rank,
  rankCountry: rank,
});

const rows = [
  row('54975', 'Cluj-Napoca', 'CJ', 324_576, 1),
  row('55268', 'Florești', 'CJ', 22_813, 2),
  row('60169', 'Negreni', 'CJ', null, null),
  row('179132', 'Sector 1', 'B', 225_453, 3),
];

describe('sortRows', () => {
  it('sorts by value both ways and keeps rows without a value last', () => {
    expect(sortRows(rows, 'value', 'descending').map((r) => r.siruta)).toEqual(['54975', '179132', '55268', '60169']);
    expect(sortRows(rows, 'value', 'ascending').map((r) => r.siruta)).toEqual(['55268', '179132', '54975', '60169']);
  });

  it('sorts names with the Romanian collation', () => {
    expect(sortRows(rows, 'name', 'ascending').map((r) => r.name)).toEqual([
      'Cluj-Napoca',
      'Florești',
      'Negreni',
      'Sector 1',
    ]);
  });
});

describe('filterRows', () => {
  it('finds names without diacritics, by county, by SIRUTA, or only the selection', () => {
    expect(fold('Florești')).toBe('floresti');
    expect(filterRows(rows, { text: 'flores' }).map((r) => r.siruta)).toEqual(['55268']);
    expect(filterRows(rows, { county: 'B' }).map((r) => r.siruta)).toEqual(['179132']);
    expect(filterRows(rows, { text: '54975' }).map((r) => r.siruta)).toEqual(['54975']);
    expect(filterRows(rows, { only: ['60169', '54975'] }).map((r) => r.siruta)).toEqual(['54975', '60169']);
  });
});

describe('countyCodes', () => {
  it('lists the counties by name in Romanian order, not by code', () => {
    const codes = ['AG', 'AR', 'B', 'BC', 'GJ', 'GL', 'VL', 'VN', 'VS', 'SJ', 'SM', 'CJ', 'AR'];
    const listed = countyCodes(codes.map((c, i) => row(String(i), `UAT ${i}`, c, i, 1)));
    expect(listed).toEqual(['AR', 'AG', 'BC', 'B', 'CJ', 'GL', 'GJ', 'SM', 'SJ', 'VS', 'VL', 'VN']);
  });
});
