import { describe, expect, it } from 'vitest';
import { axisSize, MIN_AXIS_SIZE, type AxisHost } from './axis-size.ts';

/** A canvas whose text is 7 px a character at 1x (12 px sans), twice that on a 2x screen. */
function host(pxRatio = 1, size?: number): AxisHost {
  return {
    ctx: { font: '', measureText: (text: string) => ({ width: text.length * 7 * pxRatio }) },
    axes: [{}, { font: [`${12 * pxRatio}px sans-serif`, 12 * pxRatio, 12], ticks: { size: 10 }, gap: 5, _size: size }],
  };
}

describe('axisSize', () => {
  it('keeps the usual width for short labels', () => {
    expect(axisSize(host(), ['0', '100.000', '300.000'], 1, 0)).toBe(MIN_AXIS_SIZE);
  });

  it('widens the axis to its longest label, at any pixel ratio', () => {
    // "21.500.000": 10 characters, 70 px, plus the tick and the gap.
    expect(axisSize(host(), ['20.000.000', '21.500.000'], 1, 0)).toBe(85);
    expect(axisSize(host(2), ['20.000.000', '21.500.000'], 1, 0, 2)).toBe(85);
  });

  it('keeps its width once uPlot has measured twice', () => {
    expect(axisSize(host(1, 90), ['1'], 1, 2)).toBe(90);
  });
});
