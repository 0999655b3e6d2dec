// Reads the real inputs of the synthetic dataset from data-import/sample/real and reprojects the city boundary
// to Stereo 70. Read once per directory and cached: the files are small and never change during a run.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { area as turfArea } from '@turf/turf';
import type { MultiPolygon, Polygon } from 'geojson';
import { toStereo70 } from '../crs/stereo70.ts';
import type { Pt } from './geometry.ts';
import { ringArea } from './geometry.ts';

export const DEFAULT_INPUT_DIR = fileURLToPath(new URL('../../sample/real/', import.meta.url));

export interface UtrRow {
  code: string;
  description: string;
  /** CSV `group`, null when the CSV leaves it empty (ZCP, U* and extravilan codes) */
  group: string | null;
  category: string;
  potMaxPct: number | null;
  cutMax: number | null;
  heightCorniceMaxM: number | null;
  heightRidgeMaxM: number | null;
  /** CSV `height_regime` with the line breaks of the PDF extraction collapsed to single spaces */
  heightRegime: string | null;
}

export interface UatRow {
  siruta: number;
  name: string;
  type: string;
  areaKm2: number;
}

export interface GeneratorInputs {
  /** Cluj-Napoca boundary in EPSG:3844: polygons → rings (exterior counter-clockwise first), open rings */
  cityBoundary: Pt[][][];
  uats: UatRow[];
  utrs: UtrRow[];
  /** street names from OSM, as given (e.g. "Strada Observatorului", "Aleea Azuga", "1 Mai") */
  streets: string[];
}

/** RFC 4180 CSV: quoted fields may hold commas, doubled quotes and line breaks */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      field = '';
      if (row.length > 1 || row[0] !== '') rows.push(row);
      row = [];
    } else field += ch;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

const num = (v: string | undefined): number | null => {
  if (v === undefined || v.trim() === '') return null;
  const n = Number(v);
  return Number.isFinite(n) ? n : null;
};
const text = (v: string | undefined): string | null => {
  if (v === undefined) return null;
  const t = v.replace(/\s+/g, ' ').trim();
  return t === '' ? null : t;
};

export function readUtrCsv(path: string): UtrRow[] {
  const [header, ...rows] = parseCsv(readFileSync(path, 'utf8'));
  if (!header) throw new Error(`${path}: empty CSV`);
  const col = (name: string): number => {
    const i = header.indexOf(name);
    if (i < 0) throw new Error(`${path}: missing column ${name}`);
    return i;
  };
  const c = {
    code: col('utr_code'),
    description: col('description'),
    group: col('group'),
    category: col('category'),
    pot: col('pot_max_pct'),
    cut: col('cut_max'),
    hc: col('h_cornice_max_m'),
    hr: col('h_ridge_max_m'),
    regime: col('height_regime'),
  };
  return rows.map((r, i) => {
    const code = text(r[c.code]);
    if (!code) throw new Error(`${path} row ${i + 2}: empty utr_code`);
    return {
      code,
      description: text(r[c.description]) ?? code,
      group: text(r[c.group]),
      category: text(r[c.category]) ?? '',
      potMaxPct: num(r[c.pot]),
      cutMax: num(r[c.cut]),
      heightCorniceMaxM: num(r[c.hc]),
      heightRidgeMaxM: num(r[c.hr]),
      heightRegime: text(r[c.regime]),
    };
  });
}

function projectBoundary(geometry: MultiPolygon | Polygon): Pt[][][] {
  const polys = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  return polys.map((poly) =>
    poly.map((ring, k) => {
      const open = ring.slice(0, -1).map((p) => toStereo70(p));
      const a = ringArea(open);
      if ((k === 0 && a < 0) || (k > 0 && a > 0)) open.reverse();
      return open;
    }),
  );
}

const cache = new Map<string, GeneratorInputs>();

export function loadInputs(dir: string = DEFAULT_INPUT_DIR): GeneratorInputs {
  const hit = cache.get(dir);
  if (hit) return hit;
  const readJson = (rel: string): unknown => JSON.parse(readFileSync(join(dir, rel), 'utf8'));

  const city = readJson('cluj-osm-city/cluj-napoca_kolozsvar.geojson') as {
    type: string;
    geometries?: (MultiPolygon | Polygon)[];
    coordinates?: unknown;
  };
  const cityGeometry = city.type === 'GeometryCollection' ? city.geometries?.[0] : (city as unknown as MultiPolygon);
  if (!cityGeometry) throw new Error('city boundary: no geometry');

  const uatFc = readJson('ro-uat-boundaries/cluj_uat.geojson') as {
    features: { properties: { siruta: string; name: string; type: string }; geometry: MultiPolygon | Polygon }[];
  };
  const uats = uatFc.features
    .map((f) => ({
      siruta: Number(f.properties.siruta),
      name: f.properties.name,
      type: f.properties.type,
      areaKm2: turfArea(f.geometry) / 1e6,
    }))
    .sort((a, b) => a.siruta - b.siruta);

  const streetsJson = readJson('cluj-osm-city/cluj-napoca_kolozsvar.streets.json') as { streets: { name: string }[] };

  const inputs: GeneratorInputs = {
    cityBoundary: projectBoundary(cityGeometry),
    uats,
    utrs: readUtrCsv(join(dir, 'cluj-pug-utr/cluj_pug_utr.csv')),
    streets: streetsJson.streets.map((s) => s.name),
  };
  cache.set(dir, inputs);
  return inputs;
}
