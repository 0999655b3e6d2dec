/** Raster patterns generated in code, so the style needs no sprite sheet (the map runs offline). */

export interface PatternImage {
  readonly width: number;
  readonly height: number;
  /** Straight (not premultiplied) RGBA, row-major, as MapLibre's `addImage` expects. */
  readonly data: Uint8Array;
}

export function parseHexColor(hex: string): [number, number, number] {
  const match = /^#([0-9a-f]{6})$/i.exec(hex);
  if (!match?.[1]) throw new Error(`Expected a #rrggbb colour, got ${hex}`);
  const n = Number.parseInt(match[1], 16);
  return [(n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff];
}

export interface HatchOptions {
  /** Side of the square tile in device pixels; a multiple of `spacing` so the pattern tiles seamlessly. */
  readonly size?: number;
  /** Distance between two hatch lines, measured along the x axis, in device pixels. */
  readonly spacing?: number;
  /** Line thickness in device pixels. */
  readonly lineWidth?: number;
  /** Opacity (0–1) of the tint under the lines, so the area still reads as an area between them. */
  readonly tint?: number;
  /** `up` draws "/" lines, `down` draws "\" lines; overlapping areas of two directions cross-hatch. */
  readonly direction?: 'up' | 'down';
}

/**
 * Diagonal hatching in one colour on a faint tint of the same colour.
 * Lines are anti-aliased by their distance to each pixel centre.
 */
export function hatchPattern(color: string, options: HatchOptions = {}): PatternImage {
  const { size = 32, spacing = 16, lineWidth = 2, tint = 0.06, direction = 'up' } = options;
  if (size % spacing !== 0) throw new Error(`Pattern size ${size} must be a multiple of the spacing ${spacing}`);
  const [r, g, b] = parseHexColor(color);
  const data = new Uint8Array(size * size * 4);
  const half = lineWidth / 2;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      // "/" lines are x + y = k * spacing, "\" lines x - y = k * spacing; pixel centres sit at +0.5 on both axes.
      const s = direction === 'up' ? (x + y + 1) % spacing : (((x - y) % spacing) + spacing) % spacing;
      const distance = Math.min(s, spacing - s) / Math.SQRT2;
      const coverage = Math.min(1, Math.max(0, half + 0.5 - distance));
      const alpha = coverage + tint * (1 - coverage);
      const i = (y * size + x) * 4;
      data[i] = r;
      data[i + 1] = g;
      data[i + 2] = b;
      data[i + 3] = Math.round(alpha * 255);
    }
  }
  return { width: size, height: size, data };
}
