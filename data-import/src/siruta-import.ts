// The SIRUTA nomenclature (INS): every county, UAT and locality code with its parent. Replaced whole on import.
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { parse } from 'csv-parse/sync';
import type { Db } from '../../db/src/connect.ts';
import { ImportError } from '../../db/src/load/errors.ts';
import { replaceSirutaUnits } from '../../db/src/load/siruta.ts';
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
  return replaceSirutaUnits(db, name, {
    siruta: ints('SIRUTA'),
    name: col('DENLOC').map((v) => normaliseRomanian(v ?? '')),
    parent_siruta: ints('SIRSUP'),
    county_number: ints('JUD'),
    type: ints('TIP'),
    level: ints('NIV'),
    environment: ints('MED'),
    postal_code: col('CODP'),
    nuts: col('NUTS'),
  });
}
