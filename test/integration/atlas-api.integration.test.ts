// Issue 18: the territorial atlas's API on real data (INS censuses, Eurostat areas, INS building permits, NASA FIRMS
// fire detections), on both engines.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ImportError } from '../../data-import/src/import-job.ts';
import { importIndicatorCsv } from '../../data-import/src/indicators-import.ts';
import type { YearColumns } from '../../server/src/atlas/atlas.service.ts';
import { competitionRanks } from '../../web/src/lib/atlas/atlas-api.ts';
import { testDb } from '../support/db.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { decodeMvt, tileOf } from '../support/mvt.ts';

const CLUJ_NAPOCA = 54975;
const DEJ = 55008;
const FLORESTI = 57706;

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

const get = (path: string) => fetch(`${server.baseUrl}${path}`);
async function json<T = Record<string, unknown>>(path: string, status = 200): Promise<T> {
  const res = await get(path);
  expect(res.status, `${path}: ${res.status}`).toBe(status);
  return (await res.json()) as T;
}

interface Values {
  indicator: string;
  year: number;
  from?: number;
  derived: string;
  unit: string;
  unit_en: string | null;
  population_year?: number;
  method: string;
  classes: number;
  breaks: number[];
  count: number;
  values: {
    siruta: number;
    name: string;
    county: string;
    value: number;
    rank_county: number;
    rank_country: number | null;
  }[];
  source: string;
  source_en: string | null;
  licence: string | null;
  licence_en: string | null;
  synthetic: boolean;
}
const uatOf = (v: Values, siruta: number) => v.values.find((x) => x.siruta === siruta);

describe('GET /api/indicators', () => {
  it('lists the catalogue with kind, unit, source, licence, years, coverage and the synthetic ones marked', async () => {
    const body = await json<{ indicators: Record<string, unknown>[] }>('/api/indicators');
    const by = Object.fromEntries(body.indicators.map((i) => [i.code as string, i]));
    expect(by.population_census).toMatchObject({
      kind: 'count_stock',
      unit: 'locuitori',
      years: [2002, 2011],
      coverage: 'national',
      synthetic: false,
    });
    expect(by.population_census!.source).toMatch(/INS/);
    expect(by.population_census!.licence).toMatch(/109\/2007/);
    expect(by.building_permits).toMatchObject({ kind: 'count_flow', coverage: 'county', synthetic: false });
    // Every text shown to a user has an English form beside the Romanian one.
    expect(by.fire_detections).toMatchObject({ unit: 'detecții', unit_en: 'detections' });
    expect(by.fire_detections!.source_en).toMatch(/aggregated per UAT/);
    expect(by.population_census!.licence_en).toMatch(/^INS public data, reusable under Law 109\/2007/);
    expect(by.population).toMatchObject({
      unit: 'persoane',
      unit_en: 'people',
      licence_en: 'Atlas synthetic data (MIT)',
    });
    // The sample's catalogue (other tests on a shared PostGIS database may import indicators without English texts).
    const sample = ['population_census', 'population_domicile', 'area', 'building_permits', 'fire_detections'];
    for (const code of [...sample, 'population', 'dwellings']) {
      for (const k of ['unit_en', 'source_en', 'licence_en']) expect(by[code]?.[k], `${code}.${k}`).toBeTruthy();
    }
    expect((by.building_permits!.years as number[]).length).toBe(10);
    expect(by.building_permits!.notes_ro).toMatch(/omite UAT-urile fără nicio autorizație/);
    expect(by.building_permits!.notes_en).toMatch(/not zero/);
    expect(by.fire_detections).toMatchObject({ kind: 'count_flow', coverage: 'national', higher_is_better: false });
    expect(by.population).toMatchObject({ synthetic: true });
    expect(by.population!.name_ro).toMatch(/sintetic/);
    // Real indicators come first, the synthetic ones last.
    const codes = body.indicators.map((i) => i.code);
    expect(codes.indexOf('population')).toBeGreaterThan(codes.indexOf('fire_detections'));
  });

  it('searches names and descriptions without diacritics', async () => {
    const body = await json<{ indicators: { code: string }[] }>('/api/indicators?q=autorizatii');
    expect(body.indicators.map((i) => i.code)).toEqual(['building_permits']);
    const en = await json<{ indicators: { code: string }[] }>('/api/indicators?q=census%20population');
    expect(en.indicators.map((i) => i.code)).toEqual(['population_census']);
  });

  it('gives one indicator, and 404 for an unknown one', async () => {
    expect(await json('/api/indicators/area')).toMatchObject({ code: 'area', unit: 'km²' });
    const res = await get('/api/indicators/nosuch');
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toMatch(/application\/problem\+json/);
  });
});

