import { describe, expect, it } from 'vitest';
import { checkIndicatorMeta, layoutOf } from './indicators-import.ts';

describe('indicator CSV layout', () => {
  it('reads the long form, with a chosen value column', () => {
    expect(layoutOf('siruta,year,value', 'x.csv')).toMatchObject({
      sirutaCol: 0,
      yearCol: 1,
      valueCol: 2,
      delimiter: ',',
    });
    expect(layoutOf('siruta,year,count,frp', 'x.csv', 'count')).toMatchObject({ valueCol: 2 });
  });

  it('reads the wide form, one column per year, with ; as delimiter', () => {
    expect(layoutOf('SIRUTA;2020;2021', 'x.csv')).toMatchObject({
      delimiter: ';',
      sirutaCol: 0,
      yearCols: [
        [2020, 1],
        [2021, 2],
      ],
    });
  });

  it('names what the header lacks', () => {
    expect(() => layoutOf('cod,year,value', 'x.csv')).toThrow(/x\.csv line 1: no SIRUTA column \(tried: siruta/);
    expect(() => layoutOf('siruta,year,amount', 'x.csv')).toThrow(/no value column \(tried: value, valoare\)/);
    expect(() => layoutOf('siruta,name', 'x.csv')).toThrow(/neither a year column/);
  });

  it('requires the metadata and a plain code', () => {
    expect(() => checkIndicatorMeta({ code: 'pop' })).toThrow(/missing: name_ro, name_en, unit, source/);
    expect(() => checkIndicatorMeta({ code: 'Pop 1', name_ro: 'a', name_en: 'a', unit: 'a', source: 'a' })).toThrow(
      /must be lower case/,
    );
  });

  it('checks the catalogue kind and coverage when given', () => {
    const meta = { code: 'pop', name_ro: 'a', name_en: 'a', unit: 'a', source: 'a' };
    expect(checkIndicatorMeta({ ...meta, kind: 'count_flow', coverage: 'county' })).toMatchObject({
      kind: 'count_flow',
    });
    expect(() => checkIndicatorMeta({ ...meta, kind: 'ratio' as never })).toThrow(/count_stock, count_flow, rate/);
    expect(() => checkIndicatorMeta({ ...meta, coverage: 'world' as never })).toThrow(/national or county/);
  });
});
