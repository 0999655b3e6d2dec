import { describe, expect, it } from 'vitest';
import { parseDatetime } from './datetime.ts';

describe('parseDatetime', () => {
  it('reads instants, closed and half-open intervals', () => {
    expect(parseDatetime('2020-03-01')).toEqual({ start: '2020-03-01T00:00:00.000Z', end: '2020-03-01T00:00:00.000Z' });
    expect(parseDatetime('2020-03-01T10:00:00+02:00').start).toBe('2020-03-01T08:00:00.000Z');
    expect(parseDatetime('2019-01-01/2020-01-01')).toEqual({
      start: '2019-01-01T00:00:00.000Z',
      end: '2020-01-01T00:00:00.000Z',
    });
    expect(parseDatetime('../2020-01-01')).toEqual({ start: null, end: '2020-01-01T00:00:00.000Z' });
    expect(parseDatetime('2020-01-01/..')).toEqual({ start: '2020-01-01T00:00:00.000Z', end: null });
    expect(parseDatetime('2020-01-01/')).toEqual({ start: '2020-01-01T00:00:00.000Z', end: null });
  });

  it.each(['yesterday', '2020-02-30', '2020-01-01/2019-01-01', 'a/b/c', '2020-01-01T10:00', '0000-01-01'])(
    'refuses %s naming the parameter',
    (v) => {
      expect(() => parseDatetime(v)).toThrow(
        expect.objectContaining({ status: 400, extra: { parameter: 'datetime', value: v } }),
      );
    },
  );
});
