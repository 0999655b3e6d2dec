import { describe, expect, it } from 'vitest';
import {
  circleLegendValues,
  circleRadius,
  classIndex,
  classStyle,
  colorOf,
  divergingColors,
  DIVERGING_NEUTRAL,
  featureLooks,
  FILL_COLOR,
  CIRCLE_RADIUS,
  innerThresholds,
  legendClasses,
  NO_DATA_COLOR,
  niceFloor,
  outerLimits,
  sequentialColors,
} from './classes.ts';

describe('sequentialColors', () => {
  it('gives ColorBrewer YlGnBu for 3 to 9 classes', () => {
    expect(sequentialColors('ylgnbu', 3)).toEqual(['#edf8b1', '#7fcdbb', '#2c7fb8']);
    expect(sequentialColors('ylgnbu', 9)).toHaveLength(9);
    expect(sequentialColors('ylgnbu', 9)[8]).toBe('#081d58');
  });

  it('gives distinct viridis colours, light to dark', () => {
    const colors = sequentialColors('viridis', 5);
    expect(new Set(colors).size).toBe(5);
    const lightness = (hex: string) => [1, 3, 5].reduce((sum, i) => sum + Number.parseInt(hex.slice(i, i + 2), 16), 0);
    expect(lightness(colors[0] ?? '')).toBeGreaterThan(lightness(colors[4] ?? ''));
  });
});

describe('innerThresholds and outerLimits', () => {
  it('accepts all limits (classes + 1) or the inner thresholds only (classes - 1)', () => {
    expect(innerThresholds([0, 10, 20, 30], 3)).toEqual([10, 20]);
    expect(outerLimits([0, 10, 20, 30], 3)).toEqual({ min: 0, max: 30 });
    expect(innerThresholds([10, 20], 3)).toEqual([10, 20]);
    expect(outerLimits([10, 20], 3)).toEqual({ min: null, max: null });
  });
});

describe('classIndex and colorOf', () => {
  it('puts a value equal to a threshold in the upper class', () => {
    expect(classIndex(5, [10, 20])).toBe(0);
    expect(classIndex(10, [10, 20])).toBe(1);
    expect(classIndex(25, [10, 20])).toBe(2);
  });

  it('colours no value as no data', () => {
    const style = classStyle({ breaks: [0, 10, 20, 30], classes: 3, scheme: 'ylgnbu', diverging: false });
    expect(colorOf(null, style)).toBe(NO_DATA_COLOR);
    expect(colorOf(15, style)).toBe('#7fcdbb');
  });
});

describe('featureLooks', () => {
  const style = classStyle({ breaks: [0, 10, 20, 30], classes: 3, scheme: 'ylgnbu', diverging: false });
  const rows = [
    { siruta: '1', value: 5 },
    { siruta: '2', value: 25 },
    { siruta: '3', value: null },
  ];

  it('gives each UAT with a value its class colour on a choropleth, and leaves out UATs without one', () => {
    const looks = featureLooks(rows, { mode: 'choropleth', style, max: 25, ground: '#eee' });
    expect([...looks]).toEqual([
      ['1', { color: '#edf8b1', radius: 0 }],
      ['2', { color: '#2c7fb8', radius: 0 }],
    ]);
  });

  it('gives proportional circles a ground colour and a radius by the square root of the value', () => {
    const looks = featureLooks(rows, { mode: 'circles', style, max: 25, ground: '#eee', maxRadius: 20 });
    expect(looks.get('2')).toEqual({ color: '#eee', radius: 20 });
    expect(looks.get('1')?.radius).toBeCloseTo(8.9, 5);
  });

  it('skips the empty class between equal thresholds (many equal values in a quantile)', () => {
    expect(colorOf(0, { thresholds: [0, 0, 5], colors: ['a', 'b', 'c', 'd'] })).toBe('c');
  });

  it('paints from feature-state only, with no-data grey by default', () => {
    expect(FILL_COLOR).toEqual(['to-color', ['coalesce', ['feature-state', 'c'], NO_DATA_COLOR]]);
    expect(CIRCLE_RADIUS).toEqual(['coalesce', ['feature-state', 'r'], 0]);
  });
});

describe('divergingColors', () => {
  it('makes the class that holds zero neutral and mirrors the strength on both sides', () => {
    const colors = divergingColors([-10, -1, 1, 10]);
    expect(colors).toHaveLength(5);
    expect(colors[2]).toBe(DIVERGING_NEUTRAL);
    // Symmetric classes have mirrored strength: not equal colours, but neither is the neutral one.
    expect(colors[0]).not.toBe(colors[4]);
    expect(colors[1]).not.toBe(colors[2]);
  });

  it('has no neutral class when zero is a threshold, and uses one side only when all classes are above zero', () => {
    expect(divergingColors([0])).not.toContain(DIVERGING_NEUTRAL);
    const growth = divergingColors([5, 10]);
    expect(growth).toHaveLength(3);
    expect(new Set(growth).size).toBe(3);
  });
});

describe('legendClasses', () => {
  it('gives each class its limits and its number of UATs', () => {
    const style = classStyle({ breaks: [0, 10, 20, 30], classes: 3, scheme: 'ylgnbu', diverging: false });
    expect(legendClasses(style, outerLimits([0, 10, 20, 30], 3), [1, 2, 10, 25, null])).toEqual([
      { color: '#edf8b1', from: 0, to: 10, count: 2 },
      { color: '#7fcdbb', from: 10, to: 20, count: 1 },
      { color: '#2c7fb8', from: 20, to: 30, count: 1 },
    ]);
  });
});

describe('proportional circles', () => {
  it('makes the area proportional to the value', () => {
    expect(circleRadius(100, 100, 20)).toBe(20);
    expect(circleRadius(25, 100, 20)).toBe(10);
    expect(circleRadius(0, 100, 20)).toBe(0);
  });

  it('picks round reference values for the legend', () => {
    expect(niceFloor(324_576)).toBe(250_000);
    expect(niceFloor(7)).toBe(5);
    expect(circleLegendValues(324_576)).toEqual([250_000, 50_000, 10_000]);
    expect(circleLegendValues(0)).toEqual([]);
  });
});
