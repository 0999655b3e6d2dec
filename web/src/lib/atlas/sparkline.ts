/** A sparkline's SVG path from a series: pure, so that the profile page and its tests agree. */
import type { SeriesPoint } from './atlas-api.ts';

export interface Sparkline {
  /** `M x y L x y …` over the points that have a value (gaps are bridged). */
  readonly path: string;
  /** The points, for markers (a series of one or two years is mostly markers). */
  readonly dots: readonly { x: number; y: number }[];
  readonly first: SeriesPoint | null;
  readonly last: SeriesPoint | null;
}

export function sparkline(points: readonly SeriesPoint[], width: number, height: number, pad = 3): Sparkline {
  const known = points.filter((p): p is { year: number; value: number } => p.value !== null);
  if (known.length === 0) return { path: '', dots: [], first: null, last: null };
  const years = known.map((p) => p.year);
  const values = known.map((p) => p.value);
  const [x0, x1] = [Math.min(...years), Math.max(...years)];
  const [y0, y1] = [Math.min(...values), Math.max(...values)];
  const x = (year: number) => (x1 === x0 ? width / 2 : pad + ((year - x0) / (x1 - x0)) * (width - 2 * pad));
  const y = (value: number) =>
    y1 === y0 ? height / 2 : height - pad - ((value - y0) / (y1 - y0)) * (height - 2 * pad);
  const dots = known.map((p) => ({ x: round(x(p.year)), y: round(y(p.value)) }));
  const path = dots.map((d, i) => `${i === 0 ? 'M' : 'L'}${d.x} ${d.y}`).join(' ');
  return { path, dots, first: known[0] ?? null, last: known[known.length - 1] ?? null };
}

const round = (n: number) => Math.round(n * 10) / 10;
