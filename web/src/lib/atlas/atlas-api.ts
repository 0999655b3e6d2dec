/**
 * The atlas's view of the indicator API (`/api/indicators…`, `/api/uats…`): the types it reads and typed fetches. The
 * web app talks to the server over HTTP only; responses are parsed defensively so that an older or newer server shows
 * a message instead of breaking the page.
 */
import type { MultiPolygon, Polygon } from 'geojson';

export const DERIVED_MODES = ['none', 'per_km2', 'per_1000', 'change', 'change_pct'] as const;
export type Derived = (typeof DERIVED_MODES)[number];
export const METHODS = ['quantile', 'equal', 'ckmeans'] as const;
export type Method = (typeof METHODS)[number];
export const MIN_CLASSES = 3;
export const MAX_CLASSES = 9;
export const MAX_SELECTION = 4;

export type IndicatorKind = 'count_stock' | 'count_flow' | 'rate';

export interface Indicator {
  readonly code: string;
  readonly name: { readonly ro: string; readonly en: string };
  readonly description: { readonly ro: string | null; readonly en: string | null };
  readonly unit: string;
  /** English forms of unit, source and licence (null where the server gives none: show the Romanian text). */
  readonly unitEn: string | null;
  readonly kind: IndicatorKind;
  readonly source: string;
  readonly sourceEn: string | null;
  readonly licence: string | null;
  readonly licenceEn: string | null;
  readonly years: readonly number[];
  readonly coverage: string;
  readonly higherIsBetter: boolean | null;
  readonly synthetic: boolean;
  readonly notes: { readonly ro: string | null; readonly en: string | null };
  /** The derived forms the server offers for this indicator, when it says. */
  readonly derived: readonly Derived[] | null;
}

export interface ValueRow {
  readonly siruta: string;
  readonly name: string;
  readonly county: string;
  readonly value: number | null;
  readonly rankCounty: number | null;
  readonly rankCountry: number | null;
}

export interface IndicatorValues {
  readonly indicator: string;
  readonly year: number;
  readonly derived: Derived;
  readonly from: number | null;
  readonly unit: string;
  readonly unitEn: string | null;
  readonly method: Method;
  readonly classes: number;
  /** Class limits as the server sent them: `classes + 1` limits (minimum … maximum) or `classes - 1` thresholds. */
  readonly breaks: readonly number[];
  readonly values: readonly ValueRow[];
  readonly source: string;
  readonly sourceEn: string | null;
  readonly licenceEn: string | null;
  readonly synthetic: boolean;
  /** Population year used for per-1,000 values, when the server states it. */
  readonly populationYear: number | null;
}

export interface SeriesPoint {
  readonly year: number;
  readonly value: number | null;
}

export interface SeriesLine {
  /** `uat`, `county` or `country`. */
  readonly kind: 'uat' | 'county' | 'country';
  /** SIRUTA for a UAT, county code for a county, `RO` for the country. */
  readonly id: string;
  readonly name: string;
  /** The county code of a UAT line. */
  readonly county: string | null;
  /** How a county or country line was made (sum, mean…), when the server says. */
  readonly aggregate: string | null;
  readonly points: readonly SeriesPoint[];
}

export interface IndicatorSeries {
  readonly indicator: string;
  readonly unit: string;
  readonly unitEn: string | null;
  readonly lines: readonly SeriesLine[];
  readonly source: string;
  readonly sourceEn: string | null;
  readonly synthetic: boolean;
}

export interface UatSummary {
  readonly siruta: string;
  readonly name: string;
  readonly county: string;
  readonly countyName: string | null;
  /** The kind of UAT as the source writes it (no diacritics there). */
  readonly rank: string | null;
  /** The kind as it is shown, in correct Romanian and English (`Municipiu, reședință de județ`). */
  readonly rankLabel: { readonly ro: string; readonly en: string } | null;
  /** Longitude and latitude of a point inside the UAT, when the server gives one. */
  readonly point: readonly [number, number] | null;
}

