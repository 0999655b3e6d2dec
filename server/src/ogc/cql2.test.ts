import { describe, expect, it } from 'vitest';
import { cqlToSql } from '../../../db/src/cql2-sql.ts';
import { parseCql2Text } from './cql2.ts';

const COLUMNS = {
  cadastral_number: 'string',
  area_official_m2: 'double',
  intravilan: 'bool',
  uat_siruta: 'int',
} as const;
const sql = (text: string) => {
  const params: unknown[] = [];
  const s = cqlToSql(parseCql2Text(text), COLUMNS, (v) => {
    params.push(v);
    return `$${params.length}`;
  });
  return { s, params };
};

describe('CQL2 text to SQL', () => {
  it('comparisons, AND/OR/NOT with parameters only', () => {
    expect(sql("area_official_m2 > 500 AND (intravilan = TRUE OR NOT cadastral_number = 'x''y')")).toEqual({
      s: '((f.area_official_m2 > $1::float8) AND ((f.intravilan = $2::boolean) OR (NOT (f.cadastral_number = $3::text))))',
      params: [500, true, "x'y"],
    });
    expect(sql('500 < area_official_m2').s).toBe('(f.area_official_m2 > $1::float8)');
  });

  it('LIKE, IN, BETWEEN, IS NULL and their negations', () => {
    expect(sql("cadastral_number LIKE '2288%'").s).toBe('(f.cadastral_number LIKE $1::text)');
    expect(sql('uat_siruta IN (54975, 55268)').params).toEqual([54975, 55268]);
    expect(sql('area_official_m2 NOT BETWEEN 100 AND 200').s).toBe(
      '(f.area_official_m2 NOT BETWEEN $1::float8 AND $2::float8)',
    );
    expect(sql('cadastral_number IS NOT NULL').s).toBe('(f.cadastral_number IS NOT NULL)');
    expect(sql('"uat_siruta" = 1').s).toBe('(f.uat_siruta = $1::int8)');
  });

  it('S_INTERSECTS with a BBOX or a WKT geometry', () => {
    expect(sql('S_INTERSECTS(geometry, BBOX(23.5, 46.7, 23.6, 46.8))').params).toEqual([23.5, 46.7, 23.6, 46.8]);
    const w = sql('s_intersects(geometry, POLYGON((23.5 46.7, 23.6 46.7, 23.6 46.8, 23.5 46.7)))');
    expect(w.params).toEqual(['POLYGON((23.5 46.7, 23.6 46.7, 23.6 46.8, 23.5 46.7))']);
  });

  it.each([
    ['area >>>', /not CQL2/],
    ['1=1; DROP TABLE parcels', /not CQL2/],
    ["cadastral_number = 'a' OR", /not CQL2/],
  ])('refuses malformed %s', (text, re) => {
    expect(() => sql(text)).toThrow(re);
  });

  it.each([
    ['nosuch = 1', /unknown property nosuch/],
    ["area_official_m2 = 'big'", /cannot be compared/],
    ['intravilan LIKE 1', /not CQL2|LIKE/],
    ['S_INTERSECTS(geometry, BBOX(2, 2, 1, 1))', /lower corner/],
  ])('refuses %s with a reason', (text, re) => {
    expect(() => sql(text)).toThrow(re);
  });
});
