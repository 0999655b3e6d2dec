// Indicator values from CSV: long form (siruta,year,value) or wide form (siruta,2000,2001,...), plus the indicator's
// metadata (code, names ro/en, unit, source). One dataset version per import, all-or-nothing. The CSV is parsed as a
// stream and its values pushed down to db/src/load/indicators.ts, which loads, checks and versions them.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { parse } from 'csv-parse';
import type { Db } from '../../db/src/connect.ts';
import { ImportError, MAX_PROBLEMS, type ImportProblem } from '../../db/src/load/errors.ts';
import { loadIndicatorValues, type IndicatorRow, type ValueWriter } from '../../db/src/load/indicators.ts';
import type { ImportProgress } from './import-job.ts';
import { normaliseRomanian } from './coerce.ts';
import { readHead } from './readers/geojson.reader.ts';

export interface IndicatorMeta {
  code: string;
  name_ro: string;
  name_en: string;
  unit: string;
  source: string;
  description?: string | undefined;
  synthetic?: boolean | undefined;
  /** The catalogue (see db/migrations/20261205100000_create_indicator_catalogue.ts); all optional. */
  description_en?: string | undefined;
  /** count_stock (a stock counted at a date), count_flow (events in a year) or rate. Default count_stock. */
  kind?: IndicatorKind | undefined;
  licence?: string | undefined;
  /** national (every UAT of Romania) or county (one county's UATs). Default national. */
  coverage?: 'national' | 'county' | undefined;
  higher_is_better?: boolean | null | undefined;
  notes_ro?: string | undefined;
  notes_en?: string | undefined;
  sort_order?: number | undefined;
  /** English forms of unit, source and licence (optional; readers fall back to the Romanian text). */
  unit_en?: string | undefined;
  source_en?: string | undefined;
  licence_en?: string | undefined;
}

export const INDICATOR_KINDS = ['count_stock', 'count_flow', 'rate'] as const;
export type IndicatorKind = (typeof INDICATOR_KINDS)[number];

export interface IndicatorImportOptions {
  meta: IndicatorMeta;
  file: string;
  /** The name the file is known by (an upload's original name); default: the file's base name. */
  sourceName?: string | undefined;
  /** Column holding the value in long form (default: `value`). */
  valueColumn?: string | undefined;
  validFrom?: string | undefined;
  dryRun?: boolean | undefined;
  importedBy?: string | undefined;
  onProgress?: ((p: ImportProgress) => void) | undefined;
}

const SIRUTA_COLUMNS = ['siruta', 'uat_siruta', 'cod_siruta', 'siruta_uat'];
const YEAR_COLUMNS = ['year', 'an', 'anul'];

/** The metadata fields every indicator needs, with the reason when one is wrong. */
export function checkIndicatorMeta(meta: Partial<IndicatorMeta>): IndicatorMeta {
  const missing = (['code', 'name_ro', 'name_en', 'unit', 'source'] as const).filter(
    (k) => typeof meta[k] !== 'string' || !meta[k].trim(),
  );
  if (missing.length) throw new ImportError(`indicator metadata is missing: ${missing.join(', ')}`);
  if (!/^[a-z][a-z0-9_]{0,62}$/.test(meta.code!)) {
    throw new ImportError(
      `indicator code ${JSON.stringify(meta.code)} must be lower case letters, digits and _ (e.g. population)`,
    );
  }
  if (meta.kind !== undefined && !INDICATOR_KINDS.includes(meta.kind))
    throw new ImportError(`indicator kind ${JSON.stringify(meta.kind)} must be one of ${INDICATOR_KINDS.join(', ')}`);
  if (meta.coverage !== undefined && meta.coverage !== 'national' && meta.coverage !== 'county')
    throw new ImportError(`indicator coverage ${JSON.stringify(meta.coverage)} must be national or county`);
  return meta as IndicatorMeta;
}

interface Layout {
  delimiter: string;
  sirutaCol: number;
  /** long form: the year and value columns */
  yearCol?: number;
  valueCol?: number;
  /** wide form: [year, column] */
  yearCols?: (readonly [number, number])[];
  header: string[];
}