export interface ProfileEntry {
  readonly code: string;
  readonly name: { readonly ro: string; readonly en: string };
  readonly unit: string;
  readonly unitEn: string | null;
  readonly kind: IndicatorKind;
  readonly year: number | null;
  readonly value: number | null;
  readonly series: readonly SeriesPoint[];
  readonly rankCounty: number | null;
  readonly countCounty: number | null;
  readonly rankCountry: number | null;
  readonly countCountry: number | null;
  readonly countyValue: number | null;
  /** How the county figure was made: `total`, `average` or `published`. */
  readonly countyValueKind: string | null;
  readonly source: string;
  readonly sourceEn: string | null;
  readonly synthetic: boolean;
}

export interface UatProfile {
  readonly uat: UatSummary;
  readonly indicators: readonly ProfileEntry[];
}

/** What a problem+json answer says in machine-readable form (the `detail` is English text, never shown as is). */
export interface ProblemFields {
  /** The last segment of the problem's `type` (`InvalidParameterValue`, `NotFound`…). */
  readonly code: string | null;
  /** The query parameter the problem is about, when it names one. */
  readonly parameter: string | null;
  /** The parameter's refused value, when the problem gives it. */
  readonly value: string | null;
}

/** A request the server refused, with its problem+json detail (for logs) and its machine-readable fields. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly problem: ProblemFields = { code: null, parameter: null, value: null },
  ) {
    super(message);
  }
}

/** The machine-readable fields of a problem+json body; anything missing or malformed is null. */
export function problemFields(body: unknown): ProblemFields {
  if (!isObject(body)) return { code: null, parameter: null, value: null };
  const type = str(body['type']);
  return {
    code: type ? (type.split('/').filter(Boolean).pop() ?? null) : null,
    parameter: str(body['parameter']),
    value: str(body['value']),
  };
}

// ------------------------------------------------------------------------------------------------------------------
// Parsing: tolerant of snake_case / camelCase and of localized strings given as `{ro, en}` or as `name_ro`/`name_en`.
// ------------------------------------------------------------------------------------------------------------------

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | null => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : null);
const num = (v: unknown): number | null => {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
  return null;
};
const pick = (o: Json, ...names: string[]): unknown => {
  for (const name of names) if (o[name] !== undefined) return o[name];
  return undefined;
};

function localized(o: Json, base: string): { ro: string | null; en: string | null } {
  const nested = o[base];
  if (isObject(nested)) return { ro: str(nested['ro']), en: str(nested['en']) };
  const ro = str(o[`${base}_ro`]) ?? str(o[`${base}Ro`]) ?? str(nested);
  const en = str(o[`${base}_en`]) ?? str(o[`${base}En`]);
  return { ro, en };
}

function names(o: Json): { ro: string; en: string } {
  const n = localized(o, 'name');
  const code = str(o['code']) ?? '';
  return { ro: n.ro ?? n.en ?? code, en: n.en ?? n.ro ?? code };
}

function kindOf(v: unknown): IndicatorKind {
  return v === 'count_flow' || v === 'rate' ? v : 'count_stock';
}

function yearsOf(v: unknown): number[] {
  if (Array.isArray(v))
    return v
      .map(num)
      .filter((y): y is number => y !== null)
      .sort((a, b) => a - b);
  return [];
}

export function parseIndicator(o: unknown): Indicator | null {
  if (!isObject(o)) return null;
  const code = str(o['code']);
  if (!code) return null;
  const description = localized(o, 'description');
  const notes = localized(o, 'notes');
  const hib = pick(o, 'higher_is_better', 'higherIsBetter');
  return {
    code,
    name: names(o),
    description,
    unit: str(o['unit']) ?? '',
    unitEn: str(o['unit_en']),
    kind: kindOf(o['kind']),
    source: str(o['source']) ?? '',
    sourceEn: str(o['source_en']),
    licence: str(pick(o, 'licence', 'license')),
    licenceEn: str(o['licence_en']),
    years: yearsOf(o['years']),
    coverage: str(o['coverage']) ?? 'national',
    higherIsBetter: typeof hib === 'boolean' ? hib : null,
    synthetic: o['synthetic'] === true,
    notes,
    derived: Array.isArray(o['derived'])
      ? o['derived'].filter((d): d is Derived => (DERIVED_MODES as readonly unknown[]).includes(d))
      : null,
  };
}

