import { describe, expect, it } from 'vitest';
import { completeParcel, parseParcelAnswer } from './parcel-answer.ts';
import { parcelFromProperties } from './parcel.ts';

const body = {
  uat: { siruta: 57706, name: 'Florești', county: 'Cluj' },
  cadastral_number: '100006',
  land_book_number: '100006',
  area_official_m2: 4012,
  land_use: 'A',
  intravilan: false,
  address: 'Florești, extravilan',
  area_m2: 4000,
  zoning: {
    units: [
      {
        code: 'M3',
        zone_group: null,
        plan: { code: 'PUG-57706-2010' },
        area_m2: 1000,
        share_pct: 25,
        name: 'Zonă mixtă',
        regulations: {
          pot_max_pct: 40,
          cut_max: 2,
          height_max_m: 22,
          height_regime: 'P+4',
          permitted_uses: ['locuire', ''],
          conditional_uses: ['comerț'],
          forbidden_uses: ['industrie'],
        },
        envelope: { max_footprint_m2: 400, max_gross_floor_area_m2: 2000, max_height_m: 22 },
      },
    ],
    not_zoned: { area_m2: 3000, share_pct: 75 },
    envelope: { max_footprint_m2: 400, max_gross_floor_area_m2: 2000, max_height_m: 22 },
    restrictions: [{ kind: 'flood_zone', name: 'Someș', share_pct: 10 }],
    plans: [
      {
        kind: 'PUG',
        code: 'PUG-57706-2010',
        title: 'PUG Florești',
        hcl_number: '12',
        hcl_date: '2010-05-01',
        share_pct: 25,
        scope: 'parcel',
      },
    ],
  },
};

describe('parseParcelAnswer', () => {
  it('keeps the zone shares, the part without zoning and the envelope', () => {
    expect(parseParcelAnswer(body)).toEqual({
      uatSiruta: 57706,
      cadastralNumber: '100006',
      areaM2: 4000,
      landBookNumber: '100006',
      intravilan: false,
      landUse: 'A',
      areaOfficialM2: 4012,
      address: 'Florești, extravilan',
      zones: [
        {
          code: 'M3',
          planCode: 'PUG-57706-2010',
          zoneGroup: null,
          areaM2: 1000,
          sharePct: 25,
          potMaxPct: 40,
          cutMax: 2,
          maxFootprintM2: 400,
          name: 'Zonă mixtă',
          heightMaxM: 22,
          heightRegime: 'P+4',
          permittedUses: ['locuire'],
          conditionalUses: ['comerț'],
          forbiddenUses: ['industrie'],
        },
      ],
      notZonedPct: 75,
      maxFootprintM2: 400,
      maxGrossFloorAreaM2: 2000,
      maxHeightM: 22,
      plans: [
        {
          kind: 'PUG',
          code: 'PUG-57706-2010',
          title: 'PUG Florești',
          hclNumber: '12',
          hclDate: '2010-05-01',
          sharePct: 25,
          scope: 'parcel',
        },
      ],
      restrictions: [{ kind: 'flood_zone', name: 'Someș', sharePct: 10 }],
    });
  });

  it('refuses what is not a zoning answer', () => {
    expect(parseParcelAnswer(null)).toBeNull();
    expect(parseParcelAnswer({ uat: { siruta: 1 }, cadastral_number: '1' })).toBeNull();
  });

  it('completes a parcel picked from a tile with the attributes the tile leaves out', () => {
    const picked = parcelFromProperties({ uat_siruta: 57706, cadastral_number: '100006', intravilan: false }, 7)!;
    expect(picked.address).toBeNull();
    const answer = parseParcelAnswer(body);
    expect(completeParcel(picked, answer)).toEqual({
      id: 7,
      uatSiruta: 57706,
      cadastralNumber: '100006',
      landBookNumber: '100006',
      intravilan: false,
      landUse: 'A',
      areaOfficialM2: 4012,
      address: 'Florești, extravilan',
    });
    // An answer for another parcel (a late response after a new click) is not mixed in.
    const other = parcelFromProperties({ uat_siruta: 57706, cadastral_number: '100007' }, 8)!;
    expect(completeParcel(other, answer)).toBe(other);
  });
});
