// The names of restriction kinds, in Romanian and English, from the server's legend names (legend/names.ts): the one
// place that the API, the certificate and (over HTTP) the web's legend and parcel panel all read.
import { LEGEND_NAMES } from '../legend/names.ts';

export interface KindName {
  ro: string;
  en: string;
}

const RO: Readonly<Record<string, string>> = LEGEND_NAMES.ro.restrictionKind;
const EN: Readonly<Record<string, string>> = LEGEND_NAMES.en.restrictionKind;

/** The name of a restriction kind; an unknown kind (imported data may carry any) is named by its own id. */
export function restrictionKindName(kind: string | null | undefined): KindName {
  const k = kind ?? '';
  return { ro: RO[k] ?? k, en: EN[k] ?? k };
}
