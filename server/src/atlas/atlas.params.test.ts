import { describe, expect, it } from 'vitest';
import { searchParams } from '../fast-lane.ts';
import { HttpError } from '../errors.ts';
import { parseUatList, parseValuesQuery } from './atlas.params.ts';

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

describe('parseUatList', () => {
  it('reads up to 4 SIRUTA codes, once each', () => {
    expect(parseUatList('54975, 55008,54975')).toEqual([54975, 55008]);
  });

  it.each([[undefined], [''], ['1,2,3,4,5'], ['Cluj'], ['54975,']])('refuses %j naming uat', (v) => {
    expect(parameterOf(() => parseUatList(v))).toBe('uat');
  });
});
