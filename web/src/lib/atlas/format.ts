/** Numbers as the atlas shows them: grouping and decimals by locale, fewer decimals for larger values. */

const formats = new Map<string, Intl.NumberFormat>();

function format(locale: string, digits: number): Intl.NumberFormat {
  const key = `${locale}:${digits}`;
  let f = formats.get(key);
  if (!f) {
    f = new Intl.NumberFormat(locale, { maximumFractionDigits: digits, minimumFractionDigits: 0 });
    formats.set(key, f);
  }
  return f;
}

/** Decimals worth showing for a value: none from 1,000, one from 10, two below (0.05 stays 0,05). */
export function digitsFor(value: number): number {
  const abs = Math.abs(value);
  if (abs >= 1000) return 0;
  if (abs >= 10) return 1;
  return 2;
}

export function formatNumber(value: number, locale: string, digits = digitsFor(value)): string {
  return format(locale, digits).format(value);
}

/** A value with its unit, or the given text for no value. */
export function formatValue(value: number | null, locale: string, unit: string, none: string): string {
  if (value === null) return none;
  const n = formatNumber(value, locale);
  return unit ? `${n} ${unit}` : n;
}

export function formatSigned(value: number, locale: string): string {
  const n = formatNumber(Math.abs(value), locale);
  return value > 0 ? `+${n}` : value < 0 ? `−${n}` : n;
}

/**
 * Class limits as a legend shows them: each with its usual decimals, one more decimal for all of them at a time
 * until no two different limits read the same (detections per km² of 0.0055 and 0.0088 are not both 0,01).
 */
export function limitFormatter(limits: readonly number[], locale: string): (value: number) => string {
  const distinct = [...new Set(limits)];
  for (let extra = 0; ; extra++) {
    const show = (v: number) => formatNumber(v, locale, Math.min(digitsFor(v) + extra, 20));
    if (extra >= 8 || new Set(distinct.map(show)).size === distinct.length) return show;
  }
}
