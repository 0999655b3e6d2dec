/**
 * Class colours, MapLibre expressions and legend entries for the atlas map, from the class breaks the server computed.
 * Colour-blind-safe schemes only: ColorBrewer YlGnBu and viridis for values, ColorBrewer PuOr (diverging) for changes.
 * Pure functions (no MapLibre, no DOM), so the legend, the map and the table agree and are unit-tested.
 */
import type { ExpressionSpecification } from '@maplibre/maplibre-gl-style-spec';
import { interpolatePuOr, interpolateViridis, schemeYlGnBu } from 'd3-scale-chromatic';

export const SCHEME_IDS = ['ylgnbu', 'viridis'] as const;
export type SchemeId = (typeof SCHEME_IDS)[number];

/** Areas without a value that year (the UAT did not exist, or the source has no figure): never a class colour. */
export const NO_DATA_COLOR = '#d5d8dc';
/** Proportional circles: one colour; the size carries the value. */
export const CIRCLE_COLOR = '#2c7fb8';
export const CIRCLE_MAX_RADIUS = 28;
/** The middle of PuOr: the class of a change map that holds zero. */
export const DIVERGING_NEUTRAL = interpolatePuOr(0.5);

/** Per-feature state keys the map writes (one look per UAT: fill colour, circle radius) and the style reads. */
export const STATE = { color: 'c', radius: 'r' } as const;

/** `n` colours of a sequential scheme, light (low) to dark (high). */
export function sequentialColors(scheme: SchemeId, n: number): string[] {
  if (n < 1) return [];
  if (scheme === 'ylgnbu') {
    const fixed = schemeYlGnBu[n];
    if (fixed) return [...fixed];
    // ColorBrewer defines 3 to 9 classes; fewer or more are sampled from its 9-class ramp.
    const nine = schemeYlGnBu[9] ?? [];
    return Array.from({ length: n }, (_, i) => nine[Math.round((i * (nine.length - 1)) / Math.max(n - 1, 1))] ?? '');
  }
  // Viridis reversed (yellow low, dark purple high), without its darkest end, which outlines cannot be seen over.
  return Array.from({ length: n }, (_, i) => interpolateViridis(0.95 - (0.9 * i) / Math.max(n - 1, 1)));
}

/**
 * The inner thresholds of `classes` classes from the server's breaks, whether it sent all limits (`classes + 1`
 * values: minimum, thresholds, maximum) or only the thresholds (`classes - 1` values).
 */
export function innerThresholds(breaks: readonly number[], classes: number): number[] {
  if (breaks.length === classes + 1) return breaks.slice(1, -1);
  if (breaks.length === classes - 1) return [...breaks];
  // Anything else: treat the first and last as the extremes when there are at least two values.
  return breaks.length > 2 ? breaks.slice(1, -1) : [...breaks];
}

/** The lowest and highest value, when the server sent them as the outer breaks. */
export function outerLimits(breaks: readonly number[], classes: number): { min: number | null; max: number | null } {
  if (breaks.length === classes + 1) return { min: breaks[0] ?? null, max: breaks[breaks.length - 1] ?? null };
  return { min: null, max: null };
}

/** Class of a value for the given thresholds: class i holds values in [t(i), t(i+1)). */
export function classIndex(value: number, thresholds: readonly number[]): number {
  let index = 0;
  for (const t of thresholds) if (value >= t) index += 1;
  return index;
}

/**
 * Colours of a diverging change map: classes entirely below zero in orange, those above in purple, the class that
 * holds zero (if one straddles it) neutral; the same distance from zero gives the same strength on both sides.
 */
export function divergingColors(thresholds: readonly number[]): string[] {
  const n = thresholds.length + 1;
  const below = thresholds.filter((t) => t <= 0).length;
  const straddles = !thresholds.includes(0);
  const neutral = straddles ? below : -1;
  const above = n - below - (straddles ? 1 : 0);
  const reach = Math.max(below, above, 1);
  return Array.from({ length: n }, (_, i) => {
    if (i === neutral) return DIVERGING_NEUTRAL;
    // Distance from zero in classes: 1 for the classes next to zero.
    const distance = i < below ? below - i : i - (straddles ? neutral : below - 1);
    const side = i < below ? -1 : 1;
    return interpolatePuOr(0.5 + (side * 0.45 * distance) / reach);
  });
}

