// The atlas's domain logic: derived values (per km², per 1,000 inhabitants, change), ranks within the county and
// the country, class breaks, series with county and national figures, and the profile of a UAT. Everything an
// answer needs is read once per data version (the UATs with their areas, each indicator's values) and kept in memory;
// answers are then computed in JS and cached by their parameters.
import type { Db } from '../../../db/src/connect.ts';
import {
  atlasDataVersion,
  indicatorValues,
  listIndicators,
  listUats,
  regionValues,
  type IndicatorRow,
  type RegionValueRow,
  type UatRow,
} from '../../../db/src/indicators.repository.ts';
import { badParam, notFound } from '../errors.ts';
import { classBreaks, type BreakMethod } from './class-breaks.ts';
import { uatTypeLabel, type UatTypeLabel } from './uat-type.ts';

export const DERIVED = ['none', 'per_km2', 'per_1000', 'change', 'change_pct'] as const;
export type Derived = (typeof DERIVED)[number];

/** The population indicators the per-1,000 form divides by (census years first, then domicile). */
export const POPULATION_CODES = ['population_census', 'population_domicile'] as const;

export interface IndicatorSummary {
  code: string;
  name_ro: string;
  name_en: string;
  description_ro: string | null;
  description_en: string | null;
  unit: string;
  /** English forms of unit, source and licence; null where the catalogue has none (show the Romanian text). */
  unit_en: string | null;
  kind: IndicatorRow['kind'];
  source: string;
  source_en: string | null;
  licence: string | null;
  licence_en: string | null;
  years: number[];
  coverage: IndicatorRow['coverage'];
  higher_is_better: boolean | null;
  synthetic: boolean;
  notes_ro: string | null;
  notes_en: string | null;
  uats_with_values: number;
  /** The derived forms that make sense for this indicator. */
  derived: Derived[];
}

export interface ValuesQuery {
  year?: number | undefined;
  from?: number | undefined;
  derived: Derived;
  classes: number;
  method: BreakMethod;
  county?: string | undefined;
}

export interface UatValue {
  siruta: number;
  name: string;
  county: string | null;
  value: number;
  rank_county: number;
  /** Null where the indicator covers one county: its UATs rank nothing nationally. */
  rank_country: number | null;
}

export interface ValuesAnswer {
  indicator: string;
  name_ro: string;
  name_en: string;
  year: number;
  from?: number;
  derived: Derived;
  unit: string;
  unit_en: string | null;
  population_year?: number;
  method: BreakMethod;
  classes: number;
  breaks: number[];
  /** Ranks: 1 is the highest value; equal values share a rank. */
  rank_order: 'desc';
  count: number;
  values: UatValue[];
  source: string;
  source_en: string | null;
  licence: string | null;
  licence_en: string | null;
  synthetic: boolean;
  data_version: string;
}

/**
 * Every year of an indicator in one answer (`year=all`), for the atlas page: after it, a year change needs no request.
 * Columnar, so that 27 years of 3,186 UATs stay small: `uats` lists each UAT with a value in some year once, and each
 * entry of `years` holds, in the same order, that year's value (null where the UAT has no value that year), with the
 * year's own class breaks (the same as the one-year answer's: the legend shows the year's classes).
 * The ranks are given only with `county`: without it every UAT of the country is listed, and the client computes them
 * from the values as the one-year answer does (`rank_order`: competition ranks, 1 the highest value, equal values
 * sharing a rank, in the country and in each county); they were half of the answer's bytes (fire detections per 1,000:
 * 387 kB of gzip with them, 182 kB without). A county's UATs alone cannot be ranked in the country: with `county` the
 * ranks are sent.
 */
export interface AllYearsAnswer extends Omit<
  ValuesAnswer,
  'year' | 'from' | 'population_year' | 'breaks' | 'count' | 'values'
> {
  year: 'all';
  uats: { siruta: number[]; name: string[]; county: (string | null)[] };
  years: YearColumns[];
}

export interface YearColumns {
  year: number;
  from?: number;
  population_year?: number;
  breaks: number[];
  count: number;
  value: (number | null)[];
  /** Only with `county` (see AllYearsAnswer). */
  rank_county?: (number | null)[];
  rank_country?: (number | null)[];
}

