// Number and date formatting for certificates, by hand rather than through Intl number formats, so that the text of a
// stored certificate does not depend on the ICU data of the Node build that renders it again later.
export type Language = 'ro' | 'en';
export const LANGUAGES: readonly Language[] = ['ro', 'en'];

const SEPARATORS: Record<Language, { thousands: string; decimal: string }> = {
  ro: { thousands: '.', decimal: ',' },
  en: { thousands: ',', decimal: '.' },
};

/** `1234.5` → "1.234,5" (ro) or "1,234.5" (en); at most `decimals` decimals, trailing zeros dropped. */
export function formatNumber(value: number, lang: Language, decimals = 2): string {
  const { thousands, decimal } = SEPARATORS[lang];
  const fixed = Math.abs(value).toFixed(decimals);
  const [int = '0', frac = ''] = fixed.split('.');
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, thousands);
  const trimmed = frac.replace(/0+$/, '');
  const negative = value < 0 && Number(fixed) !== 0;
  return `${negative ? '-' : ''}${grouped}${trimmed ? decimal + trimmed : ''}`;
}

export const m2 = (value: number, lang: Language) => `${formatNumber(value, lang)} m²`;
export const pct = (value: number, lang: Language) => `${formatNumber(value, lang)} %`;
export const metres = (value: number, lang: Language) => `${formatNumber(value, lang)} m`;

const MONTHS: Record<Language, readonly string[]> = {
  ro: [
    'ianuarie',
    'februarie',
    'martie',
    'aprilie',
    'mai',
    'iunie',
    'iulie',
    'august',
    'septembrie',
    'octombrie',
    'noiembrie',
    'decembrie',
  ],
  en: [
    'January',
    'February',
    'March',
    'April',
    'May',
    'June',
    'July',
    'August',
    'September',
    'October',
    'November',
    'December',
  ],
};

/** `2025-06-30` → "30.06.2025" (ro) or "30 June 2025" (en); anything else is returned as given. */
export function formatDay(day: string, lang: Language): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(day);
  if (!m) return day;
  const [, y, mo, d] = m;
  return lang === 'ro' ? `${d}.${mo}.${y}` : `${Number(d)} ${MONTHS.en[Number(mo) - 1]} ${y}`;
}

/** `2026-11-24` → "24 noiembrie 2026" / "24 November 2026". */
export function formatLongDay(day: string, lang: Language): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(day);
  if (!m) return day;
  const [, y, mo, d] = m;
  return `${Number(d)} ${MONTHS[lang][Number(mo) - 1]} ${y}`;
}

/** The calendar day and time of an instant in Romania (Europe/Bucharest), e.g. { day: '2026-11-24', time: '10:42' }. */
export function romanianClock(instant: Date): { day: string; time: string } {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/Bucharest',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(instant);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '00';
  return { day: `${get('year')}-${get('month')}-${get('day')}`, time: `${get('hour')}:${get('minute')}` };
}

/** Romanian text taken from data may carry the cedilla letters (ş ţ); the certificate writes the comma below (ș ț). */
export function commaBelow(text: string): string {
  return text.replace(/[şţŞŢ]/g, (c) => ({ ş: 'ș', ţ: 'ț', Ş: 'Ș', Ţ: 'Ț' })[c] ?? c);
}
