// The SIRUTA nomenclature (INS): every county, UAT and locality code with its parent. Replaced whole on import.
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { parse } from 'csv-parse/sync';
import type { Db } from '../../db/src/connect.ts';
import { ImportError } from './import-job.ts';
import { normaliseRomanian } from './coerce.ts';

export async function importSirutaCsv(db: Db, file: string): Promise<{ datasetVersionId: number; units: number }> {
  const name = basename(file);
  const text = (await readFile(file, 'utf8')).replace(/^\uFEFF/, '');
  const records = parse(text, { delimiter: ';', columns: true, skip_empty_lines: true, trim: true }) as Record<
    string,
    string
  >[];
  const required = ['SIRUTA', 'DENLOC', 'SIRSUP', 'JUD', 'TIP', 'NIV'];
  const missing = required.filter((c) => !(c in (records[0] ?? {})));
  if (missing.length) throw new ImportError(`${name}: missing column(s) ${missing.join(', ')}`);
  const col = (k: string) => records.map((r) => (r[k] === '' || r[k] === undefined ? null : r[k]));
  const ints = (k: string) => col(k).map((v) => (v === null ? null : Number(v)));
  const bad = records.findIndex((r) => !/^\d+$/.test(r.SIRUTA ?? ''));
  if (bad >= 0)
    throw new ImportError(`${name} line ${bad + 2}: SIRUTA ${JSON.stringify(records[bad]!.SIRUTA)} is not a code`);
  let id = 0;
  await db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', ['atlas-import:siruta']);
    const { rows } = await tx.query<{ id: number }>(
      `INSERT INTO dataset_versions (layer, source_file, feature_count, valid_from) VALUES ('siruta', $1, $2, now()) RETURNING id`,
      [name, records.length],
    );
    id = rows[0]!.id;
    await tx.query(
      `UPDATE dataset_versions SET valid_to = now() WHERE layer = 'siruta' AND valid_to IS NULL AND id <> $1`,
      [id],
    );
    await tx.query('DELETE FROM siruta_units');
    await tx.query(
      `INSERT INTO siruta_units (siruta, name, parent_siruta, county_number, type, level, environment, postal_code, nuts)
       SELECT * FROM unnest($1::int[], $2::text[], $3::int[], $4::int[], $5::int[], $6::int[], $7::int[], $8::text[], $9::text[])`,
      [
        ints('SIRUTA'),
        col('DENLOC').map((v) => normaliseRomanian(v ?? '')),
        ints('SIRSUP'),
        ints('JUD'),
        ints('TIP'),
        ints('NIV'),
        ints('MED'),
        col('CODP'),
        col('NUTS'),
      ],
    );
  });
  return { datasetVersionId: id, units: records.length };
}
