// Helpers for the import tests (issue 3): fixture paths, a snapshot of everything an import may write, synthetic
// parcels for a UAT. Import tests commit only to UATs no other test reads (Apahida, Feleacu, Aiton, Jucu, Gilău).
import { join } from 'node:path';
import { expect } from 'vitest';
import type { Db, Queryable } from '../../db/src/connect.ts';
import { ImportError, type GeoJsonFeature } from '../../data-import/src/import-job.ts';
import { runImport, type ImportRequest } from '../../data-import/src/import-service.ts';
import { ROOT } from './paths.ts';

export const IMPORT_FIXTURES = join(ROOT, 'test/fixtures/issue-3-import');
export const fixture = (name: string) => join(IMPORT_FIXTURES, name);

export const APAHIDA = 55687;
export const FELEACU = 57582;
export const AITON = 55598;
export const JUCU = 58259;
export const GILAU = 57902;

const TABLES = [
  'uats',
  'parcels',
  'zoning_units',
  'plans',
  'restrictions',
  'permits',
  'indicator_values',
  'indicators',
];

/** Row counts (all and in force) of every table an import writes, and the dataset versions: "nothing written". */
export async function snapshot(db: Queryable): Promise<Record<string, number>> {
  const parts = TABLES.map(
    (t) =>
      `(SELECT count(*) FROM ${t})::int AS "${t}", ` +
      (t === 'indicators' ? '' : `(SELECT count(*) FROM ${t} WHERE valid_to IS NULL)::int AS "${t}_current", `),
  ).join('');
  const { rows } = await db.query<Record<string, number>>(
    `SELECT ${parts}(SELECT count(*) FROM dataset_versions)::int AS versions,
            (SELECT count(*) FROM dataset_versions WHERE valid_to IS NULL)::int AS versions_current,
            (SELECT coalesce(max(id), 0) FROM dataset_versions)::int AS last_version`,
  );
  return rows[0]!;
}

/** Runs the import and expects it refused: an ImportError matching `message`, and nothing written. */
export async function expectRefused(db: Db, request: ImportRequest, message: RegExp): Promise<ImportError> {
  const before = await snapshot(db);
  const err = await runImport(db, request).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err, 'the import should have been refused').toBeInstanceOf(ImportError);
  expect((err as ImportError).message).toMatch(message);
  expect(await snapshot(db)).toEqual(before);
  return err as ImportError;
}

/** `n` parcels of 10 × 10 m in a row from (e, n) in Stereo 70, numbered from `first`. */
export function syntheticParcels(siruta: number, n: number, e0: number, n0: number, first = 700000): GeoJsonFeature[] {
  return Array.from({ length: n }, (_, i) => {
    const e = e0 + (i % 100) * 10;
    const n = n0 + Math.floor(i / 100) * 10;
    return {
      type: 'Feature',
      id: i,
      properties: { SIRUTA: siruta, NR_CAD: String(first + i), INTRAVILAN: 'DA' },
      geometry: {
        type: 'Polygon',
        coordinates: [
          [
            [e, n],
            [e + 10, n],
            [e + 10, n + 10],
            [e, n + 10],
            [e, n],
          ],
        ],
      },
    };
  });
}

/** A GeoJSON FeatureCollection in Stereo 70 as text. */
export function collectionText(features: readonly GeoJsonFeature[]): string {
  return `{"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"EPSG:3844"}},"features":[\n${features.map((f) => JSON.stringify(f)).join(',\n')}\n]}\n`;
}
