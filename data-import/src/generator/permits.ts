// Urbanism certificates (CU) and building permits (AC) issued since 2021-05-01, as points inside parcels. Numbers
// follow the registry: per kind and year, growing with the date (`1234/2023`), unique.
import type { Feature, Point } from 'geojson';
import type { Pt } from './geometry.ts';
import { round2 } from './geometry.ts';
import type { GeneratedParcels } from './parcels.ts';
import { CLUJ_SIRUTA } from './parcels.ts';
import { createRng, deriveSeed } from './rng.ts';

export interface PermitProperties {
  uat_siruta: number;
  kind: 'CU' | 'AC';
  number: string;
  issued_on: string;
  purpose: string;
  address: string | null;
  cadastral_number: string;
}

export type PermitFeature = Feature<Point, PermitProperties>;

export const PERMITS_FROM = '2021-05-01';
export const PERMITS_TO = '2026-11-01';

/** about 800 for the sample, 4 % of the parcels for big runs */
export function defaultPermitCount(parcels: number): number {
  return Math.max(Math.round(parcels * 0.04), Math.min(800, Math.round(parcels * 0.4)));
}

const PURPOSES: Record<'CU' | 'AC', [string, number][]> = {
  CU: [
    ['informare', 5],
    ['construire locuință unifamilială P+1E', 4],
    ['construire locuință unifamilială P+M', 2],
    ['construire locuințe colective S+P+4E+R', 1.5],
    ['extindere și mansardare locuință', 2],
    ['desființare construcție', 1.5],
    ['dezlipire teren', 2],
    ['alipire terenuri', 1.5],
    ['intabulare construcție', 1],
    ['racordare la rețeaua de gaze naturale', 1],
    ['schimbare de destinație spațiu la parter', 1],
  ],
  AC: [
    ['construire locuință unifamilială P+1E', 5],
    ['construire locuință unifamilială P+M', 2],
    ['construire locuințe colective S+P+4E+R', 1.5],
    ['extindere și mansardare locuință', 2],
    ['desființare construcție C1', 1.5],
    ['construire împrejmuire', 2],
    ['construire anexă gospodărească', 1],
    ['reabilitare termică bloc de locuințe', 1],
    ['construire clădire de birouri S+P+6E', 0.5],
    ['amenajare spațiu comercial la parter', 1],
  ],
};
const FIELD_PURPOSES: Record<'CU' | 'AC', [string, number][]> = {
  CU: [
    ['informare', 4],
    ['dezlipire teren', 3],
    ['alipire terenuri', 1],
    ['introducere teren în intravilan prin PUZ', 1],
  ],
  AC: [
    ['construire anexă agricolă', 2],
    ['construire împrejmuire', 1],
  ],
};

/** registry volume per year (how far the numbers go), roughly what a city of Cluj's size issues */
const YEARLY_VOLUME = { CU: 5200, AC: 1900 } as const;

const DAY = 86400000;

export function generatePermits(parcels: GeneratedParcels, seed: number | string, count: number): PermitFeature[] {
  const rng = createRng(deriveSeed(seed, 'permits'));
  const from = Date.parse(`${PERMITS_FROM}T00:00:00Z`);
  const days = Math.round((Date.parse(`${PERMITS_TO}T00:00:00Z`) - from) / DAY);
  const urban: number[] = [];
  const fields: number[] = [];
  parcels.features.forEach((f, i) => {
    if (!parcels.interiorPoints[i]) return;
    (f.properties.intravilan ? urban : fields).push(i);
  });
  if (urban.length + fields.length === 0 || count <= 0) return [];

  interface Draft {
    kind: 'CU' | 'AC';
    date: string;
    parcel: number;
    purpose: string;
  }
  const drafts: Draft[] = [];
  while (drafts.length < count) {
    let date: Date;
    do date = new Date(from + rng.int(0, days) * DAY);
    while (date.getUTCDay() === 0 || date.getUTCDay() === 6);
    const kind = rng.chance(0.62) ? 'CU' : 'AC';
    const onField = fields.length > 0 && (urban.length === 0 || rng.chance(0.06));
    const parcel = rng.pick(onField ? fields : urban);
    const purpose = rng.weighted((onField ? FIELD_PURPOSES : PURPOSES)[kind]);
    drafts.push({ kind, date: date.toISOString().slice(0, 10), parcel, purpose });
  }
  drafts.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : 0));

  // numbers: per kind and year, about where the registry would be on that day, strictly increasing
  const last = new Map<string, number>();
  const out: PermitFeature[] = [];
  for (const d of drafts) {
    const year = Number(d.date.slice(0, 4));
    const dayOfYear = (Date.parse(`${d.date}T00:00:00Z`) - Date.UTC(year, 0, 1)) / DAY;
    const key = `${d.kind}/${year}`;
    const expected = Math.floor((YEARLY_VOLUME[d.kind] * dayOfYear) / 365) + rng.int(1, 12);
    const n = Math.max((last.get(key) ?? 0) + 1, expected);
    last.set(key, n);
    const f = parcels.features[d.parcel];
    const p = parcels.interiorPoints[d.parcel] as Pt;
    if (!f) continue;
    out.push({
      type: 'Feature',
      properties: {
        uat_siruta: CLUJ_SIRUTA,
        kind: d.kind,
        number: `${n}/${year}`,
        issued_on: d.date,
        purpose: d.purpose,
        address: f.properties.address,
        cadastral_number: f.properties.cadastral_number,
      },
      geometry: { type: 'Point', coordinates: [round2(p[0]), round2(p[1])] },
    });
  }
  return out;
}