describe('GET /api/indicators/{code}/values', () => {
  it('gives Cluj-Napoca the census 2011 population 324,576, first in its county, among all UATs of Romania', async () => {
    const v = await json<Values>('/api/indicators/population_census/values?year=2011&classes=5&method=quantile');
    expect(v).toMatchObject({ indicator: 'population_census', year: 2011, derived: 'none', unit: 'locuitori' });
    expect(v.count).toBe(3186);
    expect(uatOf(v, CLUJ_NAPOCA)).toMatchObject({ value: 324576, county: 'CJ', rank_county: 1, rank_country: 4 });
    expect(v.breaks).toHaveLength(6);
    expect(v.breaks[0]).toBe(Math.min(...v.values.map((x) => x.value)));
    expect(v.breaks[5]).toBe(Math.max(...v.values.map((x) => x.value)));
    expect(v.synthetic).toBe(false);
    expect(v.source).toMatch(/INS/);
  });

  it('gives no rank in the country for an indicator of one county, in the answer, its CSV and its OGC items', async () => {
    const v = await json<Values>('/api/indicators/building_permits/values?year=2025');
    expect(uatOf(v, CLUJ_NAPOCA)).toMatchObject({ value: 246, rank_county: 1, rank_country: null });
    expect(v.values.every((x) => x.rank_country === null)).toBe(true);
    const cj = await json<Values>('/api/indicators/building_permits/values?year=2025&county=CJ');
    expect(uatOf(cj, CLUJ_NAPOCA)).toMatchObject({ rank_county: 1, rank_country: null });
    const csv = await (await get('/api/indicators/building_permits/values.csv?year=2025')).text();
    expect(csv.split('\r\n').find((l) => l.startsWith(`${CLUJ_NAPOCA},`))).toMatch(/,246,autorizații,1,,/);
    const item = await json<{ properties: Record<string, unknown> }>(
      `/ogc/collections/indicator-building_permits/items/${CLUJ_NAPOCA}?year=2025`,
    );
    expect(item.properties).toMatchObject({ rank_county: 1, rank_country: null });
    // Every year at once: the ranks are given (the page would otherwise rank the county's UATs as the country).
    const all = await json<AllYears>('/api/indicators/building_permits/values?year=all');
    const i = all.uats.siruta.indexOf(CLUJ_NAPOCA);
    const y2025 = all.years.find((y) => y.year === 2025)!;
    expect([y2025.value[i], y2025.rank_county?.[i], y2025.rank_country?.[i]]).toEqual([246, 1, null]);
    // A national indicator keeps its rank in the country.
    const census = await json<Values>('/api/indicators/population_census/values?year=2011&county=CJ');
    expect(uatOf(census, CLUJ_NAPOCA)).toMatchObject({ rank_county: 1, rank_country: 4 });
  });

  it('gives the area of Cluj-Napoca (Eurostat) about 179.5 km², and densities over the area computed in Stereo 70', async () => {
    const area = await json<Values>('/api/indicators/area/values');
    expect(uatOf(area, CLUJ_NAPOCA)!.value).toBeCloseTo(179.5, 0);
    const uat = await json<{ area_km2: number }>(`/api/uats/${CLUJ_NAPOCA}`);
    expect(uat.area_km2).toBeGreaterThan(178.5);
    expect(uat.area_km2).toBeLessThan(180);
    const d = await json<Values>('/api/indicators/population_census/values?year=2011&derived=per_km2&county=CJ');
    expect(d.unit).toBe('locuitori/km²');
    expect(d.count).toBe(81);
    expect(uatOf(d, CLUJ_NAPOCA)!.value).toBeCloseTo(324576 / uat.area_km2, 0);
  });

  it('computes the change between censuses, absolute and in %, only where both years have a value', async () => {
    const abs = await json<Values>('/api/indicators/population_census/values?year=2011&derived=change&from=2002');
    expect(abs.from).toBe(2002);
    expect(uatOf(abs, CLUJ_NAPOCA)!.value).toBe(324576 - 317953);
    const pct = await json<Values>('/api/indicators/population_census/values?year=2011&derived=change_pct&from=2002');
    expect(pct.unit).toBe('%');
    expect(uatOf(pct, CLUJ_NAPOCA)!.value).toBeCloseTo(((324576 - 317953) / 317953) * 100, 3);
    // Negreni (60169) was created after 2002: no change, never a change from zero.
    expect(uatOf(pct, 60169)).toBeUndefined();
    expect(pct.count).toBeLessThan(3186);
  });

  it('gives permits per 1,000 inhabitants with the nearest population year covering the UATs, and says which', async () => {
    const v = await json<Values>('/api/indicators/building_permits/values?year=2025&derived=per_1000');
    expect(v.population_year).toBe(2026);
    expect(uatOf(v, CLUJ_NAPOCA)!.value).toBeCloseTo((246 / 324860) * 1000, 3);
    // Cluj County in 2004: census 2002 is nearest and covers 80 of the 81 UATs (Negreni, 60169, came later).
    const old = await json<Values>('/api/indicators/dwellings/values?year=2004&derived=per_1000');
    expect(old.population_year).toBe(2002);
    expect(old.count).toBe(80);
    expect(uatOf(old, 60169)).toBeUndefined();
    // The whole country in 2005: census 2002 lacks the 230 UATs created since, so the 2011 census is used.
    const fire = await json<Values>('/api/indicators/fire_detections/values?year=2005&derived=per_1000');
    expect(fire.population_year).toBe(2011);
    // The derived unit in both languages, and the source and licence with it.
    expect(fire).toMatchObject({ unit: 'detecții la 1.000 locuitori', unit_en: 'detections per 1,000 inhabitants' });
    expect(fire.source).toMatch(/agregat pe UAT/);
    expect(fire.source_en).toMatch(/aggregated per UAT/);
    expect(fire.licence).toMatch(/fără restricții/);
    expect(fire.licence_en).toMatch(/no restrictions on use/);
  });

  it('leaves UATs without a value out (the permits file omits UATs with no permit): never a zero', async () => {
    const v = await json<Values>('/api/indicators/building_permits/values?year=2016');
    expect(v.count).toBe(81);
    expect(v.values.every((x) => x.county === 'CJ')).toBe(true);
    expect(uatOf(v, CLUJ_NAPOCA)!.value).toBe(1324);
    const fire = await json<Values>('/api/indicators/fire_detections/values?year=2020');
    expect(fire.values.every((x) => x.value > 0)).toBe(true);
  });

  it('computes ckmeans (Jenks) and equal-interval breaks with the number of classes asked for', async () => {
    const equal = await json<Values>('/api/indicators/population_census/values?year=2011&method=equal&classes=3');
    const [min, , , max] = equal.breaks;
    expect(equal.breaks).toHaveLength(4);
    expect(equal.breaks[1]).toBeCloseTo(min! + (max! - min!) / 3, -1);
    const jenks = await json<Values>('/api/indicators/population_census/values?year=2011&method=ckmeans&classes=9');
    expect(jenks.breaks).toHaveLength(10);
    expect(jenks.method).toBe('ckmeans');
  });

  it.each([
    ['/api/indicators/population_census/values?year=2005', 'year'],
    ['/api/indicators/population_census/values?year=2011&method=magic', 'method'],
    ['/api/indicators/population_census/values?year=2011&classes=2', 'classes'],
    ['/api/indicators/population_census/values?year=2011&classes=10', 'classes'],
    ['/api/indicators/population_census/values?year=2011&derived=per_cow', 'derived'],
    ['/api/indicators/population_census/values?year=2011&derived=change&from=1990', 'from'],
    ['/api/indicators/population_census/values?year=2011&county=ZZ', 'county'],
    // A change of an indicator with one year: the form asked for is at fault, not a `from` never given.
    ['/api/indicators/area/values?derived=change', 'derived'],
    ['/api/indicators/population_census/series?uat=54975,55008,57706,55259,55357', 'uat'],
    ['/api/indicators/population_census/series?uat=999999', 'uat'],
  ])('answers %s with 400 naming %s', async (path, parameter) => {
    const res = await get(path);
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/application\/problem\+json/);
    const p = (await res.json()) as { parameter: string; detail: string };
    expect(p.parameter).toBe(parameter);
    expect(p.detail).toContain(parameter);
    expect(p.detail).not.toContain('undefined');
  });
});

