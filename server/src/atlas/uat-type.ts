// The kind of a UAT as people read it. The boundary file writes it without diacritics (`Municipiu resedinta de
// judet`, `Oras`, `Comuna`); the atlas shows correct Romanian (and English) and keeps the source's text beside it.

export interface UatTypeLabel {
  ro: string;
  en: string;
}

const fold = (s: string) =>
  s
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z]+/g, ' ')
    .trim();

/** Known kinds, keyed by their folded text (no diacritics, no punctuation, lower case). */
const KNOWN: ReadonlyMap<string, UatTypeLabel> = new Map([
  ['comuna', { ro: 'Comună', en: 'Commune' }],
  ['oras', { ro: 'Oraș', en: 'Town' }],
  ['municipiu', { ro: 'Municipiu', en: 'Municipality' }],
  ['municipiu resedinta de judet', { ro: 'Municipiu, reședință de județ', en: 'Municipality, county seat' }],
  [
    'municipiu altul decat resedinta de judet',
    { ro: 'Municipiu (nu este reședință de județ)', en: 'Municipality (not the county seat)' },
  ],
  ['sectoarele municipiului bucuresti', { ro: 'Sector al municipiului București', en: 'Sector of Bucharest' }],
  ['sector', { ro: 'Sector al municipiului București', en: 'Sector of Bucharest' }],
]);

/** The label of a UAT kind in both languages; an unknown kind is shown as the source wrote it. */
export function uatTypeLabel(type: string | null | undefined): UatTypeLabel | null {
  if (!type || !type.trim()) return null;
  return KNOWN.get(fold(type)) ?? { ro: type.trim(), en: type.trim() };
}
