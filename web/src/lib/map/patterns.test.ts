import { describe, expect, it } from 'vitest';
import { hatchPattern, parseHexColor } from './patterns.ts';

describe('parseHexColor', () => {
  it('reads #rrggbb', () => {
    expect(parseHexColor('#1565c0')).toEqual([0x15, 0x65, 0xc0]);
  });

  it('refuses other notations', () => {
    expect(() => parseHexColor('red')).toThrow(/#rrggbb/);
  });
});

describe('hatchPattern', () => {
  const image = hatchPattern('#c62828', { size: 24, spacing: 12, lineWidth: 2, tint: 0.1 });
  const alpha = (x: number, y: number) => image.data[(y * image.width + x) * 4 + 3] ?? -1;

  it('is a square RGBA image in the requested colour', () => {
    expect(image.width).toBe(24);
    expect(image.height).toBe(24);
    expect(image.data.length).toBe(24 * 24 * 4);
    expect([image.data[0], image.data[1], image.data[2]]).toEqual([0xc6, 0x28, 0x28]);
  });

  it('draws opaque diagonal lines on a faint tint', () => {
    expect(alpha(11, 0)).toBe(255); // x + y + 1 = 12: on a line
    expect(alpha(5, 0)).toBe(Math.round(0.1 * 255)); // halfway between two lines
  });

  it('tiles seamlessly: the left and right columns continue each other', () => {
    for (let y = 0; y < 24; y++) expect(alpha(0, y)).toBe(alpha(12, y));
  });

  it('draws "\\" lines when asked to go down', () => {
    const down = hatchPattern('#c62828', { size: 24, spacing: 12, lineWidth: 2, tint: 0, direction: 'down' });
    const a = (x: number, y: number) => down.data[(y * down.width + x) * 4 + 3] ?? -1;
    expect(a(0, 0)).toBe(255);
    expect(a(5, 5)).toBe(255);
    expect(a(6, 0)).toBe(0);
    expect(a(11, 0)).toBe(a(0, 11));
  });

  it('refuses a size that is not a multiple of the spacing', () => {
    expect(() => hatchPattern('#000000', { size: 20, spacing: 12 })).toThrow(/multiple/);
  });
});
