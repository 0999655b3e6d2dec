import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addressKey,
  addressKeyFunctionSql,
  DIACRITICS_FROM,
  DIACRITICS_TO,
  NUMBER_WORDS,
  STREET_TYPES,
} from './address-key.ts';

/** The SQL function transcribed step by step (translate, lower, regexp_replace, btrim), NUL left out. */
function reference(a: string): string {
  const from = [...DIACRITICS_FROM];
  const to = [...DIACRITICS_TO];
  const translated = [...a.replaceAll('\0', '')].map((c) => (from.includes(c) ? to[from.indexOf(c)]! : c)).join('');
  const lower = translated.replace(/[A-Z]/g, (c) => c.toLowerCase());
  const spaced = ` ${lower.replace(/[^a-z0-9]+/g, ' ')} `;
  return spaced
    .replace(new RegExp(`^ +(${STREET_TYPES.join('|')}) `), ' ')
    .replace(new RegExp(` (${NUMBER_WORDS.join('|')}) `, 'g'), ' ')
    .replace(/^ +| +$/g, '');
}

const char = fc.oneof(
  fc.constantFrom(...DIACRITICS_FROM, ...'abcdefghijklmnoprstuvzABCDNRSTZ0123456789'),
  fc.constantFrom(...' .,-/;()"\'\t_~\0', 'ß', 'İ', '\u212A', 's\u0326', 'Ж', '😀', '\u00A0'),
);
const word = fc.oneof(
  fc.constantFrom(...STREET_TYPES, ...NUMBER_WORDS, 'Str.', 'B-dul', 'P-ța', 'Nr.', 'NR', 'numărul', 'Moților'),
  fc.string({ unit: char, minLength: 1, maxLength: 6 }),
);
const address = fc.oneof(
  fc
    .array(fc.tuple(fc.constantFrom(' ', ', ', '. ', '-', '', '  '), word), { maxLength: 8 })
    .map((ws) => ws.flat().join('')),
  fc.string({ unit: char, maxLength: 24 }),
);

describe('addressKey', () => {
  it('folds "Strada Moților nr. 12" to "motilor 12": diacritics, case, street type and "nr" dropped', () => {
    expect(addressKey('Strada Moților nr. 12')).toBe('motilor 12');
    expect(addressKey('strada motilor 12')).toBe('motilor 12');
    expect(addressKey('STR. MOŢILOR NR.12')).toBe('motilor 12');
  });

  it('reads both the comma-below and the cedilla forms of ș and ț', () => {
    expect(addressKey('Șoseaua Țării')).toBe(addressKey('Şoseaua Ţării'));
    expect(addressKey('Calea Șerban Vodă numărul 7')).toBe('serban voda 7');
  });

  it('drops one leading street type only, and "nr" wherever it is a word of its own', () => {
    expect(addressKey('B-dul 21 Decembrie 1989 nr. 3')).toBe('21 decembrie 1989 3');
    expect(addressKey('Piața Unirii')).toBe('unirii');
    expect(addressKey('Aleea Strada Nouă')).toBe('strada noua');
    expect(addressKey('Strada Nrmica nr 4 numar 5')).toBe('nrmica 4 5');
    expect(addressKey('  ,;Str.  Ion Creangă,  nr.5 bl. A  ')).toBe('ion creanga 5 bl a');
    expect(addressKey('Strada')).toBe('');
    expect(addressKey('Strada Strada')).toBe('strada');
  });

  it('keeps NULL, and folds what has no letter or digit to an empty key', () => {
    expect(addressKey(null)).toBeNull();
    expect(addressKey(undefined)).toBeNull();
    expect(addressKey('')).toBe('');
    expect(addressKey(' .,- ')).toBe('');
  });

  it('leaves out NUL as the loader does, and folds other letters to spaces', () => {
    expect(addressKey('Str\0ada Mare')).toBe(addressKey('Strada Mare'));
    expect(addressKey('Straße 5')).toBe('stra e 5');
  });

  it('folds as the SQL function does, step by step, on generated addresses', () => {
    fc.assert(
      fc.property(address, (a) => {
        expect(addressKey(a)).toBe(reference(a));
      }),
      { numRuns: 5000 },
    );
  });

  it('writes the same lists into the SQL function', () => {
    const sql = addressKeyFunctionSql();
    expect(sql).toContain(`translate(a COLLATE "C", '${DIACRITICS_FROM}', '${DIACRITICS_TO}')`);
    expect(sql).toContain('b dul|calea');
    expect(addressKeyFunctionSql('locale')).toContain('translate(a, ');
  });
});
