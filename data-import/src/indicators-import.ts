// Indicator values from CSV: long form (siruta,year,value) or wide form (siruta,2000,2001,...), one dataset version
// per import, all-or-nothing.
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { parse } from 'csv-parse/sync';
import type { Db } from '../../db/src/connect.ts';
import { ImportError, type ImportProblem } from './import-job.ts';
import { normaliseRomanian } from './coerce.ts';

export interface IndicatorMeta {
  code: string;
  name_ro: string;
  name_en: string;
  unit: string;
  source: string;
  description?: string | undefined;
  synthetic?: boolean | undefined;
}

export interface IndicatorImportOptions {
  meta: IndicatorMeta;
  file: string;
  /** Column holding the value in long form (default: `value`). */
  valueColumn?: string | undefined;
  validFrom?: string | undefined;
  dryRun?: boolean | undefined;
}

const SIRUTA_COLUMNS = ['siruta', 'uat_siruta', 'cod_siruta', 'SIRUTA'];

export async function importIndicatorCsv(
  db: Db,
  opts: IndicatorImportOptions,
): Promise<{ datasetVersionId: number | null; values: number }> {
  const name = basename(opts.file);
  const text = await readFile(opts.file, 'utf8');
  if (!text.trim()) throw new ImportError(`${name}: the file is empty`);
  const delimiter = (text.split('\n', 1)[0] ?? '').includes(';') ? ';' : ',';
  let records: string[][];
  try {
    records = parse(text.replace(/^\uFEFF/, ''), { delimiter, skip_empty_lines: true, trim: true }) as string[][];
  } catch (err) {
    throw new ImportError(`${name}: not a valid CSV (${(err as Error).message})`);
  }
  const [header, ...rows] = records;
  if (!header) throw new ImportError(`${name}: no header row`);
  const lower = header.map((h) => h.toLowerCase());
  const sirutaCol = lower.findIndex((h) => SIRUTA_COLUMNS.map((c) => c.toLowerCase()).includes(h));
  if (sirutaCol < 0) throw new ImportError(`${name}: no SIRUTA column (tried: ${SIRUTA_COLUMNS.join(', ')})`);
  const yearCol = lower.indexOf('year') >= 0 ? lower.indexOf('year') : lower.indexOf('an');
  const values: { siruta: number; year: number; value: number | null }[] = [];
  const problems: ImportProblem[] = [];
  const num = (s: string) => (s === '' ? null : Number(s.replace(',', '.')));

  if (yearCol >= 0) {
    const valueName = (opts.valueColumn ?? 'value').toLowerCase();
    const valueCol = lower.indexOf(valueName) >= 0 ? lower.indexOf(valueName) : lower.indexOf('valoare');
    if (valueCol < 0) throw new ImportError(`${name}: no value column (tried: ${valueName}, valoare)`);
    rows.forEach((r, i) => {
      const line = i + 2;
      const siruta = Number(r[sirutaCol]);
      const year = Number(r[yearCol]);
      const value = num(r[valueCol] ?? '');
      if (!Number.isInteger(siruta))
        problems.push({
          feature: line,
          field: header[sirutaCol]!,
          reason: `line ${line}: SIRUTA ${JSON.stringify(r[sirutaCol])} is not a number`,
        });
      else if (!Number.isInteger(year) || year < 1800 || year > 2200)
        problems.push({
          feature: line,
          field: header[yearCol]!,
          reason: `line ${line}: year ${JSON.stringify(r[yearCol])} is not a year`,
        });
      else if (value !== null && !Number.isFinite(value))
        problems.push({
          feature: line,
          field: header[valueCol]!,
          reason: `line ${line}: value ${JSON.stringify(r[valueCol])} is not a number`,
        });
      else values.push({ siruta, year, value });
    });
  } else {
    const yearCols = header
      .map((h, i) => [Number(h), i] as const)
      .filter(([y]) => Number.isInteger(y) && y >= 1800 && y <= 2200);
    if (!yearCols.length)
      throw new ImportError(`${name}: neither a year column (long form) nor year columns (wide form)`);
    rows.forEach((r, i) => {
      const line = i + 2;
      const siruta = Number(r[sirutaCol]);
      if (!Number.isInteger(siruta))
        return void problems.push({
          feature: line,
          reason: `line ${line}: SIRUTA ${JSON.stringify(r[sirutaCol])} is not a number`,
        });
      for (const [year, col] of yearCols) {
        const value = num(r[col] ?? '');
        if (value !== null && !Number.isFinite(value))
          problems.push({
            feature: line,
            field: String(year),
            reason: `line ${line}: value ${JSON.stringify(r[col])} for ${year} is not a number`,
          });
        else values.push({ siruta, year, value });
      }
    });
  }
  if (problems.length) throw new ImportError(`${name}: ${problems.length} line(s) refused`, problems);
  const seen = new Set<string>();
  for (const v of values) {
    const k = `${v.siruta}/${v.year}`;
    if (seen.has(k)) throw new ImportError(`${name}: SIRUTA ${v.siruta} has two values for ${v.year}`);
    seen.add(k);
  }

  let result = { datasetVersionId: null as number | null, values: values.length };
  await db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`atlas-import:indicators:${opts.meta.code}`]);
    const { rows: unknown } = await tx.query<{ siruta: number }>(
      `SELECT DISTINCT s AS siruta FROM unnest($1::int[]) s WHERE NOT EXISTS (SELECT 1 FROM uats u WHERE u.siruta = s AND u.valid_to IS NULL) ORDER BY 1 LIMIT 20`,
      [[...new Set(values.map((v) => v.siruta))]],
    );
    if (unknown.length) {
      throw new ImportError(
        `${name}: unknown SIRUTA code(s): ${unknown.map((u) => u.siruta).join(', ')} (import the UAT layer first)`,
      );
    }
    if (opts.dryRun) return;
    const { rows: t } = await tx.query<{ at: string }>(`SELECT COALESCE($1::timestamptz, now())::text AS at`, [
      opts.validFrom ?? null,
    ]);
    const at = t[0]!.at;
    const { rows: v } = await tx.query<{ id: number }>(
      `INSERT INTO dataset_versions (layer, source_file, source_crs, feature_count, valid_from, report)
       VALUES ('indicators', $1, NULL, $2, $3, $4) RETURNING id`,
      [name, values.length, at, JSON.stringify({ indicator: opts.meta.code })],
    );
    const versionId = v[0]!.id;
    const m = opts.meta;
    await tx.query(
      `INSERT INTO indicators (code, name_ro, name_en, unit, source, description, synthetic, dataset_version_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (code) DO UPDATE SET name_ro = EXCLUDED.name_ro, name_en = EXCLUDED.name_en, unit = EXCLUDED.unit,
         source = EXCLUDED.source, description = EXCLUDED.description, synthetic = EXCLUDED.synthetic,
         dataset_version_id = EXCLUDED.dataset_version_id`,
      [
        m.code,
        normaliseRomanian(m.name_ro),
        m.name_en,
        m.unit,
        normaliseRomanian(m.source),
        m.description ?? null,
        m.synthetic ?? false,
        versionId,
      ],
    );
    const { rows: prev } = await tx.query<{ id: number }>(
      `UPDATE dataset_versions d SET valid_to = $1 WHERE layer = 'indicators' AND valid_to IS NULL AND id <> $2
         AND report->>'indicator' = $3 RETURNING id`,
      [at, versionId, m.code],
    );
    if (prev.length) {
      await tx.query(`UPDATE indicator_values SET valid_to = $1 WHERE indicator_code = $2 AND valid_to IS NULL`, [
        at,
        m.code,
      ]);
    }
    await tx.query(
      `INSERT INTO indicator_values (indicator_code, uat_siruta, year, value, dataset_version_id, valid_from)
       SELECT $1, s, y, v, $5, $6 FROM unnest($2::int[], $3::int[], $4::float8[]) AS u(s, y, v)`,
      [m.code, values.map((x) => x.siruta), values.map((x) => x.year), values.map((x) => x.value), versionId, at],
    );
    result = { datasetVersionId: versionId, values: values.length };
  });
  return result;
}
