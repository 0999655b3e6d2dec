// What a UTR allows, as short Romanian summaries per zone family, and plausible parcel rules (minimum area and
// frontage, setbacks). These are a SUMMARY made up for the synthetic dataset: the RLU text is what counts.
// POT, CUT and heights are not here: they come from the real CSV (cluj_pug_utr.csv).
import type { UtrRow } from './load-inputs.ts';

export type ZoneFamily = 'C' | 'M' | 'Mi' | 'L' | 'Lc' | 'Is' | 'E' | 'G' | 'ED' | 'Sp' | 'T' | 'A' | 'V';

export const USES_NOTE =
  'Rezumat sintetic al utilizărilor, generat de Atlas pentru date de test; textul care face fond este Regulamentul local de urbanism.';

/** the family a UTR code belongs to, looking through the ZCP_ / U / Rr / Ri prefixes */
export function zoneFamily(code: string): ZoneFamily {
  let c = code.replace(/^ZCP_/, '');
  if (/^(Ta|Tf|Tr)\b/.test(c) || c.startsWith('Ta /')) return 'T';
  if (/^(Sp|TDS)/i.test(c)) return 'Sp';
  if (/^(TDA|TDF)/.test(c)) return 'A';
  if (/^C\d/.test(c)) return 'C';
  if (/^Rr(Em|Et)/.test(c)) return 'E';
  if (/^Rr|^RiM/.test(c)) return /M[12]$/.test(c) ? 'M' : 'Mi';
  if (/^U(?!Ta)/.test(c) && c.length > 1) c = c.slice(1);
  if (/^M[12]$/.test(c)) return 'M';
  if (/^M/.test(c)) return 'Mi';
  if (/^(Lc|L_A|Li\/c)/.test(c)) return 'Lc';
  if (/^L/.test(c)) return 'L';
  if (/^Is/.test(c)) return 'Is';
  if (/^ED/.test(c)) return 'ED';
  if (/^E/.test(c)) return 'E';
  if (/^G/.test(c)) return 'G';
  if (/^A/.test(c)) return 'A';
  if (/^V/.test(c)) return 'V';
  return 'Is';
}

export interface Uses {
  permitted: string[];
  conditional: string[];
  forbidden: string[];
}

const USES: Record<ZoneFamily, Uses> = {
  C: {
    permitted: [
      'instituții publice și servicii de interes general',
      'comerț și servicii la parterul clădirilor',
      'locuințe la etajele superioare',
      'activități culturale și turism',
    ],
    conditional: [
      'alimentație publică cu program prelungit, cu acordul vecinilor',
      'parcaje subterane, cu studiu privind impactul asupra patrimoniului',
    ],
    forbidden: [
      'activități industriale',
      'depozitare en-gros',
      'stații de alimentare cu carburanți',
      'construcții provizorii',
    ],
  },
  M: {
    permitted: ['locuințe colective', 'comerț și servicii', 'birouri', 'echipamente publice', 'alimentație publică'],
    conditional: ['parcaje colective supraterane', 'hoteluri, cu asigurarea locurilor de parcare pe parcelă'],
    forbidden: ['activități industriale poluante', 'depozitare en-gros', 'ferme agrozootehnice'],
  },
  Mi: {
    permitted: ['locuințe colective', 'birouri și servicii', 'comerț', 'echipamente publice de proximitate'],
    conditional: [
      'stații de alimentare cu carburanți, pe parcele de colț',
      'activități productive nepoluante, cu suprafață de maximum 200 mp',
    ],
    forbidden: ['activități industriale poluante', 'depozitare en-gros', 'construcții provizorii'],
  },
  L: {
    permitted: [
      'locuințe individuale',
      'locuințe semicolective cu maximum două unități',
      'echipamente publice de proximitate',
    ],
    conditional: [
      'servicii profesionale în locuință, fără depozitare',
      'comerț de proximitate cu suprafață desfășurată de maximum 100 mp',
    ],
    forbidden: [
      'activități industriale',
      'depozitare en-gros',
      'locuințe colective',
      'stații de alimentare cu carburanți',
      'ferme agrozootehnice',
    ],
  },
  Lc: {
    permitted: [
      'locuințe colective',
      'echipamente publice de proximitate',
      'spații verzi amenajate și locuri de joacă',
    ],
    conditional: ['comerț și servicii la parterul clădirilor', 'parcaje colective supraterane sau subterane'],
    forbidden: ['activități industriale', 'depozitare', 'construcții provizorii'],
  },
  Is: {
    permitted: ['instituții publice', 'învățământ', 'sănătate și asistență socială', 'cultură', 'lăcașuri de cult'],
    conditional: ['locuințe de serviciu', 'comerț și alimentație publică complementare funcțiunii principale'],
    forbidden: ['activități industriale', 'locuințe individuale', 'depozitare'],
  },
  E: {
    permitted: ['activități productive nepoluante', 'depozitare și logistică', 'servicii de tip industrial', 'birouri'],
    conditional: ['comerț en-gros și en-detail', 'stații de alimentare cu carburanți'],
    forbidden: ['locuințe', 'unități de învățământ și sănătate'],
  },
  G: {
    permitted: ['servicii de gospodărire comunală', 'construcții administrative și anexe'],
    conditional: ['comerț complementar funcțiunii principale'],
    forbidden: ['locuințe', 'activități industriale'],
  },
  ED: {
    permitted: ['construcții și instalații edilitare'],
    conditional: ['birouri aferente operatorilor de utilități'],
    forbidden: ['locuințe', 'echipamente publice'],
  },
  Sp: {
    permitted: ['construcții cu destinație specială (apărare, ordine publică, siguranță națională)'],
    conditional: [],
    forbidden: ['orice funcțiune fără avizul instituțiilor cu destinație specială'],
  },
  T: {
    permitted: ['infrastructură de transport și amenajări aferente', 'parcaje'],
    conditional: ['servicii pentru călători'],
    forbidden: ['locuințe', 'activități industriale'],
  },
  A: {
    permitted: ['culturi agricole', 'pășuni și fânețe', 'livezi'],
    conditional: ['construcții agrozootehnice de mici dimensiuni', 'amenajări de agrement în aer liber'],
    forbidden: ['locuințe', 'activități industriale', 'depozitare'],
  },
  V: {
    permitted: [
      'spații verzi publice',
      'alei pietonale și piste pentru bicicliști',
      'mobilier urban și locuri de joacă',
    ],
    conditional: ['construcții pentru sport și agrement, cu POT redus', 'alimentație publică de mici dimensiuni'],
    forbidden: ['locuințe', 'activități industriale', 'parcaje supraterane'],
  },
};

