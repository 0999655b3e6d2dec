import { describe, expect, it } from 'vitest';
import ro from './ro.json';
import en from './en.json';
import { isPluralForms, lookup, messageKeys, type Catalog } from '../lib/i18n/translate.ts';
import { LAYER_GROUPS } from '../lib/map/style.ts';

const catalogs: Record<string, Catalog> = { ro, en };

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

describe('messages', () => {
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

  it('has a label for every layer and legend entry of the map style', () => {
    for (const group of LAYER_GROUPS) {
      // The served legend's classes and kinds carry their own names; the other entries are message keys.
      const keys = group.legend(null).flatMap((e) => (typeof e.label === 'string' ? [e.label] : []));
      for (const key of [group.labelKey, ...keys]) {
        expect(typeof lookup(ro, key), key).toBe('string');
        expect(typeof lookup(en, key), key).toBe('string');
      }
    }
  });
});
