import { describe, expect, it } from 'vitest';
import {
  allYearsUrl,
  AnswerCache,
  competitionRanks,
  parseAllYears,
  parseIndicators,
  parseProfile,
  parseSeries,
  parseUats,
  parseUatShapes,
  parseValues,
  UatShapes,
  valuesUrl,
} from './atlas-api.ts';

// Shapes as the server's /api/indicators… and /api/uats… answer them (abridged, real figures).
describe('parseIndicators', () => {
  it('reads the catalogue with its localized names, years and derived forms', () => {
    const [census] = parseIndicators({
      query: null,
      count: 1,
      indicators: [
        {
          code: 'population_census',
          name_ro: 'Populația la recensământ',
          name_en: 'Census population',
          description_ro: 'Populația rezidentă',
          description_en: 'Resident population',
          unit: 'locuitori',
          kind: 'count_stock',
          source: 'INS',
          licence: 'Legea 109/2007',
          years: [2011, 2002],
          coverage: 'national',
          higher_is_better: null,
          synthetic: false,
          notes_ro: 'București apare ca cele 6 sectoare.',
          notes_en: 'Bucharest appears as its 6 sectors.',
          derived: ['none', 'per_km2', 'change', 'bogus'],
        },
      ],
    });
    expect(census).toMatchObject({
      code: 'population_census',
      name: { ro: 'Populația la recensământ', en: 'Census population' },
      description: { ro: 'Populația rezidentă', en: 'Resident population' },
      years: [2002, 2011],
      kind: 'count_stock',
      synthetic: false,
      notes: { en: 'Bucharest appears as its 6 sectors.' },
      derived: ['none', 'per_km2', 'change'],
    });
  });
});

describe('parseValues', () => {
  it('reads the values with ranks, breaks and the population year of a per-1,000 answer', () => {
    const v = parseValues({
      indicator: 'fire_detections',
      year: 2024,
      derived: 'per_1000',
      unit: 'detecții la 1.000 locuitori',
      population_year: 2011,
      method: 'quantile',
      classes: 5,
      breaks: [0.0029, 0.3976, 0.7966, 1.6835, 4.2502, 328.571],
      values: [
        { siruta: 54975, name: 'Cluj-Napoca', county: 'CJ', value: 0.0092, rank_county: 66, rank_country: 2132 },
      ],
      source: 'NASA FIRMS',
      synthetic: false,
    });
    expect(v).toMatchObject({ year: 2024, derived: 'per_1000', classes: 5, populationYear: 2011, synthetic: false });
    expect(v.values[0]).toEqual({
      siruta: '54975',
      name: 'Cluj-Napoca',
      county: 'CJ',
      value: 0.0092,
      rankCounty: 66,
      rankCountry: 2132,
    });
  });

  it('builds the values URL with only the parameters that matter', () => {
    const q = { indicator: 'population_census', year: 2011, from: 2002, method: 'quantile', classes: 5 } as const;
    expect(valuesUrl({ ...q, derived: 'none' })).toBe(
      '/api/indicators/population_census/values?year=2011&method=quantile&classes=5',
    );
    expect(valuesUrl({ ...q, derived: 'change_pct' }, 'csv')).toBe(
      '/api/indicators/population_census/values.csv?year=2011&derived=change_pct&from=2002&method=quantile&classes=5',
    );
  });
});