export interface ParcelRules {
  min_parcel_area_m2: number | null;
  min_frontage_m: number | null;
  setback_front_m: number | null;
  setback_side_m: number | null;
  setback_rear_m: number | null;
}

const NONE: ParcelRules = {
  min_parcel_area_m2: null,
  min_frontage_m: null,
  setback_front_m: null,
  setback_side_m: null,
  setback_rear_m: null,
};
const rules = (area: number, frontage: number, front: number, side: number, rear: number): ParcelRules => ({
  min_parcel_area_m2: area,
  min_frontage_m: frontage,
  setback_front_m: front,
  setback_side_m: side,
  setback_rear_m: rear,
});

/** plausible parcel rules; null where the family has none (green, transport, special, agricultural, cemeteries) */
export function parcelRules(code: string): ParcelRules {
  const c = code.replace(/^ZCP_/, '');
  switch (zoneFamily(code)) {
    case 'C':
      return rules(150, 8, 0, 0, 5);
    case 'M':
      return rules(250, 12, 0, 0, 6);
    case 'Mi':
      return /RiM/.test(c) ? rules(1000, 24, 5, 5, 6) : rules(500, 15, 3, 4.5, 6);
    case 'L':
      if (/Lid/.test(c)) return rules(1000, 20, 5, 3, 10);
      if (/Lir/.test(c)) return rules(500, 15, 5, 3, 6);
      return rules(360, 12, 3, 3, 6);
    case 'Lc':
      return /Lc_A|L_A/.test(c) ? rules(1000, 20, 5, 5, 6) : rules(1000, 24, 5, 5, 6);
    case 'Is':
      return rules(1000, 20, 5, 5, 6);
    case 'E':
      return /Ec/.test(c) ? rules(3000, 40, 10, 6, 6) : rules(1000, 25, 6, 5, 6);
    case 'G':
      return /G_p|G_t/.test(c) ? rules(1000, 20, 5, 5, 5) : NONE;
    case 'ED':
      return rules(500, 15, 5, 3, 3);
    case 'A':
      return /Aapp/.test(c) ? rules(5000, 50, 10, 10, 10) : NONE;
    default:
      return NONE;
  }
}

export function usesFor(code: string): Uses {
  const u = USES[zoneFamily(code)];
  return { permitted: [...u.permitted], conditional: [...u.conditional], forbidden: [...u.forbidden] };
}

export interface ZoningProperties {
  plan_code: string;
  uat_siruta: number;
  code: string;
  name: string;
  zone_group: string | null;
  category: string | null;
  pot_max_pct: number | null;
  cut_max: number | null;
  height_max_m: number | null;
  height_total_max_m: number | null;
  height_regime: string | null;
  regulation_url: string | null;
  permitted_uses: string[];
  conditional_uses: string[];
  forbidden_uses: string[];
  uses_note: string;
  min_parcel_area_m2: number | null;
  min_frontage_m: number | null;
  setback_front_m: number | null;
  setback_side_m: number | null;
  setback_rear_m: number | null;
}

/** zone properties from a CSV row: POT/CUT/heights exactly as the CSV gives them (null when empty) */
export function zoningProperties(utr: UtrRow, planCode: string, siruta: number): ZoningProperties {
  const uses = usesFor(utr.code);
  return {
    plan_code: planCode,
    uat_siruta: siruta,
    code: utr.code,
    name: utr.description,
    zone_group: utr.group,
    category: utr.category || null,
    pot_max_pct: utr.potMaxPct,
    cut_max: utr.cutMax,
    height_max_m: utr.heightCorniceMaxM,
    height_total_max_m: utr.heightRidgeMaxM,
    height_regime: utr.heightRegime,
    regulation_url: null,
    permitted_uses: uses.permitted,
    conditional_uses: uses.conditional,
    forbidden_uses: uses.forbidden,
    uses_note: USES_NOTE,
    ...parcelRules(utr.code),
  };
}
