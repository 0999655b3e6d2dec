/**
 * The map page's shareable URL: `?map=zoom/lat/lon&layers=zoning,parcels&parcel=54975/2584&lang=en`. Reading is
 * lenient (anything malformed is ignored, never an error); writing is canonical (fixed precision, fixed order).
 */
import { LOCALES, type Locale } from '../i18n/translate.ts';

export interface ParcelRef {
  readonly uat: string;
  readonly number: string;
}

export interface MapCamera {
  readonly center: readonly [number, number];
  readonly zoom: number;
}

export interface MapUrlState {
  readonly view?: MapCamera | undefined;
  /** The visible layer groups, in any order; undefined: the defaults. */
  readonly layers?: readonly string[] | undefined;
  readonly parcel?: ParcelRef | undefined;
  readonly lang?: Locale | undefined;
}

const CADASTRAL = /^[0-9A-Za-z][0-9A-Za-z./-]{0,31}$/;

export function parseMapUrl(search: string, knownLayers: readonly string[]): MapUrlState {
  const params = new URLSearchParams(search);
  const state: { -readonly [K in keyof MapUrlState]: MapUrlState[K] } = {};
  const map = params.get('map');
  if (map) {
    const parts = map.split('/').map(Number);
    const [zoom, lat, lon] = parts;
    if (
      parts.length === 3 &&
      parts.every(Number.isFinite) &&
      zoom! >= 0 &&
      zoom! <= 22 &&
      Math.abs(lat!) <= 85 &&
      Math.abs(lon!) <= 180
    ) {
      state.view = { center: [lon!, lat!], zoom: zoom! };
    }
  }
  const layers = params.get('layers');
  if (layers !== null) state.layers = layers.split(',').filter((l) => knownLayers.includes(l));
  const parcel = params.get('parcel');
  const m = parcel ? /^(\d{1,6})\/(.+)$/.exec(parcel) : null;
  if (m && CADASTRAL.test(m[2]!)) state.parcel = { uat: m[1]!, number: m[2]! };
  const lang = params.get('lang');
  if (lang && (LOCALES as readonly string[]).includes(lang)) state.lang = lang as Locale;
  return state;
}

export function formatMapUrl(state: MapUrlState): string {
  const params: string[] = [];
  if (state.view) {
    const { center, zoom } = state.view;
    params.push(`map=${zoom.toFixed(2)}/${center[1].toFixed(5)}/${center[0].toFixed(5)}`);
  }
  if (state.layers) params.push(`layers=${state.layers.map(encodeURIComponent).join(',')}`);
  if (state.parcel) params.push(`parcel=${state.parcel.uat}/${encodeURIComponent(state.parcel.number)}`);
  if (state.lang) params.push(`lang=${state.lang}`);
  return params.length ? `?${params.join('&')}` : '';
}

export function sameParcel(a: ParcelRef | null | undefined, b: ParcelRef | null | undefined): boolean {
  return (a ?? null) === (b ?? null) || (!!a && !!b && a.uat === b.uat && a.number === b.number);
}