export interface SeriesPoint {
  year: number;
  value: number;
}

export interface AggregateSeries {
  /** total: the sum of the UATs' values (counts); average: their mean (rates); published: the source's own series. */
  kind: 'total' | 'average' | 'published';
  values: (SeriesPoint & { uats?: number })[];
  source: string;
  source_en: string | null;
}

export interface SeriesAnswer {
  indicator: string;
  unit: string;
  unit_en: string | null;
  years: number[];
  uats: { siruta: number; name: string; county: string | null; county_name: string | null; values: SeriesPoint[] }[];
  counties: ({ county: string; county_name: string | null } & AggregateSeries)[];
  national: AggregateSeries | null;
  source: string;
  source_en: string | null;
  synthetic: boolean;
}

export interface ProfileEntry {
  indicator: IndicatorSummary;
  year: number | null;
  value: number | null;
  rank_county: number | null;
  rank_country: number | null;
  uats_in_county: number | null;
  uats_in_country: number | null;
  county_value: number | null;
  county_value_kind: AggregateSeries['kind'] | null;
  series: SeriesPoint[];
}

export interface ProfileAnswer {
  uat: UatSummary;
  indicators: ProfileEntry[];
  data_version: string;
  data_imported_at: string | null;
}

export interface UatSummary {
  siruta: number;
  name: string;
  county: string | null;
  county_name: string | null;
  /** The kind of UAT as the boundary file writes it (no diacritics there), e.g. `Municipiu resedinta de judet`. */
  rank: string | null;
  /** The same kind as it is shown: correct Romanian and English (`Municipiu, reședință de județ`). */
  rank_label: UatTypeLabel | null;
  area_km2: number;
}

interface Loaded {
  meta: IndicatorRow;
  /** year → siruta → value */
  byYear: Map<number, Map<number, number>>;
  region: RegionValueRow[];
}

interface Snapshot {
  version: string;
  /** When the newest data the atlas reads was imported (the date written into profile PDFs). */
  importedAt: string | null;
  indicators: IndicatorRow[];
  uats: Map<number, UatRow>;
  /** county code → its UATs' SIRUTA codes */
  counties: Map<string, number[]>;
  loaded: Map<string, Promise<Loaded>>;
  answers: Map<string, unknown>;
}

const MAX_CACHED_ANSWERS = 500;
/** How long a data version is trusted before asking the database again (imports change it). */
const VERSION_TTL_MS = 1000;

const fold = (s: string) =>
  s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();

export class AtlasService {
  private snapshot: Promise<Snapshot> | undefined;
  private checkedAt = 0;
  private checking: Promise<{ version: string; importedAt: string | null }> | undefined;

  constructor(private readonly db: Db) {}

  /** The current snapshot; reloaded when the data version changed (checked at most once a second). */
  private async current(): Promise<Snapshot> {
    const now = Date.now();
    if (this.snapshot && now - this.checkedAt < VERSION_TTL_MS) return this.snapshot;
    this.checking ??= atlasDataVersion(this.db.reader).finally(() => (this.checking = undefined));
    const { version, importedAt } = await this.checking;
    this.checkedAt = Date.now();
    const snap = this.snapshot ? await this.snapshot.catch(() => undefined) : undefined;
    if (!snap || snap.version !== version) this.snapshot = this.load(version, importedAt);
    return this.snapshot!;
  }

  private async load(version: string, importedAt: string | null): Promise<Snapshot> {
    const [indicators, uatRows] = await Promise.all([listIndicators(this.db.reader), listUats(this.db.reader)]);
    const uats = new Map(uatRows.map((u) => [u.siruta, u]));
    const counties = new Map<string, number[]>();
    for (const u of uatRows) {
      if (!u.county_code) continue;
      const list = counties.get(u.county_code) ?? [];
      list.push(u.siruta);
      counties.set(u.county_code, list);
    }
    return { version, importedAt, indicators, uats, counties, loaded: new Map(), answers: new Map() };
  }

