// SYNTHETIC yearly population and dwelling series (2000–2025) for the 81 UATs of Cluj county. Plausible shapes only
// (the city and its suburbs growing, Florești fast; the old industrial towns and most communes shrinking):
// these are NOT official INS statistics and are labelled as such in indicators.json.
import type { UatRow } from './load-inputs.ts';
import { createRng, deriveSeed } from './rng.ts';

export const INDICATOR_YEARS: readonly number[] = Array.from({ length: 26 }, (_, i) => 2000 + i);

export interface IndicatorValue {
  siruta: number;
  year: number;
  value: number;
}

export interface IndicatorMeta {
  code: 'population' | 'dwellings';
  name_ro: string;
  name_en: string;
  unit: string;
  source: string;
  synthetic: true;
  description: string;
  years: [number, number];
}

export interface GeneratedIndicators {
  meta: IndicatorMeta[];
  population: IndicatorValue[];
  dwellings: IndicatorValue[];
}

const SOURCE = 'Date sintetice generate de Atlas (generator cu seed), nu statistici oficiale INS';

export const INDICATOR_META: IndicatorMeta[] = [
  {
    code: 'population',
    name_ro: 'Populație (sintetic)',
    name_en: 'Population (synthetic)',
    unit: 'persoane',
    source: SOURCE,
    synthetic: true,
    description:
      'Serie anuală sintetică a populației pe UAT (2000–2025), cu ordine de mărime plauzibile pentru județul Cluj; folosită doar pentru demonstrații și teste.',
    years: [2000, 2025],
  },
  {
    code: 'dwellings',
    name_ro: 'Locuințe (sintetic)',
    name_en: 'Dwellings (synthetic)',
    unit: 'locuințe',
    source: SOURCE,
    synthetic: true,
    description:
      'Serie anuală sintetică a fondului de locuințe pe UAT (2000–2025), derivată din populația sintetică și o mărime medie a gospodăriei în scădere; nu reprezintă date oficiale.',
    years: [2000, 2025],
  },
];

interface Profile {
  /** population in 2000 and 2025 */
  from: number;
  to: number;
  /** logistic (suburban boom) instead of a steady trend */
  boom?: number;
  /** people per dwelling in 2000 and 2025 */
  hh: [number, number];
}

/** known shapes by SIRUTA; every other UAT is a commune with a size from its area */
const PROFILES: Record<number, Profile> = {
  54975: { from: 308000, to: 333000, hh: [2.65, 2.1] }, // Cluj-Napoca
  57706: { from: 6800, to: 54000, boom: 2013, hh: [2.9, 2.2] }, // Florești
  55838: { from: 8000, to: 16500, boom: 2014, hh: [2.9, 2.3] }, // Baciu
  55687: { from: 9500, to: 18500, boom: 2015, hh: [2.9, 2.35] }, // Apahida
  57582: { from: 3600, to: 5800, hh: [2.9, 2.5] }, // Feleacu
  57902: { from: 7800, to: 9700, hh: [2.9, 2.55] }, // Gilău
  56988: { from: 2600, to: 4500, hh: [2.9, 2.45] }, // Chinteni
  58259: { from: 4100, to: 5300, hh: [2.9, 2.6] }, // Jucu
  57225: { from: 1500, to: 2300, hh: [2.9, 2.5] }, // Ciurila
  55259: { from: 57000, to: 45500, hh: [2.7, 2.3] }, // Turda
  55008: { from: 38500, to: 32000, hh: [2.7, 2.35] }, // Dej
  55357: { from: 27000, to: 21300, hh: [2.7, 2.35] }, // Câmpia Turzii
  55384: { from: 24000, to: 19600, hh: [2.7, 2.35] }, // Gherla
  55446: { from: 9800, to: 8700, hh: [2.8, 2.5] }, // Huedin
};

export function generateIndicators(uats: readonly UatRow[], seed: number | string): GeneratedIndicators {
  const population: IndicatorValue[] = [];
  const dwellings: IndicatorValue[] = [];
  const sorted = [...uats].sort((a, b) => a.siruta - b.siruta);
  for (const uat of sorted) {
    const rng = createRng(deriveSeed(seed, 'indicators', uat.siruta));
    let profile = PROFILES[uat.siruta];
    if (!profile) {
      const from = Math.round(Math.min(9500, Math.max(1100, uat.areaKm2 * rng.range(22, 60))));
      const yearly = rng.range(-0.013, 0.004);
      profile = { from, to: Math.round(from * (1 + yearly) ** 25), hh: [rng.range(2.75, 3.05), rng.range(2.45, 2.7)] };
    }
    const p = profile;
    const popNoise = rng.range(0.002, 0.006);
    const dwNoise = rng.range(0.001, 0.003);
    let wobble = 0;
    for (const year of INDICATOR_YEARS) {
      const t = (year - 2000) / 25;
      const shape = p.boom !== undefined ? logistic(year, p.boom) : t;
      const trend = p.boom !== undefined ? p.from + (p.to - p.from) * shape : p.from * (p.to / p.from) ** t;
      wobble = 0.6 * wobble + rng.normal() * popNoise; // autocorrelated, so the series does not zig-zag
      const pop = Math.round(trend * (1 + wobble));
      const hh = p.hh[0] + (p.hh[1] - p.hh[0]) * t;
      const dw = Math.round((trend / hh) * (1 + rng.normal() * dwNoise));
      population.push({ siruta: uat.siruta, year, value: pop });
      dwellings.push({ siruta: uat.siruta, year, value: dw });
    }
  }
  return { meta: INDICATOR_META, population, dwellings };
}

/** 0 → 1 around `mid`, rescaled so that 2000 is exactly 0 and 2025 exactly 1 */
function logistic(year: number, mid: number): number {
  const f = (y: number): number => 1 / (1 + Math.exp(-(y - mid) / 3));
  return (f(year) - f(2000)) / (f(2025) - f(2000));
}
