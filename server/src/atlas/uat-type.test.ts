import { describe, expect, it } from 'vitest';
import { uatTypeLabel } from './uat-type.ts';

describe('uatTypeLabel', () => {
  it('writes the county seat in correct Romanian, with comma-below ș and ț', () => {
    const label = uatTypeLabel('Municipiu resedinta de judet');
    expect(label).toEqual({ ro: 'Municipiu, reședință de județ', en: 'Municipality, county seat' });
    expect(label!.ro).toContain('\u0219'); // ș comma below, never ş (cedilla)
    expect(label!.ro).toContain('\u021b'); // ț comma below
  });

  it('reads the kinds the same with or without diacritics and punctuation', () => {
    expect(uatTypeLabel('Oras')).toEqual({ ro: 'Oraș', en: 'Town' });
    expect(uatTypeLabel('ORAȘ')).toEqual({ ro: 'Oraș', en: 'Town' });
    expect(uatTypeLabel('Comuna')?.ro).toBe('Comună');
    expect(uatTypeLabel('Municipiu, altul decat resedinta de judet')?.ro).toBe(
      'Municipiu (nu este reședință de județ)',
    );
    expect(uatTypeLabel('Sectoarele municipiului Bucuresti')?.en).toBe('Sector of Bucharest');
  });

  it('shows an unknown kind as written, and nothing for no kind', () => {
    expect(uatTypeLabel('Stațiune')).toEqual({ ro: 'Stațiune', en: 'Stațiune' });
    expect(uatTypeLabel(null)).toBeNull();
    expect(uatTypeLabel('  ')).toBeNull();
  });
});
