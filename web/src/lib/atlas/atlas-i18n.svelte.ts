/**
 * The atlas page's messages (messages/atlas/ro.json, en.json). They live in the atlas's own chunk so that the citizen
 * map does not download them; the locale is the app's one (`i18n.locale`), so the language switch drives both.
 */
import ro from '../../messages/atlas/ro.json';
import en from '../../messages/atlas/en.json';
import { i18n, type KeyPaths } from '../i18n/i18n.svelte.ts';
import { createTranslator, DEFAULT_LOCALE, type Catalog, type Locale, type Params } from '../i18n/translate.ts';

export type AtlasMessageKey = KeyPaths<typeof ro>;
export const ATLAS_CATALOGS: Record<Locale, Catalog> = { ro, en };

class AtlasI18n {
  #translate = $derived(createTranslator(i18n.locale, ATLAS_CATALOGS[i18n.locale], ATLAS_CATALOGS[DEFAULT_LOCALE]));

  t = (key: AtlasMessageKey, params?: Params): string => this.#translate(key, params);

  get locale(): Locale {
    return i18n.locale;
  }

  /** A `{ro, en}` pair from the API in the current language. */
  pick = (text: { readonly ro: string | null; readonly en: string | null }): string =>
    (i18n.locale === 'en' ? (text.en ?? text.ro) : (text.ro ?? text.en)) ?? '';

  /**
   * A Romanian text with its optional English form, in the current language. `lang` is `ro` where an English page
   * has to show the Romanian text (no English form): the caller marks that fragment `lang="ro"`.
   */
  text = (ro: string, en: string | null): { text: string; lang: 'ro' | undefined } =>
    i18n.locale === 'en' && en
      ? { text: en, lang: undefined }
      : { text: ro, lang: i18n.locale === 'en' ? 'ro' : undefined };
}

export const at = new AtlasI18n();