interface AllYears extends Omit<Values, 'year' | 'from' | 'population_year' | 'breaks' | 'count' | 'values'> {
  year: 'all';
  uats: { siruta: number[]; name: string[]; county: (string | null)[] };
  years: YearColumns[];
}

/**
 * One year of a `year=all` answer, in the shape of the one-year answer's values. Without `county` the answer holds no
 * ranks: they are computed as the atlas page computes them (from the values, by the rule the answer states).
 */
function yearOf(all: AllYears, year: number) {
  const y = all.years.find((x) => x.year === year)!;
  const ranks =
    y.rank_county && y.rank_country
      ? { county: y.rank_county, country: y.rank_country }
      : competitionRanks(y.value, all.uats.county);
  return all.uats.siruta
    .map((siruta, i) => ({
      siruta,
      name: all.uats.name[i],
      county: all.uats.county[i],
      value: y.value[i],
      rank_county: ranks.county[i],
      rank_country: ranks.country[i],
    }))
    .filter((v) => v.value !== null);
}

describe('GET /api/indicators/{code}/values?year=all', () => {
  it('gives every year in one answer, each with the values, ranks and class breaks of its own answer', async () => {
    const all = await json<AllYears>('/api/indicators/fire_detections/values?year=all&derived=per_1000&classes=6');
    const about = await json<{ years: number[] }>('/api/indicators/fire_detections');
    expect(all).toMatchObject({ indicator: 'fire_detections', year: 'all', derived: 'per_1000', classes: 6 });
    expect(all.unit_en).toBe('detections per 1,000 inhabitants');
    expect(all.years.map((y) => y.year)).toEqual(about.years);
    expect(all.uats.siruta).toEqual([...all.uats.siruta].sort((a, b) => a - b));
    // Every UAT of the country is there: no ranks (half of the bytes), the client ranks them.
    expect(all.years.every((y) => y.rank_county === undefined && y.rank_country === undefined)).toBe(true);
    for (const year of [about.years[0]!, 2005, about.years[about.years.length - 1]!]) {
      const one = await json<Values>(`/api/indicators/fire_detections/values?year=${year}&derived=per_1000&classes=6`);
      const y = all.years.find((x) => x.year === year)!;
      expect(y.breaks).toEqual(one.breaks);
      expect(y.count).toBe(one.count);
      expect(y.population_year).toBe(one.population_year);
      const bySiruta = (rows: { siruta: number }[]) => [...rows].sort((a, b) => a.siruta - b.siruta);
      expect(yearOf(all, year)).toEqual(bySiruta(one.values));
    }
  });

  it('gives a change from a base year for every other year, and keeps the county filter', async () => {
    const all = await json<AllYears>('/api/indicators/population_census/values?year=all&derived=change&from=2002');
    expect(all.years.map((y) => [y.year, y.from])).toEqual([[2011, 2002]]);
    expect(yearOf(all, 2011).find((v) => v.siruta === CLUJ_NAPOCA)!.value).toBe(324576 - 317953);
    const cj = await json<AllYears>('/api/indicators/population_census/values?year=ALL&county=CJ');
    expect(cj.uats.county.every((c) => c === 'CJ')).toBe(true);
    expect(cj.years.map((y) => y.count)).toEqual([80, 81]);
    // One county's UATs cannot be ranked in the country by the client: the ranks are given.
    const one = await json<Values>('/api/indicators/population_census/values?year=2011&county=CJ');
    const byCode = (rows: { siruta: number }[]) => [...rows].sort((a, b) => a.siruta - b.siruta);
    expect(cj.years[1]!.rank_country).toBeDefined();
    expect(yearOf(cj, 2011)).toEqual(byCode(one.values));
  });

  it.each([
    ['/api/indicators/population_census/values?year=all&derived=per_cow', 'derived'],
    ['/api/indicators/population_census/values?year=all&derived=change&from=1990', 'from'],
    ['/api/indicators/population_census/values?year=all&from=2002', 'from'],
    ['/api/indicators/population_census/values?year=all&county=ZZ', 'county'],
    ['/api/indicators/population_census/values?year=all&classes=12', 'classes'],
    ['/api/indicators/population_census/values?year=every', 'year'],
    ['/api/indicators/population_census/values.csv?year=all', 'year'],
  ])('answers %s with 400 naming %s', async (path, parameter) => {
    const res = await get(path);
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(((await res.json()) as { parameter: string }).parameter).toBe(parameter);
  });
});