export function parseIndicators(body: unknown): Indicator[] {
  const list = Array.isArray(body)
    ? body
    : isObject(body)
      ? (pick(body, 'indicators', 'items', 'data') as unknown[] | undefined)
      : undefined;
  return Array.isArray(list) ? list.map(parseIndicator).filter((i): i is Indicator => i !== null) : [];
}

function parseDerived(v: unknown): Derived {
  return (DERIVED_MODES as readonly unknown[]).includes(v) ? (v as Derived) : 'none';
}
function parseMethod(v: unknown): Method {
  return (METHODS as readonly unknown[]).includes(v) ? (v as Method) : 'quantile';
}

export function parseValueRow(o: unknown): ValueRow | null {
  if (!isObject(o)) return null;
  const siruta = str(pick(o, 'siruta', 'uat', 'uat_siruta'));
  if (!siruta) return null;
  return {
    siruta,
    name: str(o['name']) ?? siruta,
    county: str(pick(o, 'county', 'county_code', 'countyCode')) ?? '',
    value: num(o['value']),
    rankCounty: num(pick(o, 'rank_county', 'rankCounty')),
    rankCountry: num(pick(o, 'rank_country', 'rankCountry')),
  };
}

/** The population year of a per-1,000 answer, whichever way the server names it. */
function populationYear(o: Json): number | null {
  const direct = num(pick(o, 'population_year', 'populationYear'));
  if (direct !== null) return direct;
  const population = o['population'];
  if (isObject(population)) return num(population['year']);
  return null;
}

export function parseValues(body: unknown, rows?: readonly ValueRow[]): IndicatorValues {
  if (!isObject(body)) throw new ApiError(0, 'unexpected answer');
  const values = Array.isArray(body['values']) ? body['values'] : [];
  const breaks = Array.isArray(body['breaks']) ? body['breaks'].map(num).filter((b): b is number => b !== null) : [];
  const indicator = isObject(body['indicator']) ? str(body['indicator']['code']) : str(body['indicator']);
  return {
    indicator: indicator ?? '',
    year: num(body['year']) ?? 0,
    derived: parseDerived(body['derived']),
    from: num(body['from']),
    unit: str(body['unit']) ?? '',
    unitEn: str(body['unit_en']),
    method: parseMethod(body['method']),
    classes: num(body['classes']) ?? Math.max(breaks.length - 1, 0),
    breaks,
    values: rows ?? values.map(parseValueRow).filter((r): r is ValueRow => r !== null),
    source: sourceText(body['source']),
    sourceEn: str(body['source_en']),
    licenceEn: str(body['licence_en']),
    synthetic: body['synthetic'] === true,
    populationYear: populationYear(body),
  };
}

const numbers = (v: unknown): (number | null)[] => (Array.isArray(v) ? v.map(num) : []);

/**
 * Competition ranks as the server gives them (`rank_order` `desc`): 1 for the highest value, equal values sharing the
 * best rank, in all the values given (the country) and within each county; null where there is no value.
 */