/** Reads the header row: long form, or wide form with one column per year. Throws naming what is missing. */
export function layoutOf(headerLine: string, name: string, valueColumn?: string): Layout {
  const delimiter =
    headerLine.includes(';') && !headerLine.includes(',')
      ? ';'
      : headerLine.includes('\t') && !headerLine.includes(',')
        ? '\t'
        : ',';
  const header = headerLine.split(delimiter).map((h) => h.trim().replace(/^"(.*)"$/, '$1'));
  const lower = header.map((h) => h.toLowerCase());
  const sirutaCol = lower.findIndex((h) => SIRUTA_COLUMNS.includes(h));
  if (sirutaCol < 0) throw new ImportError(`${name} line 1: no SIRUTA column (tried: ${SIRUTA_COLUMNS.join(', ')})`);
  const yearCol = lower.findIndex((h) => YEAR_COLUMNS.includes(h));
  if (yearCol >= 0) {
    const tried = [(valueColumn ?? 'value').toLowerCase(), 'valoare'];
    const valueCol = lower.findIndex((h) => tried.includes(h));
    if (valueCol < 0) throw new ImportError(`${name} line 1: no value column (tried: ${tried.join(', ')})`);
    return { delimiter, sirutaCol, yearCol, valueCol, header };
  }
  const yearCols = header
    .map((h, i) => [Number(h), i] as const)
    .filter(([y, i]) => i !== sirutaCol && /^\d{4}$/.test(header[i]!.trim()) && y >= 1800 && y <= 2200);
  if (!yearCols.length) {
    throw new ImportError(
      `${name} line 1: neither a year column (long form: siruta,year,value) nor year columns (wide form: siruta,2000,2001,...)`,
    );
  }
  return { delimiter, sirutaCol, yearCols, header };
}

/** What can be checked from the head of the file: not empty, a CSV header naming the columns needed. */
export async function precheckIndicatorCsv(file: string, valueColumn?: string, sourceName?: string): Promise<void> {
  const name = sourceName ?? basename(file);
  const { size } = await stat(file).catch((err: NodeJS.ErrnoException) => {
    throw new ImportError(`${name}: ${err.code === 'ENOENT' ? 'no such file' : err.message}`);
  });
  if (size === 0) throw new ImportError(`${name}: the file is empty`);
  const head = (await readHead(file, 64 * 1024)).toString('utf8').replace(/^\uFEFF/, '');
  if (!head.trim()) throw new ImportError(`${name}: the file is empty`);
  const binary = [...head.slice(0, 512)].some((ch) => {
    const code = ch.charCodeAt(0);
    return code < 0x09 || (code > 0x0d && code < 0x20);
  });
  if (binary) throw new ImportError(`${name}: not a CSV text file`);
  layoutOf(head.split(/\r?\n/, 1)[0]!, name, valueColumn);
}

const num = (s: string | undefined): number | null => {
  const t = (s ?? '').trim();
  return t === '' ? null : Number(t.replace(',', '.'));
};

export async function importIndicatorCsv(
  db: Db,
  opts: IndicatorImportOptions,
): Promise<{ datasetVersionId: number | null; values: number }> {
  const name = opts.sourceName ?? basename(opts.file);
  const meta = checkIndicatorMeta(opts.meta);
  await precheckIndicatorCsv(opts.file, opts.valueColumn, name);
  const head = (await readHead(opts.file, 64 * 1024)).toString('utf8').replace(/^\uFEFF/, '');
  const layout = layoutOf(head.split(/\r?\n/, 1)[0]!, name, opts.valueColumn);
  const started = Date.now();

  const result = await loadIndicatorValues(
    db,
    {
      indicator: indicatorRow(meta),
      sourceFile: name,
      validFrom: opts.validFrom,
      importedBy: opts.importedBy,
      dryRun: opts.dryRun,
      onSent: (count) => {
        const s = (Date.now() - started) / 1000;
        opts.onProgress?.({ phase: 'reading', done: count, rate: count / Math.max(s, 0.001) });
      },
    },
    (values) => readValues(values, opts, layout, name),
  );
  opts.onProgress?.({ phase: 'done', done: result.values, total: result.values, rate: 0 });
  return result;
}

