import { describe, expect, it } from 'vitest';
import { boxesOverlap, placeAlongLines, rectBox, rotatedBox, type Box } from './map-labels.ts';

const always = () => true;

describe('placeAlongLines', () => {
  it('puts a name in the middle of a straight line, along it', () => {
    const place = placeAlongLines(
      [
        [
          [0, 0],
          [100, 0],
        ],
      ],
      40,
      6,
      always,
    )!;
    expect(place.at[0]).toBeCloseTo(50, 3);
    expect(place.at[1]).toBeCloseTo(0, 3);
    expect(place.angle).toBeCloseTo(0, 6);
  });

  it('keeps the name upright whichever way the line runs', () => {
    const leftward = placeAlongLines(
      [
        [
          [100, 0],
          [0, 0],
        ],
      ],
      40,
      6,
      always,
    )!;
    expect(leftward.angle).toBeCloseTo(0, 6);
    const down = placeAlongLines(
      [
        [
          [0, 0],
          [0, 100],
        ],
      ],
      40,
      6,
      always,
    )!;
    const up = placeAlongLines(
      [
        [
          [0, 100],
          [0, 0],
        ],
      ],
      40,
      6,
      always,
    )!;
    // A vertical name reads upwards.
    expect(down.angle).toBeCloseTo(-Math.PI / 2, 6);
    expect(up.angle).toBeCloseTo(-Math.PI / 2, 6);
    for (const p of [leftward, down, up]) expect(Math.abs(p.angle)).toBeLessThanOrEqual(Math.PI / 2);
  });

  it('moves along the line away from a label already there, and gives up when nothing fits', () => {
    const taken: Box = rectBox(40, -5, 60, 5);
    const place = placeAlongLines(
      [
        [
          [0, 0],
          [100, 0],
        ],
      ],
      30,
      6,
      (box) => !boxesOverlap(box, taken),
    )!;
    expect(boxesOverlap(place.box, taken)).toBe(false);
    expect(place.at[0]).not.toBeCloseTo(50, 0);
    expect(
      placeAlongLines(
        [
          [
            [0, 0],
            [100, 0],
          ],
        ],
        30,
        6,
        () => false,
      ),
    ).toBeNull();
    // Too short for the name.
    expect(
      placeAlongLines(
        [
          [
            [0, 0],
            [20, 0],
          ],
        ],
        30,
        6,
        always,
      ),
    ).toBeNull();
  });

  it('does not bend a name around a corner', () => {
    const corner = [
      [0, 0],
      [30, 0],
      [30, 30],
    ] as [number, number][];
    expect(placeAlongLines([corner], 40, 6, always)).toBeNull();
    const place = placeAlongLines(
      [
        corner,
        [
          [0, 50],
          [80, 50],
        ],
      ],
      40,
      6,
      always,
    )!;
    expect(place.at[1]).toBeCloseTo(50, 3);
  });
});

describe('boxesOverlap', () => {
  it('tells turned boxes that cross from boxes that only come near', () => {
    const a = rotatedBox([0, 0], Math.PI / 4, 20, 4);
    expect(boxesOverlap(a, rectBox(-1, -1, 1, 1))).toBe(true);
    // Inside the axis-aligned bounds of the turned box, but clear of the box itself.
    expect(boxesOverlap(a, rectBox(4, -7, 6, -5))).toBe(false);
    expect(boxesOverlap(rectBox(0, 0, 10, 10), rectBox(10, 0, 20, 10))).toBe(false);
  });
});