  private async indicator(snap: Snapshot, code: string): Promise<Loaded> {
    const meta = snap.indicators.find((i) => i.code === code);
    if (!meta) throw notFound('indicator', code);
    let p = snap.loaded.get(code);
    if (!p) {
      p = Promise.all([indicatorValues(this.db.reader, code), regionValues(this.db.reader, code)]).then(
        ([rows, region]) => {
          const byYear = new Map<number, Map<number, number>>();
          for (const r of rows) {
            let m = byYear.get(r.year);
            if (!m) byYear.set(r.year, (m = new Map()));
            m.set(r.siruta, r.value);
          }
          return { meta, byYear, region };
        },
      );
      snap.loaded.set(code, p);
      p.catch(() => snap.loaded.delete(code));
    }
    return p;
  }

  private cached<T>(snap: Snapshot, key: string, make: () => Promise<T>): Promise<T> {
    const hit = snap.answers.get(key) as Promise<T> | undefined;
    if (hit) return hit;
    const p = make();
    if (snap.answers.size >= MAX_CACHED_ANSWERS) snap.answers.delete(snap.answers.keys().next().value!);
    snap.answers.set(key, p);
    p.catch(() => snap.answers.delete(key));
    return p;
  }

  async dataVersion(): Promise<string> {
    return (await this.current()).version;
  }

  async list(q?: string): Promise<IndicatorSummary[]> {
    const snap = await this.current();
    const all = snap.indicators.map(summary);
    if (!q) return all;
    const words = fold(q).split(/\s+/).filter(Boolean);
    return all.filter((i) => {
      const text = fold(
        [i.code, i.name_ro, i.name_en, i.description_ro, i.description_en, i.source, i.source_en]
          .filter(Boolean)
          .join(' '),
      );
      return words.every((w) => text.includes(w));
    });
  }

  async one(code: string): Promise<IndicatorSummary> {
    const snap = await this.current();
    const meta = snap.indicators.find((i) => i.code === code);
    if (!meta) throw notFound('indicator', code);
    return summary(meta);
  }

  async values(code: string, q: ValuesQuery): Promise<ValuesAnswer> {
    const snap = await this.current();
    const ind = await this.indicator(snap, code);
    const years = ind.meta.years;
    if (!years.length) throw badParam('year', q.year, `indicator ${code} has no values`);
    const year = q.year ?? years[years.length - 1]!;
    if (!years.includes(year)) throw badParam('year', year, `no data; years with data: ${yearsText(years)}`);
    checkForm(snap, ind, code, q);
    let from: number | undefined;
    if (q.derived === 'change' || q.derived === 'change_pct') {
      from = q.from ?? years.find((y) => y !== year);
      if (from === undefined)
        throw badParam(
          'derived',
          q.derived,
          `a change needs another year with data; years with data: ${yearsText(years)}`,
        );
      if (from === year) throw badParam('from', q.from, 'a change needs another year with data');
      if (!years.includes(from)) throw badParam('from', from, `no data; years with data: ${yearsText(years)}`);
    }
    const key = `values:${code}:${year}:${from}:${q.derived}:${q.classes}:${q.method}:${q.county ?? ''}`;
    return this.cached(snap, key, async () => {
      const { values: raw, populationYear } = await this.derive(snap, ind, year, q.derived, from);
      const ranked = rank(snap, raw, ind.meta.coverage === 'national');
      const shown = q.county ? ranked.filter((v) => v.county === q.county) : ranked;
      const breaks = classBreaks(
        shown.map((v) => v.value),
        q.classes,
        q.method,
      );
      return {
        indicator: code,
        name_ro: ind.meta.name_ro,
        name_en: ind.meta.name_en,
        year,
        ...(from !== undefined ? { from } : {}),
        derived: q.derived,
        unit: derivedUnit(ind.meta.unit, q.derived),
        unit_en: ind.meta.unit_en === null ? null : derivedUnit(ind.meta.unit_en, q.derived, 'en'),
        ...(populationYear !== undefined ? { population_year: populationYear } : {}),
        method: q.method,
        classes: q.classes,
        breaks,
        rank_order: 'desc' as const,
        count: shown.length,
        values: shown,
        source: ind.meta.source,
        source_en: ind.meta.source_en,
        licence: ind.meta.licence,
        licence_en: ind.meta.licence_en,
        synthetic: ind.meta.synthetic,
        data_version: snap.version,
      };
    });
  }