export function competitionRanks(
  value: readonly (number | null)[],
  county: readonly (string | null)[],
): { country: (number | null)[]; county: (number | null)[] } {
  const country = new Array<number | null>(value.length).fill(null);
  const inCounty = new Array<number | null>(value.length).fill(null);
  const v = new Float64Array(value.length);
  const order: number[] = [];
  for (let i = 0; i < value.length; i++) {
    const x = value[i];
    if (x === null || x === undefined) continue;
    v[i] = x;
    order.push(i);
  }
  // Highest first; the order within a tie does not change a competition rank (the server breaks ties by SIRUTA).
  order.sort((a, b) => v[b]! - v[a]!);
  const counties = new Map<string, { n: number; last: number; rank: number }>();
  let previous = -1;
  for (let k = 0; k < order.length; k++) {
    const i = order[k]!;
    country[i] = previous >= 0 && v[previous] === v[i] ? country[previous]! : k + 1;
    previous = i;
    const key = county[i] ?? '';
    let c = counties.get(key);
    if (!c) counties.set(key, (c = { n: 0, last: NaN, rank: 0 }));
    c.n += 1;
    if (v[i] !== c.last) c.rank = c.n;
    c.last = v[i]!;
    inCounty[i] = c.rank;
  }
  return { country, county: inCounty };
}

/**
 * A `year=all` answer (columnar: the UATs once, then per year their values, and their ranks when the answer is one
 * county's, in the same order) as one answer per year, each made when first asked for (27 years of 3,186 UATs are
 * 86,000 rows: made only for the years shown). Without ranks in the answer (every UAT of the country is there), the
 * ranks are computed here as the server computes them.
 */
export function parseAllYears(body: unknown): Map<number, () => IndicatorValues> {
  if (!isObject(body) || !isObject(body['uats']) || !Array.isArray(body['years']))
    throw new ApiError(0, 'unexpected answer');
  const uats = body['uats'];
  const siruta = Array.isArray(uats['siruta']) ? uats['siruta'].map(str) : [];
  const name = Array.isArray(uats['name']) ? uats['name'].map(str) : [];
  const county = Array.isArray(uats['county']) ? uats['county'].map(str) : [];
  const out = new Map<number, () => IndicatorValues>();
  for (const y of body['years']) {
    if (!isObject(y)) continue;
    const year = num(y['year']);
    if (year === null) continue;
    out.set(year, () => {
      const value = numbers(y['value']);
      let rankCounty = numbers(y['rank_county']);
      let rankCountry = numbers(y['rank_country']);
      if (!Array.isArray(y['rank_county']) && !Array.isArray(y['rank_country'])) {
        const ranks = competitionRanks(value, county);
        rankCounty = ranks.county;
        rankCountry = ranks.country;
      }
      const rows: ValueRow[] = [];
      for (let i = 0; i < siruta.length; i++) {
        const s = siruta[i];
        const v = value[i] ?? null;
        if (!s || v === null) continue;
        rows.push({
          siruta: s,
          name: name[i] ?? s,
          county: county[i] ?? '',
          value: v,
          rankCounty: rankCounty[i] ?? null,
          rankCountry: rankCountry[i] ?? null,
        });
      }
      // The year's own answer, as `parseValues` reads a one-year answer.
      return parseValues({ ...body, ...y, uats: undefined, years: undefined, values: [] }, rows);
    });
  }
  return out;
}

function sourceText(v: unknown): string {
  if (isObject(v)) return [str(v['name']) ?? str(v['source']), str(v['licence'])].filter(Boolean).join(' · ');
  return str(v) ?? '';
}

function parsePoints(v: unknown): SeriesPoint[] {
  if (Array.isArray(v)) {
    return v
      .map((p): SeriesPoint | null => {
        if (Array.isArray(p)) {
          const year = num(p[0]);
          return year === null ? null : { year, value: num(p[1]) };
        }
        if (!isObject(p)) return null;
        const year = num(p['year']);
        return year === null ? null : { year, value: num(p['value']) };
      })
      .filter((p): p is SeriesPoint => p !== null)
      .sort((a, b) => a.year - b.year);
  }
  if (isObject(v)) {
    // { "2002": 1, "2011": 2 }
    return Object.entries(v)
      .map(([year, value]) => ({ year: Number(year), value: num(value) }))
      .filter((p) => Number.isFinite(p.year))
      .sort((a, b) => a.year - b.year);
  }
  return [];
}

