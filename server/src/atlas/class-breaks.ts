// Class breaks of a choropleth with simple-statistics: quantiles, equal intervals, Jenks natural breaks (ckmeans).
// The answer is the list of class limits from the minimum to the maximum: k classes have k + 1 limits, class i holds
// the values v with breaks[i] <= v < breaks[i + 1] (the last class includes the maximum). With fewer distinct values
// than classes asked for, fewer classes come back (limits never repeat).
import { ckmeans, equalIntervalBreaks, quantileSorted } from 'simple-statistics';

export const METHODS = ['quantile', 'equal', 'ckmeans'] as const;
export type BreakMethod = (typeof METHODS)[number];
export const MIN_CLASSES = 3;
export const MAX_CLASSES = 9;

/** Rounds a limit to 6 significant digits (no float noise like 0.30000000000000004 in the legend). */
const tidy = (x: number): number => (x === 0 ? 0 : Number(x.toPrecision(6)));

export function classBreaks(values: readonly number[], classes: number, method: BreakMethod): number[] {
  if (!values.length) return [];
  const sorted = [...values].sort((a, b) => a - b);
  const min = sorted[0]!;
  const max = sorted[sorted.length - 1]!;
  if (min === max) return [tidy(min), tidy(max)];
  const distinct = new Set(sorted).size;
  const k = Math.min(classes, distinct);
  let limits: number[];
  switch (method) {
    case 'quantile':
      limits = [min, ...Array.from({ length: k - 1 }, (_, i) => quantileSorted(sorted, (i + 1) / k)), max];
      break;
    case 'equal':
      limits = equalIntervalBreaks(sorted, k);
      break;
    case 'ckmeans': {
      const clusters = ckmeans(sorted, k);
      limits = [...clusters.map((c) => c[0]!), max];
      break;
    }
  }
  const out: number[] = [];
  for (const l of limits.map(tidy)) if (out.length === 0 || l > out[out.length - 1]!) out.push(l);
  return out;
}

/** The class (0-based) of a value for the limits of classBreaks. */
export function classOf(breaks: readonly number[], value: number): number {
  for (let i = breaks.length - 2; i > 0; i--) if (value >= breaks[i]!) return i;
  return 0;
}