describe('GET /api/indicators/{code}/series', () => {
  it('gives each UAT series with its county published total and no national line for a county indicator', async () => {
    const s = await json<{
      years: number[];
      uats: { siruta: number; values: { year: number; value: number }[] }[];
      counties: { county: string; kind: string; values: { year: number; value: number }[] }[];
      national: unknown;
    }>(`/api/indicators/building_permits/series?uat=${CLUJ_NAPOCA},${DEJ}`);
    expect(s.uats.map((u) => u.siruta)).toEqual([CLUJ_NAPOCA, DEJ]);
    expect(s.uats[0]!.values.find((p) => p.year === 2016)!.value).toBe(1324);
    const cj = s.counties.find((c) => c.county === 'CJ')!;
    expect(cj.kind).toBe('published');
    expect(cj.values[0]).toEqual({ year: 2002, value: 1179 });
    expect(cj.values.find((p) => p.year === 2016)!.value).toBe(2507);
    expect(s.national).toBeNull();
  });

  it('gives county and national totals of a national count', async () => {
    const s = await json<{
      counties: { county: string; kind: string; values: { year: number; value: number; uats: number }[] }[];
      national: { kind: string; values: { year: number; value: number; uats: number }[]; source_en: string };
      unit: string;
      unit_en: string;
      source_en: string;
    }>(`/api/indicators/population_census/series?uat=${CLUJ_NAPOCA},${FLORESTI}`);
    expect(s).toMatchObject({ unit: 'locuitori', unit_en: 'inhabitants' });
    expect(s.source_en).toMatch(/Population and Housing Census/);
    expect(s.national.source_en).toMatch(/aggregated by Atlas from the UAT values$/);
    expect(s.counties).toHaveLength(1);
    expect(s.counties[0]!.kind).toBe('total');
    expect(s.counties[0]!.values.find((p) => p.year === 2011)).toMatchObject({ value: 691106, uats: 81 });
    expect(s.national.kind).toBe('total');
    expect(s.national.values.find((p) => p.year === 2011)!.value).toBe(20121641);
  });
});

