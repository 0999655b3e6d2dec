/**
 * The atlas's shareable URL: `/atlas?indicator=…&year=…&derived=…&from=…&method=…&classes=…&scheme=…&uat=A,B&lang=en`
 * and the profile `/atlas/uat/{siruta}`. Pure functions: the page reads the URL once at start and writes it on every
 * change. `lang` follows the map page's link (map-url.ts): read when valid, written last whenever given (the page
 * always gives its language).
 */
import {
  DERIVED_MODES,
  MAX_CLASSES,
  MAX_SELECTION,
  METHODS,
  MIN_CLASSES,
  type Derived,
  type Method,
} from './atlas-api.ts';
import { SCHEME_IDS, type SchemeId } from './classes.ts';
import { LOCALES, type Locale } from '../i18n/translate.ts';

import { ATLAS_PATH } from './atlas-path.ts';

export { ATLAS_PATH, isAtlasPath } from './atlas-path.ts';

export type AtlasRoute = { readonly page: 'atlas' } | { readonly page: 'profile'; readonly siruta: string };

export interface AtlasUrlState {
  readonly indicator: string | null;
  readonly year: number | null;
  readonly derived: Derived;
  /** The base year of a change (derived `change` / `change_pct`). */
  readonly from: number | null;
  readonly method: Method;
  readonly classes: number;
  readonly scheme: SchemeId;
  /** Selected UATs (SIRUTA), at most four, in the order they were picked. */
  readonly uats: readonly string[];
  /** The page's language, as the link names it (absent: the language the visitor last chose). */
  readonly lang?: Locale | undefined;
}

export const DEFAULT_STATE: AtlasUrlState = {
  indicator: null,
  year: null,
  derived: 'none',
  from: null,
  method: 'quantile',
  classes: 5,
  scheme: 'ylgnbu',
  uats: [],
};

const SIRUTA = /^\d{1,6}$/;
const CODE = /^[A-Za-z0-9_.-]{1,64}$/;

/** `/atlas`, `/atlas/`, `/atlas/uat/54975` → the route; anything else → null. */
export function parseRoute(pathname: string): AtlasRoute | null {
  const path = pathname.replace(/\/+$/, '') || '/';
  if (path === ATLAS_PATH) return { page: 'atlas' };
  const match = /^\/atlas\/uat\/([^/]+)$/.exec(path);
  if (match?.[1] && SIRUTA.test(decodeURIComponent(match[1]))) {
    return { page: 'profile', siruta: decodeURIComponent(match[1]) };
  }
  return null;
}

export const profilePath = (siruta: string) => `${ATLAS_PATH}/uat/${encodeURIComponent(siruta)}`;

function year(value: string | null): number | null {
  if (value === null || !/^\d{4}$/.test(value)) return null;
  return Number(value);
}

/** Reads the query string; anything unknown or malformed falls back to its default (a shared link never breaks). */
export function parseState(search: string | URLSearchParams): AtlasUrlState {
  const params = typeof search === 'string' ? new URLSearchParams(search) : search;
  const indicator = params.get('indicator');
  const derived = params.get('derived');
  const method = params.get('method');
  const scheme = params.get('scheme');
  const classes = Number(params.get('classes'));
  const lang = params.get('lang');
  const uats = (params.get('uat') ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => SIRUTA.test(s));
  return {
    indicator: indicator && CODE.test(indicator) ? indicator : null,
    year: year(params.get('year')),
    derived: (DERIVED_MODES as readonly string[]).includes(derived ?? '')
      ? (derived as Derived)
      : DEFAULT_STATE.derived,
    from: year(params.get('from')),
    method: (METHODS as readonly string[]).includes(method ?? '') ? (method as Method) : DEFAULT_STATE.method,
    classes:
      Number.isInteger(classes) && classes >= MIN_CLASSES && classes <= MAX_CLASSES ? classes : DEFAULT_STATE.classes,
    scheme: (SCHEME_IDS as readonly string[]).includes(scheme ?? '') ? (scheme as SchemeId) : DEFAULT_STATE.scheme,
    uats: [...new Set(uats)].slice(0, MAX_SELECTION),
    ...(lang && (LOCALES as readonly string[]).includes(lang) ? { lang: lang as Locale } : {}),
  };
}

/** The query string for a state, defaults left out, in a stable order (so equal views give equal links). */
export function serializeState(state: AtlasUrlState): string {
  const params = new URLSearchParams();
  if (state.indicator) params.set('indicator', state.indicator);
  if (state.year !== null) params.set('year', String(state.year));
  if (state.derived !== DEFAULT_STATE.derived) params.set('derived', state.derived);
  if ((state.derived === 'change' || state.derived === 'change_pct') && state.from !== null)
    params.set('from', String(state.from));
  if (state.method !== DEFAULT_STATE.method) params.set('method', state.method);
  if (state.classes !== DEFAULT_STATE.classes) params.set('classes', String(state.classes));
  if (state.scheme !== DEFAULT_STATE.scheme) params.set('scheme', state.scheme);
  if (state.uats.length > 0) params.set('uat', state.uats.join(','));
  if (state.lang) params.set('lang', state.lang);
  // Keep the comma of the UAT list readable in a shared link.
  return params.toString().replace(/%2C/g, ',');
}

export function atlasHref(state: AtlasUrlState): string {
  const query = serializeState(state);
  return query ? `${ATLAS_PATH}?${query}` : ATLAS_PATH;
}

/** Adds a UAT to the selection, or removes it when it is already there; never more than four. */
export function toggleUat(selection: readonly string[], siruta: string): { uats: readonly string[]; refused: boolean } {
  if (selection.includes(siruta)) return { uats: selection.filter((s) => s !== siruta), refused: false };
  if (selection.length >= MAX_SELECTION) return { uats: selection, refused: true };
  return { uats: [...selection, siruta], refused: false };
}
