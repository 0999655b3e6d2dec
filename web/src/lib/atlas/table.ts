/** The sortable table of one indicator's values: sorting and filtering, pure. */
import type { ValueRow } from './atlas-api.ts';
import { countyName } from './counties.ts';

export const SORT_KEYS = ['name', 'county', 'value', 'rankCounty', 'rankCountry'] as const;
export type SortKey = (typeof SORT_KEYS)[number];
export type SortDirection = 'ascending' | 'descending';

/** Folds Romanian diacritics (also the old cedilla forms) and case, for searching names. */
export function fold(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLocaleLowerCase('ro');
}

const collator = new Intl.Collator('ro', { sensitivity: 'base', numeric: true });

/** Sorts rows; rows without a value always go last, whatever the direction. */
export function sortRows(rows: readonly ValueRow[], key: SortKey, direction: SortDirection): ValueRow[] {
  const sign = direction === 'ascending' ? 1 : -1;
  return [...rows].sort((a, b) => {
    if (key === 'name' || key === 'county') {
      return sign * collator.compare(a[key], b[key]) || collator.compare(a.name, b.name);
    }
    const x = a[key];
    const y = b[key];
    if (x === null && y === null) return collator.compare(a.name, b.name);
    if (x === null) return 1;
    if (y === null) return -1;
    return sign * (x - y) || collator.compare(a.name, b.name);
  });
}

export function filterRows(
  rows: readonly ValueRow[],
  opts: { text?: string; county?: string; only?: readonly string[] | null },
): ValueRow[] {
  const text = opts.text ? fold(opts.text.trim()) : '';
  const only = opts.only && opts.only.length > 0 ? new Set(opts.only) : null;
  return rows.filter(
    (r) =>
      (!only || only.has(r.siruta)) &&
      (!opts.county || r.county === opts.county) &&
      (!text || fold(r.name).includes(text) || r.siruta === text),
  );
}

/** The default direction when a column is first sorted: names A→Z, values and ranks from the top. */
export function firstDirection(key: SortKey): SortDirection {
  return key === 'value' ? 'descending' : 'ascending';
}

/** The counties of the rows, as the county filter lists them: by name in Romanian order (Argeș after Arad). */
export function countyCodes(rows: readonly ValueRow[]): string[] {
  return [...new Set(rows.map((r) => r.county))]
    .filter(Boolean)
    .sort((a, b) => collator.compare(countyName(a), countyName(b)));
}