/** The indicator's row, its texts normalised (ș and ț with a comma below). */
function indicatorRow(m: IndicatorMeta): IndicatorRow {
  return {
    code: m.code,
    name_ro: normaliseRomanian(m.name_ro.trim()),
    name_en: m.name_en.trim(),
    unit: normaliseRomanian(m.unit.trim()),
    source: normaliseRomanian(m.source.trim()),
    description: m.description ? normaliseRomanian(m.description) : null,
    synthetic: m.synthetic ?? false,
    description_en: m.description_en ?? null,
    kind: m.kind ?? 'count_stock',
    licence: m.licence ?? null,
    coverage: m.coverage ?? 'national',
    higher_is_better: m.higher_is_better ?? null,
    notes_ro: m.notes_ro ? normaliseRomanian(m.notes_ro) : null,
    notes_en: m.notes_en ?? null,
    sort_order: m.sort_order ?? 100,
    unit_en: m.unit_en?.trim() || null,
    source_en: m.source_en?.trim() || null,
    licence_en: m.licence_en?.trim() || null,
  };
}

/** Parses the CSV and pushes its values down; throws ImportError naming the lines refused. */
async function readValues(
  values: ValueWriter,
  opts: IndicatorImportOptions,
  layout: Layout,
  name: string,
): Promise<void> {
  const problems: ImportProblem[] = [];
  const parser = createReadStream(opts.file).pipe(
    parse({
      delimiter: layout.delimiter,
      bom: true,
      trim: true,
      skip_empty_lines: true,
      relax_column_count: true,
      from_line: 2,
      info: true,
    }),
  );
  let wait: Promise<void> | undefined;
  const add = (line: number, siruta: number, year: number, value: number | null) => {
    const w = values.add(line, siruta, year, value);
    if (w) wait = wait ? wait.then(() => w) : w;
  };
  try {
    for await (const rec of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      const r = rec.record;
      const line = rec.info.lines;
      const sirutaText = r[layout.sirutaCol];
      const siruta = Number(sirutaText);
      const problem = (reason: string, field?: string) => problems.push({ line, ...(field ? { field } : {}), reason });
      if (!/^\d+$/.test((sirutaText ?? '').trim())) {
        problem(`SIRUTA ${JSON.stringify(sirutaText ?? '')} is not a number`, layout.header[layout.sirutaCol]);
      } else if (layout.yearCol !== undefined) {
        const yearText = r[layout.yearCol] ?? '';
        const year = Number(yearText);
        const value = num(r[layout.valueCol!]);
        if (!/^\d{4}$/.test(yearText.trim()) || year < 1800 || year > 2200)
          problem(`year ${JSON.stringify(yearText)} is not a year`, layout.header[layout.yearCol]);
        else if (value !== null && !Number.isFinite(value))
          problem(`value ${JSON.stringify(r[layout.valueCol!])} is not a number`, layout.header[layout.valueCol!]);
        else if (problems.length === 0) add(line, siruta, year, value);
      } else {
        for (const [year, col] of layout.yearCols!) {
          const value = num(r[col]);
          if (value !== null && !Number.isFinite(value))
            problem(`value ${JSON.stringify(r[col])} for ${year} is not a number`, String(year));
          else if (problems.length === 0) add(line, siruta, year, value);
        }
      }
      if (problems.length >= MAX_PROBLEMS) break;
      if (wait) {
        await wait;
        wait = undefined;
      }
    }
  } catch (err) {
    if (err instanceof ImportError) throw err;
    const e = err as { message: string; lines?: number };
    throw new ImportError(`${name}${e.lines ? ` line ${e.lines}` : ''}: not a valid CSV (${e.message})`);
  }
  if (problems.length) throw new ImportError(`${name}: ${problems.length} line(s) refused`, problems);
}