function parseLine(o: unknown, kind: SeriesLine['kind']): SeriesLine | null {
  if (!isObject(o)) return null;
  const id =
    kind === 'uat'
      ? str(pick(o, 'siruta', 'uat', 'id'))
      : kind === 'county'
        ? str(pick(o, 'county', 'county_code', 'code', 'id'))
        : (str(pick(o, 'code', 'id')) ?? 'RO');
  if (!id) return null;
  return {
    kind,
    id,
    name: (kind === 'county' ? str(pick(o, 'county_name', 'countyName')) : null) ?? str(o['name']) ?? id,
    county: kind === 'uat' ? str(pick(o, 'county', 'county_code')) : null,
    aggregate: str(pick(o, 'aggregate', 'kind', 'method', 'how')),
    points: parsePoints(pick(o, 'points', 'series', 'values', 'data')),
  };
}

export function parseSeries(body: unknown): IndicatorSeries {
  if (!isObject(body)) throw new ApiError(0, 'unexpected answer');
  const lines: SeriesLine[] = [];
  const list = (v: unknown) => (Array.isArray(v) ? v : v === undefined || v === null ? [] : [v]);
  for (const o of list(pick(body, 'uats', 'series'))) {
    const line = parseLine(o, 'uat');
    if (line) lines.push(line);
  }
  for (const o of list(pick(body, 'counties', 'county'))) {
    const line = parseLine(o, 'county');
    if (line) lines.push(line);
  }
  for (const o of list(pick(body, 'country', 'national'))) {
    const line = parseLine(o, 'country');
    if (line) lines.push(line);
  }
  const indicator = isObject(body['indicator']) ? str(body['indicator']['code']) : str(body['indicator']);
  return {
    indicator: indicator ?? '',
    unit: str(body['unit']) ?? '',
    unitEn: str(body['unit_en']),
    lines,
    source: sourceText(body['source']),
    sourceEn: str(body['source_en']),
    synthetic: body['synthetic'] === true,
  };
}

export function parseUat(o: unknown): UatSummary | null {
  if (!isObject(o)) return null;
  const siruta = str(pick(o, 'siruta', 'id'));
  if (!siruta) return null;
  const lon = num(pick(o, 'lon', 'longitude'));
  const lat = num(pick(o, 'lat', 'latitude'));
  const pointValue = pick(o, 'point', 'centroid', 'label_point');
  let point: readonly [number, number] | null = lon !== null && lat !== null ? [lon, lat] : null;
  if (!point && Array.isArray(pointValue)) {
    const [x, y] = [num(pointValue[0]), num(pointValue[1])];
    if (x !== null && y !== null) point = [x, y];
  } else if (!point && isObject(pointValue) && Array.isArray(pointValue['coordinates'])) {
    const [x, y] = [num(pointValue['coordinates'][0]), num(pointValue['coordinates'][1])];
    if (x !== null && y !== null) point = [x, y];
  }
  return {
    siruta,
    name: str(o['name']) ?? siruta,
    county: str(pick(o, 'county', 'county_code', 'countyCode')) ?? '',
    countyName: str(pick(o, 'county_name', 'countyName')),
    rank: str(o['rank']),
    rankLabel: rankLabel(o['rank_label']),
    point,
  };
}

function rankLabel(value: unknown): { ro: string; en: string } | null {
  if (!isObject(value)) return null;
  const ro = str(value['ro']);
  const en = str(value['en']);
  return ro && en ? { ro, en } : null;
}

export function parseUats(body: unknown): UatSummary[] {
  const list = Array.isArray(body)
    ? body
    : isObject(body)
      ? (pick(body, 'uats', 'items', 'data', 'features') as unknown[] | undefined)
      : undefined;
  if (!Array.isArray(list)) return [];
  return list
    .map((o) => (isObject(o) && o['type'] === 'Feature' && isObject(o['properties']) ? featureAsUat(o) : parseUat(o)))
    .filter((u): u is UatSummary => u !== null);
}

