/**
 * The width of a chart's value axis, fitted to its longest tick label: a fixed width cut the country's totals
 * ("21.500.000" read "21.500.00" under the axis title). uPlot calls it with the axis's formatted labels.
 */

/** What the function reads of a uPlot instance (its axes hold their font resolved to device pixels). */
export interface AxisHost {
  readonly ctx: { font: string; measureText(text: string): { width: number } };
  readonly axes: readonly { font?: unknown; ticks?: { size?: number }; gap?: number; _size?: number }[];
}

/** The least width, as before: room for "300.000". */
export const MIN_AXIS_SIZE = 64;

export function axisSize(
  self: AxisHost,
  values: readonly string[] | null,
  axisIdx: number,
  cycleNum: number,
  pxRatio = 1,
): number {
  const axis = self.axes[axisIdx];
  if (!axis) return MIN_AXIS_SIZE;
  // uPlot measures again until the sizes settle; past the second pass keep the width (no oscillation).
  if (cycleNum > 1 && axis._size !== undefined) return axis._size;
  const longest = (values ?? []).reduce((a, v) => (v && v.length > a.length ? v : a), '');
  let size = (axis.ticks?.size ?? 10) + (axis.gap ?? 5);
  if (longest) {
    const font = Array.isArray(axis.font) ? axis.font[0] : axis.font;
    if (typeof font === 'string') self.ctx.font = font;
    size += self.ctx.measureText(longest).width / pxRatio;
  }
  return Math.max(MIN_AXIS_SIZE, Math.ceil(size));
}
