import { describe, expect, it } from 'vitest';
import {
  createTranslator,
  interpolate,
  isPluralForms,
  lookup,
  messageKeys,
  pluralCategory,
  type Catalog,
} from './translate.ts';

describe('pluralCategory', () => {
  it('gives Romanian one for 1 only', () => {
    expect(pluralCategory('ro', 1)).toBe('one');
  });

  it('gives Romanian few for 0, 2–19, 101–119 and fractions', () => {
    for (const n of [0, 2, 5, 19, 101, 119, 1001, 1.5]) expect(pluralCategory('ro', n), String(n)).toBe('few');
  });

  it('gives Romanian other for 20 and above unless the last two digits are 01–19', () => {
    for (const n of [20, 21, 99, 100, 120, 1000]) expect(pluralCategory('ro', n), String(n)).toBe('other');
  });

  it('gives English only one and other', () => {
    expect(pluralCategory('en', 1)).toBe('one');
    for (const n of [0, 2, 3, 19, 20, 101]) expect(pluralCategory('en', n), String(n)).toBe('other');
  });
});

const catalog: Catalog = {
  greeting: 'Bună, {name}!',
  nested: { deep: { leaf: 'frunză' } },
  parcels: { one: '{count} parcelă', few: '{count} parcele', other: '{count} de parcele' },
  onlyOther: { other: '{count} elemente' },
};

describe('createTranslator', () => {
  const t = createTranslator('ro', catalog);

  it('interpolates named parameters', () => {
    expect(t('greeting', { name: 'Ioana' })).toBe('Bună, Ioana!');
  });

  it('looks up nested keys with dots', () => {
    expect(t('nested.deep.leaf')).toBe('frunză');
  });

  it('chooses the plural form from count and formats the number for the locale', () => {
    expect(t('parcels', { count: 1 })).toBe('1 parcelă');
    expect(t('parcels', { count: 3 })).toBe('3 parcele');
    expect(t('parcels', { count: 20 })).toBe('20 de parcele');
    expect(t('parcels', { count: 1500 })).toBe('1.500 de parcele');
  });

  it('falls back to other when a form is missing', () => {
    expect(t('onlyOther', { count: 2 })).toBe('2 elemente');
  });

  it('uses the fallback catalog, then shows the key itself', () => {
    const en = createTranslator('en', { greeting: 'Hello, {name}!' }, catalog);
    expect(en('nested.deep.leaf')).toBe('frunză');
    expect(en('missing.key')).toBe('missing.key');
  });

  it('does not treat a group as a message', () => {
    expect(t('nested')).toBe('nested');
  });
});

describe('interpolate', () => {
  it('leaves unknown placeholders visible', () => {
    expect(interpolate('{a} și {b}', { a: 'x' }, String)).toBe('x și {b}');
  });
});

describe('lookup and messageKeys', () => {
  it('recognises plural forms only when every key is a plural category', () => {
    expect(isPluralForms({ one: 'a', other: 'b' })).toBe(true);
    expect(isPluralForms({ other: 'b', housing: 'c' })).toBe(false);
    expect(lookup(catalog, 'parcels')).toEqual(catalog['parcels']);
  });

  it('lists plural messages as one key', () => {
    expect(messageKeys(catalog)).toEqual(['greeting', 'nested.deep.leaf', 'onlyOther', 'parcels']);
  });
});