function featureAsUat(feature: Json): UatSummary | null {
  const properties = feature['properties'] as Json;
  const geometry = feature['geometry'];
  const coordinates = isObject(geometry) && geometry['type'] === 'Point' ? geometry['coordinates'] : undefined;
  return parseUat({ ...properties, point: coordinates ?? properties['point'] });
}

function parseProfileEntry(o: unknown): ProfileEntry | null {
  if (!isObject(o)) return null;
  // The indicator's catalogue entry, nested (`indicator: {...}`) or flat.
  const about = isObject(o['indicator']) ? o['indicator'] : o;
  const code = str(pick(about, 'code')) ?? str(o['indicator']);
  if (!code) return null;
  const latest = isObject(o['latest']) ? o['latest'] : o;
  const county = o['county'];
  return {
    code,
    name: names({ ...about, code }),
    unit: str(about['unit']) ?? '',
    unitEn: str(about['unit_en']),
    kind: kindOf(about['kind']),
    year: num(latest['year']),
    value: num(latest['value']),
    series: parsePoints(pick(o, 'series', 'points')),
    rankCounty: num(pick(latest, 'rank_county', 'rankCounty')),
    countCounty: num(pick(latest, 'uats_in_county', 'count_county', 'countCounty')),
    rankCountry: num(pick(latest, 'rank_country', 'rankCountry')),
    countCountry: num(pick(latest, 'uats_in_country', 'count_country', 'countCountry')),
    countyValue: isObject(county)
      ? num(county['value'])
      : num(pick(o, 'county_value', 'countyValue') ?? pick(latest, 'county_value', 'countyValue')),
    countyValueKind: str(pick(o, 'county_value_kind', 'countyValueKind')),
    source: sourceText(about['source'] ?? o['source']),
    sourceEn: str(about['source_en'] ?? o['source_en']),
    synthetic: about['synthetic'] === true || o['synthetic'] === true,
  };
}

export function parseProfile(body: unknown): UatProfile {
  if (!isObject(body)) throw new ApiError(0, 'unexpected answer');
  const uat = parseUat(isObject(body['uat']) ? body['uat'] : body);
  if (!uat) throw new ApiError(0, 'unexpected answer');
  const list = pick(body, 'indicators', 'entries');
  return {
    uat,
    indicators: Array.isArray(list) ? list.map(parseProfileEntry).filter((e): e is ProfileEntry => e !== null) : [],
  };
}

// ------------------------------------------------------------------------------------------------------------------
// URLs and fetches.
// ------------------------------------------------------------------------------------------------------------------

export interface ValuesQuery {
  readonly indicator: string;
  readonly year: number;
  readonly derived: Derived;
  readonly from: number | null;
  readonly method: Method;
  readonly classes: number;
}

export function valuesUrl(q: ValuesQuery, format: 'json' | 'csv' | 'geojson' = 'json'): string {
  const params = new URLSearchParams({ year: String(q.year) });
  if (q.derived !== 'none') params.set('derived', q.derived);
  if ((q.derived === 'change' || q.derived === 'change_pct') && q.from !== null) params.set('from', String(q.from));
  params.set('method', q.method);
  params.set('classes', String(q.classes));
  const file = format === 'json' ? 'values' : `values.${format}`;
  return `/api/indicators/${encodeURIComponent(q.indicator)}/${file}?${params.toString()}`;
}

/** Every year of a view in one request (`year=all`): the same parameters as one year's. */
export function allYearsUrl(q: Omit<ValuesQuery, 'year'>): string {
  return valuesUrl({ ...q, year: 0 }).replace('year=0', 'year=all');
}

export function seriesUrl(indicator: string, uats: readonly string[], derived: Derived = 'none'): string {
  const params = new URLSearchParams({ uat: uats.join(',') });
  if (derived === 'per_km2' || derived === 'per_1000') params.set('derived', derived);
  return `/api/indicators/${encodeURIComponent(indicator)}/series?${params.toString()}`;
}

