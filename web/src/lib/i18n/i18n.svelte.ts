import ro from '../../messages/ro.json';
import en from '../../messages/en.json';
import { createTranslator, DEFAULT_LOCALE, isLocale, type Catalog, type Locale, type Params } from './translate.ts';

/** Every key of the Romanian catalog, e.g. `'legend.title'`; plural messages are one key. */
export type KeyPaths<T, P extends string = ''> = {
  [K in keyof T & string]: T[K] extends string
    ? `${P}${K}`
    : T[K] extends { other: string }
      ? `${P}${K}`
      : KeyPaths<T[K], `${P}${K}.`>;
}[keyof T & string];
export type MessageKey = KeyPaths<typeof ro>;

const CATALOGS: Record<Locale, Catalog> = { ro, en };
const STORAGE_KEY = 'atlas.locale';

function initialLocale(): Locale {
  try {
    const stored = globalThis.localStorage?.getItem(STORAGE_KEY);
    if (isLocale(stored)) return stored;
  } catch {
    // Storage can be blocked (private mode, sandboxed frame): keep the default.
  }
  return DEFAULT_LOCALE;
}

class I18n {
  locale = $state<Locale>(initialLocale());

  #translate = $derived(createTranslator(this.locale, CATALOGS[this.locale], CATALOGS[DEFAULT_LOCALE]));
  #numberFormat = $derived(new Intl.NumberFormat(this.locale, { maximumFractionDigits: 2 }));
  #dateFormat = $derived(new Intl.DateTimeFormat(this.locale, { dateStyle: 'long', timeZone: 'UTC' }));
  #mediumDateFormat = $derived(new Intl.DateTimeFormat(this.locale, { dateStyle: 'medium', timeZone: 'UTC' }));

  t = (key: MessageKey, params?: Params): string => this.#translate(key, params);

  number = (value: number): string => this.#numberFormat.format(value);

  /**
   * Formats an ISO date (`YYYY-MM-DD` or a timestamp); anything unparsable is shown as given. `medium` abbreviates
   * the month ("12 dec. 2025", "Dec 12, 2025"), for a narrow table column.
   */
  date = (value: string, style: 'long' | 'medium' = 'long'): string => {
    const time = Date.parse(value);
    if (Number.isNaN(time)) return value;
    return (style === 'medium' ? this.#mediumDateFormat : this.#dateFormat).format(time);
  };

  setLocale(locale: Locale): void {
    this.locale = locale;
    try {
      globalThis.localStorage?.setItem(STORAGE_KEY, locale);
    } catch {
      // Not persisting the choice is acceptable.
    }
  }
}

export const i18n = new I18n();
