// Indicator values loaded as one dataset version of layer `indicators` per indicator: streamed by COPY into a
// temporary table, checked there (a UAT and year twice, unknown SIRUTA codes), then moved into indicator_values with
// the indicator's metadata. Memory stays bounded whatever the file's size; nothing is written unless all is valid.
import type { Db, Transaction } from '../connect.ts';
import { finishVersion, inImportTransaction, openVersion } from './dataset-version.ts';
import { ImportError } from './errors.ts';

/** The indicator's row in `indicators` (texts already normalised). */
export interface IndicatorRow {
  code: string;
  name_ro: string;
  name_en: string;
  unit: string;
  source: string;
  description: string | null;
  synthetic: boolean;
  description_en: string | null;
  kind: string;
  licence: string | null;
  coverage: string;
  higher_is_better: boolean | null;
  notes_ro: string | null;
  notes_en: string | null;
  sort_order: number;
  /** English forms of unit, source and licence; null where the catalogue gives none. */
  unit_en: string | null;
  source_en: string | null;
  licence_en: string | null;
}

export interface IndicatorLoad {
  indicator: IndicatorRow;
  sourceFile: string;
  validFrom?: string | undefined;
  importedBy?: string | undefined;
  dryRun?: boolean | undefined;
  /** Called each time a batch of values has gone to the database, with the values sent so far. */
  onSent?: ((values: number) => void) | undefined;
}

/** Where the reader pushes values: `add` returns a promise when the reader must wait before adding more. */
export interface ValueWriter {
  add(line: number, siruta: number, year: number, value: number | null): Promise<void> | undefined;
}

const BATCH_CHARS = 256 * 1024;

/**
 * Loads the values `produce` pushes (it returns when the file is read, or throws ImportError to refuse it) as a new
 * version of the indicator. A dry run checks everything and writes nothing.
 */
export async function loadIndicatorValues(
  db: Db,
  req: IndicatorLoad,
  produce: (values: ValueWriter) => Promise<void>,
): Promise<{ datasetVersionId: number | null; values: number }> {
  const code = req.indicator.code;
  return inImportTransaction(
    db,
    `indicators:${code}`,
    async (tx) => {
      await tx.query(
        `CREATE TEMP TABLE import_values (line int NOT NULL, siruta int NOT NULL, year int NOT NULL, value float8) ON COMMIT DROP`,
      );
      const count = await copyValues(tx, req, produce);
      if (count === 0) throw new ImportError(`${req.sourceFile}: the file holds no values`);
      await checkValues(tx, req.sourceFile);
      if (req.dryRun) return { datasetVersionId: null, values: count };
      return { datasetVersionId: await commitValues(tx, req, count), values: count };
    },
    { dryRun: req.dryRun },
  );
}

async function copyValues(
  tx: Transaction,
  req: IndicatorLoad,
  produce: (values: ValueWriter) => Promise<void>,
): Promise<number> {
  const copy = tx.copyFrom('import_values (line, siruta, year, value)');
  let buf = '';
  let rows = 0;
  let count = 0;
  const writer: ValueWriter = {
    add(line, siruta, year, value) {
      buf += `${line}\t${siruta}\t${year}\t${value === null ? '\\N' : value}\n`;
      rows++;
      count++;
      if (buf.length < BATCH_CHARS) return undefined;
      const w = copy.write(buf, rows);
      buf = '';
      rows = 0;
      req.onSent?.(count);
      return w;
    },
  };
  try {
    await produce(writer);
  } catch (err) {
    await copy.abort('import refused');
    throw err;
  }
  if (rows) copy.write(buf, rows);
  await copy.end();
  return count;
}

