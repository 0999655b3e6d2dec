// Colour-blind safety and contrast of the map's colours as the server serves them (`legend` in /api/client-config,
// read from the server's code by the unit project's setup), computed with culori (CIEDE2000 distances after a
// simulated colour-vision deficiency, WCAG contrast ratios).
import {
  differenceCiede2000,
  filterDeficiencyDeuter,
  filterDeficiencyProt,
  converter,
  filterDeficiencyTrit,
  formatHex,
  parse,
  wcagContrast,
  type Color,
} from 'culori';
import { describe, expect, it } from 'vitest';
import { servedLegend } from '../../test-support/served-legend.ts';
import { CONTEXT_COLORS } from './style.ts';

const {
  ink: INK,
  parcelColors: PARCEL_COLORS,
  planStyles: PLAN_STYLES,
  restrictionColors: RESTRICTION_COLORS,
  zoneClasses: ZONE_CLASSES,
} = servedLegend();

const de = differenceCiede2000();
const VISIONS: Record<string, (c: Color) => Color> = {
  normal: (c) => c,
  protanopia: filterDeficiencyProt(1),
  deuteranopia: filterDeficiencyDeuter(1),
  tritanopia: filterDeficiencyTrit(1),
};
/** A zone fill as the map draws it at z15: at 60 % opacity over a block. */
function asDrawn(fill: string): string {
  const [a, b] = [parse(fill), parse(CONTEXT_COLORS.block)] as [Color, Color];
  const rgb = (c: Color) => converter('rgb')(c)!;
  const [x, y] = [rgb(a), rgb(b)];
  return formatHex({ mode: 'rgb', r: 0.6 * x.r + 0.4 * y.r, g: 0.6 * x.g + 0.4 * y.g, b: 0.6 * x.b + 0.4 * y.b });
}

const color = (hex: string): Color => {
  const c = parse(hex);
  if (!c) throw new Error(`not a colour: ${hex}`);
  return c;
};

function closestPair(colors: readonly { id: string; hex: string }[], see: (c: Color) => Color) {
  let best = { d: Infinity, pair: '' };
  for (let i = 0; i < colors.length; i++)
    for (let j = i + 1; j < colors.length; j++) {
      const d = de(see(color(colors[i]!.hex)), see(color(colors[j]!.hex)));
      if (d < best.d) best = { d, pair: `${colors[i]!.id}/${colors[j]!.id}` };
    }
  return best;
}

describe('zone colours', () => {
  const zones = ZONE_CLASSES.map((c) => ({ id: c.id, hex: c.fill }));
  for (const [vision, see] of Object.entries(VISIONS)) {
    it(`keeps every two zone classes apart for ${vision} (CIEDE2000 ≥ 10)`, () => {
      const { d, pair } = closestPair(zones, see);
      expect(d, pair).toBeGreaterThanOrEqual(10);
    });
  }

  it('keeps parcel outlines (ink) visible on every zone fill as drawn (WCAG non-text contrast ≥ 3:1)', () => {
    for (const z of ZONE_CLASSES) expect(wcagContrast(INK, asDrawn(z.fill)), z.id).toBeGreaterThanOrEqual(3);
  });
});

describe('the selected parcel', () => {
  it('is outlined in a colour that stands out from its white halo, and one of the two stands out on every zone', () => {
    expect(wcagContrast(PARCEL_COLORS.selectedLine, PARCEL_COLORS.selectedHalo)).toBeGreaterThanOrEqual(4.5);
    for (const z of ZONE_CLASSES) {
      const best = Math.max(
        wcagContrast(PARCEL_COLORS.selectedLine, asDrawn(z.fill)),
        wcagContrast(PARCEL_COLORS.selectedHalo, asDrawn(z.fill)),
      );
      expect(best, z.id).toBeGreaterThanOrEqual(3);
    }
  });
});

describe('labels and lines', () => {
  it('writes labels with AA text contrast on their halo', () => {
    expect(wcagContrast(CONTEXT_COLORS.label, CONTEXT_COLORS.halo)).toBeGreaterThanOrEqual(4.5);
    expect(wcagContrast(INK, CONTEXT_COLORS.halo)).toBeGreaterThanOrEqual(4.5);
  });

  it('draws plan boundaries and restrictions distinguishable for every vision', () => {
    const plans = Object.entries(PLAN_STYLES).map(([id, s]) => ({ id, hex: s.color }));
    const restrictions = Object.entries(RESTRICTION_COLORS).map(([id, hex]) => ({ id, hex }));
    // Plans also differ by dash; restriction kinds by hatch direction or dash: a floor, not a wide gap.
    for (const [vision, see] of Object.entries(VISIONS)) {
      for (const group of [plans, restrictions]) {
        const { d, pair } = closestPair(group, see);
        expect(d, `${vision}: ${pair}`).toBeGreaterThanOrEqual(3);
      }
    }
  });
});
