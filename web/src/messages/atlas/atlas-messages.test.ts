import { describe, expect, it } from 'vitest';
import ro from './ro.json';
import en from './en.json';
import { isPluralForms, lookup, messageKeys, type Catalog } from '../../lib/i18n/translate.ts';

function allStrings(catalog: Catalog): string[] {
  return Object.values(catalog).flatMap((value) =>
    typeof value === 'string'
      ? [value]
      : isPluralForms(value)
        ? Object.values(value).filter((v) => v !== undefined)
        : allStrings(value),
  );
}

function placeholders(message: ReturnType<typeof lookup>): string[] {
  const text = typeof message === 'string' ? message : message ? Object.values(message).join(' ') : '';
  return [...new Set([...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1] ?? ''))].sort();
}

describe('atlas messages', () => {
  it('has the same keys in Romanian and English', () => {
    expect(messageKeys(en)).toEqual(messageKeys(ro));
  });

  it('uses the same placeholders in both languages', () => {
    for (const key of messageKeys(ro))
      expect(placeholders(lookup(en, key)), key).toEqual(placeholders(lookup(ro, key)));
  });

  it('gives Romanian plurals one, few and other, and English one and other', () => {
    for (const key of messageKeys(ro)) {
      const message = lookup(ro, key);
      if (!isPluralForms(message)) continue;
      expect(Object.keys(message).sort(), key).toEqual(['few', 'one', 'other']);
      const english = lookup(en, key);
      expect(isPluralForms(english) && Object.keys(english).sort(), key).toEqual(['one', 'other']);
    }
  });

  it('writes ș and ț with a comma below, never with a cedilla, and has no empty message', () => {
    for (const text of [...allStrings(ro), ...allStrings(en)]) {
      expect(text).not.toMatch(/[şţŞŢ]/);
      expect(text.trim()).not.toBe('');
    }
    expect(allStrings(ro).join(' ')).toMatch(/ș/);
  });
});
