/**
 * Pure message lookup, interpolation and plural selection. The rune-based store in
 * `i18n.svelte.ts` wraps these functions; keeping them here makes them testable without Svelte.
 */

export const LOCALES = ['ro', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'ro';

/** The plural categories we support. Romanian uses all three, English only `one` and `other`. */
export type PluralCategory = 'one' | 'few' | 'other';
export type PluralForms = { readonly one?: string; readonly few?: string; readonly other: string };
export interface Catalog {
  readonly [key: string]: string | PluralForms | Catalog;
}

export type Params = Readonly<Record<string, string | number>>;

const PLURAL_KEYS: ReadonlySet<string> = new Set(['zero', 'one', 'two', 'few', 'many', 'other']);

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

/** An object whose keys are all CLDR plural categories (and include `other`) is a plural message. */
export function isPluralForms(value: unknown): value is PluralForms {
  if (typeof value !== 'object' || value === null) return false;
  const keys = Object.keys(value);
  return keys.includes('other') && keys.every((k) => PLURAL_KEYS.has(k));
}

const pluralRulesCache = new Map<Locale, Intl.PluralRules>();

/**
 * CLDR plural category for `count`, folded into one/few/other.
 * Romanian: one = 1; few = 0, 2–19 and numbers ending in 01–19 (101, 119), and fractions; other = 20, 100, 120…
 */
export function pluralCategory(locale: Locale, count: number): PluralCategory {
  let rules = pluralRulesCache.get(locale);
  if (!rules) {
    rules = new Intl.PluralRules(locale);
    pluralRulesCache.set(locale, rules);
  }
  const category = rules.select(count);
  return category === 'one' || category === 'few' ? category : 'other';
}

export function pickPlural(forms: PluralForms, category: PluralCategory): string {
  return forms[category] ?? forms.other;
}

/** Replaces `{name}` placeholders; unknown placeholders are left visible so a missing parameter is noticed. */
export function interpolate(template: string, params: Params | undefined, formatNumber: (n: number) => string): string {
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name];
    if (value === undefined) return whole;
    return typeof value === 'number' ? formatNumber(value) : value;
  });
}

export function lookup(catalog: Catalog, key: string): string | PluralForms | undefined {
  let node: string | PluralForms | Catalog | undefined = catalog;
  for (const part of key.split('.')) {
    if (typeof node !== 'object' || node === null || isPluralForms(node)) return undefined;
    node = (node as Catalog)[part];
  }
  if (typeof node === 'string' || isPluralForms(node)) return node;
  return undefined;
}

/** All message keys of a catalog (plural messages count as one key), sorted. */
export function messageKeys(catalog: Catalog, prefix = ''): string[] {
  const keys: string[] = [];
  for (const [name, value] of Object.entries(catalog)) {
    const key = prefix + name;
    if (typeof value === 'string' || isPluralForms(value)) keys.push(key);
    else keys.push(...messageKeys(value, `${key}.`));
  }
  return keys.sort();
}

export type Translate<K extends string = string> = (key: K, params?: Params) => string;

/**
 * Builds `t(key, params)` for one locale. A message given as plural forms needs a numeric `count` parameter.
 * A missing key falls back to the fallback catalog, then to the key itself (visible, never a crash).
 */
export function createTranslator(locale: Locale, catalog: Catalog, fallback?: Catalog): Translate {
  const numberFormat = new Intl.NumberFormat(locale);
  const formatNumber = (n: number) => numberFormat.format(n);
  return (key, params) => {
    const message = lookup(catalog, key) ?? (fallback ? lookup(fallback, key) : undefined);
    if (message === undefined) return key;
    if (typeof message === 'string') return interpolate(message, params, formatNumber);
    const count = typeof params?.['count'] === 'number' ? params['count'] : Number.NaN;
    const template = pickPlural(message, Number.isFinite(count) ? pluralCategory(locale, count) : 'other');
    return interpolate(template, params, formatNumber);
  };
}
