// The checks every pair of message catalogs passes (the citizen map's, web/src/messages, and the atlas's,
// web/src/messages/atlas), registered as tests of the calling `describe`.
import { expect, it } from 'vitest';
import { isPluralForms, lookup, messageKeys, type Catalog } from '../lib/i18n/translate.ts';

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

/** Romanian and English catalogs: the same keys and placeholders, the plural forms of each language, clean text. */
export function itChecksCatalogs(ro: Catalog, en: Catalog): void {
  const catalogs: Record<string, Catalog> = { ro, en };

  it('has the same keys in Romanian and English', () => {
    expect(messageKeys(en)).toEqual(messageKeys(ro));
  });

  it('uses the same placeholders in both languages', () => {
    for (const key of messageKeys(ro)) {
      expect(placeholders(lookup(en, key)), key).toEqual(placeholders(lookup(ro, key)));
    }
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

  it('writes ș and ț with a comma below, never with a cedilla', () => {
    for (const [locale, catalog] of Object.entries(catalogs)) {
      for (const text of allStrings(catalog)) expect(text, `${locale}: ${text}`).not.toMatch(/[şţŞŢ]/);
    }
  });

  it('uses Romanian diacritics in the Romanian catalog', () => {
    const text = allStrings(ro).join(' ');
    for (const letter of ['ă', 'â', 'î', 'ș', 'ț', 'Î']) expect(text).toContain(letter);
  });

  it('has no empty message', () => {
    for (const catalog of Object.values(catalogs))
      for (const text of allStrings(catalog)) expect(text.trim()).not.toBe('');
  });
}