describe('parseAllYears', () => {
  const body = {
    indicator: 'population_census',
    year: 'all',
    derived: 'none',
    unit: 'locuitori',
    unit_en: 'inhabitants',
    method: 'quantile',
    classes: 5,
    uats: { siruta: [54975, 60169], name: ['Cluj-Napoca', 'Negreni'], county: ['CJ', 'CJ'] },
    years: [
      {
        year: 2002,
        breaks: [1, 2, 3, 4, 5, 6],
        count: 1,
        value: [317953, null],
        rank_county: [1, null],
        rank_country: [4, null],
      },
      {
        year: 2011,
        breaks: [1, 2, 3, 4, 5, 7],
        count: 2,
        value: [324576, 2300],
        rank_county: [1, 60],
        rank_country: [4, 2000],
      },
    ],
    source: 'INS',
    synthetic: false,
  };

  it('gives each year as its own answer, UATs without a value that year left out', () => {
    const years = parseAllYears(body);
    expect([...years.keys()]).toEqual([2002, 2011]);
    const old = years.get(2002)!();
    expect(old).toMatchObject({ indicator: 'population_census', year: 2002, unit: 'locuitori', classes: 5 });
    expect(old.breaks).toEqual([1, 2, 3, 4, 5, 6]);
    expect(old.values).toEqual([
      { siruta: '54975', name: 'Cluj-Napoca', county: 'CJ', value: 317953, rankCounty: 1, rankCountry: 4 },
    ]);
    expect(years.get(2011)!().values.map((r) => r.siruta)).toEqual(['54975', '60169']);
  });

  it('computes the ranks when the answer has none (every UAT of the country), as the server does', () => {
    const national = {
      ...body,
      uats: {
        siruta: [1017, 54975, 60169, 1071, 179132],
        name: ['a', 'b', 'c', 'd', 'e'],
        county: ['AB', 'CJ', 'CJ', 'AB', 'B'],
      },
      years: [{ year: 2026, breaks: [1, 2, 3, 4, 5, 6], count: 4, value: [0.5, 2.25, 0.5, null, 2.25] }],
    };
    const rows = parseAllYears(national).get(2026)!().values;
    expect(rows.map((r) => [r.siruta, r.rankCountry, r.rankCounty])).toEqual([
      ['1017', 3, 1],
      ['54975', 1, 1],
      ['60169', 3, 2],
      ['179132', 1, 1],
    ]);
  });

  it('ranks like the server: 1 the highest, ties sharing the best rank, in the country and in each county', () => {
    const ranks = competitionRanks([10, 7, 10, null, 3, 7, 7], ['CJ', 'CJ', 'AB', 'AB', 'CJ', 'AB', null]);
    expect(ranks.country).toEqual([1, 3, 1, null, 6, 3, 3]);
    expect(ranks.county).toEqual([1, 2, 1, null, 3, 2, 1]);
  });

  it('refuses an answer without its columns', () => {
    expect(() => parseAllYears({ years: [] })).toThrow();
  });

  it('asks with year=all and the view’s other parameters', () => {
    expect(
      allYearsUrl({ indicator: 'fire_detections', derived: 'per_1000', from: null, method: 'quantile', classes: 5 }),
    ).toBe('/api/indicators/fire_detections/values?year=all&derived=per_1000&method=quantile&classes=5');
  });
});

describe('AnswerCache', () => {
  it('makes an offered answer when first asked for, and keeps an answer already held', async () => {
    const cache = new AnswerCache<string>(2);
    let made = 0;
    cache.offer('a', () => `made ${++made}`);
    expect(made).toBe(0);
    expect(await cache.get('a', () => Promise.resolve('fetched'))).toBe('made 1');
    expect(await cache.get('a', () => Promise.resolve('fetched'))).toBe('made 1');
    cache.offer('a', () => 'other');
    expect(await cache.get('a', () => Promise.resolve('fetched'))).toBe('made 1');
    cache.offer('b', () => 'b');
    cache.offer('c', () => 'c');
    expect(cache.has('a')).toBe(false);
  });
});

describe('parseSeries', () => {
  it('reads UAT, county and national lines with how the aggregates were made', () => {
    const s = parseSeries({
      indicator: 'fire_detections',
      unit: 'detecții',
      uats: [{ siruta: 54975, name: 'Cluj-Napoca', county: 'CJ', values: [{ year: 2024, value: 3 }] }],
      counties: [{ county: 'CJ', county_name: 'Cluj', kind: 'total', values: [{ year: 2024, value: 300 }] }],
      national: { kind: 'total', values: [{ year: 2024, value: 16000 }] },
      source: 'NASA FIRMS',
      synthetic: false,
    });
    expect(s.lines.map((l) => [l.kind, l.id, l.name, l.aggregate])).toEqual([
      ['uat', '54975', 'Cluj-Napoca', null],
      ['county', 'CJ', 'Cluj', 'total'],
      ['country', 'RO', 'RO', 'total'],
    ]);
    expect(s.lines[0]?.county).toBe('CJ');
    expect(parseSeries({ uats: [], counties: [], national: null }).lines).toEqual([]);
  });
});

