import { describe, expect, it } from 'vitest';
import { RESTRICTION_KINDS } from '../legend/palette.ts';
import { restrictionKindName } from './kind-names.ts';

/** Each restriction kind with its correct name: the legend, the panel, the API and the certificate read these. */
const EXPECTED: Record<(typeof RESTRICTION_KINDS)[number], { ro: string; en: string }> = {
  built_heritage_zone: { ro: 'Zonă construită protejată', en: 'Protected built heritage zone' },
  protected_area: { ro: 'Arie naturală protejată', en: 'Protected natural area' },
  monument_zone: { ro: 'Zonă de protecție a monumentelor', en: 'Monument protection zone' },
  flood_zone: { ro: 'Zonă inundabilă', en: 'Flood zone' },
  utility_corridor: { ro: 'Culoar de protecție a rețelelor', en: 'Utility protection corridor' },
  road_widening: { ro: 'Lărgire de drum propusă', en: 'Planned road widening' },
  building_ban: { ro: 'Interdicție de construire', en: 'Building ban' },
};

describe('restriction kind names', () => {
  it('names every kind correctly in both languages, each its own name', () => {
    for (const kind of RESTRICTION_KINDS) expect(restrictionKindName(kind), kind).toEqual(EXPECTED[kind]);
    const ro = RESTRICTION_KINDS.map((k) => restrictionKindName(k).ro);
    expect(new Set(ro).size).toBe(RESTRICTION_KINDS.length);
    expect(Object.keys(EXPECTED).sort()).toEqual([...RESTRICTION_KINDS].sort());
  });

  it('names an unknown kind by its id', () => {
    expect(restrictionKindName('airport_zone')).toEqual({ ro: 'airport_zone', en: 'airport_zone' });
  });
});
