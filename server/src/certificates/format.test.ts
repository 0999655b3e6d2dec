import { describe, expect, it } from 'vitest';
import { commaBelow, formatDay, formatLongDay, formatNumber, romanianClock } from './format.ts';

describe('formatNumber', () => {
  it('groups thousands and writes the decimal comma in Romanian', () => {
    expect(formatNumber(1234567.891, 'ro')).toBe('1.234.567,89');
    expect(formatNumber(1234567.891, 'en')).toBe('1,234,567.89');
  });

  it('drops trailing zeros and keeps small and negative numbers', () => {
    expect(formatNumber(4000, 'ro')).toBe('4.000');
    expect(formatNumber(0.2, 'ro')).toBe('0,2');
    expect(formatNumber(-1500.5, 'en')).toBe('-1,500.5');
    expect(formatNumber(-0.001, 'ro')).toBe('0');
    expect(formatNumber(1499.6, 'ro', 0)).toBe('1.500');
  });
});

describe('dates', () => {
  it('formats a day in both languages', () => {
    expect(formatDay('2025-06-30', 'ro')).toBe('30.06.2025');
    expect(formatDay('2025-06-30', 'en')).toBe('30 June 2025');
    expect(formatLongDay('2026-11-04', 'ro')).toBe('4 noiembrie 2026');
    expect(formatDay('not a day', 'ro')).toBe('not a day');
  });

  it('reads the clock in Romania, summer and winter', () => {
    expect(romanianClock(new Date('2026-11-24T22:30:00Z'))).toEqual({ day: '2026-11-25', time: '00:30' });
    expect(romanianClock(new Date('2026-07-01T08:05:00Z'))).toEqual({ day: '2026-07-01', time: '11:05' });
  });
});

describe('commaBelow', () => {
  it('replaces the cedilla letters with the comma-below ones', () => {
    expect(commaBelow('ZONE ŞI SUBZONE FUNCŢIONALE, aşa, ţară')).toBe('ZONE ȘI SUBZONE FUNCȚIONALE, așa, țară');
  });
});