describe('parseProfile and parseUats', () => {
  it('reads a profile entry whose catalogue entry is nested', () => {
    const p = parseProfile({
      uat: {
        siruta: 54975,
        name: 'Cluj-Napoca',
        county: 'CJ',
        county_name: 'Cluj',
        rank: 'Municipiu resedinta de judet',
        rank_label: { ro: 'Municipiu, reședință de județ', en: 'Municipality, county seat' },
        area_km2: 179,
      },
      indicators: [
        {
          indicator: { code: 'population_census', name_ro: 'Populația', name_en: 'Population', unit: 'locuitori' },
          year: 2011,
          value: 324576,
          rank_county: 1,
          rank_country: 4,
          uats_in_county: 81,
          uats_in_country: 3186,
          county_value: 691106,
          county_value_kind: 'total',
          series: [
            { year: 2002, value: 317953 },
            { year: 2011, value: 324576 },
          ],
        },
      ],
    });
    expect(p.uat).toMatchObject({
      siruta: '54975',
      countyName: 'Cluj',
      rankLabel: { ro: 'Municipiu, reședință de județ', en: 'Municipality, county seat' },
    });
    expect(p.indicators[0]).toMatchObject({
      code: 'population_census',
      value: 324576,
      rankCounty: 1,
      countCounty: 81,
      rankCountry: 4,
      countCountry: 3186,
      countyValue: 691106,
      countyValueKind: 'total',
    });
  });

  it('reads UAT points from GeoJSON', () => {
    const [u] = parseUats({
      type: 'FeatureCollection',
      features: [
        { type: 'Feature', properties: { siruta: 54975 }, geometry: { type: 'Point', coordinates: [23.6, 46.77] } },
      ],
    });
    expect(u).toMatchObject({ siruta: '54975', point: [23.6, 46.77] });
  });
});

describe('parseUatShapes', () => {
  it('reads the outlines of an OGC items page by SIRUTA and skips what is not a polygon', () => {
    const ring = [
      [23.5, 46.7],
      [23.7, 46.7],
      [23.7, 46.8],
      [23.5, 46.7],
    ];
    const shapes = parseUatShapes({
      type: 'FeatureCollection',
      features: [
        {
          type: 'Feature',
          id: 7,
          properties: { siruta: 54975 },
          geometry: { type: 'MultiPolygon', coordinates: [[ring]] },
        },
        { type: 'Feature', id: 8, properties: { siruta: 57706 }, geometry: { type: 'Point', coordinates: [23, 46] } },
        { type: 'Feature', id: 9, properties: {}, geometry: { type: 'Polygon', coordinates: [ring] } },
      ],
    });
    expect(shapes).toEqual([{ siruta: '54975', geometry: { type: 'MultiPolygon', coordinates: [[ring]] } }]);
    expect(parseUatShapes({ title: 'not a page' })).toEqual([]);
  });
});

describe('UatShapes', () => {
  const square = {
    type: 'Polygon' as const,
    coordinates: [
      [
        [0, 0],
        [1, 0],
        [1, 1],
        [0, 0],
      ],
    ],
  };

  it('asks once for outlines it neither holds nor is fetching, and remembers unknown SIRUTA codes', async () => {
    const asked: string[][] = [];
    const shapes = new UatShapes(10, (sirutas) => {
      asked.push([...sirutas]);
      return Promise.resolve(sirutas.filter((s) => s !== '999').map((siruta) => ({ siruta, geometry: square })));
    });
    const first = shapes.load(['54975', '999']);
    expect(shapes.load(['54975'])).toBeNull(); // on the way
    await first;
    expect(shapes.get('54975')).toEqual(square);
    expect(shapes.get('999')).toBeUndefined();
    expect(shapes.load(['54975', '999'])).toBeNull();
    await shapes.load(['57706']);
    expect(asked).toEqual([['54975', '999'], ['57706']]);
  });

  it('keeps at most `limit` outlines, the oldest out, and asks again after a failure', async () => {
    let fail = true;
    const shapes = new UatShapes(2, (sirutas) =>
      fail
        ? Promise.reject(new Error('offline'))
        : Promise.resolve(sirutas.map((siruta) => ({ siruta, geometry: square }))),
    );
    await expect(shapes.load(['1'])).rejects.toThrow('offline');
    fail = false;
    await shapes.load(['1']);
    await shapes.load(['2', '3']);
    expect(shapes.get('1')).toBeUndefined();
    expect(shapes.get('3')).toEqual(square);
  });
});