export const profileUrl = (siruta: string) => `/api/uats/${encodeURIComponent(siruta)}/profile`;
export const profilePdfUrl = (siruta: string, locale: string) =>
  `/api/uats/${encodeURIComponent(siruta)}/profile.pdf${locale === 'ro' ? '' : `?lang=${locale}`}`;

async function getJson(url: string, signal?: AbortSignal): Promise<unknown> {
  const response = await fetch(url, { headers: { accept: 'application/json' }, signal });
  if (!response.ok) {
    let detail = response.statusText;
    let fields: ProblemFields | undefined;
    try {
      const problem = (await response.json()) as { detail?: string; title?: string };
      detail = problem.detail ?? problem.title ?? detail;
      fields = problemFields(problem);
    } catch {
      // Not problem+json: keep the status text.
    }
    throw new ApiError(response.status, detail, fields);
  }
  return response.json();
}

/**
 * Answers already fetched, by URL: going back to a year or an indicator costs no request. Bounded, oldest out. An
 * answer known without its own request (a year of a `year=all` answer) is held as a function that makes it, called
 * the first time it is asked for.
 */
export class AnswerCache<T> {
  readonly #entries = new Map<string, Promise<T> | (() => T)>();
  constructor(readonly limit: number) {}

  get(url: string, load: () => Promise<T>): Promise<T> {
    const hit = this.#entries.get(url);
    if (hit) {
      const promise = typeof hit === 'function' ? Promise.resolve(hit()) : hit;
      this.#entries.delete(url);
      this.#entries.set(url, promise);
      return promise;
    }
    const promise = load();
    this.#entries.set(url, promise);
    promise.catch(() => this.#entries.delete(url));
    this.#trim();
    return promise;
  }

  /** Holds an answer that needs no request, made when first asked for; an answer already held is kept. */
  offer(url: string, make: () => T): void {
    if (this.#entries.has(url)) return;
    this.#entries.set(url, make);
    this.#trim();
  }

  has(url: string): boolean {
    return this.#entries.has(url);
  }

  #trim(): void {
    while (this.#entries.size > this.limit) {
      const oldest = this.#entries.keys().next().value;
      if (oldest === undefined) break;
      this.#entries.delete(oldest);
    }
  }
}

/** Room for every year of a few views (an indicator has up to about 30 years). */
const valuesCache = new AnswerCache<IndicatorValues>(160);
/** `year=all` requests made (or on the way), by URL: each is made once. */
const allYearsAsked = new Map<string, Promise<number[]>>();

export function fetchIndicators(q = '', signal?: AbortSignal): Promise<Indicator[]> {
  const url = q ? `/api/indicators?q=${encodeURIComponent(q)}` : '/api/indicators';
  return getJson(url, signal).then(parseIndicators);
}

export function fetchValues(q: ValuesQuery): Promise<IndicatorValues> {
  const url = valuesUrl(q);
  return valuesCache.get(url, () => getJson(url).then(parseValues));
}

export function hasValues(q: ValuesQuery): boolean {
  return valuesCache.has(valuesUrl(q));
}

/**
 * Every year of a view in one request (`year=all`), each year then answered from memory by `fetchValues`; resolves
 * with the years it held. Asked once per view (a failed request may be asked again).
 */
export function fetchAllYears(q: Omit<ValuesQuery, 'year'>): Promise<number[]> {
  const url = allYearsUrl(q);
  let asked = allYearsAsked.get(url);
  if (!asked) {
    asked = getJson(url).then((body) => {
      const years = parseAllYears(body);
      for (const [year, make] of years) valuesCache.offer(valuesUrl({ ...q, year }), make);
      return [...years.keys()];
    });
    allYearsAsked.set(url, asked);
    asked.catch(() => allYearsAsked.delete(url));
  }
  return asked;
}

export function fetchSeries(
  indicator: string,
  uats: readonly string[],
  derived: Derived,
  signal?: AbortSignal,
): Promise<IndicatorSeries> {
  return getJson(seriesUrl(indicator, uats, derived), signal).then(parseSeries);
}

export function fetchUats(q = '', signal?: AbortSignal): Promise<UatSummary[]> {
  const url = q ? `/api/uats?q=${encodeURIComponent(q)}` : '/api/uats';
  return getJson(url, signal).then(parseUats);
}

/** A point inside every UAT (`GET /api/uat-points`), where proportional circles are drawn. */
export function fetchUatPoints(signal?: AbortSignal): Promise<UatSummary[]> {
  return getJson('/api/uat-points', signal).then(parseUats);
}

/** A UAT's whole outline (not cut at tile edges), for the hover and selection outlines. */
export interface UatShape {
  readonly siruta: string;
  readonly geometry: Polygon | MultiPolygon;
}

/** The outlines of these UATs in one request (`/ogc/collections/uat/items` filtered by SIRUTA, EPSG:4326). */
export async function fetchUatShapes(sirutas: readonly string[], signal?: AbortSignal): Promise<UatShape[]> {
  const codes = sirutas.filter((s) => /^\d{1,9}$/.test(s));
  if (codes.length === 0) return [];
  const params = new URLSearchParams({ filter: `siruta IN (${codes.join(',')})`, limit: String(codes.length) });
  return parseUatShapes(await getJson(`/ogc/collections/uat/items?${params.toString()}`, signal));
}

/**
 * Whole UAT outlines fetched so far (hovered or selected ones), by SIRUTA: a few, never all of them (the oldest go
 * beyond `limit`). An outline is asked for once, however often it is wanted while on the way; a SIRUTA the server
 * does not know is remembered as having none (not asked again).
 */
export class UatShapes {
  readonly #shapes = new Map<string, Polygon | MultiPolygon | null>();
  readonly #loading = new Set<string>();

