import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { servedLegend } from '../../test-support/served-legend.ts';
import { classifyZone, isPlanKind, isRestrictionKind, legendName, restrictionLook } from './palette.ts';

const LEGEND = servedLegend();

describe('palette', () => {
  it('keeps no colour of its own: every colour comes from the served legend', () => {
    const source = readFileSync(new URL('./palette.ts', import.meta.url), 'utf8');
    expect(source).not.toMatch(/^\s*import\s/m);
    expect(source).not.toMatch(/#[0-9a-f]{6}\b/i);
  });

  it('classifies a zone by its code, then its group, then as the class without prefixes', () => {
    expect(classifyZone(LEGEND, 'Lc_A')?.id).toBe('housingCollective');
    expect(classifyZone(LEGEND, 'X9', 'V - ZONA VERDE')?.id).toBe('green');
    expect(classifyZone(LEGEND, 'X9')?.id).toBe('unclassified');
    expect(classifyZone({ ...LEGEND, zoneClasses: [], zonePrefixRules: [] }, 'L')).toBeNull();
  });

  it('reads kinds, looks and names from the document', () => {
    expect(isPlanKind(LEGEND, 'PUZ')).toBe(true);
    expect(isPlanKind(LEGEND, 'PUX')).toBe(false);
    expect(isRestrictionKind(LEGEND, 'flood_zone')).toBe(true);
    expect(restrictionLook(LEGEND, 'flood_zone')).toEqual({
      type: 'hatch',
      color: LEGEND.restrictionColors['flood_zone'],
      direction: LEGEND.restrictionHatch['flood_zone'],
    });
    expect(restrictionLook(LEGEND, 'monument_zone')).toMatchObject({ type: 'outline' });
    expect(restrictionLook(LEGEND, 'unknown')).toBeNull();
    expect(legendName(LEGEND, 'ro', 'zoneClass', 'housing')).toBe('Locuințe individuale (L)');
    expect(legendName(null, 'ro', 'zoneClass', 'housing')).toBeNull();
  });
});