describe('exports of a year', () => {
  it('gives CSV rows with the source and the synthetic flag', async () => {
    const res = await get('/api/indicators/population/values.csv?year=2020');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/csv/);
    const lines = (await res.text())
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toBe(
      'siruta,name,county,indicator,year,derived,value,unit,rank_county,rank_country,source,synthetic,from,population_year',
    );
    expect(lines).toHaveLength(82);
    expect(lines.every((l, i) => i === 0 || l.endsWith(',true,,'))).toBe(true);
  });

  it('names the base year of a change and the population year of a rate, in the rows and the file name', async () => {
    const since = async (from: number) => {
      const res = await get(`/api/indicators/fire_detections/values.csv?year=2010&derived=change&from=${from}`);
      expect(res.status).toBe(200);
      const lines = (await res.text()).trim().split('\r\n');
      return { file: res.headers.get('content-disposition'), row: lines[1]! };
    };
    const a = await since(2001);
    const b = await since(2005);
    expect(a.file).toContain('atlas-fire_detections-2010-change-from-2001.csv');
    expect(b.file).toContain('atlas-fire_detections-2010-change-from-2005.csv');
    expect(a.row).toMatch(/,false,2001,$/);
    expect(b.row).toMatch(/,false,2005,$/);
    const rate = await get('/api/indicators/fire_detections/values.csv?year=2010&derived=per_1000');
    const answer = await json<Values>('/api/indicators/fire_detections/values?year=2010&derived=per_1000');
    expect(answer.population_year).toBeGreaterThan(2000);
    expect((await rate.text()).trim().split('\r\n')[1]).toMatch(new RegExp(`,false,,${answer.population_year}$`));
  });

  it('gives GeoJSON in EPSG:4326 with the answer’s source and synthetic marked', async () => {
    const res = await get('/api/indicators/population_census/values.geojson?year=2011&county=CJ');
    expect(res.headers.get('content-type')).toMatch(/geo\+json/);
    const fc = (await res.json()) as {
      synthetic: boolean;
      source: string;
      features: {
        id: number;
        geometry: { type: string; coordinates: number[][][][] };
        properties: { value: number; unit: string; unit_en: string; source: string; source_en: string };
      }[];
    };
    expect(fc.synthetic).toBe(false);
    expect(fc.source).toMatch(/INS/);
    expect(fc.features).toHaveLength(81);
    const cluj = fc.features.find((f) => f.id === CLUJ_NAPOCA)!;
    expect(cluj.properties.value).toBe(324576);
    expect(cluj.properties).toMatchObject({ unit: 'locuitori', unit_en: 'inhabitants' });
    expect(cluj.properties.source).toMatch(/INS/);
    expect(cluj.properties.source_en).toMatch(/INS/);
    expect(cluj.properties.source_en).not.toBe(cluj.properties.source);
    expect(cluj.geometry.type).toBe('MultiPolygon');
    const [lon, lat] = cluj.geometry.coordinates[0]![0]![0]!;
    expect(lon).toBeGreaterThan(23.4);
    expect(lat).toBeGreaterThan(46.6);
  });
});