  constructor(
    readonly limit = 200,
    private readonly fetchShapes: (sirutas: readonly string[]) => Promise<UatShape[]> = fetchUatShapes,
  ) {}

  get(siruta: string): Polygon | MultiPolygon | undefined {
    return this.#shapes.get(siruta) ?? undefined;
  }

  /** Fetches the outlines neither held nor on the way; null when there is none to fetch. */
  load(sirutas: readonly string[]): Promise<void> | null {
    const missing = sirutas.filter((s) => !this.#shapes.has(s) && !this.#loading.has(s));
    if (missing.length === 0) return null;
    for (const s of missing) this.#loading.add(s);
    return this.fetchShapes(missing)
      .then((found) => {
        for (const s of missing) this.#shapes.set(s, null);
        for (const { siruta, geometry } of found) this.#shapes.set(siruta, geometry);
        while (this.#shapes.size > this.limit) {
          const oldest = this.#shapes.keys().next().value;
          if (oldest === undefined) break;
          this.#shapes.delete(oldest);
        }
      })
      .finally(() => {
        for (const s of missing) this.#loading.delete(s);
      });
  }
}

export function parseUatShapes(body: unknown): UatShape[] {
  const features = isObject(body) && Array.isArray(body['features']) ? body['features'] : [];
  const out: UatShape[] = [];
  for (const f of features) {
    if (!isObject(f) || !isObject(f['properties']) || !isObject(f['geometry'])) continue;
    const siruta = str(f['properties']['siruta']);
    const geometry = f['geometry'];
    if (siruta === null || (geometry['type'] !== 'Polygon' && geometry['type'] !== 'MultiPolygon')) continue;
    out.push({ siruta, geometry: geometry as unknown as Polygon | MultiPolygon });
  }
  return out;
}

export function fetchProfile(siruta: string, signal?: AbortSignal): Promise<UatProfile> {
  return getJson(profileUrl(siruta), signal).then(parseProfile);
}