async function checkValues(tx: Transaction, name: string): Promise<void> {
  const { rows: dups } = await tx.query<{ siruta: number; year: number; lines: number[] }>(
    `SELECT siruta, year, array_agg(line ORDER BY line) AS lines FROM import_values
     GROUP BY siruta, year HAVING count(*) > 1 ORDER BY min(line) LIMIT 100`,
  );
  if (dups.length) {
    throw new ImportError(
      `${name}: two values for the same UAT and year`,
      dups.map((d) => ({
        line: d.lines[1]!,
        reason: `SIRUTA ${d.siruta} already has a value for ${d.year} (line ${d.lines[0]})`,
      })),
    );
  }
  const { rows: unknown } = await tx.query<{ siruta: number; line: number }>(
    `SELECT siruta, min(line) AS line FROM import_values v
     WHERE NOT EXISTS (SELECT 1 FROM uats u WHERE u.siruta = v.siruta AND u.valid_to IS NULL)
     GROUP BY siruta ORDER BY 2 LIMIT 100`,
  );
  if (unknown.length) {
    throw new ImportError(
      `${name}: unknown SIRUTA code(s) (import the UAT layer first)`,
      unknown.map((u) => ({ line: u.line, field: 'siruta', reason: `no UAT with SIRUTA ${u.siruta}` })),
    );
  }
}

async function commitValues(tx: Transaction, req: IndicatorLoad, count: number): Promise<number> {
  const m = req.indicator;
  // The indicator's values in force are replaced, and its previous version ends.
  const version = await openVersion(tx, {
    layer: 'indicators',
    sourceFile: req.sourceFile,
    featureCount: count,
    validFrom: req.validFrom,
    importedBy: req.importedBy,
    report: { indicator: m.code },
    replaces: { table: 'indicator_values', where: { indicator_code: m.code } },
  });
  await tx.query(
    `INSERT INTO indicators (code, name_ro, name_en, unit, source, description, synthetic, dataset_version_id,
       description_en, kind, licence, coverage, higher_is_better, notes_ro, notes_en, sort_order, unit_en, source_en,
       licence_en)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19)
     ON CONFLICT (code) DO UPDATE SET name_ro = EXCLUDED.name_ro, name_en = EXCLUDED.name_en, unit = EXCLUDED.unit,
       source = EXCLUDED.source, description = EXCLUDED.description, synthetic = EXCLUDED.synthetic,
       dataset_version_id = EXCLUDED.dataset_version_id, description_en = EXCLUDED.description_en,
       kind = EXCLUDED.kind, licence = EXCLUDED.licence, coverage = EXCLUDED.coverage,
       higher_is_better = EXCLUDED.higher_is_better, notes_ro = EXCLUDED.notes_ro, notes_en = EXCLUDED.notes_en,
       sort_order = EXCLUDED.sort_order, unit_en = EXCLUDED.unit_en, source_en = EXCLUDED.source_en,
       licence_en = EXCLUDED.licence_en`,
    [
      m.code,
      m.name_ro,
      m.name_en,
      m.unit,
      m.source,
      m.description,
      m.synthetic,
      version.id,
      m.description_en,
      m.kind,
      m.licence,
      m.coverage,
      m.higher_is_better,
      m.notes_ro,
      m.notes_en,
      m.sort_order,
      m.unit_en,
      m.source_en,
      m.licence_en,
    ],
  );
  await tx.query(
    `INSERT INTO indicator_values (indicator_code, uat_siruta, year, value, dataset_version_id, valid_from)
     SELECT $1, siruta, year, value, $2, $3 FROM import_values ORDER BY line, year`,
    [m.code, version.id, version.validFrom],
  );
  await finishVersion(tx, version, { series: ['indicator', m.code] });
  return version.id;
}

/** A county's published series of an indicator (`indicator_region_values`), replacing what it had. */
export async function replaceRegionSeries(
  db: Db,
  series: {
    code: string;
    countyCode: string;
    source: string;
    sourceEn?: string | null | undefined;
    values: readonly (readonly [number, number])[];
  },
): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.query('DELETE FROM indicator_region_values WHERE indicator_code = $1 AND county_code = $2', [
      series.code,
      series.countyCode,
    ]);
    await tx.query(
      `INSERT INTO indicator_region_values (indicator_code, county_code, year, value, source, source_en)
       SELECT $1, $2, y, v, $5, $6 FROM unnest($3::int[], $4::float8[]) AS t(y, v)`,
      [
        series.code,
        series.countyCode,
        series.values.map((v) => v[0]),
        series.values.map((v) => v[1]),
        series.source,
        series.sourceEn ?? null,
      ],
    );
  });
}
