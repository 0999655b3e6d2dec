/**
 * Time series for the comparison chart: the selected UATs' lines plus their counties' and the country's, aligned on
 * one axis of years as uPlot wants it (`[years, line1, line2…]`, null where a line has no value that year).
 */
import type { SeriesLine } from './atlas-api.ts';

/** Okabe-Ito colours: distinguishable with every common colour-vision deficiency. One per selected UAT. */
export const UAT_LINE_COLORS = ['#0072b2', '#d55e00', '#009e73', '#cc79a7'] as const;
export const COUNTY_LINE_COLOR = '#6b7785';
export const COUNTRY_LINE_COLOR = '#1f2933';

export type AlignedData = [number[], ...(number | null)[][]];

export function alignSeries(lines: readonly SeriesLine[]): AlignedData {
  const years = [...new Set(lines.flatMap((l) => l.points.map((p) => p.year)))].sort((a, b) => a - b);
  const columns = lines.map((line) => {
    const byYear = new Map(line.points.map((p) => [p.year, p.value]));
    return years.map((y) => byYear.get(y) ?? null);
  });
  return [years, ...columns];
}

/** UAT lines first in the order they were selected, then county lines, then the country. */
export function orderLines(lines: readonly SeriesLine[], selection: readonly string[]): SeriesLine[] {
  const rank = (l: SeriesLine) =>
    l.kind === 'uat' ? selection.indexOf(l.id) + 1 || selection.length + 1 : l.kind === 'county' ? 100 : 200;
  return [...lines].sort((a, b) => rank(a) - rank(b) || a.name.localeCompare(b.name));
}

export interface LineStyle {
  readonly stroke: string;
  readonly dash: number[] | undefined;
  readonly width: number;
}

/** Colour and dash of each line: UATs by their place in the selection, counties dashed grey, country dotted dark. */
export function lineStyle(line: SeriesLine, selection: readonly string[]): LineStyle {
  if (line.kind === 'uat') {
    const index = Math.max(selection.indexOf(line.id), 0);
    return { stroke: UAT_LINE_COLORS[index % UAT_LINE_COLORS.length] ?? '#0072b2', dash: undefined, width: 2.5 };
  }
  if (line.kind === 'county') return { stroke: COUNTY_LINE_COLOR, dash: [6, 4], width: 1.5 };
  return { stroke: COUNTRY_LINE_COLOR, dash: [2, 3], width: 1.5 };
}

export type ScaleKey = 'y' | 'county' | 'country';

/**
 * Which y scale a line is drawn on. A county's or the country's total (or a published series) is tens or thousands of
 * times a UAT's value: on the UATs' axis the UAT lines would lie flat at zero, so totals get their own right-hand
 * axis. Averages (rates) are comparable with the UATs' values and share their axis.
 */
export function scaleOf(line: SeriesLine): ScaleKey {
  if (line.kind === 'uat' || line.aggregate === 'average' || line.aggregate === 'mean') return 'y';
  return line.kind;
}