describe('GET /api/uats', () => {
  it('finds UATs by name without diacritics', async () => {
    const body = await json<{ results: { siruta: number; name: string; county: string }[] }>(
      '/api/uats?q=campia%20turzii',
    );
    expect(body.results[0]).toMatchObject({ siruta: 55357, name: 'Câmpia Turzii', county: 'CJ' });
    const f = await json<{ results: { siruta: number }[] }>('/api/uats?q=floresti');
    expect(f.results.map((r) => r.siruta)).toContain(FLORESTI);
  });

  it('answers 404 for an unknown SIRUTA and 400 for a word', async () => {
    expect((await get('/api/uats/999999')).status).toBe(404);
    expect((await get('/api/uats/Cluj')).status).toBe(400);
  });

  it('gives the profile: every indicator with its latest value, series, ranks and county figure', async () => {
    const p = await json<{
      uat: { name: string; rank_label: { ro: string; en: string } };
      indicators: {
        indicator: { code: string };
        year: number;
        value: number;
        rank_county: number;
        rank_country: number | null;
        uats_in_county: number;
        uats_in_country: number | null;
        county_value: number;
        series: unknown[];
      }[];
    }>(`/api/uats/${CLUJ_NAPOCA}/profile`);
    expect(p.uat.name).toBe('Cluj-Napoca');
    // The boundary file writes `Municipiu resedinta de judet`: shown in correct Romanian.
    expect(p.uat.rank_label).toEqual({ ro: 'Municipiu, reședință de județ', en: 'Municipality, county seat' });
    const census = p.indicators.find((e) => e.indicator.code === 'population_census')!;
    expect(census).toMatchObject({
      year: 2011,
      value: 324576,
      rank_county: 1,
      uats_in_county: 81,
      county_value: 691106,
    });
    expect(census.series).toHaveLength(2);
    const permits = p.indicators.find((e) => e.indicator.code === 'building_permits')!;
    expect(permits).toMatchObject({ year: 2025, value: 246, county_value: 1455 });
    // Figures of one county only rank within it, never in the country.
    expect(permits).toMatchObject({ rank_county: 1, uats_in_county: 81, rank_country: null, uats_in_country: null });
    expect(census).toMatchObject({ rank_country: 4, uats_in_country: 3186 });
  });

  it('prints the profile as a PDF with the same bytes every time', async () => {
    const a = Buffer.from(await (await get(`/api/uats/${CLUJ_NAPOCA}/profile.pdf`)).arrayBuffer());
    const b = Buffer.from(await (await get(`/api/uats/${CLUJ_NAPOCA}/profile.pdf`)).arrayBuffer());
    expect(a.subarray(0, 5).toString()).toBe('%PDF-');
    expect(a.equals(b)).toBe(true);
    const dir = mkdtempSync(join(tmpdir(), 'atlas-profile-'));
    writeFileSync(join(dir, 'p.pdf'), a);
    const text = await promisify(execFile)('pdftotext', [join(dir, 'p.pdf'), '-']).then(
      (r) => r.stdout,
      () => null,
    );
    if (text !== null) {
      expect(text).toContain('Cluj-Napoca');
      expect(text).toContain('324.576');
      expect(text).toContain('Fișa UAT'.toUpperCase());
      expect(text).toContain('Municipiu, reședință de județ');
      expect(text).not.toContain('resedinta');
      // One page: the footer stays on the page it belongs to.
      expect(text.split('\f').filter((p) => p.trim()).length).toBe(1);
    }
  });
});

