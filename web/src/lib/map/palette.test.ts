import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { classifyZone, RESTRICTION_COLORS, RESTRICTION_KINDS, RESTRICTION_SYMBOL, ZONE_CLASSES } from './palette.ts';
import { LAYER_GROUPS } from './style.ts';

describe('palette', () => {
  it('imports nothing, so that the server can draw the PDF map with it', () => {
    const source = readFileSync(new URL('./palette.ts', import.meta.url), 'utf8');
    expect(source).not.toMatch(/^\s*import\s/m);
  });

  it('is what the web legend shows', () => {
    const zoning = LAYER_GROUPS.find((g) => g.id === 'zoning')!;
    expect(zoning.legend.map((e) => e.symbol)).toEqual(
      ZONE_CLASSES.map((c) => ({ type: 'fill', fill: c.fill, outline: c.outline })),
    );
    const restrictions = LAYER_GROUPS.find((g) => g.id === 'restrictions')!;
    expect(
      restrictions.legend.map((e) =>
        e.symbol.type === 'hatch' || e.symbol.type === 'outline' ? [e.symbol.type, e.symbol.color] : null,
      ),
    ).toEqual(RESTRICTION_KINDS.map((k) => [RESTRICTION_SYMBOL[k], RESTRICTION_COLORS[k]]));
    expect(classifyZone('Lc_A')).toBe('housingCollective');
  });
});