  /**
   * Every year's answer in one (`year=all`): each year as `values` gives it; a year that has no answer of its own
   * (a change from itself) is left out. Cached like the one-year answers.
   */
  async allYears(code: string, q: Omit<ValuesQuery, 'year'>): Promise<AllYearsAnswer> {
    const snap = await this.current();
    const ind = await this.indicator(snap, code);
    const years = ind.meta.years;
    if (!years.length) throw badParam('year', 'all', `indicator ${code} has no values`);
    checkForm(snap, ind, code, q);
    const change = q.derived === 'change' || q.derived === 'change_pct';
    if (change && years.length < 2) throw badParam('derived', q.derived, 'a change needs another year with data');
    if (change && q.from !== undefined && !years.includes(q.from))
      throw badParam('from', q.from, `no data; years with data: ${yearsText(years)}`);
    const key = `all:${code}:${q.from}:${q.derived}:${q.classes}:${q.method}:${q.county ?? ''}`;
    return this.cached(snap, key, async () => {
      const shown = years.filter((y) => !(change && y === q.from));
      // One year after the other, letting other requests in between (the first view's tiles come at the same time):
      // every year computed in one go held the event loop for a few hundred ms on a cold cache.
      const answers: ValuesAnswer[] = [];
      for (const year of shown) {
        answers.push(await this.values(code, { ...q, year }));
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
      // Every UAT with a value in some year, by SIRUTA.
      const seen = new Map<number, UatValue>();
      for (const a of answers) for (const v of a.values) if (!seen.has(v.siruta)) seen.set(v.siruta, v);
      const listed = [...seen.values()].sort((a, b) => a.siruta - b.siruta);
      const index = new Map(listed.map((v, i) => [v.siruta, i]));
      const uats: AllYearsAnswer['uats'] = {
        siruta: listed.map((v) => v.siruta),
        name: listed.map((v) => v.name),
        county: listed.map((v) => v.county),
      };
      const first = answers[0]!;
      // The client ranks every UAT of the country itself; one county's UATs (the filter, or an indicator of one
      // county, whose ranks in the country are null) are given their ranks.
      const ranksGiven = q.county !== undefined || ind.meta.coverage !== 'national';
      return {
        indicator: code,
        name_ro: first.name_ro,
        name_en: first.name_en,
        year: 'all' as const,
        derived: q.derived,
        unit: first.unit,
        unit_en: first.unit_en,
        method: q.method,
        classes: q.classes,
        rank_order: 'desc' as const,
        uats,
        years: answers.map((a): YearColumns => {
          const n = uats.siruta.length;
          const value = new Array<number | null>(n).fill(null);
          const rankCounty = new Array<number | null>(n).fill(null);
          const rankCountry = new Array<number | null>(n).fill(null);
          for (const v of a.values) {
            const i = index.get(v.siruta)!;
            value[i] = v.value;
            rankCounty[i] = v.rank_county;
            rankCountry[i] = v.rank_country;
          }
          return {
            year: a.year,
            ...(a.from !== undefined ? { from: a.from } : {}),
            ...(a.population_year !== undefined ? { population_year: a.population_year } : {}),
            breaks: a.breaks,
            count: a.count,
            value,
            ...(ranksGiven ? { rank_county: rankCounty, rank_country: rankCountry } : {}),
          };
        }),
        source: first.source,
        source_en: first.source_en,
        licence: first.licence,
        licence_en: first.licence_en,
        synthetic: first.synthetic,
        data_version: snap.version,
      };
    });
  }

  /** The derived value of each UAT with data (those without stay absent). */
  private async derive(
    snap: Snapshot,
    ind: Loaded,
    year: number,
    derived: Derived,
    from: number | undefined,
  ): Promise<{ values: Map<number, number>; populationYear?: number }> {
    const cur = ind.byYear.get(year)!;
    const out = new Map<number, number>();
    switch (derived) {
      case 'none':
        return { values: cur };
      case 'per_km2':
        for (const [s, v] of cur) {
          const a = snap.uats.get(s)?.area_km2;
          if (a && a > 0) out.set(s, v / a);
        }
        return { values: out };
      case 'change':
      case 'change_pct': {
        const prev = ind.byYear.get(from!)!;
        for (const [s, v] of cur) {
          const p = prev.get(s);
          if (p === undefined) continue;
          if (derived === 'change') out.set(s, v - p);
          else if (p !== 0) out.set(s, ((v - p) / p) * 100);
        }
        return { values: out };
      }
      case 'per_1000': {
        const { year: py, values: pop } = await this.populationFor(snap, [...cur.keys()], year);
        for (const [s, v] of cur) {
          const p = pop.get(s);
          if (p && p > 0) out.set(s, (v / p) * 1000);
        }
        return { values: out, populationYear: py };
      }
    }
  }

  /**
   * The population year nearest to `year` that covers the UATs asked for (census 2002, 2011, domicile 2026...):
   * among the years with the most of them covered, the nearest; an earlier year wins a tie.
   */
  private async populationFor(
    snap: Snapshot,
    sirutas: number[],
    year: number,
  ): Promise<{ year: number; values: Map<number, number> }> {
    const candidates: { year: number; values: Map<number, number>; covered: number }[] = [];
    for (const code of POPULATION_CODES) {
      if (!snap.indicators.some((i) => i.code === code)) continue;
      const pop = await this.indicator(snap, code);
      for (const [y, values] of pop.byYear) {
        const covered = sirutas.filter((s) => values.has(s)).length;
        if (covered) candidates.push({ year: y, values, covered });
      }
    }
    if (!candidates.length) throw badParam('derived', 'per_1000', 'no population figures are loaded');
    const best = Math.max(...candidates.map((c) => c.covered));
    const pick = candidates
      .filter((c) => c.covered >= best * 0.98)
      .sort((a, b) => Math.abs(a.year - year) - Math.abs(b.year - year) || a.year - b.year)[0]!;
    return { year: pick.year, values: pick.values };
  }

  async series(code: string, sirutas: number[]): Promise<SeriesAnswer> {
    const snap = await this.current();
    const ind = await this.indicator(snap, code);
    for (const s of sirutas) if (!snap.uats.has(s)) throw badParam('uat', s, 'no UAT with this SIRUTA code');
    return this.cached(snap, `series:${code}:${sirutas.join(',')}`, async () => {
      const years = ind.meta.years;
      const countyCodes = [...new Set(sirutas.map((s) => snap.uats.get(s)!.county_code).filter((c) => c !== null))];
      return {
        indicator: code,
        unit: ind.meta.unit,
        unit_en: ind.meta.unit_en,
        years,
        uats: sirutas.map((s) => {
          const u = snap.uats.get(s)!;
          return {
            siruta: s,
            name: u.name,
            county: u.county_code,
            county_name: u.county_name,
            values: seriesOf(ind, s),
          };
        }),
        counties: countyCodes.map((c) => ({
          county: c,
          county_name: snap.uats.get(snap.counties.get(c)![0]!)!.county_name,
          ...aggregate(ind, snap.counties.get(c)!, c),
        })),
        national: ind.meta.coverage === 'national' ? aggregate(ind, [...snap.uats.keys()]) : null,
        source: ind.meta.source,
        source_en: ind.meta.source_en,
        synthetic: ind.meta.synthetic,
      };
    });
  }

  async searchUats(q: string, limit: number): Promise<UatSummary[]> {
    const snap = await this.current();
    const words = fold(q)
      .split(/[\s-]+/)
      .filter(Boolean);
    const hits: { u: UatRow; score: number }[] = [];
    for (const u of snap.uats.values()) {
      const name = fold(u.name);
      const text = `${name} ${fold(u.county_name ?? '')} ${u.county_code?.toLowerCase() ?? ''} ${u.siruta}`;
      if (!words.every((w) => text.includes(w))) continue;
      hits.push({ u, score: name === fold(q) ? 0 : name.startsWith(words[0] ?? '') ? 1 : 2 });
    }
    hits.sort((a, b) => a.score - b.score || a.u.name.localeCompare(b.u.name, 'ro') || a.u.siruta - b.u.siruta);
    return hits.slice(0, limit).map((h) => uatSummary(h.u));
  }

  async uat(siruta: number): Promise<UatSummary> {
    const snap = await this.current();
    const u = snap.uats.get(siruta);
    if (!u) throw notFound('UAT', String(siruta));
    return uatSummary(u);
  }

  async profile(siruta: number): Promise<ProfileAnswer> {
    const snap = await this.current();
    const u = snap.uats.get(siruta);
    if (!u) throw notFound('UAT', String(siruta));
    return this.cached(snap, `profile:${siruta}`, async () => {
      const indicators: ProfileEntry[] = [];
      for (const meta of snap.indicators) {
        const ind = await this.indicator(snap, meta.code);
        const series = seriesOf(ind, siruta);
        const last = series[series.length - 1];
        const entry: ProfileEntry = {
          indicator: summary(meta),
          year: last?.year ?? null,
          value: last?.value ?? null,
          rank_county: null,
          rank_country: null,
          uats_in_county: null,
          uats_in_country: null,
          county_value: null,
          county_value_kind: null,
          series,
        };
        if (last) {
          const ranked = rank(snap, ind.byYear.get(last.year)!, meta.coverage === 'national');
          const me = ranked.find((r) => r.siruta === siruta)!;
          entry.rank_county = me.rank_county;
          entry.uats_in_county = ranked.filter((r) => r.county === u.county_code).length;
          // A county's figures (domicile 2026, permits) rank nothing nationally: no rank in the country, never a
          // county rank passed off as one.
          if (meta.coverage === 'national') {
            entry.rank_country = me.rank_country;
            entry.uats_in_country = ranked.length;
          }
          if (u.county_code) {
            const agg = aggregate(ind, snap.counties.get(u.county_code)!, u.county_code);
            entry.county_value = agg.values.find((p) => p.year === last.year)?.value ?? null;
            entry.county_value_kind = agg.kind;
          }
        }
        indicators.push(entry);
      }
      return { uat: uatSummary(u), indicators, data_version: snap.version, data_imported_at: snap.importedAt };
    });
  }

  /** Names of the UATs (for exports). */
  async uatsBySiruta(): Promise<ReadonlyMap<number, UatRow>> {
    return (await this.current()).uats;
  }
}

/**
 * The checks of a values query that do not depend on its year: a derived form the indicator allows, `from` only with
 * a change, a known county.
 */
function checkForm(snap: Snapshot, ind: Loaded, code: string, q: Omit<ValuesQuery, 'year'>): void {
  if (!summary(ind.meta).derived.includes(q.derived))
    throw badParam('derived', q.derived, `not meaningful for ${code} (${ind.meta.kind})`);
  if (q.derived !== 'change' && q.derived !== 'change_pct' && q.from !== undefined)
    throw badParam('from', q.from, 'only with derived=change or change_pct');
  if (q.county !== undefined && !snap.counties.has(q.county))
    throw badParam('county', q.county, 'unknown county code (e.g. CJ)');
}

function yearsText(years: number[]): string {
  return years.length > 12 ? `${years[0]}–${years[years.length - 1]} (${years.length} years)` : years.join(', ');
}

function summary(m: IndicatorRow): IndicatorSummary {
  const derived: Derived[] =
    m.kind === 'rate' ? ['none', 'change', 'change_pct'] : ['none', 'per_km2', 'per_1000', 'change', 'change_pct'];
  const isPopulation = (POPULATION_CODES as readonly string[]).includes(m.code) || m.code === 'area';
  return {
    code: m.code,
    name_ro: m.name_ro,
    name_en: m.name_en,
    description_ro: m.description_ro,
    description_en: m.description_en,
    unit: m.unit,
    unit_en: m.unit_en,
    kind: m.kind,
    source: m.source,
    source_en: m.source_en,
    licence: m.licence,
    licence_en: m.licence_en,
    years: m.years,
    coverage: m.coverage,
    higher_is_better: m.higher_is_better,
    synthetic: m.synthetic,
    notes_ro: m.notes_ro,
    notes_en: m.notes_en,
    uats_with_values: m.uats_with_values,
    derived: isPopulation ? derived.filter((d) => d !== 'per_1000' && (m.code !== 'area' || d !== 'per_km2')) : derived,
  };
}

function uatSummary(u: UatRow): UatSummary {
  return {
    siruta: u.siruta,
    name: u.name,
    county: u.county_code,
    county_name: u.county_name,
    rank: u.rank,
    rank_label: uatTypeLabel(u.rank),
    area_km2: Math.round(u.area_km2 * 100) / 100,
  };
}

/** The unit of a derived form, in the language the base unit is written in (Romanian by default). */
export function derivedUnit(unit: string, derived: Derived, lang: 'ro' | 'en' = 'ro'): string {
  switch (derived) {
    case 'none':
    case 'change':
      return unit;
    case 'per_km2':
      return `${unit}/km²`;
    case 'per_1000':
      return lang === 'en' ? `${unit} per 1,000 inhabitants` : `${unit} la 1.000 locuitori`;
    case 'change_pct':
      return '%';
  }
}

/**
 * Competition ranks (1 = highest; ties share the best rank) within each county and, where the indicator covers the
 * country (`national`), within the country; a county's figures get no rank in the country (null), never their
 * county rank passed off as one.
 */
function rank(snap: Snapshot, values: ReadonlyMap<number, number>, national: boolean): UatValue[] {
  const rows: UatValue[] = [];
  for (const [s, v] of values) {
    const u = snap.uats.get(s);
    if (!u) continue;
    rows.push({ siruta: s, name: u.name, county: u.county_code, value: round(v), rank_county: 0, rank_country: 0 });
  }
  rows.sort((a, b) => b.value - a.value || a.siruta - b.siruta);
  const inCounty = new Map<string, { n: number; last: number; rank: number }>();
  let countryRank = 0;
  rows.forEach((r, i) => {
    countryRank = i > 0 && rows[i - 1]!.value === r.value ? countryRank : i + 1;
    r.rank_country = national ? countryRank : null;
    const c = inCounty.get(r.county ?? '') ?? { n: 0, last: NaN, rank: 0 };
    c.n++;
    if (r.value !== c.last) c.rank = c.n;
    c.last = r.value;
    r.rank_county = c.rank;
    inCounty.set(r.county ?? '', c);
  });
  return rows;
}

const round = (v: number) => (Number.isInteger(v) ? v : Math.round(v * 1e4) / 1e4);

function seriesOf(ind: Loaded, siruta: number): SeriesPoint[] {
  const out: SeriesPoint[] = [];
  for (const y of ind.meta.years) {
    const v = ind.byYear.get(y)?.get(siruta);
    if (v !== undefined) out.push({ year: y, value: v });
  }
  return out;
}

/**
 * A county's (or the country's) figure per year: the source's own published series where there is one, else the
 * total of the UATs' values (counts) or their mean (rates), with how many UATs had a value.
 */
function aggregate(ind: Loaded, sirutas: number[], county?: string): AggregateSeries {
  const published = county ? ind.region.filter((r) => r.county_code === county) : [];
  if (published.length) {
    return {
      kind: 'published',
      values: published.map((r) => ({ year: r.year, value: r.value })),
      source: published[0]!.source,
      source_en: published[0]!.source_en,
    };
  }
  const rate = ind.meta.kind === 'rate';
  const values: AggregateSeries['values'] = [];
  for (const y of ind.meta.years) {
    const m = ind.byYear.get(y)!;
    let sum = 0;
    let n = 0;
    for (const s of sirutas) {
      const v = m.get(s);
      if (v === undefined) continue;
      sum += v;
      n++;
    }
    if (n) values.push({ year: y, value: round(rate ? sum / n : sum), uats: n });
  }
  return {
    kind: rate ? 'average' : 'total',
    values,
    source: `${ind.meta.source}; agregat de Atlas din valorile UAT`,
    source_en: ind.meta.source_en === null ? null : `${ind.meta.source_en}; aggregated by Atlas from the UAT values`,
  };
}
