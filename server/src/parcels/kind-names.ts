// The names of restriction kinds, in Romanian and English. They come from the web app's messages (the legend), the
// one place that the map legend, the parcel panel, the API and the certificate all read, so that they cannot disagree.
import ro from '../../../web/src/messages/ro.json' with { type: 'json' };
import en from '../../../web/src/messages/en.json' with { type: 'json' };

export interface KindName {
  ro: string;
  en: string;
}

const RO: Readonly<Record<string, string>> = ro.legend.restrictionKind;
const EN: Readonly<Record<string, string>> = en.legend.restrictionKind;

/** The name of a restriction kind; an unknown kind (imported data may carry any) is named by its own id. */
export function restrictionKindName(kind: string | null | undefined): KindName {
  const k = kind ?? '';
  return { ro: RO[k] ?? k, en: EN[k] ?? k };
}