export interface ClassStyle {
  readonly thresholds: readonly number[];
  readonly colors: readonly string[];
}

export function classStyle(opts: {
  breaks: readonly number[];
  classes: number;
  scheme: SchemeId;
  diverging: boolean;
}): ClassStyle {
  const thresholds = innerThresholds(opts.breaks, opts.classes);
  const n = thresholds.length + 1;
  const colors = opts.diverging ? divergingColors(thresholds) : sequentialColors(opts.scheme, n);
  return { thresholds, colors };
}

/**
 * The map's paint never changes: every UAT carries its own fill colour and circle radius in feature-state, written by
 * the page for each view. Changing a data-driven paint property would make MapLibre re-parse every tile (seconds for
 * all of Romania); rewriting feature-state only updates the colour buffers of the tiles already there.
 */
export const FILL_COLOR: ExpressionSpecification = [
  'to-color',
  ['coalesce', ['feature-state', STATE.color], NO_DATA_COLOR],
];
export const CIRCLE_RADIUS: ExpressionSpecification = ['coalesce', ['feature-state', STATE.radius], 0];

export interface FeatureLook {
  /** Fill of the UAT polygon. */
  readonly color: string;
  /** Radius of its proportional circle in pixels (0 on a choropleth). */
  readonly radius: number;
}

/**
 * How each UAT with a value is drawn: its class colour on a choropleth; on a map of proportional circles a quiet ground
 * and a circle whose area is proportional to the value. UATs without a value are left out (no-data grey, no circle).
 */
export function featureLooks(
  rows: readonly { readonly siruta: string; readonly value: number | null }[],
  opts: { mode: 'choropleth' | 'circles'; style: ClassStyle; max: number; ground: string; maxRadius?: number },
): Map<string, FeatureLook> {
  const looks = new Map<string, FeatureLook>();
  for (const row of rows) {
    if (row.value === null) continue;
    looks.set(
      row.siruta,
      opts.mode === 'circles'
        ? { color: opts.ground, radius: round1(circleRadius(row.value, opts.max, opts.maxRadius)) }
        : { color: colorOf(row.value, opts.style), radius: 0 },
    );
  }
  return looks;
}

const round1 = (n: number) => Math.round(n * 10) / 10;

export function circleRadius(value: number, max: number, maxRadius = CIRCLE_MAX_RADIUS): number {
  return value > 0 && max > 0 ? maxRadius * Math.sqrt(value / max) : 0;
}

/** A round number at or below `value`, with one or two significant digits (1, 2, 2.5, 5 × 10^k). */
export function niceFloor(value: number): number {
  if (!(value > 0)) return 0;
  const power = 10 ** Math.floor(Math.log10(value));
  for (const step of [10, 5, 2.5, 2, 1]) if (step * power <= value) return step * power;
  return power;
}

/** Reference values for the circle legend: a round maximum, then a quarter and a sixteenth of it (area steps). */
export function circleLegendValues(max: number): number[] {
  const top = niceFloor(max);
  if (top <= 0) return [];
  return [...new Set([top, niceFloor(top / 4), niceFloor(top / 16)])].filter((v) => v > 0);
}

export interface LegendClass {
  readonly color: string;
  /** Lower limit (inclusive), null for the open first class. */
  readonly from: number | null;
  /** Upper limit (exclusive), null for the open last class. */
  readonly to: number | null;
  readonly count: number;
}

/** One legend row per class, with its limits and how many UATs fall in it. */
export function legendClasses(
  style: ClassStyle,
  limits: { min: number | null; max: number | null },
  values: readonly (number | null)[],
): LegendClass[] {
  const counts = new Array<number>(style.colors.length).fill(0);
  for (const v of values) {
    if (v === null) continue;
    const i = classIndex(v, style.thresholds);
    counts[i] = (counts[i] ?? 0) + 1;
  }
  return style.colors.map((color, i) => ({
    color,
    from: i === 0 ? limits.min : (style.thresholds[i - 1] ?? null),
    to: i === style.colors.length - 1 ? limits.max : (style.thresholds[i] ?? null),
    count: counts[i] ?? 0,
  }));
}

/** The colour of one value (map and table swatches). Equal thresholds leave an empty class in between. */
export function colorOf(value: number | null, style: ClassStyle): string {
  if (value === null) return NO_DATA_COLOR;
  return style.colors[classIndex(value, style.thresholds)] ?? NO_DATA_COLOR;
}
