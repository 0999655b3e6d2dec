// Query parameters of the atlas endpoints, parsed and checked: a bad value is a 400 naming the parameter.
import { badParam, missingParam } from '../errors.ts';
import type { QueryParams } from '../fast-lane.ts';
import { MAX_CLASSES, METHODS, MIN_CLASSES, type BreakMethod } from './class-breaks.ts';
import { DERIVED, type Derived, type ValuesQuery } from './atlas.service.ts';

export const MAX_SERIES_UATS = 4;

export function parseYear(v: string | undefined, name = 'year'): number | undefined {
  if (v === undefined || v === '') return undefined;
  if (!/^\d{4}$/.test(v.trim())) throw badParam(name, v, 'expected a year YYYY');
  return Number(v);
}

/** `year=all`: every year of the indicator in one answer (`GET /api/indicators/{code}/values` only). */
export const ALL_YEARS = 'all';

/** Whether the values request asks for every year at once (`year=all`). */
export const asksAllYears = (q: QueryParams): boolean => q.get('year')?.trim().toLowerCase() === ALL_YEARS;

/** The query of `year=all`: the same parameters as one year's, without the year. */
export function parseAllYearsQuery(q: QueryParams): Omit<ValuesQuery, 'year'> {
  const { year: _year, ...rest } = parseValuesQuery({ get: (name) => (name === 'year' ? undefined : q.get(name)) });
  return rest;
}

export function parseValuesQuery(q: QueryParams): ValuesQuery {
  const derived = q.get('derived') ?? 'none';
  if (!(DERIVED as readonly string[]).includes(derived))
    throw badParam('derived', derived, `one of ${DERIVED.join(', ')}`);
  const method = q.get('method') ?? 'quantile';
  if (!(METHODS as readonly string[]).includes(method))
    throw badParam('method', method, `one of ${METHODS.join(', ')}`);
  const classesRaw = q.get('classes');
  const classes = classesRaw === undefined || classesRaw === '' ? 5 : Number(classesRaw);
  if (!/^\d+$/.test(classesRaw ?? '5') || classes < MIN_CLASSES || classes > MAX_CLASSES)
    throw badParam('classes', classesRaw, `a whole number from ${MIN_CLASSES} to ${MAX_CLASSES}`);
  const county = q.get('county');
  if (county !== undefined && county !== '' && !/^[A-Za-z]{1,2}$/.test(county))
    throw badParam('county', county, 'a county code such as CJ or B');
  return {
    year: parseYear(q.get('year')),
    from: parseYear(q.get('from'), 'from'),
    derived: derived as Derived,
    classes,
    method: method as BreakMethod,
    county: county ? county.toUpperCase() : undefined,
  };
}

export function parseUatList(v: string | undefined): number[] {
  if (v === undefined || v.trim() === '') throw missingParam('uat');
  const parts = v.split(',').map((s) => s.trim());
  if (parts.length > MAX_SERIES_UATS)
    throw badParam('uat', v, `at most ${MAX_SERIES_UATS} UATs (SIRUTA codes separated by commas)`);
  const out: number[] = [];
  for (const p of parts) {
    if (!/^\d{1,6}$/.test(p)) throw badParam('uat', p, 'a SIRUTA code is a number of up to 6 digits');
    if (!out.includes(Number(p))) out.push(Number(p));
  }
  return out;
}

export function parseSirutaPath(v: string): number {
  if (!/^\d{1,6}$/.test(v)) throw badParam('siruta', v, 'a SIRUTA code is a number of up to 6 digits');
  return Number(v);
}
