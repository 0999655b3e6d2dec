import { describe, expect, it } from 'vitest';
import { coerce, normaliseRomanian } from './coerce.ts';

const col = (type: Parameters<typeof coerce>[0]['type']) => ({ column: 'c', type, candidates: [] });

describe('coerce', () => {
  it('normalises s and t with cedilla to comma below', () => {
    expect(normaliseRomanian('Bulevardul Ştefan cel Mare, Ţara')).toBe('Bulevardul Ștefan cel Mare, Țara');
    expect(coerce(col('text'), '  Strada Şcolii ')).toBe('Strada Școlii');
  });

  it('reads Romanian dates and booleans', () => {
    expect(coerce(col('date'), '22.12.2014')).toBe('2014-12-22');
    expect(coerce(col('date'), '2014-12-22')).toBe('2014-12-22');
    expect(coerce(col('bool'), 'DA')).toBe(true);
    expect(coerce(col('bool'), 'extravilan')).toBe(false);
  });

  it('returns an error naming the column for a bad value', () => {
    expect(coerce(col('int'), '12a')).toBeInstanceOf(Error);
    expect((coerce(col('date'), '31.02.2020') as Error).message).toMatch(/not a real date/);
    expect((coerce(col('float'), 'abc') as Error).message).toMatch(/c must be a number/);
  });

  it('refuses a text value too long for an index, naming the column and its length', () => {
    const address = { column: 'address', type: 'text' as const, candidates: [] };
    expect(coerce(address, 'ț'.repeat(1000))).toBe('ț'.repeat(1000));
    const err = coerce(address, 'ț'.repeat(1001));
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).toMatch(/address is too long \(1001 characters, 2002 bytes; at most 2000 bytes\)/);
    const description = { column: 'description', type: 'text' as const, candidates: [] };
    expect(coerce(description, 'x'.repeat(5000))).toBe('x'.repeat(5000));
  });

  it('reads decimal commas and lists', () => {
    expect(coerce(col('float'), '0,9')).toBe(0.9);
    expect(coerce(col('text[]'), 'locuințe; comerț')).toEqual(['locuințe', 'comerț']);
  });
});