describe('the indicators as OGC API - Features collections', () => {
  interface Fc {
    numberMatched: number;
    numberReturned: number;
    features: { id: number; geometry: { type: string } | null; properties: Record<string, unknown> }[];
    links: { rel: string; href: string }[];
  }
  const col = '/ogc/collections/indicator-population_census';

  it('lists one collection per indicator after the map layers, with its years as the temporal extent', async () => {
    const body = await json<{ collections: { id: string; extent: { temporal?: { interval: string[][] } } }[] }>(
      '/ogc/collections',
    );
    const ids = body.collections.map((c) => c.id);
    expect(ids.slice(0, 2)).toEqual(['uat', 'parcels']);
    expect(ids).toContain('indicator-population_census');
    expect(ids).toContain('indicator-fire_detections');
    const census = body.collections.find((c) => c.id === 'indicator-population_census')!;
    expect(census.extent.temporal!.interval[0]![0]).toMatch(/^2002-/);
    expect((await json<{ id: string }>(col)).id).toBe('indicator-population_census');
  });

  it('marks a synthetic indicator in its title once, where its name already says it too', async () => {
    const dwellings = await json<{ title: string }>('/ogc/collections/indicator-dwellings');
    expect(dwellings.title).toMatch(/sintetic/);
    expect(dwellings.title.match(/sintetic/g)).toHaveLength(1);
  });

  it('serves the UATs of a year with outline, value and source, paged by next links', async () => {
    const page = await json<Fc>(`${col}/items?year=2011&limit=5`);
    expect(page.numberMatched).toBe(3186);
    expect(page.numberReturned).toBe(5);
    expect(page.features[0]!.geometry?.type).toMatch(/Polygon/);
    expect(page.features[0]!.properties).toMatchObject({
      indicator: 'population_census',
      year: 2011,
      synthetic: false,
    });
    const next = page.links.find((l) => l.rel === 'next')!;
    const second = (await (await fetch(next.href)).json()) as Fc;
    expect(second.features[0]!.id).toBeGreaterThan(page.features[4]!.id);
    const one = await json<Fc['features'][number]>(`${col}/items/${CLUJ_NAPOCA}?year=2011`);
    expect(one.properties).toMatchObject({
      name: 'Cluj-Napoca',
      value: 324576,
      unit: 'locuitori',
      unit_en: 'inhabitants',
      rank_country: 4,
    });
    expect(one.properties.source_en).toMatch(/INS/);
    const y2002 = await json<Fc['features'][number]>(`${col}/items/${CLUJ_NAPOCA}?datetime=2002-01-01`);
    expect(y2002.properties.year).toBe(2002);
  });

  it('accepts crs and bbox-crs naming its one CRS, CRS84 (Part 2)', async () => {
    const crs84 = 'http://www.opengis.net/def/crs/OGC/1.3/CRS84';
    const res = await get(
      `${col}/items?year=2011&bbox=23.55,46.74,23.65,46.80&bbox-crs=${crs84}&crs=${crs84}&limit=100`,
    );
    expect(res.status).toBe(200);
    expect(res.headers.get('content-crs')).toBe(`<${crs84}>`);
    expect(((await res.json()) as Fc).features.map((f) => f.id)).toContain(CLUJ_NAPOCA);
  });

  it('filters by bbox (CRS84)', async () => {
    const near = await json<Fc>(`${col}/items?year=2011&bbox=23.55,46.74,23.65,46.80&limit=100`);
    expect(near.features.map((f) => f.id)).toContain(CLUJ_NAPOCA);
    expect(near.numberMatched).toBeLessThan(20);
  });

  it.each([
    [`${col}/items?year=1800`, 'year'],
    [`${col}/items?year=2011&limit=0`, 'limit'],
    [`${col}/items?bbox=1,2,3`, 'bbox'],
    [`${col}/items?datetime=2002/2011`, 'datetime'],
    [`${col}/items?foo=1`, 'foo'],
    [`${col}/items?crs=http://www.opengis.net/def/crs/EPSG/0/3844`, 'crs'],
    [`${col}/items?bbox=1,2,3,4&bbox-crs=http://www.opengis.net/def/crs/EPSG/0/3844`, 'bbox-crs'],
  ])('answers %s with 400 naming %s', async (path, parameter) => {
    const res = await get(path);
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(((await res.json()) as { detail: string }).detail).toContain(parameter);
  });

  it('answers 404 for an unknown indicator collection and a UAT without a value', async () => {
    expect((await get('/ogc/collections/indicator-nosuch')).status).toBe(404);
    expect((await get('/ogc/collections/indicator-nosuch/items')).status).toBe(404);
    expect((await get(`${col}/items/1?year=2011`)).status).toBe(404);
  });

  const gdal = existsSync('/usr/bin/ogrinfo');
  it.skipIf(!gdal)('is read by GDAL (ogrinfo OAPIF) as a layer with its features', async () => {
    const env = { ...process.env, GDAL_HTTP_TIMEOUT: '60' };
    const run = async (args: string[]) =>
      (await promisify(execFile)('ogrinfo', args, { env, encoding: 'utf8', maxBuffer: 1 << 26 })).stdout;
    const list = await run(['-ro', '-q', `OAPIF:${server.baseUrl}/ogc`]);
    expect(list).toContain('indicator-fire_detections');
    const info = await run(['-ro', '-so', `OAPIF:${server.baseUrl}/ogc`, 'indicator-population_census']);
    expect(info).toMatch(/Feature Count: 3186/);
    expect(info).toMatch(/value: Real|value: Integer/);
  });
});

