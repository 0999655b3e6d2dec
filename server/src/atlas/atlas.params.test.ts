import { describe, expect, it } from 'vitest';
import { searchParams } from '../fast-lane.ts';
import { HttpError } from '../errors.ts';
import { asksAllYears, parseAllYearsQuery, parseUatList, parseValuesQuery } from './atlas.params.ts';

const parameterOf = (fn: () => unknown): string | undefined => {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(HttpError);
    return (err as HttpError).extra.parameter as string;
  }
  return undefined;
};

describe('parseValuesQuery', () => {
  it('defaults to the raw values, 5 quantile classes, the latest year', () => {
    expect(parseValuesQuery(searchParams(''))).toEqual({
      year: undefined,
      from: undefined,
      derived: 'none',
      classes: 5,
      method: 'quantile',
      county: undefined,
    });
  });

  it('reads every parameter', () => {
    expect(
      parseValuesQuery(searchParams('year=2011&from=2002&derived=change_pct&classes=9&method=ckmeans&county=cj')),
    ).toEqual({ year: 2011, from: 2002, derived: 'change_pct', classes: 9, method: 'ckmeans', county: 'CJ' });
  });

  it.each([
    ['year=last', 'year'],
    ['year=2020.5', 'year'],
    ['from=x', 'from'],
    ['classes=2', 'classes'],
    ['classes=10', 'classes'],
    ['classes=3.5', 'classes'],
    ['method=jenks', 'method'],
    ['derived=per_cow', 'derived'],
    ['county=%3Cscript%3E', 'county'],
    ['year=2011&year=2002', 'year'],
  ])('refuses %s naming %s', (query, parameter) => {
    expect(parameterOf(() => parseValuesQuery(searchParams(query)))).toBe(parameter);
  });
});

describe('year=all', () => {
  it('is asked for by year=all (any case) and reads the other parameters as one year does', () => {
    expect(asksAllYears(searchParams('year=all'))).toBe(true);
    expect(asksAllYears(searchParams('year=ALL'))).toBe(true);
    expect(asksAllYears(searchParams('year=2011'))).toBe(false);
    expect(asksAllYears(searchParams(''))).toBe(false);
    expect(parseAllYearsQuery(searchParams('year=all&from=2002&derived=change&classes=7&county=cj'))).toEqual({
      from: 2002,
      derived: 'change',
      classes: 7,
      method: 'quantile',
      county: 'CJ',
    });
  });

  it.each([
    ['year=all&classes=12', 'classes'],
    ['year=all&derived=per_cow', 'derived'],
    ['year=all&from=x', 'from'],
  ])('refuses %s naming %s', (query, parameter) => {
    expect(parameterOf(() => parseAllYearsQuery(searchParams(query)))).toBe(parameter);
  });
});

describe('parseUatList', () => {
  it('reads up to 4 SIRUTA codes, once each', () => {
    expect(parseUatList('54975, 55008,54975')).toEqual([54975, 55008]);
  });

  it.each([[undefined], [''], ['1,2,3,4,5'], ['Cluj'], ['54975,']])('refuses %j naming uat', (v) => {
    expect(parameterOf(() => parseUatList(v))).toBe('uat');
  });
});