describe('the uat tile layer', () => {
  it('covers the whole country at z5 with the SIRUTA code as feature id', async () => {
    const { z, x, y } = tileOf(25, 46, 5);
    const res = await get(`/tiles/uat/${z}/${x}/${y}.mvt`);
    expect(res.status).toBe(200);
    const uats = decodeMvt(new Uint8Array(await res.arrayBuffer())).uat!;
    expect(uats.length).toBeGreaterThan(2000);
    const cluj = uats.find((f) => f.properties.siruta === CLUJ_NAPOCA)!;
    expect(cluj.id).toBe(CLUJ_NAPOCA);
  });
});

describe('indicator CSV import', () => {
  const meta = { code: 'atlas_test', name_ro: 'Test', name_en: 'Test', unit: 'u', source: 'test' };
  const refused = async (csv: string) => {
    const dir = mkdtempSync(join(tmpdir(), 'atlas-ind-'));
    writeFileSync(join(dir, 'x.csv'), csv);
    const err = await importIndicatorCsv(await testDb(), { meta, file: join(dir, 'x.csv') }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ImportError);
    const db = await testDb();
    const { rows } = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM indicators WHERE code = $1`, [
      meta.code,
    ]);
    expect(rows[0]!.n).toBe(0);
    return err as ImportError;
  };

  it('refuses a non-numeric value whole, naming the line', async () => {
    const err = await refused('siruta,year,value\n54975,2020,1\n55008,2020,many\n');
    expect(err.problems).toEqual([expect.objectContaining({ line: 3 })]);
  });

  it('refuses a duplicate (UAT, year) whole, naming both lines', async () => {
    const err = await refused('siruta,year,value\n54975,2020,1\n55008,2020,2\n54975,2020,3\n');
    expect(err.problems[0]).toMatchObject({ line: 4 });
    expect(err.problems[0]!.reason).toMatch(/line 2/);
  });

  it('refuses an unknown SIRUTA whole, naming the line', async () => {
    const err = await refused('siruta,year,value\n54975,2020,1\n999999,2020,2\n');
    expect(err.problems).toEqual([expect.objectContaining({ line: 3, field: 'siruta' })]);
  });
});
